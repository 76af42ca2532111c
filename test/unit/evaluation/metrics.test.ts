import { describe, expect, it } from "vitest";
import type { Basket } from "../../../app/domain/types";
import {
  cooccurrenceRanker,
  evaluateRanker,
  hitAt,
  popularityRanker,
  reciprocalRank,
  TruthIndex,
  type EvalCase,
  type Ranker,
} from "../../../app/domain/evaluation";

describe("ranking metrics", () => {
  it("scores the hidden product by its position: reciprocal rank, and a hit only within the first K", () => {
    expect(reciprocalRank(["X", "Y", "Z", "W"], "X")).toBe(1);
    expect(reciprocalRank(["X", "Y", "Z", "W"], "W")).toBe(0.25);
    expect(reciprocalRank([], "W")).toBe(0);
    expect(hitAt(["X", "Y", "Z", "W"], "Z", 3)).toBe(true);
    expect(hitAt(["X", "Y", "Z", "W"], "W", 3)).toBe(false);
    expect(hitAt(["X"], "W", 3)).toBe(false);
  });

  it("aggregates HitRate@3, MRR, coverage, precision against the ground truth and decoys over hand-made cases", () => {
    // Planted: T → X. Decoy: D.
    const truth = new TruthIndex({ complements: [{ antecedent: "T", consequent: "X" }], decoys: ["D"] });
    const cases: EvalCase[] = [
      { orderId: "1", cart: ["T"], hidden: "X" }, // hit at 1; trigger case: X right, D and Y wrong
      { orderId: "2", cart: ["T", "Y"], hidden: "D" }, // nothing shown: a miss, not covered
      { orderId: "3", cart: ["Z"], hidden: "Y" }, // Y fourth: a miss at 3, reciprocal rank 1/4
    ];
    const answers: Record<string, string[]> = { T: ["X", "D", "Y"], "T,Y": [], Z: ["A", "B", "C", "Y"] };
    const rank: Ranker = (cart) => answers[cart.join(",")];
    const r = evaluateRanker("hand", rank, cases, truth, 3);
    expect(r).toMatchObject({
      cases: 3,
      hits: 1,
      triggerCases: 2,
      triggerShown: 3,
      triggerCorrect: 1,
      shown: 6,
      decoysShown: 1,
      complementCases: 1,
      complementHits: 1,
      nonDecoyCases: 2,
      nonDecoyHits: 1,
    });
    expect(r.hitRate).toBeCloseTo(1 / 3, 12);
    expect(r.mrr).toBeCloseTo((1 + 0 + 0.25) / 3, 12);
    expect(r.coverage).toBeCloseTo(2 / 3, 12);
    expect(r.precision).toBeCloseTo(1 / 3, 12);
    expect(r.decoyShare).toBeCloseTo(1 / 6, 12);
    expect(r.complementHitRate).toBe(1);
    expect(r.nonDecoyHitRate).toBe(0.5);
    expect(r.nonDecoyMrr).toBeCloseTo((1 + 0.25) / 2, 12);
  });

  it("reports zeros, not NaN, when there is nothing to measure", () => {
    const r = evaluateRanker("none", () => [], [], new TruthIndex({ complements: [], decoys: [] }));
    expect([r.hitRate, r.mrr, r.coverage, r.precision, r.decoyShare, r.complementHitRate, r.nonDecoyHitRate]).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
  });
});

describe("baselines", () => {
  const basket = (orderId: string, ids: string[]): Basket => ({
    orderId,
    createdAt: 0,
    items: ids.map((productId) => ({ productId, quantity: 1 })),
  });
  // Orders per product: A 3, B 3, C 1, D 1. With A: B 2, C 1, D 1. With D: A 1, B 1.
  const train = [
    basket("1", ["A", "B"]),
    basket("2", ["A", "C", "A"]),
    basket("3", ["A", "B", "D"]),
    basket("4", ["B"]),
  ];

  it("popularity suggests the most-ordered products (a product counted once per order), never what is in the cart", () => {
    const rank = popularityRanker(train);
    expect(rank([])).toEqual(["A", "B", "C", "D"]);
    expect(rank(["A"])).toEqual(["B", "C", "D"]);
  });

  it("co-occurrence sums the orders shared with each cart product, ties going to the more popular product", () => {
    const rank = cooccurrenceRanker(train);
    expect(rank(["A"])).toEqual(["B", "C", "D"]);
    expect(rank(["A", "D"])).toEqual(["B", "C"]); // B 2 + 1, C 1 + 0
    expect(rank(["D"])).toEqual(["A", "B"]); // 1 each, A and B equally popular: by id
    expect(rank(["E"])).toEqual([]);
  });
});
