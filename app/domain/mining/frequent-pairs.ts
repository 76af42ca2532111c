// Two-pass pair counting for large inputs. A rule needs its pair in at least minCount orders
// (rules.ts: the larger of minCount and minSupport × orders), and a pair is never in more orders
// than either of its products, so products in fewer than minCount orders can be left out of pair
// counting without changing a single rule. Pass 1 counts products per order (ItemCounter); the
// products that remain get dense ids 0..n−1 (planFrequentItems); pass 2 counts their pairs
// (FrequentPairCounter): in a flat triangle of n·(n−1)/2 counters when that fits the memory
// budget, otherwise in the open-addressing PairTable. The result feeds mineRules exactly like
// CooccurrenceCounter does: same figures, same rules (test/unit/mining/frequent-pairs.test.ts).

import type { PairCounts } from "./rules";
import { PairTable } from "./pair-table";

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, min: number): T {
  let n = a.length;
  while (n <= min) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Pass 1: orders, orders per product and units per product (a product counts once per order). */
export class ItemCounter {
  orders = 0;
  itemOrders = new Int32Array(1024);
  itemUnits = new Float64Array(1024);
  productCount = 0;
  private stamp = new Int32Array(1024);

  addBasket(items: ArrayLike<number>, quantities: ArrayLike<number> | null, length = items.length, offset = 0): void {
    const seq = ++this.orders;
    for (let i = offset; i < offset + length; i++) {
      const p = items[i];
      if (p >= this.stamp.length) this.growTo(p);
      if (p >= this.productCount) this.productCount = p + 1;
      this.itemUnits[p] += quantities ? quantities[i] : 1;
      if (this.stamp[p] !== seq) {
        this.stamp[p] = seq;
        this.itemOrders[p]++;
      }
    }
  }

  private growTo(p: number): void {
    if (!(p >= 0 && p < 1 << 30)) throw new RangeError(`product id ${p} out of range`);
    this.stamp = grow(this.stamp, p);
    this.itemOrders = grow(this.itemOrders, p);
    this.itemUnits = grow(this.itemUnits, p);
  }
}

export interface FrequentItems {
  /** dense id of each product id, −1 when the product is in fewer than minCount orders */
  dense: Int32Array;
  /** product id of each dense id */
  ids: Int32Array;
  minCount: number;
}

/**
 * Products in at least minCount orders, numbered by decreasing order count (the most frequent
 * products share the first rows of the triangle, which keeps the hot counters together).
 */
export function planFrequentItems(
  itemOrders: ArrayLike<number>,
  productCount: number,
  minCount: number,
): FrequentItems {
  const kept: number[] = [];
  for (let p = 0; p < productCount; p++) if (itemOrders[p] >= minCount) kept.push(p);
  kept.sort((a, b) => itemOrders[b] - itemOrders[a] || a - b);
  const dense = new Int32Array(productCount).fill(-1);
  kept.forEach((p, i) => (dense[p] = i));
  return { dense, ids: Int32Array.from(kept), minCount };
}

/** Default memory budget of the triangle (counts and both sides' units). */
export const DEFAULT_TRIANGLE_BYTES = 256 << 20;
const TRIANGLE_CELL_BYTES = 4 + 8 + 8;

/** Whether n frequent products' triangle fits the budget. */
export function triangleFits(n: number, budgetBytes = DEFAULT_TRIANGLE_BYTES): boolean {
  return (n * (n - 1)) / 2 <= budgetBytes / TRIANGLE_CELL_BYTES;
}

/** Exported counts of one FrequentPairCounter, to be merged into another (worker threads). */
export interface PairCountsDump {
  mode: "triangle" | "hash";
  n: number;
  count?: Uint32Array;
  unitsLo?: Float64Array;
  unitsHi?: Float64Array;
  /** hash mode: [a, b, count, unitsA, unitsB] per pair, dense ids */
  pairs?: Float64Array;
}

/**
 * Pass 2: counts pairs of frequent products. Baskets are given in product ids (the ids the
 * plan was made from); products outside the plan are skipped. `forEachPair` reports product ids.
 */
export class FrequentPairCounter {
  readonly mode: "triangle" | "hash";
  readonly n: number;
  private readonly dense: Int32Array;
  private readonly ids: Int32Array;
  private count: Uint32Array | null = null;
  /** units of the pair's lower dense id / higher dense id, in orders containing both */
  private unitsLo: Float64Array | null = null;
  private unitsHi: Float64Array | null = null;
  private rowBase: Int32Array | null = null;
  private table: PairTable | null = null;
  private uniq = new Int32Array(64);
  private uniqQty = new Float64Array(64);
  private slot: Int32Array;

  constructor(plan: FrequentItems, options: { triangleBytes?: number; mode?: "triangle" | "hash" } = {}) {
    this.dense = plan.dense;
    this.ids = plan.ids;
    const n = plan.ids.length;
    this.n = n;
    this.mode = options.mode ?? (triangleFits(n, options.triangleBytes) ? "triangle" : "hash");
    this.slot = new Int32Array(n).fill(-1);
    if (this.mode === "triangle") {
      const cells = n > 1 ? (n * (n - 1)) / 2 : 0;
      this.count = new Uint32Array(cells);
      this.unitsLo = new Float64Array(cells);
      this.unitsHi = new Float64Array(cells);
      // row i starts at i·n − i·(i+1)/2; cell (i, j > i) is rowBase[i] + j − i − 1
      this.rowBase = new Int32Array(n);
      for (let i = 0; i < n; i++) this.rowBase[i] = i * n - (i * (i + 1)) / 2 - i - 1;
    } else this.table = new PairTable(1 << 16);
  }

  addBasket(items: ArrayLike<number>, quantities: ArrayLike<number> | null, length = items.length, offset = 0): void {
    const dense = this.dense;
    const slot = this.slot;
    if (length > this.uniq.length) {
      this.uniq = grow(this.uniq, length);
      this.uniqQty = grow(this.uniqQty, length);
    }
    const uniq = this.uniq;
    const uniqQty = this.uniqQty;
    let m = 0;
    for (let i = offset; i < offset + length; i++) {
      const p = items[i];
      const d = p < dense.length ? dense[p] : -1;
      if (d < 0) continue;
      const q = quantities ? quantities[i] : 1;
      const s = slot[d];
      if (s >= 0) {
        uniqQty[s] += q;
        continue;
      }
      // insertion sort by dense id: pairs come out with the lower id first
      let k = m++;
      while (k > 0 && uniq[k - 1] > d) {
        uniq[k] = uniq[k - 1];
        uniqQty[k] = uniqQty[k - 1];
        slot[uniq[k]] = k;
        k--;
      }
      uniq[k] = d;
      uniqQty[k] = q;
      slot[d] = k;
    }
    for (let i = 0; i < m; i++) slot[uniq[i]] = -1;
    if (m < 2) return;
    if (this.count) {
      const count = this.count;
      const lo = this.unitsLo!;
      const hi = this.unitsHi!;
      const rowBase = this.rowBase!;
      for (let i = 0; i < m - 1; i++) {
        const base = rowBase[uniq[i]];
        const qa = uniqQty[i];
        for (let j = i + 1; j < m; j++) {
          const c = base + uniq[j];
          count[c]++;
          lo[c] += qa;
          hi[c] += uniqQty[j];
        }
      }
    } else {
      const table = this.table!;
      for (let i = 0; i < m - 1; i++)
        for (let j = i + 1; j < m; j++) table.add(uniq[i], uniq[j], uniqQty[i], uniqQty[j]);
    }
  }

  /** Every pair seen together: (product a, product b, orders with both, units of a, units of b). */
  forEachPair(fn: (a: number, b: number, count: number, unitsA: number, unitsB: number) => void): void {
    const ids = this.ids;
    if (this.count) {
      const { count, n } = this;
      const lo = this.unitsLo!;
      const hi = this.unitsHi!;
      let c = 0;
      for (let i = 0; i < n - 1; i++)
        for (let j = i + 1; j < n; j++, c++) if (count[c] > 0) fn(ids[i], ids[j], count[c], lo[c], hi[c]);
    } else this.table!.forEach((a, b, k, ua, ub) => fn(ids[a], ids[b], k, ua, ub));
  }

  /** The counts, for merging into a counter of the same plan (transferable arrays). */
  dump(): PairCountsDump {
    if (this.count)
      return { mode: "triangle", n: this.n, count: this.count, unitsLo: this.unitsLo!, unitsHi: this.unitsHi! };
    const pairs = new Float64Array(this.table!.size * 5);
    let k = 0;
    this.table!.forEach((a, b, c, ua, ub) => {
      pairs[k++] = a;
      pairs[k++] = b;
      pairs[k++] = c;
      pairs[k++] = ua;
      pairs[k++] = ub;
    });
    return { mode: "hash", n: this.n, pairs };
  }

  /** Adds another counter's counts (same plan). */
  merge(other: PairCountsDump): void {
    if (other.n !== this.n) throw new Error("pair counts of different plans cannot be merged");
    if (other.mode === "triangle") {
      if (!this.count) throw new Error("pair counts of different modes cannot be merged");
      const { count, unitsLo, unitsHi } = other;
      for (let c = 0; c < this.count.length; c++) {
        if (count![c] === 0) continue;
        this.count[c] += count![c];
        this.unitsLo![c] += unitsLo![c];
        this.unitsHi![c] += unitsHi![c];
      }
      return;
    }
    if (!this.table) throw new Error("pair counts of different modes cannot be merged");
    const p = other.pairs!;
    for (let k = 0; k < p.length; k += 5) this.table.addCounts(p[k], p[k + 1], p[k + 2], p[k + 3], p[k + 4]);
  }
}

/**
 * Pair counts for mineRules from pass 1 (product figures) and pass 2 (frequent pairs): product
 * figures cover every product, pairs only the frequent ones, which is all mineRules reads.
 */
export function frequentPairCounts(items: ItemCounter, pairs: FrequentPairCounter): PairCounts {
  return {
    orders: items.orders,
    itemOrders: items.itemOrders,
    itemUnits: items.itemUnits,
    forEachPair: (fn) => pairs.forEachPair(fn),
  };
}
