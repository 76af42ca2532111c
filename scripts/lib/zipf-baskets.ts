// Deterministic synthetic order lines for benchmarks: Zipf-like product popularity, 3–4 lines
// per order on average, a few planted complementary pairs, repeat customers over one year.
// Same parameters → byte-identical output.

export interface ZipfBasketParams {
  /** generator version: bump when the output for the same parameters changes */
  version: number;
  orders: number;
  products: number;
  /** Zipf exponent of product popularity */
  exponent: number;
  seed: number;
  /** planted pairs (A → B added with probability plantedRate when A is in the basket) */
  plantedPairs: number;
  plantedRate: number;
}

export const DEFAULT_PARAMS: Omit<ZipfBasketParams, "orders"> = {
  version: 2,
  products: 20_000,
  exponent: 1,
  seed: 42,
  plantedPairs: 40,
  plantedRate: 0.35,
};

/** mulberry32: small, fast, seeded 32-bit PRNG returning [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sampler over ranks 0..n-1 with P(r) ∝ 1/(r+1)^s (inverse CDF by binary search). */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cdf[r] = total += 1 / Math.pow(r + 1, s);
  for (let r = 0; r < n; r++) cdf[r] /= total;
  return () => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

// Lines per order 1..8, mean ≈ 3.6.
const SIZE_WEIGHTS = [0.15, 0.2, 0.2, 0.15, 0.1, 0.08, 0.06, 0.06];

/** Product id as written in the CSV for popularity rank r (Shopify-like numeric ids). */
export function productIdOf(rank: number): string {
  return String(8_000_000_000_000 + rank * 7919);
}

// Planted pair i: antecedent of popularity rank 50 + 5 i (in ≈ 0.15–0.7 % of orders, so every
// planted pair clears a 0.02 % minimum support), consequent of rank 5000 + 97 i (long tail).
const plantedAntecedent = (i: number) => 50 + 5 * i;
const plantedConsequent = (i: number) => 5000 + 97 * i;

/** The planted complementary pairs, as product ids. */
export function plantedPairs(params: Pick<ZipfBasketParams, "plantedPairs">): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < params.plantedPairs; i++)
    out.push([productIdOf(plantedAntecedent(i)), productIdOf(plantedConsequent(i))]);
  return out;
}

export const CSV_HEADER = "order_id,product_id,quantity,customer_id,created_at\n";

/**
 * Yields the CSV text in chunks of roughly chunkChars characters (header first).
 * Rows of an order are adjacent; orders are in time order.
 */
export function* zipfLinesCsv(params: ZipfBasketParams, chunkChars = 1 << 20): Generator<string> {
  const random = mulberry32(params.seed);
  const product = zipfSampler(params.products, params.exponent, random);
  const customers = Math.max(1, Math.round(params.orders * 0.4));
  const customer = zipfSampler(customers, 0.6, random);
  const planted = new Map<number, number>();
  for (let i = 0; i < params.plantedPairs; i++) planted.set(plantedAntecedent(i), plantedConsequent(i));
  const sizeCdf: number[] = [];
  SIZE_WEIGHTS.reduce((acc, w) => (sizeCdf.push(acc + w), acc + w), 0);
  const start = Date.UTC(2025, 0, 1);
  const span = 365 * 86_400_000;
  const ids = new Set<number>();
  let out = CSV_HEADER;
  for (let o = 0; o < params.orders; o++) {
    const orderId = String(5_600_000_000_000 + o);
    const customerId = String(7_100_000_000_000 + customer() * 13);
    const createdAt = new Date(start + Math.floor((o / params.orders) * span)).toISOString().slice(0, 19) + "Z";
    const u = random();
    let size = 1;
    while (size < SIZE_WEIGHTS.length && u > sizeCdf[size - 1]) size++;
    ids.clear();
    for (let i = 0; i < size; i++) ids.add(product());
    for (const p of [...ids]) {
      const b = planted.get(p);
      if (b !== undefined && random() < params.plantedRate) ids.add(b);
    }
    for (const p of ids) {
      const r = random();
      const quantity = r < 0.8 ? 1 : r < 0.95 ? 2 : 3;
      out += `${orderId},${productIdOf(p)},${quantity},${customerId},${createdAt}\n`;
    }
    if (out.length >= chunkChars) {
      yield out;
      out = "";
    }
  }
  if (out) yield out;
}
