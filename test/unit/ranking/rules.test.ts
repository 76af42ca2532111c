import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyBusinessRules, indexCatalog, type RuleContext } from "../../../app/domain/ranking";
import type { ShopSettings } from "../../../app/domain/types";
import {
  FOOTPRINT,
  FUEL,
  LANTERN,
  SOFA,
  STAKES,
  TENT,
  TENT_PRO,
  outdoorCatalog,
  product,
  variant,
} from "./catalog-fixture";
import { DEFAULT_SHOP_SETTINGS } from "../../../app/domain/settings";

const settings: ShopSettings = { ...DEFAULT_SHOP_SETTINGS };

function ctx(over: Partial<RuleContext> = {}, catalog = outdoorCatalog()): RuleContext {
  return { triggerProductIds: [TENT], catalog: indexCatalog(catalog), settings, ...over };
}

const reasonOf = (r: ReturnType<typeof applyBusinessRules>, id: string) =>
  r.dropped.find((d) => d.productId === id)?.reason;

describe("applyBusinessRules", () => {
  it("keeps relevant in-stock products ranked by relevance", () => {
    const r = applyBusinessRules(
      [
        { productId: STAKES, score: 0.5 },
        { productId: FOOTPRINT, score: 0.7 },
      ],
      ctx(),
    );
    expect(r.kept.map((c) => [c.productId, c.rank])).toEqual([
      [FOOTPRINT, 1],
      [STAKES, 2],
    ]);
    expect(r.kept[0].variantId).toBeTruthy();
  });

  it("never offers a sold-out or low-stock product, but untracked inventory is fine", () => {
    const catalog = outdoorCatalog().map((p) => {
      if (p.id === STAKES) return { ...p, variants: [variant({ inventoryQuantity: 0 })] };
      if (p.id === FOOTPRINT) return { ...p, variants: [variant({ inventoryQuantity: 1 })] };
      if (p.id === LANTERN) return { ...p, variants: [variant({ inventoryQuantity: 0, inventoryTracked: false })] };
      if (p.id === FUEL) return { ...p, variants: [variant({ inventoryQuantity: 50, availableForSale: false })] };
      return p;
    });
    const r = applyBusinessRules(
      [STAKES, FOOTPRINT, LANTERN, FUEL].map((id) => ({ productId: id, score: 0.5 })),
      ctx({}, catalog),
    );
    expect(reasonOf(r, STAKES)).toBe("out_of_stock");
    expect(reasonOf(r, FOOTPRINT)).toBe("low_stock");
    expect(reasonOf(r, FUEL)).toBe("out_of_stock");
    expect(r.kept.map((c) => c.productId)).toEqual([LANTERN]);
  });

  it("offers the in-stock variant of a product whose cheapest variant is sold out", () => {
    const catalog = outdoorCatalog().map((p) =>
      p.id === LANTERN
        ? {
            ...p,
            variants: [
              variant({ id: "v-small", price: 3000, inventoryQuantity: 0 }),
              variant({ id: "v-large", price: 4000 }),
            ],
          }
        : p,
    );
    const r = applyBusinessRules([{ productId: LANTERN, score: 0.5 }], ctx({}, catalog));
    expect(r.kept[0].variantId).toBe("v-large");
  });

  it("skips what is in the cart, what the customer owns, and what the visitor declined", () => {
    const r = applyBusinessRules(
      [STAKES, FOOTPRINT, LANTERN, FUEL].map((id) => ({ productId: id, score: 0.5 })),
      ctx({
        cartProductIds: [STAKES],
        ownedProductIds: [FOOTPRINT, FUEL],
        declinedProductIds: [LANTERN],
        replenishedProductIds: [FUEL],
      }),
    );
    expect(reasonOf(r, STAKES)).toBe("in_cart");
    expect(reasonOf(r, FOOTPRINT)).toBe("already_owned");
    expect(reasonOf(r, LANTERN)).toBe("declined");
    // Fuel is a consumable customers buy again: owning it is no reason to skip it.
    expect(r.kept.map((c) => c.productId)).toEqual([FUEL]);
  });

  it("skips excluded products and tags, drafts, archived products, and the trigger itself", () => {
    const catalog = [
      ...outdoorCatalog(),
      product("9001", { status: "DRAFT" }),
      product("9002", { status: "ARCHIVED" }),
    ];
    const r = applyBusinessRules(
      [TENT, STAKES, FUEL, "9001", "9002", "404"].map((id) => ({ productId: id, score: 0.5 })),
      ctx({ settings: { ...settings, excludedProductIds: [STAKES], excludedTags: ["Consumable"] } }, catalog),
    );
    expect(Object.fromEntries(r.dropped.map((d) => [d.productId, d.reason]))).toEqual({
      [TENT]: "trigger",
      [STAKES]: "excluded_product",
      [FUEL]: "excluded_tag",
      "9001": "not_active",
      "9002": "not_active",
      "404": "unknown_product",
    });
    expect(r.kept).toEqual([]);
  });

  it("shows nothing below the relevance threshold — better no offer than a bad one", () => {
    const r = applyBusinessRules([{ productId: SOFA, score: 0.05 }], ctx());
    expect(r.kept).toEqual([]);
    expect(reasonOf(r, SOFA)).toBe("below_threshold");
  });

  it("caps the suggestions at maxSuggestions and reports the rest as over the limit", () => {
    const ids = [STAKES, FOOTPRINT, LANTERN, FUEL, TENT_PRO];
    const r = applyBusinessRules(
      ids.map((id, i) => ({ productId: id, score: 0.9 - i * 0.1 })),
      ctx(),
    );
    expect(r.kept).toHaveLength(3);
    expect(r.dropped.filter((d) => d.reason === "over_limit").map((d) => d.productId)).toEqual([FUEL, TENT_PRO]);
  });

  it("prefers the higher-margin product when relevance is close, but not when it is clearly lower", () => {
    // Stakes: margin 68 %; lantern: margin 43 %.
    const close = applyBusinessRules(
      [
        { productId: LANTERN, score: 0.5 },
        { productId: STAKES, score: 0.495 },
      ],
      ctx({ settings: { ...settings, marginPreference: 1 } }),
    );
    expect(close.kept[0].productId).toBe(STAKES);
    const far = applyBusinessRules(
      [
        { productId: LANTERN, score: 0.6 },
        { productId: STAKES, score: 0.5 },
      ],
      ctx({ settings: { ...settings, marginPreference: 1 } }),
    );
    expect(far.kept[0].productId).toBe(LANTERN);
    const ignored = applyBusinessRules(
      [
        { productId: LANTERN, score: 0.5 },
        { productId: STAKES, score: 0.495 },
      ],
      ctx({ settings: { ...settings, marginPreference: 0 } }),
    );
    expect(ignored.kept[0].productId).toBe(LANTERN);
  });

  it("lifts a merchant-featured product, but never above the threshold gate", () => {
    const r = applyBusinessRules(
      [
        { productId: STAKES, score: 0.5 },
        { productId: LANTERN, score: 0.45 },
        { productId: SOFA, score: 0.1 },
      ],
      ctx({ featuredProductIds: [LANTERN, SOFA] }),
    );
    expect(r.kept.map((c) => c.productId)).toEqual([LANTERN, STAKES]);
    expect(r.kept[0].featured).toBe(true);
    expect(reasonOf(r, SOFA)).toBe("below_threshold");
  });

  it("keeps the strongest occurrence of a product suggested twice", () => {
    const r = applyBusinessRules(
      [
        { productId: STAKES, score: 0.3 },
        { productId: STAKES, score: 0.6 },
      ],
      ctx(),
    );
    expect(r.kept.map((c) => c.score)).toEqual([0.6]);
    expect(reasonOf(r, STAKES)).toBe("duplicate");
  });

  it("accounts for every candidate exactly once, never keeps more than the limit, and keeps only allowed products (property)", () => {
    const catalog = outdoorCatalog();
    const ids = catalog.map((p) => p.id);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ productId: fc.constantFrom(...ids, "404"), score: fc.double({ min: 0, max: 1, noNaN: true }) }),
          { maxLength: 20 },
        ),
        fc.subarray(ids),
        fc.subarray(ids),
        fc.integer({ min: 0, max: 5 }),
        (cands, cart, declined, limit) => {
          const r = applyBusinessRules(
            cands,
            ctx({ cartProductIds: cart, declinedProductIds: declined, limit }, catalog),
          );
          expect(r.kept.length + r.dropped.length).toBe(cands.length);
          expect(r.kept.length).toBeLessThanOrEqual(limit);
          for (const k of r.kept) {
            expect(cart).not.toContain(k.productId);
            expect(declined).not.toContain(k.productId);
            expect(k.productId).not.toBe(TENT);
            expect(k.score).toBeGreaterThanOrEqual(settings.relevanceThreshold);
          }
          expect(new Set(r.kept.map((k) => k.productId)).size).toBe(r.kept.length);
          expect(r.kept.map((k) => k.rank)).toEqual(r.kept.map((_, i) => i + 1));
        },
      ),
    );
  });
});
