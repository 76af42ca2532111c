// Offers for the checkout UI extension: the same selection as the storefront's (serveOffers: shop
// snapshot, business rules, declines, what the customer owns, holdout, frequency cap, the offers
// the merchant placed at "checkout" or "thank_you"), shaped for the extension: one slot's items,
// at most the extension's `max_items`.
import type { CheckoutPlacement } from "../../lib/checkout-schemas";
import type { Discount, OfferItem } from "../../lib/storefront-contract";
import { serveOffers } from "../storefront/serve-offers.server";

export interface CheckoutOffersQuery {
  shop: string;
  placement: CheckoutPlacement;
  variantIds: string[];
  subtotal?: number;
  visitorId: string;
  customerId: string | null;
  max: number;
  now?: number;
}

export interface CheckoutOffersResponse {
  placement: CheckoutPlacement;
  currency: string;
  /** the visitor is in the control group: nothing is shown, by design */
  holdout: boolean;
  offer: null | {
    slotId: string;
    type: "cross_sell" | "upsell";
    /** the leading offer's copy */
    headline: string;
    body: string;
    /** each item names the offer it came from (events and the `_pairwise` line attribute carry it) */
    items: (Omit<OfferItem, "variants" | "url"> & { offerId: string | null; discount: Discount })[];
  };
}

/** Null when the shop is unknown to Pairwise. */
export async function serveCheckoutOffers(
  query: CheckoutOffersQuery,
  secret: string,
): Promise<CheckoutOffersResponse | null> {
  const answer = await serveOffers(
    {
      shop: query.shop,
      context: query.placement,
      variantIds: query.variantIds,
      subtotal: query.subtotal,
      visitorId: query.visitorId,
      customerId: query.customerId,
      now: query.now,
    },
    secret,
  );
  if (!answer) return null;
  const base = { placement: query.placement, currency: answer.currency, holdout: answer.holdout, offer: null };
  // Slots of one answer share one offer type; the first is the leading offer, the others fill up to max.
  const first = answer.slots[0];
  if (!first) return base;
  const items = answer.slots
    .flatMap((slot) =>
      slot.items.map(({ variants: _variants, url: _url, ...item }) => ({
        ...item,
        offerId: slot.offerId,
        discount: slot.discount,
      })),
    )
    .filter((item) => item.available)
    .slice(0, query.max);
  if (items.length === 0) return base;
  return {
    ...base,
    offer: { slotId: first.slotId, type: first.type, headline: first.headline, body: first.body, items },
  };
}
