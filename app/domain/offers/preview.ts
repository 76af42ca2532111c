// The merchant's preview of an offer "recommended automatically": the products selectOffers
// serves a shopper for that offer — an anonymous visitor who has declined nothing, on the trigger
// product's page (with several trigger products, a cart holding them all). Same stored
// recommendations, same business rules (stock, exclusions, relevance threshold, minimum lift),
// same cap: what the merchant sees is what shoppers are served.
import type { OfferType, ProductId } from "../types";
import { selectOffers, type SelectInput } from "./select";
import type { OfferContext, OfferDefinition, ShownItem } from "./types";

export interface RecommendedPreviewInput extends Omit<SelectInput, "context" | "offers" | "autoRecommendations"> {
  type: OfferType;
  triggerProductIds: readonly ProductId[];
  minLift: number | null;
  /** at most this many products (the storefront also caps at the shop's maxSuggestions) */
  limit: number;
  /** ms since epoch */
  now: number;
}

export function previewRecommendedOffer(input: RecommendedPreviewInput): ShownItem[] {
  const ids = [...new Set(input.triggerProductIds)];
  if (ids.length === 0) return [];
  const placement = ids.length === 1 ? "product" : "cart";
  const offer: OfferDefinition = {
    id: "preview",
    name: "",
    type: input.type,
    status: "active",
    triggerType: "products",
    triggerValues: ids,
    cartSubtotalMin: null,
    cartSubtotalMax: null,
    offerSource: "recommended",
    offeredProductIds: [],
    minLift: input.minLift,
    placements: [placement],
    discountType: "none",
    discountValue: 0,
    headline: "",
    body: "",
    audience: "all",
    excludeHighReturn: false,
    startsAt: null,
    endsAt: null,
    priority: 0,
    maxSuggestions: input.limit,
  };
  const context: OfferContext = {
    placement,
    productId: placement === "product" ? ids[0] : null,
    cart: placement === "cart" ? { lines: ids.map((productId) => ({ productId, quantity: 1 })), subtotal: 0 } : null,
    customer: null,
    visitor: { declinedOfferIds: [], declinedProductIds: [], offerImpressionsToday: {} },
    assignment: { holdout: false, experiment: null },
    now: input.now,
  };
  const { type: _type, triggerProductIds: _ids, minLift: _minLift, limit: _limit, now: _now, ...rest } = input;
  const selection = selectOffers({ ...rest, context, offers: [offer], autoRecommendations: false });
  return selection.offers[0]?.items ?? [];
}
