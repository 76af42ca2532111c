import { describe, expect, it } from "vitest";
import {
  alternatives,
  applyBusinessRules,
  areSubstitutes,
  boughtTogether,
  buildRecommendations,
  indexCatalog,
  pairIndex,
} from "../../../app/domain/ranking";
import { DEFAULT_SHOP_SETTINGS } from "../../../app/domain/settings";
import { FOOTPRINT, FUEL, STAKES, TENT, TENT_PRO, outdoorCatalog, product } from "./catalog-fixture";

const catalog = outdoorCatalog();
const byId = indexCatalog(catalog);
const get = (id: string) => byId.get(id)!;
const never = pairIndex([]);

describe("substitutes", () => {
  it("are the same kind of product with mostly the same name, whatever the model words", () => {
    expect(alternatives(get(TENT), get(TENT_PRO))).toBe(true); // Ridge 2 Tent / Ridge 2 Pro Tent
    expect(alternatives(get(STAKES), get(FOOTPRINT))).toBe(false); // both tent accessories, different things
    expect(alternatives(get(TENT), get(STAKES))).toBe(false); // different types
    const stove = product("9001", { title: "Campfire Two-Burner Stove", productType: "Camp Kitchen" });
    const canister = product("9002", { title: "Isobutane Fuel Canister 230 g", productType: "Camp Kitchen" });
    expect(alternatives(stove, canister)).toBe(false);
    const x10 = product("9003", { title: "Aperture X10 Mirrorless Camera", productType: "Cameras" });
    const x30 = product("9004", { title: "Aperture X30 Pro Mirrorless Camera", productType: "Cameras" });
    expect(alternatives(x10, x30)).toBe(true);
    // no product type: no evidence of the same kind
    expect(alternatives(product("9005", { title: "Mug" }), product("9006", { title: "Mug" }))).toBe(false);
  });

  it("are not substitutes when customers buy them together in a good share of orders, whatever the lift", () => {
    expect(areSubstitutes(get(TENT), get(TENT_PRO), never)).toBe(true);
    expect(areSubstitutes(get(TENT), get(TENT_PRO), pairIndex([{ a: TENT_PRO, b: TENT }]))).toBe(false);
    const rule = (confidence: number) => [{ antecedent: TENT, consequent: TENT_PRO, confidence, lift: 2.7 }];
    expect(areSubstitutes(get(TENT), get(TENT_PRO), boughtTogether(rule(0.07)))).toBe(true); // campers' two tents: rare together
    expect(areSubstitutes(get(TENT), get(TENT_PRO), boughtTogether(rule(0.4)))).toBe(false); // a set
  });

  it("stay out of a cross-sell list, and one list keeps only the best of a set of alternatives", () => {
    const settings = { ...DEFAULT_SHOP_SETTINGS, maxSuggestions: 5 };
    const candidates = [
      { productId: TENT_PRO, score: 0.9 },
      { productId: STAKES, score: 0.8 },
      { productId: FUEL, score: 0.5 },
    ];
    const forTent = applyBusinessRules(candidates, {
      triggerProductIds: [TENT],
      catalog: byId,
      settings,
      substitutes: { together: never },
    });
    expect(forTent.kept.map((c) => c.productId)).toEqual([STAKES, FUEL]);
    expect(forTent.dropped).toContainEqual({ productId: TENT_PRO, reason: "substitute", score: 0.9 });
    // for the fuel, the two tents are alternatives to each other: only the better one stays
    const forFuel = applyBusinessRules(
      [
        { productId: TENT, score: 0.6 },
        { productId: TENT_PRO, score: 0.7 },
      ],
      { triggerProductIds: [FUEL], catalog: byId, settings, substitutes: { together: never, oneOfEach: true } },
    );
    expect(forFuel.kept.map((c) => c.productId)).toEqual([TENT_PRO]);
    // without the option (upsells, the merchant's picks) nothing changes
    expect(
      applyBusinessRules(candidates, { triggerProductIds: [TENT], catalog: byId, settings }).kept.map(
        (c) => c.productId,
      ),
    ).toContain(TENT_PRO);
  });

  it("are never stored as cross-sells of each other by a mining run, but stay the upsell", () => {
    const rows = buildRecommendations({
      rules: [],
      catalog,
      settings: { ...DEFAULT_SHOP_SETTINGS, relevanceThreshold: 0 },
      now: 0,
    });
    const cross = rows
      .filter((r) => r.productId === TENT && r.kind === "cross_sell")
      .map((r) => r.recommendedProductId);
    expect(cross).not.toContain(TENT_PRO);
    expect(rows.some((r) => r.productId === TENT && r.kind === "upsell" && r.recommendedProductId === TENT_PRO)).toBe(
      true,
    );
  });
});
