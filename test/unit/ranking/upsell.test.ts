import { describe, expect, it } from "vitest";
import { bandFit, buildContentModel, sameKind, upsellCandidates } from "../../../app/domain/ranking";
import { FOOTPRINT, NEW_TENT, STAKES, TENT, TENT_LUXE, TENT_PRO, outdoorCatalog, product } from "./catalog-fixture";

describe("upsell candidates", () => {
  const catalog = outdoorCatalog();
  const byId = new Map(catalog.map((p) => [p.id, p]));
  const model = buildContentModel(catalog);

  it("suggests the same kind of product priced 20–40 % higher", () => {
    const ups = upsellCandidates(byId.get(TENT)!, catalog, model);
    // Pro is +30 %; Summit is +10 % (too close), Luxe is +100 % (too far), stakes are another kind.
    expect(ups.map((u) => u.productId)).toEqual([TENT_PRO]);
    expect(ups[0].priceIncrease).toBeCloseTo(0.3, 9);
  });

  it("honours a configured price band", () => {
    const ups = upsellCandidates(byId.get(TENT)!, catalog, model, { min: 0.05, max: 1.0 });
    expect(ups.map((u) => u.productId).sort()).toEqual([NEW_TENT, TENT_LUXE, TENT_PRO].sort());
  });

  it("treats products sharing a collection and a tag as the same kind even without a product type", () => {
    const a = product("1", { collections: ["c-x"], tags: ["wool"] });
    const b = product("2", { collections: ["c-x"], tags: ["Wool"] });
    const c = product("3", { collections: ["c-x"], tags: ["cotton"] });
    expect(sameKind(a, b)).toBe(true);
    expect(sameKind(a, c)).toBe(false);
    expect(sameKind(byId.get(STAKES)!, byId.get(FOOTPRINT)!)).toBe(true);
  });

  it("fits best at the centre of the band and not at all outside it", () => {
    expect(bandFit(0.3)).toBeCloseTo(1, 9);
    expect(bandFit(28000 / 20000 - 1)).toBeCloseTo(0.6, 9);
    expect(bandFit(0.3)).toBeGreaterThan(bandFit(0.25));
    expect(bandFit(0.2)).toBeCloseTo(0.6, 9);
    expect(bandFit(0.4)).toBeCloseTo(0.6, 9);
    expect(bandFit(0.19)).toBe(0);
    expect(bandFit(0.41)).toBe(0);
  });
});
