// Sequential patterns for post-purchase, thank-you and after-sales (day 1 / 7 / 30) offers:
// per customer, ordered by time, what they buy in a later order within N days of buying A.
//
// Definitions (customer level, so one heavy buyer cannot make a pattern on their own):
// - count(A ⇒ B): customers with an order containing A and a strictly later order (later
//   created_at, a different order) containing B ≠ A, at most windowDays after it.
// - confidence(A ⇒ B) = count / customers who bought A.
// - medianGapDays: per such customer the shortest A→B gap in days, median over customers.
// Replenishment (A bought again by the same customer, in a strictly later order, any gap):
// - repeatCustomers / customers = repurchaseRate; medianIntervalDays is the median of all
//   intervals between consecutive orders of A by the same customer.
// Orders without a customer or a time are ignored here.

import type { ProductId } from "../types";
import { median } from "./stats";

const DAY_MS = 86_400_000;

export interface SequenceRule {
  antecedent: ProductId;
  consequent: ProductId;
  count: number;
  confidence: number;
  medianGapDays: number;
}

export interface ReplenishmentSignal {
  productId: ProductId;
  customers: number;
  repeatCustomers: number;
  repurchaseRate: number;
  medianIntervalDays: number;
}

export interface SequenceOptions {
  /** how long after buying A a later purchase counts; default 30 days */
  windowDays?: number;
  /** minimum customers per sequence rule; default 3 */
  minCount?: number;
  /** minimum confidence; default 0 */
  minConfidence?: number;
  /** at most this many rules per antecedent (highest confidence first); default unlimited */
  topK?: number;
  /** minimum repeat customers for a replenishment signal; default 3 */
  minRepeatCustomers?: number;
}

export interface SequenceResult {
  customers: number;
  rules: SequenceRule[];
  replenishment: ReplenishmentSignal[];
}

/** Collects (customer, time, products) per order compactly; feed it one order at a time. */
export class SequenceCollector {
  private customer = new Int32Array(1024);
  private time = new Float64Array(1024);
  private start = new Int32Array(1025);
  private items = new Int32Array(4096);
  private orders = 0;
  private itemsUsed = 0;

  /** Adds an order of customer `customer` (dense id) at `createdAt` ms; ignored when either is missing. */
  addOrder(customer: number | undefined, createdAt: number | undefined, items: ArrayLike<number>, length: number = items.length): void {
    if (customer === undefined || customer < 0 || createdAt === undefined || !Number.isFinite(createdAt) || length === 0) return;
    const o = this.orders;
    if (o + 1 >= this.customer.length) {
      const n = this.customer.length * 2;
      const c = new Int32Array(n);
      c.set(this.customer);
      this.customer = c;
      const t = new Float64Array(n);
      t.set(this.time);
      this.time = t;
      const s = new Int32Array(n + 1);
      s.set(this.start);
      this.start = s;
    }
    if (this.itemsUsed + length > this.items.length) {
      let n = this.items.length * 2;
      while (n < this.itemsUsed + length) n *= 2;
      const it = new Int32Array(n);
      it.set(this.items.subarray(0, this.itemsUsed));
      this.items = it;
    }
    this.customer[o] = customer;
    this.time[o] = createdAt;
    this.start[o] = this.itemsUsed;
    // distinct products per order
    outer: for (let i = 0; i < length; i++) {
      const p = items[i];
      for (let j = this.start[o]; j < this.itemsUsed; j++) if (this.items[j] === p) continue outer;
      this.items[this.itemsUsed++] = p;
    }
    this.orders = o + 1;
    this.start[o + 1] = this.itemsUsed;
  }

  /** Mines sequence rules and replenishment signals from everything collected. */
  mine(nameOf: (id: number) => ProductId, options: SequenceOptions = {}): SequenceResult {
    const windowMs = (options.windowDays ?? 30) * DAY_MS;
    const minCount = Math.max(1, options.minCount ?? 3);
    const minConfidence = options.minConfidence ?? 0;
    const minRepeat = Math.max(1, options.minRepeatCustomers ?? 3);
    const n = this.orders;
    const { customer, time, start, items } = this;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((x, y) => customer[x] - customer[y] || time[x] - time[y] || x - y);

    const buyers = new Map<number, number>();
    const seqGaps = new Map<string, number[]>();
    const repeatCustomers = new Map<number, number>();
    const intervals = new Map<number, number[]>();
    let customers = 0;

    const push = <K>(m: Map<K, number[]>, k: K, v: number) => {
      const list = m.get(k);
      if (list) list.push(v);
      else m.set(k, [v]);
    };

    let i = 0;
    while (i < n) {
      const c = customer[order[i]];
      let end = i;
      while (end < n && customer[order[end]] === c) end++;
      customers++;
      const bestGap = new Map<string, number>();
      const lastBought = new Map<number, number>();
      const repeated = new Set<number>();
      for (let x = i; x < end; x++) {
        const ox = order[x];
        const tx = time[ox];
        for (let k = start[ox]; k < start[ox + 1]; k++) {
          const a = items[k];
          const last = lastBought.get(a);
          if (last === undefined) buyers.set(a, (buyers.get(a) ?? 0) + 1);
          else if (tx > last) {
            push(intervals, a, (tx - last) / DAY_MS);
            repeated.add(a);
          }
          if (last === undefined || tx > last) lastBought.set(a, tx);
        }
        for (let y = x + 1; y < end; y++) {
          const oy = order[y];
          const gap = time[oy] - tx;
          if (gap > windowMs) break;
          if (gap <= 0) continue;
          for (let k = start[ox]; k < start[ox + 1]; k++) {
            const a = items[k];
            for (let m = start[oy]; m < start[oy + 1]; m++) {
              const b = items[m];
              if (a === b) continue;
              const key = a + ":" + b;
              const prev = bestGap.get(key);
              if (prev === undefined || gap < prev) bestGap.set(key, gap);
            }
          }
        }
      }
      for (const [key, gap] of bestGap) push(seqGaps, key, gap / DAY_MS);
      for (const a of repeated) repeatCustomers.set(a, (repeatCustomers.get(a) ?? 0) + 1);
      i = end;
    }

    const rules: SequenceRule[] = [];
    for (const [key, gaps] of seqGaps) {
      if (gaps.length < minCount) continue;
      const sep = key.indexOf(":");
      const a = Number(key.slice(0, sep));
      const b = Number(key.slice(sep + 1));
      const confidence = gaps.length / (buyers.get(a) ?? 1);
      if (confidence < minConfidence) continue;
      rules.push({ antecedent: nameOf(a), consequent: nameOf(b), count: gaps.length, confidence, medianGapDays: median(gaps) });
    }
    rules.sort(
      (x, y) =>
        y.confidence - x.confidence ||
        y.count - x.count ||
        (x.antecedent < y.antecedent ? -1 : x.antecedent > y.antecedent ? 1 : 0) ||
        (x.consequent < y.consequent ? -1 : x.consequent > y.consequent ? 1 : 0),
    );
    let kept = rules;
    if (options.topK !== undefined && Number.isFinite(options.topK)) {
      const perA = new Map<string, number>();
      kept = rules.filter((r) => {
        const k = perA.get(r.antecedent) ?? 0;
        if (k >= options.topK!) return false;
        perA.set(r.antecedent, k + 1);
        return true;
      });
    }

    const replenishment: ReplenishmentSignal[] = [];
    for (const [a, repeat] of repeatCustomers) {
      if (repeat < minRepeat) continue;
      const bought = buyers.get(a) ?? repeat;
      replenishment.push({
        productId: nameOf(a),
        customers: bought,
        repeatCustomers: repeat,
        repurchaseRate: repeat / bought,
        medianIntervalDays: median(intervals.get(a) ?? []),
      });
    }
    replenishment.sort((x, y) => y.repurchaseRate - x.repurchaseRate || (x.productId < y.productId ? -1 : 1));
    return { customers, rules: kept, replenishment };
  }
}
