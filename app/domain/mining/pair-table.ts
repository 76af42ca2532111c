// Open-addressing hash table of unordered product pairs (a < b, dense ids) with, per pair, the
// number of orders containing both and the units of each side sold in those orders.
//
// Layout: one interleaved Float64Array, 4 numbers per slot [key, count, unitsA, unitsB]
// (32 bytes, one cache line per update), key = a·2^26 + b + 1 (exact in a double; 0 = empty),
// linear probing, ×2 growth at 70 % load. No per-pair objects.

const SHIFT = 67_108_864; // 2^26
/** Largest supported dense id + 1. */
export const MAX_PAIR_IDS = SHIFT;

function slotOf(a: number, b: number, mask: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h ^= h >>> 13;
  return h & mask;
}

export class PairTable {
  private data: Float64Array;
  private mask: number;
  private used = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.data = new Float64Array(cap * 4);
    this.mask = cap - 1;
  }

  /** Distinct pairs. */
  get size(): number {
    return this.used;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /**
   * Adds one order containing a and b (a < b) with qa units of a and qb units of b.
   * (Used with a > b too, the table counts ordered pairs: (a, b) and (b, a) are distinct keys.)
   */
  add(a: number, b: number, qa: number, qb: number): void {
    this.addCounts(a, b, 1, qa, qb);
  }

  /** Adds `count` orders containing a and b with qa units of a and qb units of b in them. */
  addCounts(a: number, b: number, count: number, qa: number, qb: number): void {
    const data = this.data;
    const mask = this.mask;
    const key = a * SHIFT + b + 1;
    let slot = slotOf(a, b, mask);
    for (;;) {
      const i = slot << 2;
      const k = data[i];
      if (k === key) {
        data[i + 1] += count;
        data[i + 2] += qa;
        data[i + 3] += qb;
        return;
      }
      if (k === 0) {
        data[i] = key;
        data[i + 1] = count;
        data[i + 2] = qa;
        data[i + 3] = qb;
        if (++this.used * 10 > (mask + 1) * 7) this.grow();
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Calls fn for every pair: (a, b, count, unitsA, unitsB). */
  forEach(fn: (a: number, b: number, count: number, unitsA: number, unitsB: number) => void): void {
    const data = this.data;
    for (let i = 0; i < data.length; i += 4) {
      const key = data[i];
      if (key === 0) continue;
      const a = Math.floor((key - 1) / SHIFT);
      fn(a, key - 1 - a * SHIFT, data[i + 1], data[i + 2], data[i + 3]);
    }
  }

  /** [count, unitsA, unitsB] of the pair (a < b), or null. */
  get(a: number, b: number): [number, number, number] | null {
    const key = a * SHIFT + b + 1;
    let slot = slotOf(a, b, this.mask);
    for (;;) {
      const i = slot << 2;
      const k = this.data[i];
      if (k === key) return [this.data[i + 1], this.data[i + 2], this.data[i + 3]];
      if (k === 0) return null;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.data;
    const cap = (this.mask + 1) * 2;
    const data = new Float64Array(cap * 4);
    const mask = cap - 1;
    for (let i = 0; i < old.length; i += 4) {
      const key = old[i];
      if (key === 0) continue;
      const a = Math.floor((key - 1) / SHIFT);
      let slot = slotOf(a, key - 1 - a * SHIFT, mask);
      while (data[slot << 2] !== 0) slot = (slot + 1) & mask;
      const j = slot << 2;
      data[j] = key;
      data[j + 1] = old[i + 1];
      data[j + 2] = old[i + 2];
      data[j + 3] = old[i + 3];
    }
    this.data = data;
    this.mask = mask;
  }
}
