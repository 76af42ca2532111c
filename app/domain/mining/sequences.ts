// Sequential patterns for post-purchase, thank-you and after-sales (day 1 / 7 / 30) offers:
// per customer, ordered by time, what they buy in a later order within N days of buying A.
//
// Definitions (customer level, so one heavy buyer cannot make a pattern on their own):
// - count(A ⇒ B): customers with an order containing A and a strictly later order (later
//   created_at, a different order) containing B ≠ A, at most windowDays after it.
// - confidence(A ⇒ B) = count / customers who bought A.
// - medianGapDays: per such customer the shortest A→B gap in days, median over customers.
// - lift = confidence / (customers who bought B / all customers): how much more likely a buyer
//   of A goes on to buy B than a customer in general.
// Noise guard (as for pair rules, see stats.ts): minCount customers, and the Wilson lower bound
// of the confidence must beat B's base rate (lift lower bound > 1), so a bestseller that every
// customer buys sooner or later is not offered as "what A buyers buy next".
// Replenishment (A bought again by the same customer, in a strictly later order, any gap):
// - repeatCustomers / customers = repurchaseRate; medianIntervalDays is the median of all
//   intervals between consecutive orders of A by the same customer.
// Orders without a customer or a time are ignored here.

import type { ProductId } from "../types";
import { PairTable } from "./pair-table";
import { median, normalQuantile, wilsonLowerBound } from "./stats";

const DAY_MS = 86_400_000;

export interface SequenceRule {
  antecedent: ProductId;
  consequent: ProductId;
  count: number;
  confidence: number;
  lift: number;
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
  /** one-sided level of the noise guard; default 0.01; null switches it off */
  alpha?: number | null;
  /**
   * Customers with more orders than this are left out (resellers and B2B accounts say little
   * about what a shopper buys next, and their histories cost quadratic time); default 200.
   */
  maxOrdersPerCustomer?: number;
}

export interface SequenceResult {
  customers: number;
  /** customers left out for having more than maxOrdersPerCustomer orders */
  skippedCustomers: number;
  rules: SequenceRule[];
  replenishment: ReplenishmentSignal[];
  /**
   * The shop's typical repurchase rate: the median over products with at least
   * BASELINE_MIN_BUYERS buyers (products nobody re-bought included). Consumables stand out against it.
   */
  baselineRepurchaseRate: number;
}

/** Products with fewer buyers than this do not enter the baseline repurchase rate. */
export const BASELINE_MIN_BUYERS = 20;

/** Collects (customer, time, products) per order compactly; feed it one order at a time. */
export class SequenceCollector {
  private customer = new Int32Array(1024);
  private time = new Float64Array(1024);
  private start = new Int32Array(1025);
  private items = new Int32Array(4096);
  private orders = 0;
  private itemsUsed = 0;
  private products = 0;

  /** Adds an order of customer `customer` (dense id) at `createdAt` ms; ignored when either is missing. */
  addOrder(
    customer: number | undefined,
    createdAt: number | undefined,
    items: ArrayLike<number>,
    length: number = items.length,
  ): void {
    if (
      customer === undefined ||
      customer < 0 ||
      createdAt === undefined ||
      !Number.isFinite(createdAt) ||
      length === 0
    )
      return;
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
      if (p >= this.products) this.products = p + 1;
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

    const P = Math.max(1, this.products);
    const buyers = new Int32Array(P);
    const repeatCustomers = new Int32Array(P);
    const lastCustomer = new Int32Array(P).fill(-1);
    const lastTime = new Float64Array(P);
    const repeatedStamp = new Int32Array(P).fill(-1);
    const intervals = new Map<number, number[]>();
    // Per customer, the shortest gap of each A ⇒ B (key a·P + b). Two passes over the histories:
    // the first counts customers per key in a typed hash table, the second keeps gap lists only
    // for keys with at least minCount customers (a tiny fraction), so memory stays small.
    const bestGap = new Map<number, number>();
    const maxOrders = options.maxOrdersPerCustomer ?? 200;
    let customers = 0;
    let skippedCustomers = 0;
    const eachCustomer = (visit: (key: number, gap: number) => void, first: boolean) => {
      customers = 0;
      skippedCustomers = 0;
      let i = 0;
      while (i < n) {
        const c = customer[order[i]];
        let end = i;
        while (end < n && customer[order[end]] === c) end++;
        if (end - i > maxOrders) {
          skippedCustomers++;
          i = end;
          continue;
        }
        const cid = customers++;
        bestGap.clear();
        for (let x = i; x < end; x++) {
          const ox = order[x];
          const tx = time[ox];
          if (first) {
            for (let k = start[ox]; k < start[ox + 1]; k++) {
              const a = items[k];
              if (lastCustomer[a] !== cid) {
                buyers[a]++;
                lastCustomer[a] = cid;
                lastTime[a] = tx;
              } else if (tx > lastTime[a]) {
                const gaps = intervals.get(a);
                if (gaps) gaps.push((tx - lastTime[a]) / DAY_MS);
                else intervals.set(a, [(tx - lastTime[a]) / DAY_MS]);
                if (repeatedStamp[a] !== cid) {
                  repeatedStamp[a] = cid;
                  repeatCustomers[a]++;
                }
                lastTime[a] = tx;
              }
            }
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
                const key = a * P + b;
                const prev = bestGap.get(key);
                if (prev === undefined || gap < prev) bestGap.set(key, gap);
              }
            }
          }
        }
        for (const [key, gap] of bestGap) visit(key, gap);
        i = end;
      }
    };
    const counts = new PairTable(1 << 16);
    eachCustomer((key) => {
      const a = Math.floor(key / P);
      counts.add(a, key - a * P, 0, 0);
    }, true);
    const seqGaps = new Map<number, number[]>();
    counts.forEach((a, b, count) => {
      if (count >= minCount) seqGaps.set(a * P + b, []);
    });
    if (seqGaps.size > 0)
      eachCustomer((key, gap) => {
        seqGaps.get(key)?.push(gap / DAY_MS);
      }, false);

    const rules = keepTopK(
      sequenceRules(seqGaps, buyers, customers, P, nameOf, { minCount, minConfidence, alpha: options.alpha }),
      options.topK,
    );
    const { replenishment, baselineRepurchaseRate } = replenishmentSignals(
      buyers,
      repeatCustomers,
      intervals,
      minRepeat,
      nameOf,
    );
    return { customers, skippedCustomers, rules, replenishment, baselineRepurchaseRate };
  }
}

/** Rules A ⇒ B from the gaps of the customers who bought B after A, behind the noise guard, best first. */
function sequenceRules(
  seqGaps: Map<number, number[]>,
  buyers: Int32Array,
  customers: number,
  P: number,
  nameOf: (id: number) => ProductId,
  { minCount, minConfidence, alpha }: { minCount: number; minConfidence: number; alpha: number | null | undefined },
): SequenceRule[] {
  const guard = alpha !== null;
  const z = normalQuantile(1 - (alpha ?? 0.01));
  const rules: SequenceRule[] = [];
  for (const [key, gaps] of seqGaps) {
    if (gaps.length < minCount) continue;
    const a = Math.floor(key / P);
    const b = key - a * P;
    const confidence = gaps.length / buyers[a];
    if (confidence < minConfidence) continue;
    const baseRate = buyers[b] / customers;
    if (guard && !(wilsonLowerBound(gaps.length, buyers[a], z) > baseRate)) continue;
    rules.push({
      antecedent: nameOf(a),
      consequent: nameOf(b),
      count: gaps.length,
      confidence,
      lift: confidence / baseRate,
      medianGapDays: median(gaps),
    });
  }
  return rules.sort(
    (x, y) =>
      y.confidence - x.confidence ||
      y.count - x.count ||
      (x.antecedent < y.antecedent ? -1 : x.antecedent > y.antecedent ? 1 : 0) ||
      (x.consequent < y.consequent ? -1 : x.consequent > y.consequent ? 1 : 0),
  );
}

/** At most topK rules per antecedent (the list is best first). */
function keepTopK(rules: SequenceRule[], topK: number | undefined): SequenceRule[] {
  if (topK === undefined || !Number.isFinite(topK)) return rules;
  const perA = new Map<string, number>();
  return rules.filter((r) => {
    const k = perA.get(r.antecedent) ?? 0;
    if (k >= topK) return false;
    perA.set(r.antecedent, k + 1);
    return true;
  });
}

/** Products customers buy again, and the shop's typical repurchase rate to compare them with. */
function replenishmentSignals(
  buyers: Int32Array,
  repeatCustomers: Int32Array,
  intervals: Map<number, number[]>,
  minRepeat: number,
  nameOf: (id: number) => ProductId,
): { replenishment: ReplenishmentSignal[]; baselineRepurchaseRate: number } {
  const replenishment: ReplenishmentSignal[] = [];
  for (let a = 0; a < buyers.length; a++) {
    const repeat = repeatCustomers[a];
    if (repeat === 0 || repeat < minRepeat) continue;
    const bought = buyers[a];
    replenishment.push({
      productId: nameOf(a),
      customers: bought,
      repeatCustomers: repeat,
      repurchaseRate: repeat / bought,
      medianIntervalDays: median(intervals.get(a) ?? []),
    });
  }
  replenishment.sort((x, y) => y.repurchaseRate - x.repurchaseRate || (x.productId < y.productId ? -1 : 1));
  const baselineRates: number[] = [];
  for (let a = 0; a < buyers.length; a++)
    if (buyers[a] >= BASELINE_MIN_BUYERS) baselineRates.push(repeatCustomers[a] / buyers[a]);
  return { replenishment, baselineRepurchaseRate: baselineRates.length ? median(baselineRates) : 0 };
}
