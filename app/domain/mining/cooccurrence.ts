// Item-to-item co-occurrence counting over baskets, one basket at a time.
// Memory depends on the number of distinct products and co-occurring pairs, not on the number
// of orders. Definitions (docs/metrics.md): a product counts once per order for support (several
// lines of the same product, e.g. two variants, are one occurrence); quantities are summed for
// units, which the attach rate uses.

import { MAX_PAIR_IDS, PairTable } from "./pair-table";

function growInt(a: Int32Array, min: number): Int32Array<ArrayBuffer> {
  let n = a.length;
  while (n <= min) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

function growFloat(a: Float64Array, min: number): Float64Array<ArrayBuffer> {
  let n = a.length;
  while (n <= min) n *= 2;
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

export class CooccurrenceCounter {
  /** orders seen (including orders whose lines all lacked a product) */
  orders = 0;
  /** orders containing product i */
  itemOrders = new Int32Array(1024);
  /** units of product i sold */
  itemUnits = new Float64Array(1024);
  /** Number of product ids seen so far (1 + the largest id). */
  productCount = 0;
  readonly pairs: PairTable;
  private stamp = new Int32Array(1024);
  private position = new Int32Array(1024);
  private uniq = new Int32Array(64);
  private uniqQty = new Float64Array(64);

  /** initialPairCapacity: starting hash size in pairs (it grows as needed). */
  constructor(initialPairCapacity?: number) {
    this.pairs = new PairTable(initialPairCapacity);
  }

  /**
   * Adds one order: items[offset + i] are dense product ids, quantities[offset + i] their units
   * (1 when quantities is null), for i < length; callers can reuse or batch buffers.
   */
  addBasket(
    items: ArrayLike<number>,
    quantities: ArrayLike<number> | null,
    length: number = items.length,
    offset = 0,
  ): void {
    const seq = ++this.orders;
    if (length > this.uniq.length) {
      this.uniq = growInt(this.uniq, length);
      this.uniqQty = growFloat(this.uniqQty, length);
    }
    const uniq = this.uniq;
    const uniqQty = this.uniqQty;
    let n = 0;
    for (let i = offset; i < offset + length; i++) {
      const p = items[i];
      const q = quantities ? quantities[i] : 1;
      if (p >= this.stamp.length) this.growProducts(p);
      if (p >= this.productCount) this.productCount = p + 1;
      if (this.stamp[p] === seq) {
        uniqQty[this.position[p]] += q;
      } else {
        this.stamp[p] = seq;
        this.position[p] = n;
        uniq[n] = p;
        uniqQty[n] = q;
        n++;
      }
    }
    const itemOrders = this.itemOrders;
    const itemUnits = this.itemUnits;
    const pairs = this.pairs;
    for (let i = 0; i < n; i++) {
      const a = uniq[i];
      const qa = uniqQty[i];
      itemOrders[a]++;
      itemUnits[a] += qa;
      for (let j = i + 1; j < n; j++) {
        const b = uniq[j];
        if (a < b) pairs.add(a, b, qa, uniqQty[j]);
        else pairs.add(b, a, uniqQty[j], qa);
      }
    }
  }

  /** Every pair seen together at least once: (a < b, orders with both, units of a, units of b in them). */
  forEachPair(fn: (a: number, b: number, count: number, unitsA: number, unitsB: number) => void): void {
    this.pairs.forEach(fn);
  }

  private growProducts(p: number): void {
    if (!(p >= 0 && p < MAX_PAIR_IDS)) throw new RangeError(`product id ${p} outside 0..${MAX_PAIR_IDS - 1}`);
    this.stamp = growInt(this.stamp, p);
    this.position = growInt(this.position, p);
    this.itemOrders = growInt(this.itemOrders, p);
    this.itemUnits = growFloat(this.itemUnits, p);
  }
}
