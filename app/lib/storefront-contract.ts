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

/**
 * What the theme blocks know before any request, so that a block decides before it reserves space
 * whether it shows anything and in which layout (zero layout shift on a first view too). The app
 * writes it into its app-data metafields (`app.metafields.pairwise.storefront`, and the list `z`
 * as `app.metafields.pairwise.empty`); the blocks print `StorefrontFacts` into data-facts and the
 * inline boot script computes the visitor's holdout and arms from the visitor id, as the server does.
 */
export interface StorefrontFacts {
  /** the shop's holdout, percent of visitors (0–100) */
  h: number;
  /** what the merchant set per widget placement: layout, or 1 = shows nothing */
  l: Partial<Record<WidgetPlacement, { layout?: "grid" | "list"; hide?: 1 }>>;
  /** running placement experiments on a widget placement: id, placement, variants [key, weight, layout, hide] */
  x: [string, WidgetPlacement, [string, number, "grid" | "list" | null, 0 | 1][]][];
}

/** Product-page blocks with nothing to show for a visitor without history: `<kind>:<productId>`, kind a (any offer), c (cross-sell), u (upsell), b (bundle). */
export type EmptyBlocks = string[];
