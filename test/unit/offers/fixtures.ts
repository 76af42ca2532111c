// Offer fixtures: the Prisma `Offer` row's fields with JSON columns parsed, and a shopper context.
import type { OfferContext, OfferDefinition, SelectInput, StoredRecommendation } from "../../../app/domain/offers";
import type { ShopSettings } from "../../../app/domain/types";
import { FOOTPRINT, LANTERN, STAKES, TENT, TENT_PRO, FUEL, outdoorCatalog } from "../ranking/catalog-fixture";
import { DEFAULT_SHOP_SETTINGS } from "../../../app/domain/settings";

export const NOW = Date.UTC(2026, 10, 26, 14, 0, 0);

/** An active cross-sell offer on the product page, defaults as in the schema. */
export function offer(over: Partial<OfferDefinition> = {}): OfferDefinition {
  return {
    id: "clx0offer00001",
    name: "Tent accessories",
    type: "cross_sell",
    status: "active",
    triggerType: "products",
    triggerValues: [TENT],
    cartSubtotalMin: null,
    cartSubtotalMax: null,
    offerSource: "manual",
    offeredProductIds: [STAKES, FOOTPRINT],
    minLift: null,
    placements: ["product"],
    discountType: "none",
    discountValue: 0,
    headline: "",
    body: "",
    audience: "all",
    excludeHighReturn: true,
    startsAt: null,
    endsAt: null,
    priority: 0,
    maxSuggestions: null,
    ...over,
  };
}

export const settings: ShopSettings = { ...DEFAULT_SHOP_SETTINGS, freeShippingThreshold: 7500 };

/** An anonymous visitor viewing the tent, not held out, nothing declined. */
export function context(over: Partial<OfferContext> = {}): OfferContext {
  return {
    placement: "product",
    productId: TENT,
    cart: null,
    customer: null,
    visitor: { declinedOfferIds: [], declinedProductIds: [], offerImpressionsToday: {} },
    assignment: { holdout: false },
    now: NOW,
    ...over,
  };
}

/** Recommendation rows as a mining run stored them for the tent. */
export const tentRecommendations: StoredRecommendation[] = [
  { productId: TENT, recommendedProductId: STAKES, kind: "cross_sell", source: "mined", score: 0.55, lift: 3.9 },
  { productId: TENT, recommendedProductId: FOOTPRINT, kind: "cross_sell", source: "mined", score: 0.49, lift: 4.6 },
  { productId: TENT, recommendedProductId: LANTERN, kind: "cross_sell", source: "blend", score: 0.2, lift: 1.04 },
  { productId: TENT, recommendedProductId: FUEL, kind: "cross_sell", source: "content", score: 0.05, lift: 0 },
  { productId: TENT, recommendedProductId: TENT_PRO, kind: "upsell", source: "content", score: 0.9, lift: 0 },
];

/** A full selectOffers input around the tent. */
export function input(over: Partial<SelectInput> = {}): SelectInput {
  return {
    context: context(),
    offers: [offer()],
    recommendations: tentRecommendations,
    catalog: outdoorCatalog(),
    settings,
    ...over,
  };
}
