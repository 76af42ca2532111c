// Item-to-item co-occurrence counting over baskets, one basket at a time.
// Memory depends on the number of distinct products and co-occurring pairs, not on the number
// of orders. Definitions (PRODUCT.md): a product counts once per order for support (several
// lines of the same product, e.g. two variants, are one occurrence); quantities are summed for
// units, which the attach rate uses.
//
// Speed: pairs of the DENSE most popular products (popularity measured on the first WARMUP
// orders, whose pair updates are held back and replayed) are counted in a triangular typed
// array; all other pairs go to the PairTable hash. With skewed (Zipf-like) popularity about
// half of all pair updates land in the dense block, with no hashing or probing.

import { PairTable } from "./pair-table";

function growInt(a: Int32Array, min: number, fill = 0): Int32Array<ArrayBuffer> {
  let n = a.length;
  while (n <= min) n *= 2;
  const b = new Int32Array(n);
  if (fill !== 0) b.fill(fill, a.length);
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

export interface CooccurrenceOptions {
  /** initial hash capacity (pairs); grows as needed */
  initialPairCapacity?: number;
  /** products counted in the dense block; default 2048 (≈ 50 MB); 0 disables it */
  dense?: number;
  /** orders observed before choosing the dense products; default 20 000 */
  warmup?: number;
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
  private readonly denseSize: number;
  private readonly warmupOrders: number;
  /** dense index of product id, -1 when not dense */
  private denseOf = new Int32Array(1024).fill(-1);
  private denseIds = new Int32Array(0);
  /** [count, units of the lower dense index, units of the higher] at 3·(y(y−1)/2 + x), x < y */
  private dense = new Float64Array(0);
  /** held-back pair updates of the warm-up: per order [n, ids…, qty…] */
  private held: number[] | null = [];

  constructor(options: CooccurrenceOptions | number = {}) {
    const o = typeof options === "number" ? { initialPairCapacity: options } : options;
    this.pairs = new PairTable(o.initialPairCapacity);
    this.denseSize = o.dense ?? 2048;
    this.warmupOrders = o.warmup ?? 20_000;
    if (this.denseSize <= 0) this.held = null;
  }

  /**
   * Adds one order. items[i] are dense product ids, quantities[i] their units (1 when omitted);
   * only the first `length` entries are read, so callers can reuse buffers.
   */
  addBasket(items: ArrayLike<number>, quantities: ArrayLike<number> | null, length: number = items.length): void {
    const seq = ++this.orders;
    if (length > this.uniq.length) {
      this.uniq = growInt(this.uniq, length);
      this.uniqQty = growFloat(this.uniqQty, length);
    }
    const uniq = this.uniq;
    const uniqQty = this.uniqQty;
    let n = 0;
    for (let i = 0; i < length; i++) {
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
    for (let i = 0; i < n; i++) {
      itemOrders[uniq[i]]++;
      itemUnits[uniq[i]] += uniqQty[i];
    }
    if (n < 2) return;
    const held = this.held;
    if (held) {
      held.push(n);
      for (let i = 0; i < n; i++) held.push(uniq[i]);
      for (let i = 0; i < n; i++) held.push(uniqQty[i]);
      if (seq >= this.warmupOrders) this.endWarmup();
      return;
    }
    this.addPairs(uniq, 0, uniqQty, 0, n);
  }

  private addPairs(ids: ArrayLike<number>, off: number, qty: ArrayLike<number>, qtyOff: number, n: number): void {
    const pairs = this.pairs;
    const dense = this.dense;
    const denseOf = this.denseOf;
    for (let i = 0; i < n; i++) {
      const a = ids[off + i];
      const qa = qty[qtyOff + i];
      const da = denseOf[a];
      for (let j = i + 1; j < n; j++) {
        const b = ids[off + j];
        const qb = qty[qtyOff + j];
        const db = denseOf[b];
        if (da >= 0 && db >= 0) {
          if (da < db) {
            const k = ((db * (db - 1)) >> 1) * 3 + da * 3;
            dense[k]++;
            dense[k + 1] += qa;
            dense[k + 2] += qb;
          } else {
            const k = ((da * (da - 1)) >> 1) * 3 + db * 3;
            dense[k]++;
            dense[k + 1] += qb;
            dense[k + 2] += qa;
          }
        } else if (a < b) pairs.add(a, b, qa, qb);
        else pairs.add(b, a, qb, qa);
      }
    }
  }

  /** Picks the dense products from the warm-up's popularity and replays the held-back pairs. */
  private endWarmup(): void {
    const held = this.held;
    if (!held) return;
    this.held = null;
    const ids: number[] = [];
    for (let p = 0; p < this.productCount; p++) if (this.itemOrders[p] >= 2) ids.push(p);
    ids.sort((x, y) => this.itemOrders[y] - this.itemOrders[x] || x - y);
    const size = Math.min(this.denseSize, ids.length);
    if (size >= 2) {
      this.denseIds = Int32Array.from(ids.slice(0, size));
      for (let d = 0; d < size; d++) this.denseOf[this.denseIds[d]] = d;
      this.dense = new Float64Array(((size * (size - 1)) / 2) * 3);
    }
    for (let i = 0; i < held.length; ) {
      const n = held[i];
      this.addPairs(held, i + 1, held, i + 1 + n, n);
      i += 1 + 2 * n;
    }
  }

  /** Every pair seen together at least once: (a < b, orders with both, units of a, units of b in them). */
  forEachPair(fn: (a: number, b: number, count: number, unitsA: number, unitsB: number) => void): void {
    this.endWarmup();
    const dense = this.dense;
    const denseIds = this.denseIds;
    for (let y = 1; y < denseIds.length; y++) {
      const row = ((y * (y - 1)) >> 1) * 3;
      const iy = denseIds[y];
      for (let x = 0; x < y; x++) {
        const k = row + x * 3;
        if (dense[k] === 0) continue;
        const ix = denseIds[x];
        if (ix < iy) fn(ix, iy, dense[k], dense[k + 1], dense[k + 2]);
        else fn(iy, ix, dense[k], dense[k + 2], dense[k + 1]);
      }
    }
    this.pairs.forEach(fn);
  }

  /** Distinct pairs seen together. */
  get pairCount(): number {
    this.endWarmup();
    let n = this.pairs.size;
    for (let k = 0; k < this.dense.length; k += 3) if (this.dense[k] > 0) n++;
    return n;
  }

  private growProducts(p: number): void {
    this.stamp = growInt(this.stamp, p);
    this.position = growInt(this.position, p);
    this.itemOrders = growInt(this.itemOrders, p);
    this.itemUnits = growFloat(this.itemUnits, p);
    this.denseOf = growInt(this.denseOf, p, -1);
  }
}
