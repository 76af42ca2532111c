import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CooccurrenceCounter } from "../../../app/domain/mining/cooccurrence";
import {
  FrequentPairCounter,
  ItemCounter,
  frequentPairCounts,
  planFrequentItems,
  triangleFits,
} from "../../../app/domain/mining/frequent-pairs";
import { Interner } from "../../../app/domain/mining/interner";
import { minPairCount, mineRules, type MiningOptions } from "../../../app/domain/mining/rules";

// Baskets of product ids with quantities (repeats inside a basket: two lines of one product).
const basketArb = fc.array(fc.record({ p: fc.nat(14), q: fc.integer({ min: 1, max: 400 }) }), { maxLength: 9 });
const optionsArb = fc.record({
  minCount: fc.integer({ min: 1, max: 6 }),
  minSupport: fc.constantFrom(0, 0.02, 0.1, 0.3),
  alpha: fc.constantFrom(null, 0.05),
  topK: fc.constantFrom(undefined, 2),
});

function reference(baskets: { p: number; q: number }[][], options: MiningOptions) {
  const counter = new CooccurrenceCounter(4);
  for (const b of baskets)
    counter.addBasket(
      b.map((x) => x.p),
      b.map((x) => x.q),
    );
  return mineRules(counter, (id) => `p${id}`, options);
}

/** Two passes; pass 2 split over `parts` counters merged as the worker threads' are. */
function twoPass(
  baskets: { p: number; q: number }[][],
  options: MiningOptions,
  mode: "triangle" | "hash",
  parts: number,
) {
  const items = new ItemCounter();
  for (const b of baskets)
    items.addBasket(
      b.map((x) => x.p),
      b.map((x) => x.q),
    );
  const plan = planFrequentItems(items.itemOrders, items.productCount, minPairCount(items.orders, options));
  const counters = Array.from({ length: parts }, () => new FrequentPairCounter(plan, { mode }));
  baskets.forEach((b, i) =>
    counters[i % parts].addBasket(
      b.map((x) => x.p),
      b.map((x) => x.q),
    ),
  );
  const total = new FrequentPairCounter(plan, { mode });
  for (const c of counters) total.merge(c.dump());
  return mineRules(frequentPairCounts(items, total), (id) => `p${id}`, options);
}

describe("two-pass counting of frequent pairs", () => {
  it("gives exactly the rules of the one-pass counter on random baskets, triangle or hash, whole or merged (property)", () => {
    fc.assert(
      fc.property(
        fc.array(basketArb, { minLength: 1, maxLength: 120 }),
        optionsArb,
        fc.constantFrom("triangle" as const, "hash" as const),
        fc.integer({ min: 1, max: 3 }),
        (baskets, options, mode, parts) => {
          expect(twoPass(baskets, options, mode, parts)).toEqual(reference(baskets, options));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("leaves out only products that cannot be in a rule, and keeps the most frequent first", () => {
    const items = new ItemCounter();
    const baskets = [[0, 1, 2], [0, 1], [0, 1, 3], [0, 2], [4]];
    for (const b of baskets) items.addBasket(b, null);
    const plan = planFrequentItems(items.itemOrders, items.productCount, 2);
    expect(Array.from(plan.ids)).toEqual([0, 1, 2]);
    expect(Array.from(plan.dense)).toEqual([0, 1, 2, -1, -1]);
    const pairs = new FrequentPairCounter(plan);
    expect(pairs.mode).toBe("triangle");
    for (const b of baskets) pairs.addBasket(b, null);
    const seen: number[][] = [];
    pairs.forEachPair((a, b, n) => seen.push([a, b, n]));
    expect(seen).toEqual([
      [0, 1, 3],
      [0, 2, 2],
      [1, 2, 1],
    ]);
  });

  it("falls back to the hash table when the triangle would not fit its budget", () => {
    expect(triangleFits(1000, 20 * 500_000)).toBe(true);
    expect(triangleFits(1001, 20 * 500_000)).toBe(false);
    const plan = planFrequentItems(new Int32Array([5, 5, 5]), 3, 1);
    expect(new FrequentPairCounter(plan, { triangleBytes: 20 }).mode).toBe("hash");
    expect(new FrequentPairCounter(plan, { triangleBytes: 60 }).mode).toBe("triangle");
  });
});

describe("interning numeric ids", () => {
  it("gives a key the same id whether it is read as bytes (numeric fast path) or given as a string (property)", () => {
    const enc = new TextEncoder();
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.bigInt({ min: 0n, max: 10n ** 16n }).map(String),
            fc.stringMatching(/^0[0-9]{0,4}$/),
            fc.string({ maxLength: 6 }),
          ),
          { maxLength: 300 },
        ),
        (keys) => {
          const a = new Interner();
          const viaBytes = keys.map((k) => {
            const b = enc.encode(`,${k},`);
            return a.idOfBytes(b, 1, b.length - 1);
          });
          expect(keys.map((k) => a.idOf(k))).toEqual(viaBytes);
          expect(viaBytes.map((id) => a.name(id))).toEqual(keys);
          expect(a.size).toBe(new Set(keys).size);
        },
      ),
      { numRuns: 200 },
    );
  });
});
