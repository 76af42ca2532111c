import { describe, expect, it } from "vitest";
import { buildRecommendations, type BuildSettings, type SequentialRule } from "../../../app/domain/ranking";
import {
  FOOTPRINT,
  FUEL,
  LANTERN,
  NEW_TENT,
  SOFA,
  STAKES,
  TENT,
  TENT_PRO,
  outdoorCatalog,
  pairRule,
  product,
} from "./catalog-fixture";

const settings: BuildSettings = {
  relevanceThreshold: 0.15,
  lowStockThreshold: 2,
  marginPreference: 0.3,
  excludedProductIds: [],
  excludedTags: [],
};
const NOW = Date.UTC(2026, 10, 20, 3, 0, 0);

// 1 000 orders: tents come with stakes and footprints; lanterns with fuel; the sofa alone.
const rules = [
  pairRule(TENT, STAKES, { total: 1000, a: 120, b: 150, both: 70 }),
  pairRule(TENT, FOOTPRINT, { total: 1000, a: 120, b: 90, both: 50 }),
  pairRule(TENT, LANTERN, { total: 1000, a: 120, b: 200, both: 25 }),
  pairRule(TENT, SOFA, { total: 1000, a: 120, b: 10, both: 2 }),
  pairRule(TENT_PRO, STAKES, { total: 1000, a: 40, b: 150, both: 20 }),
  pairRule(LANTERN, FUEL, { total: 1000, a: 200, b: 100, both: 60 }),
];
const sequential: SequentialRule[] = [
  { antecedent: LANTERN, consequent: FUEL, count: 30, confidence: 0.25, medianGapDays: 21 },
];

describe("buildRecommendations", () => {
  const rows = buildRecommendations({ rules, sequential, catalog: outdoorCatalog(), settings, now: NOW });
  const forTrigger = (id: string, kind: string) =>
    rows.filter((r) => r.productId === id && r.kind === kind).sort((a, b) => a.rank - b.rank);

  it("ranks a tent's mined accessories first, with docs/metrics.md's figures carried over", () => {
    const cross = forTrigger(TENT, "cross_sell");
    expect(
      cross
        .slice(0, 2)
        .map((r) => r.recommendedProductId)
        .sort(),
    ).toEqual([FOOTPRINT, STAKES].sort());
    const stakes = cross.find((r) => r.recommendedProductId === STAKES)!;
    expect(stakes).toMatchObject({
      count: 70,
      support: 0.07,
      source: "mined",
      computedAt: new Date(NOW),
      gapDaysMedian: null,
    });
    expect(stakes.confidence).toBeCloseTo(70 / 120, 12);
    expect(stakes.lift).toBeCloseTo(70 / 120 / 0.15, 12);
    expect(cross.map((r) => r.rank)).toEqual(cross.map((_, i) => i + 1));
  });

  it("never recommends a sofa with a tent, even when two orders had both", () => {
    expect(rows.some((r) => r.productId === TENT && r.recommendedProductId === SOFA)).toBe(false);
  });

  it("gives a new tent with no history content-based accessories", () => {
    const cross = forTrigger(NEW_TENT, "cross_sell");
    expect(cross.length).toBeGreaterThan(0);
    expect(cross.every((r) => r.source === "content" && r.count === 0)).toBe(true);
    // Tents were learned to go with tent accessories, so those lead.
    expect([STAKES, FOOTPRINT]).toContain(cross[0].recommendedProductId);
  });

  it("does not cross-sell a second tent to a tent buyer once orders show tents go with accessories", () => {
    for (const trigger of [NEW_TENT, TENT]) {
      expect(
        forTrigger(trigger, "cross_sell").some((r) => [TENT, TENT_PRO, NEW_TENT].includes(r.recommendedProductId)),
      ).toBe(false);
    }
  });

  it("stores upsells separately from cross-sells", () => {
    const ups = forTrigger(TENT, "upsell");
    expect(ups.map((r) => r.recommendedProductId)).toEqual([TENT_PRO]);
    expect(ups[0].source).toBe("content");
  });

  it("stores sequential suggestions with the typical gap in days", () => {
    expect(forTrigger(LANTERN, "sequential")).toEqual([
      expect.objectContaining({
        recommendedProductId: FUEL,
        source: "mined",
        count: 30,
        confidence: 0.25,
        gapDaysMedian: 21,
        rank: 1,
      }),
    ]);
  });

  it("keeps at most topK rows per product and kind, and scores within 0..1", () => {
    const many = [
      ...outdoorCatalog(),
      ...Array.from({ length: 30 }, (_, i) =>
        product(String(9100 + i), {
          productType: "Tent Accessories",
          tags: ["camping"],
          collections: ["c-accessories"],
          price: 1500,
        }),
      ),
    ];
    const out = buildRecommendations({ rules, catalog: many, settings: { ...settings, topK: 4 }, now: NOW });
    const groups = new Map<string, number>();
    for (const r of out) groups.set(`${r.productId}|${r.kind}`, (groups.get(`${r.productId}|${r.kind}`) ?? 0) + 1);
    expect(Math.max(...groups.values())).toBeLessThanOrEqual(4);
    expect(out.every((r) => r.score >= 0.15 && r.score <= 1)).toBe(true);
  });

  it("leaves out draft, archived and excluded products on both sides", () => {
    const catalog = outdoorCatalog().map((p) => (p.id === FOOTPRINT ? { ...p, status: "DRAFT" as const } : p));
    const out = buildRecommendations({
      rules,
      catalog,
      settings: { ...settings, excludedProductIds: [STAKES] },
      now: NOW,
    });
    expect(out.some((r) => [FOOTPRINT, STAKES].includes(r.recommendedProductId))).toBe(false);
    expect(out.some((r) => r.productId === FOOTPRINT)).toBe(false);
  });

  it("keeps sold-out products (stock is checked when serving, not when mining)", () => {
    const catalog = outdoorCatalog().map((p) =>
      p.id === STAKES ? { ...p, variants: p.variants.map((v) => ({ ...v, inventoryQuantity: 0 })) } : p,
    );
    const out = buildRecommendations({ rules, catalog, settings, now: NOW });
    expect(out.some((r) => r.productId === TENT && r.recommendedProductId === STAKES)).toBe(true);
  });
});
