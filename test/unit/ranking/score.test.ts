import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  blendScore,
  buildContentModel,
  contentScore,
  cosineScore,
  historyWeight,
  minedScore,
  orderCounts,
} from "../../../app/domain/ranking";
import {
  FOOTPRINT,
  LANTERN,
  NEW_TENT,
  SOFA,
  STAKES,
  TENT,
  TENT_PRO,
  outdoorCatalog,
  pairRule,
} from "./catalog-fixture";

describe("mined co-occurrence score", () => {
  it("gives nothing to pairs bought together no more than by chance", () => {
    expect(minedScore({ lift: 1, confidence: 0.3 })).toBe(0);
    expect(minedScore({ lift: 0.6, confidence: 0.3 })).toBe(0);
  });

  it("grows with lift and confidence", () => {
    expect(minedScore({ lift: 4, confidence: 0.4 })).toBeGreaterThan(minedScore({ lift: 2, confidence: 0.4 }));
    expect(minedScore({ lift: 2, confidence: 0.6 })).toBeGreaterThan(minedScore({ lift: 2, confidence: 0.3 }));
  });

  it("stays within 0..1 for any rule (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (lift, confidence) => {
          const s = minedScore({ lift, confidence });
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe("item-based collaborative filtering (cosine)", () => {
  it("recovers the order counts of both products from a rule's own figures", () => {
    const r = pairRule(TENT, STAKES, { total: 1000, a: 80, b: 200, both: 40 });
    const n = orderCounts(r)!;
    expect(n.a).toBeCloseTo(80, 6);
    expect(n.b).toBeCloseTo(200, 6);
    expect(cosineScore(r)).toBeCloseTo(40 / Math.sqrt(80 * 200), 9);
  });

  it("does not reward a consequent for being in every basket", () => {
    // Stakes are in half of all orders; the footprint only goes with tents.
    const popular = pairRule(TENT, STAKES, { total: 1000, a: 50, b: 500, both: 30 });
    const specific = pairRule(TENT, FOOTPRINT, { total: 1000, a: 50, b: 40, both: 25 });
    expect(popular.confidence).toBeGreaterThan(specific.confidence);
    expect(cosineScore(specific)).toBeGreaterThan(cosineScore(popular));
  });
});

describe("blending history and content", () => {
  const catalog = outdoorCatalog();
  const byId = new Map(catalog.map((p) => [p.id, p]));
  const model = buildContentModel(catalog);

  it("ignores pairs seen in a single order as noise", () => {
    expect(historyWeight(1)).toBe(0);
    const once = pairRule(TENT, SOFA, { total: 1000, a: 5, b: 5, both: 1 });
    const b = blendScore(once, 0);
    expect(b.score).toBe(0);
    expect(b.source).toBe("content");
  });

  it("lets well-evidenced history dominate: a strong pair outranks content guesses", () => {
    const strong = pairRule(TENT, LANTERN, { total: 2000, a: 300, b: 150, both: 90 });
    const content = contentScore(byId.get(TENT)!, byId.get(FOOTPRINT)!, model);
    const fromHistory = blendScore(strong, contentScore(byId.get(TENT)!, byId.get(LANTERN)!, model), 300);
    const contentOnly = blendScore(null, content, 300);
    expect(fromHistory.source).toBe("mined");
    expect(fromHistory.score).toBeGreaterThan(contentOnly.score);
  });

  it("lets content fill in for a brand-new product with no history", () => {
    const s = blendScore(null, contentScore(byId.get(NEW_TENT)!, byId.get(FOOTPRINT)!, model), 0);
    expect(s.source).toBe("content");
    expect(s.score).toBeGreaterThan(0.15);
  });

  it("scores a sofa far below tent accessories for a tent", () => {
    const tent = byId.get(TENT)!;
    expect(contentScore(tent, byId.get(SOFA)!, model)).toBeLessThan(0.05);
    expect(contentScore(tent, byId.get(FOOTPRINT)!, model)).toBeGreaterThan(
      contentScore(tent, byId.get(SOFA)!, model) + 0.1,
    );
  });

  it("learns type complementarity from mined rules and carries it to new products", () => {
    const rules = [
      pairRule(TENT, STAKES, { total: 500, a: 60, b: 70, both: 40 }),
      pairRule(TENT_PRO, FOOTPRINT, { total: 500, a: 30, b: 40, both: 20 }),
    ];
    const learned = buildContentModel(catalog, rules);
    expect(learned.typeAffinity.get("tents")?.get("tent accessories")).toBe(1);
    const before = contentScore(byId.get(NEW_TENT)!, byId.get(FOOTPRINT)!, model);
    const after = contentScore(byId.get(NEW_TENT)!, byId.get(FOOTPRINT)!, learned);
    expect(after).toBeGreaterThan(before);
  });

  it("scores a product added after the content model was built like one known to it", () => {
    const late = { ...byId.get(NEW_TENT)!, id: "8199" };
    expect(contentScore(late, byId.get(FOOTPRINT)!, model)).toBeCloseTo(
      contentScore(byId.get(NEW_TENT)!, byId.get(FOOTPRINT)!, model),
      12,
    );
  });

  it("always returns a score within 0..1 whatever the evidence (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 0.7, noNaN: true }),
        fc.integer({ min: 0, max: 10_000 }),
        (a, b, bothRaw, content, triggerOrders) => {
          const both = Math.min(a, b, bothRaw);
          const total = a + b;
          const r = pairRule(TENT, STAKES, { total, a, b, both });
          const s = blendScore(r, content, triggerOrders).score;
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it("never lowers a score when the pair gains co-purchases at the same rates (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 500 }), fc.integer({ min: 1, max: 20 }), (both, k) => {
        const small = pairRule(TENT, STAKES, { total: both * 20, a: both * 2, b: both * 3, both });
        const big = pairRule(TENT, STAKES, {
          total: both * 20 * (k + 1),
          a: both * 2 * (k + 1),
          b: both * 3 * (k + 1),
          both: both * (k + 1),
        });
        expect(blendScore(big, 0).score).toBeGreaterThanOrEqual(blendScore(small, 0).score - 1e-12);
      }),
    );
  });
});
