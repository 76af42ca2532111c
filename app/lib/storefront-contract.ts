// The app proxy's answers and the events the widget sends back: one definition, written by the
// server (services/storefront) and imported type-only by the storefront widget
// (extensions/pairwise-theme/src), which never trusts an answer and sanitizes it first.
// Money is integer cents in the shop's currency.

/** Where the theme widget asks for offers and reports events from. */
export type WidgetPlacement = "product" | "cart";
/** Where an offer request comes from: the theme widget (product, cart) or the checkout extension. */
export type StorefrontPlacement = WidgetPlacement | "checkout" | "thank_you";
export type DiscountType = "none" | "percent" | "fixed";

/** percent: value is a percentage (0–100); fixed: value is cents off; none: value is 0. */
export interface Discount {
  type: DiscountType;
  value: number;
}

export interface OfferVariant {
  id: string;
  title: string;
  /** cents */
  price: number;
  available: boolean;
}

export interface OfferItem {
  productId: string;
  variantId: string;
  title: string;
  handle: string;
  url: string;
  imageUrl: string | null;
  /** cents */
  price: number;
  compareAtPrice: number | null;
  discountedPrice: number;
  available: boolean;
  variants: OfferVariant[];
  /** opaque tracking token, echoed back in events */
  token: string;
}

export interface OfferSlot {
  slotId: string;
  /** null = the shop's automatic recommendations */
  offerId: string | null;
  type: "cross_sell" | "upsell";
  headline: string;
  body: string;
  discount: Discount;
  /** how to lay the items out (an offer's setting or the visitor's experiment arm); absent: the block's own */
  layout?: "grid" | "list";
  items: OfferItem[];
}

/** "Frequently bought together": a merchant bundle (bundleId) or the product with its top cross-sells. */
export interface OfferBundle {
  offerId: string | null;
  bundleId: string | null;
  anchor: OfferItem;
  items: OfferItem[];
  discount: Discount;
  /** the anchor and every companion at full price, cents */
  total: number;
  /** what the complete set costs with the bundle discount, cents */
  discounted: number;
  saving: number;
}

/** GET /apps/pairwise/offers */
export interface ProxyOffersResponse<P extends StorefrontPlacement = StorefrontPlacement> {
  context: P;
  currency: string;
  moneyFormat: string;
  holdout: boolean;
  slots: OfferSlot[];
  bundle: OfferBundle | null;
  /** cents */
  freeShipping: null | { threshold: number; remaining: number };
}

export type StorefrontEventType = "impression" | "click" | "add" | "decline";

/** One event of POST /apps/pairwise/events (validated by eventsBatchSchema in storefront-schemas.ts). */
export interface StorefrontEvent {
  id: string;
  type: StorefrontEventType;
  offerId: string | null;
  productId: string;
  placement: WidgetPlacement;
  token: string;
  /** ms since epoch */
  at: number;
}
