// Dense integer ids for string keys (product ids, customer ids). Mining counts with typed arrays
// indexed by these ints, so a key is hashed once when it is read and never again.
// Keys are stored as UTF-8 bytes so a CSV reader can intern straight from its input buffer
// without allocating a string per line; `idOf(string)` goes through the same byte table, so a
// key read from bytes and the same key given as a string always get the same id.

const EMPTY = -1;

/** FNV-1a over a byte range, 32-bit. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= buf[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** 32-bit hash of a whole number below 2^53. */
function numberHash(v: number): number {
  let h = Math.imul((v >>> 0) ^ Math.imul((v / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Interner {
  private names: string[] = [];
  private offsets = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private pool = new Uint8Array(1 << 16);
  private poolUsed = 0;
  private table = new Int32Array(2048).fill(EMPTY);
  private mask = 2047;
  // Keys that are plain numbers (Shopify's ids; up to 15 digits, no leading zero) are also found
  // by value, which skips hashing and comparing their bytes: value + 1 → id (0 = empty).
  private numKeys = new Float64Array(2048);
  private numIds = new Int32Array(2048);
  private numMask = 2047;
  private numUsed = 0;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  get size(): number {
    return this.names.length;
  }

  /** The key of a dense id, as given. */
  name(id: number): string {
    return this.names[id];
  }

  /** Existing id of a key, or -1. */
  find(key: string): number {
    const b = this.encoder.encode(key);
    return this.lookup(b, 0, b.length, hashBytes(b, 0, b.length), false);
  }

  idOf(key: string): number {
    const b = this.encoder.encode(key);
    return this.lookup(b, 0, b.length, hashBytes(b, 0, b.length), true);
  }

  /** Id of the UTF-8 key buf[start, end), interning it when new. */
  idOfBytes(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (len > 0 && len <= 15 && (buf[start] !== 48 || len === 1)) {
      let v = 0;
      let i = start;
      for (; i < end; i++) {
        const d = buf[i] - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (i === end) {
        const key = v + 1;
        const keys = this.numKeys;
        let slot = numberHash(v) & this.numMask;
        for (;;) {
          const k = keys[slot];
          if (k === key) return this.numIds[slot];
          if (k === 0) break;
          slot = (slot + 1) & this.numMask;
        }
        const id = this.lookup(buf, start, end, hashBytes(buf, start, end), true);
        keys[slot] = key;
        this.numIds[slot] = id;
        if (++this.numUsed * 2 > keys.length) this.rehashNumbers();
        return id;
      }
    }
    return this.lookup(buf, start, end, hashBytes(buf, start, end), true);
  }

  private rehashNumbers(): void {
    const oldKeys = this.numKeys;
    const oldIds = this.numIds;
    const size = oldKeys.length * 2;
    this.numKeys = new Float64Array(size);
    this.numIds = new Int32Array(size);
    this.numMask = size - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i];
      if (k === 0) continue;
      let slot = numberHash(k - 1) & this.numMask;
      while (this.numKeys[slot] !== 0) slot = (slot + 1) & this.numMask;
      this.numKeys[slot] = k;
      this.numIds[slot] = oldIds[i];
    }
  }

  private lookup(buf: Uint8Array, start: number, end: number, hash: number, insert: boolean): number {
    const len = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const id = this.table[slot];
      if (id === EMPTY) break;
      if (this.hashes[id] === (hash | 0) && this.lengths[id] === len && this.sameBytes(id, buf, start, len)) return id;
      slot = (slot + 1) & this.mask;
    }
    if (!insert) return -1;
    const id = this.names.length;
    if (id >= this.offsets.length) this.growIds();
    if (this.poolUsed + len > this.pool.length) {
      const next = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + len));
      next.set(this.pool.subarray(0, this.poolUsed));
      this.pool = next;
    }
    this.pool.set(buf.subarray(start, end), this.poolUsed);
    this.offsets[id] = this.poolUsed;
    this.lengths[id] = len;
    this.hashes[id] = hash | 0;
    this.poolUsed += len;
    this.names.push(this.decoder.decode(buf.subarray(start, end)));
    this.table[slot] = id;
    if (this.names.length * 2 > this.table.length) this.rehash();
    return id;
  }

  private sameBytes(id: number, buf: Uint8Array, start: number, len: number): boolean {
    const off = this.offsets[id];
    const pool = this.pool;
    for (let i = 0; i < len; i++) if (pool[off + i] !== buf[start + i]) return false;
    return true;
  }

  private growIds(): void {
    const n = this.offsets.length * 2;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.offsets = grow(this.offsets);
    this.lengths = grow(this.lengths);
    this.hashes = grow(this.hashes);
  }

  private rehash(): void {
    const size = this.table.length * 2;
    this.table = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let id = 0; id < this.names.length; id++) {
      let slot = (this.hashes[id] >>> 0) & this.mask;
      while (this.table[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.table[slot] = id;
    }
  }
}
