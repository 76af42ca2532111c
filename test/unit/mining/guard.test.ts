import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mineBaskets } from "../../../app/domain/mining/baskets";
import type { MinedRule } from "../../../app/domain/mining/rules";
import { normalQuantile, ruleScore, signedLogLikelihoodZ, wilsonLowerBound } from "../../../app/domain/mining/stats";
import type { Basket } from "../../../app/domain/types";

/** Builds baskets from counts: each entry is [number of orders, products in each]. */
function build(groups: [number, string[]][]): Basket[] {
  const out: Basket[] = [];
  for (const [n, products] of groups)
    for (let i = 0; i < n; i++)
      out.push({ orderId: String(out.length), items: products.map((productId) => ({ productId, quantity: 1 })) });
  return out;
}

const find = (rules: MinedRule[], a: string, c: string) => rules.find((r) => r.antecedent === a && r.consequent === c);

describe("noise guard", () => {
  // 1000 orders. Bestseller G in 40 % of all orders and in exactly 40 % of the orders with A
  // (chance level). B goes with A: in 60 of A's 100 orders, 80 orders overall.
  const shop = build([
    [24, ["A", "B", "G"]],
    [36, ["A", "B"]],
    [16, ["A", "G"]],
    [24, ["A", "filler"]],
    [20, ["B", "filler"]],
    [360, ["G", "filler"]],
    [520, ["filler", "other"]],
  ]);

  it("does not offer a bestseller in 40 % of orders as a complement of a product it meets only by chance", () => {
    const { rules } = mineBaskets(shop);
    expect(find(rules, "A", "G")).toBeUndefined();
    expect(find(rules, "G", "A")).toBeUndefined();
    // without the guard the same pair is there, with a lift of exactly 1
    const raw = mineBaskets(shop, { alpha: null });
    expect(find(raw.rules, "A", "G")?.lift).toBeCloseTo(1, 12);
  });

  it("keeps a true complement, in both directions, with a positive score", () => {
    const { rules } = mineBaskets(shop);
    const ab = find(rules, "A", "B");
    expect(ab).toBeDefined();
    expect(ab!.confidence).toBeCloseTo(0.6, 12);
    expect(ab!.score).toBeGreaterThan(0);
    expect(ab!.liftLowerBound).toBeGreaterThan(1);
    expect(find(rules, "B", "A")).toBeDefined();
  });

  it("drops coincidences seen fewer than the minimum count, however high their lift", () => {
    const rare = build([
      [2, ["R1", "R2"]],
      [998, ["filler"]],
    ]);
    const { rules } = mineBaskets(rare);
    expect(find(rules, "R1", "R2")).toBeUndefined();
    expect(find(mineBaskets(rare, { minCount: 2 }).rules, "R1", "R2")).toBeDefined();
  });

  it("ranks a slightly over-represented gift card (30 % of orders) far below a real complement", () => {
    // 10 000 orders; the gift card is in 30 % overall and 33 % of A's orders: significant with
    // this much data, but nearly no lift; B is in 40 % of A's orders and 6 % overall.
    const big = build([
      [330, ["A", "gift"]],
      [400, ["A", "B"]],
      [270, ["A"]],
      [2670, ["gift", "x"]],
      [200, ["B", "x"]],
      [6130, ["x"]],
    ]);
    const { rules } = mineBaskets(big, { alpha: null });
    const gift = find(rules, "A", "gift")!;
    const b = find(rules, "A", "B")!;
    expect(gift.lift).toBeCloseTo(1.1, 12);
    expect(b.lift).toBeCloseTo(0.4 / 0.06, 9);
    expect(b.score).toBeGreaterThan(0.3);
    expect(gift.score).toBeLessThan(b.score / 10);
    expect(find(mineBaskets(big).rules, "A", "B")).toBeDefined();
  });

  it("a rule passes only when co-occurrence is significantly above chance (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 200 }),
        fc.integer({ min: 5, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (withA, bPct, both) => {
          fc.pre(both <= withA);
          const orders = 2000;
          const withB = Math.max(both, Math.round((orders * bPct) / 1000));
          fc.pre(withA + withB - both <= orders);
          const baskets = build([
            [both, ["A", "B"]],
            [withA - both, ["A", "f"]],
            [withB - both, ["B", "f"]],
            [orders - withA - withB + both, ["f"]],
          ]);
          const rule = find(mineBaskets(baskets).rules, "A", "B");
          const expected = (withA * withB) / orders;
          if (both <= expected || both < 3) expect(rule).toBeUndefined();
          if (rule) expect(rule.significance).toBeGreaterThanOrEqual(normalQuantile(0.99));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("statistics", () => {
  it("normal quantiles match the tables", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });

  it("Wilson lower bound matches the textbook interval and stays within [0, p]", () => {
    expect(wilsonLowerBound(5, 10, 1.959964)).toBeCloseTo(0.2366, 4);
    expect(wilsonLowerBound(0, 10, 1.96)).toBe(0);
    expect(wilsonLowerBound(3, 0, 1.96)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (n, k) => {
        fc.pre(k <= n);
        const lb = wilsonLowerBound(k, n, 2.326);
        expect(lb).toBeGreaterThanOrEqual(0);
        expect(lb).toBeLessThanOrEqual(k / n + 1e-12);
      }),
    );
  });

  it("log-likelihood z is 0 at independence, positive above it, negative below, and equals √G²", () => {
    expect(signedLogLikelihoodZ(10, 100, 100, 1000)).toBeCloseTo(0, 12);
    expect(signedLogLikelihoodZ(30, 100, 100, 1000)).toBeGreaterThan(0);
    expect(signedLogLikelihoodZ(2, 100, 100, 1000)).toBeLessThan(0);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        (a, b, k) => {
          const n = 1000;
          fc.pre(k <= a && k <= b && a + b - k <= n && a < n && b < n);
          const cells = [
            [k, (a * b) / n],
            [a - k, (a * (n - b)) / n],
            [b - k, ((n - a) * b) / n],
            [n - a - b + k, ((n - a) * (n - b)) / n],
          ];
          const g2 = 2 * cells.reduce((s, [o, e]) => s + (o > 0 ? o * Math.log(o / e) : 0), 0);
          const z = signedLogLikelihoodZ(k, a, b, n);
          expect(z * z).toBeCloseTo(g2, 6);
          expect(signedLogLikelihoodZ(k, b, a, n)).toBeCloseTo(z, 9);
        },
      ),
    );
  });

  it("score is zero unless the lift lower bound exceeds 1, and grows with confidence and lift", () => {
    expect(ruleScore(0.3, 0.3)).toBe(0);
    expect(ruleScore(0.2, 0.3)).toBe(0);
    expect(ruleScore(0.5, 0.05)).toBeGreaterThan(ruleScore(0.5, 0.1));
    expect(ruleScore(0.6, 0.05)).toBeGreaterThan(ruleScore(0.5, 0.05));
    expect(ruleScore(0.5, 0)).toBe(0);
  });
});
