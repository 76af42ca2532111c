import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { selectOffers, renderCopy } from "../../../app/domain/offers";
import { capKey } from "../../../app/domain/settings";
import { FOOTPRINT, FUEL, LANTERN, SOFA, STAKES, TENT, TENT_PRO, outdoorCatalog } from "../ranking/catalog-fixture";
import { NOW, context, input, offer, settings, tentRecommendations } from "./fixtures";

const ids = (s: ReturnType<typeof selectOffers>) => s.offers.flatMap((o) => o.items.map((i) => i.productId));

describe("selectOffers", () => {
  it("shows a manual offer's products in the merchant's order with rendered copy", () => {
    const s = selectOffers(
      input({ offers: [offer({ headline: "Complete your {product}", body: "Made for the {product}." })] }),
    );
    expect(s.outcome).toBe("shown");
    expect(ids(s)).toEqual([STAKES, FOOTPRINT]);
    expect(s.offers[0]).toMatchObject({
      offerId: "clx0offer00001",
      type: "cross_sell",
      source: "manual",
      headline: "Complete your Ridge 2 Tent",
      body: "Made for the Ridge 2 Tent.",
    });
  });

  it("shows nothing to a visitor in the holdout group", () => {
    const s = selectOffers(input({ context: context({ assignment: { holdout: true } }) }));
    expect(s).toMatchObject({ outcome: "holdout", offers: [], type: null });
  });

  it("caps how often one visitor sees the same product of a merchant offer a day, and never caps the automatic suggestions", () => {
    const seen = (n: number) => ({
      declinedOfferIds: [],
      declinedProductIds: [],
      offerImpressionsToday: { [capKey("clx0offer00001", STAKES)]: n },
    });
    // below the cap: both products of the campaign
    expect(ids(selectOffers(input({ context: context({ visitor: seen(settings.frequencyCapPerDay - 1) }) })))).toEqual([
      STAKES,
      FOOTPRINT,
    ]);
    // at the cap: the product seen that often is left out of that offer, the others stay
    const capped = selectOffers(input({ context: context({ visitor: seen(settings.frequencyCapPerDay) }) }));
    expect(ids(capped)).toEqual([FOOTPRINT]);
    expect(capped.skipped).toContainEqual({ offerId: "clx0offer00001", productId: STAKES, reason: "frequency_capped" });
    // 0 = no cap
    expect(
      ids(
        selectOffers(
          input({ settings: { ...settings, frequencyCapPerDay: 0 }, context: context({ visitor: seen(600) }) }),
        ),
      ),
    ).toEqual([STAKES, FOOTPRINT]);
    // every product of the campaign capped: the page's own suggestions still show, however often they were seen
    const all = {
      declinedOfferIds: [],
      declinedProductIds: [],
      offerImpressionsToday: { [capKey("clx0offer00001", STAKES)]: 99, [capKey("clx0offer00001", FOOTPRINT)]: 99 },
    };
    const fallback = selectOffers(input({ context: context({ visitor: all }), recommendations: tentRecommendations }));
    expect(fallback.outcome).toBe("shown");
    expect(fallback.offers[0].source).toBe("auto");
  });

  it("never shows an offer with excludeHighReturn to a problem customer, nor the automatic fallback", () => {
    const customer = { ordersCount: 4, totalSpent: 90000, returnRate: 0.5, ownedProductIds: [] };
    const s = selectOffers(input({ context: context({ customer }) }));
    expect(s.outcome).toBe("no_match");
    expect(s.skipped).toContainEqual({ offerId: "clx0offer00001", reason: "problem_customer" });
    const allowed = selectOffers(
      input({ offers: [offer({ excludeHighReturn: false })], context: context({ customer }) }),
    );
    expect(ids(allowed)).toEqual([STAKES, FOOTPRINT]);
  });

  it("takes recommended products from the stored recommendations, with a minimum lift", () => {
    const s = selectOffers(
      input({ offers: [offer({ offerSource: "recommended", offeredProductIds: [], minLift: 2 })] }),
    );
    expect(ids(s)).toEqual([STAKES, FOOTPRINT]);
    expect(s.offers[0].items.map((i) => i.source)).toEqual(["mined", "mined"]);
    const noLift = selectOffers(input({ offers: [offer({ offerSource: "recommended", offeredProductIds: [] })] }));
    // The lantern passes without a lift floor; fuel stays below the relevance threshold.
    expect(ids(noLift)).toEqual([STAKES, FOOTPRINT, LANTERN]);
    expect(noLift.skipped).toContainEqual({ offerId: "clx0offer00001", productId: FUEL, reason: "below_threshold" });
  });

  it("never mixes upsell and cross-sell in the same slot: the higher priority offer's type wins", () => {
    const up = offer({ id: "up", type: "upsell", offerSource: "recommended", offeredProductIds: [], priority: 5 });
    const cross = offer({ id: "cross", priority: 1 });
    const s = selectOffers(input({ offers: [cross, up] }));
    expect(s.type).toBe("upsell");
    expect(ids(s)).toEqual([TENT_PRO]);
    expect(s.skipped).toContainEqual({ offerId: "cross", reason: "other_type_in_slot" });
  });

  it("fills the slot from several offers by priority, deduplicated, up to maxSuggestions", () => {
    const first = offer({ id: "first", offeredProductIds: [LANTERN, STAKES], priority: 3 });
    const second = offer({ id: "second", offeredProductIds: [STAKES, FOOTPRINT, FUEL], priority: 1 });
    const s = selectOffers(input({ offers: [second, first] }));
    expect(s.offers.map((o) => o.offerId)).toEqual(["first", "second"]);
    expect(ids(s)).toEqual([LANTERN, STAKES, FOOTPRINT]);
    const tight = selectOffers(input({ offers: [offer({ maxSuggestions: 1 })] }));
    expect(ids(tight)).toEqual([STAKES]);
  });

  it("applies the discount to each shown price, never below zero", () => {
    const pct = selectOffers(input({ offers: [offer({ discountType: "percent", discountValue: 15 })] }));
    expect(pct.offers[0].items.map((i) => [i.price, i.discountedPrice])).toEqual([
      [2500, 2125],
      [4500, 3825],
    ]);
    const fixed = selectOffers(input({ offers: [offer({ discountType: "fixed", discountValue: 3000 })] }));
    expect(fixed.offers[0].items.map((i) => i.discountedPrice)).toEqual([0, 1500]);
  });

  it("respects placement, schedule, status, audience and the visitor's declines", () => {
    const cases: [Parameters<typeof offer>[0], string][] = [
      [{ placements: ["cart"] }, "placement"],
      [{ startsAt: new Date(NOW + 1000) }, "not_live"],
      [{ endsAt: NOW }, "not_live"],
      [{ status: "paused" }, "not_live"],
      [{ audience: "returning" }, "audience"],
    ];
    for (const [over, reason] of cases) {
      const s = selectOffers(input({ offers: [offer(over)], autoRecommendations: false }));
      expect(s.outcome).toBe("no_match");
      expect(s.skipped).toContainEqual({ offerId: "clx0offer00001", reason });
    }
    const declined = selectOffers(
      input({
        autoRecommendations: false,
        context: context({
          visitor: { declinedOfferIds: ["clx0offer00001"], declinedProductIds: [], offerImpressionsToday: {} },
        }),
      }),
    );
    expect(declined.skipped).toContainEqual({ offerId: "clx0offer00001", reason: "declined" });
    const live = selectOffers(
      input({ offers: [offer({ startsAt: new Date(NOW - 1000), endsAt: new Date(NOW + 1000) })] }),
    );
    expect(live.outcome).toBe("shown");
  });

  it("does not re-offer a declined product, one in the cart, or one the customer owns", () => {
    const s = selectOffers(
      input({
        offers: [
          offer({ offeredProductIds: [STAKES, FOOTPRINT, LANTERN, FUEL], placements: ["cart"], triggerType: "any" }),
        ],
        context: context({
          placement: "cart",
          productId: null,
          cart: {
            lines: [
              { productId: TENT, quantity: 1, price: 20000 },
              { productId: LANTERN, quantity: 1, price: 3500 },
            ],
            subtotal: 23500,
          },
          customer: { ordersCount: 2, totalSpent: 30000, returnRate: 0, ownedProductIds: [FOOTPRINT, FUEL] },
          visitor: { declinedOfferIds: [], declinedProductIds: [STAKES], offerImpressionsToday: {} },
        }),
        replenishedProductIds: [FUEL],
      }),
    );
    expect(ids(s)).toEqual([FUEL]);
  });

  it("falls back to automatic recommendations above the threshold when no merchant offer matches", () => {
    const s = selectOffers(input({ offers: [offer({ triggerValues: [SOFA] })] }));
    expect(s.offers).toHaveLength(1);
    expect(s.offers[0]).toMatchObject({
      offerId: null,
      source: "auto",
      type: "cross_sell",
      headline: "Frequently bought together",
      discountType: "none",
    });
    expect(ids(s)).toEqual([STAKES, FOOTPRINT, LANTERN]);
    const off = selectOffers(input({ offers: [], autoRecommendations: false }));
    expect(off.outcome).toBe("no_match");
  });

  it("shows nothing rather than a bad match when recommendations are all weak", () => {
    const weak = tentRecommendations.map((r) => ({ ...r, score: 0.1 }));
    const s = selectOffers(input({ offers: [], recommendations: weak }));
    expect(s.outcome).toBe("no_match");
  });

  it("skips sold-out products of a manual offer", () => {
    const catalog = outdoorCatalog().map((p) =>
      p.id === STAKES ? { ...p, variants: p.variants.map((v) => ({ ...v, inventoryQuantity: 0 })) } : p,
    );
    const s = selectOffers(input({ catalog }));
    expect(ids(s)).toEqual([FOOTPRINT]);
    expect(s.skipped).toContainEqual({ offerId: "clx0offer00001", productId: STAKES, reason: "out_of_stock" });
  });

  it("applies the experiment arm's copy and discount to the offer under test only", () => {
    const s = selectOffers(
      input({
        offers: [offer()],
        context: context({
          assignment: {
            holdout: false,
            experiment: {
              offerId: "clx0offer00001",
              variant: "b",
              overrides: { headline: "Pack it all", discountType: "percent", discountValue: 10 },
            },
          },
        }),
      }),
    );
    expect(s.offers[0]).toMatchObject({ headline: "Pack it all", experimentVariant: "b", discountValue: 10 });
    expect(s.offers[0].items[0].discountedPrice).toBe(2250);
  });

  it("never shows more than maxSuggestions products, never a duplicate, never the trigger, one type only (property)", () => {
    const all = outdoorCatalog().map((p) => p.id);
    const arbOffer = fc.record({
      id: fc.constantFrom("o1", "o2", "o3", "o4"),
      type: fc.constantFrom("cross_sell" as const, "upsell" as const),
      offerSource: fc.constantFrom("manual" as const, "recommended" as const),
      offeredProductIds: fc.subarray(all),
      priority: fc.integer({ min: 0, max: 3 }),
      maxSuggestions: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      triggerType: fc.constantFrom("products" as const, "any" as const),
    });
    fc.assert(
      fc.property(fc.array(arbOffer, { maxLength: 4 }), fc.integer({ min: 0, max: 5 }), (offers, max) => {
        const s = selectOffers(
          input({ offers: offers.map((o) => offer(o)), settings: { ...settings, maxSuggestions: max } }),
        );
        const shown = ids(s);
        expect(shown.length).toBeLessThanOrEqual(max);
        expect(new Set(shown).size).toBe(shown.length);
        expect(shown).not.toContain(TENT);
        expect(new Set(s.offers.map((o) => o.type)).size).toBeLessThanOrEqual(1);
        for (const o of s.offers) expect(o.items.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe("renderCopy", () => {
  it("replaces every {product} and falls back to 'your order'", () => {
    expect(renderCopy("{product} + {product}", "Tent")).toBe("Tent + Tent");
    expect(renderCopy("Goes well with { product }", null)).toBe("Goes well with your order");
  });
});
