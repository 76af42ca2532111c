// Shapes exchanged with the app proxy (`/apps/pairwise/*`). The server writes to this contract;
// the widget never trusts it and runs every response through sanitize.ts first.

export type Placement = "product" | "cart";
export type DiscountType = "none" | "percent" | "fixed";

/** percent: value is a percentage (0–100); fixed: value is cents off; none: value is 0. */
export interface Discount {
  type: DiscountType;
  value: number;
}

export interface OfferVariant {
  id: string;
  title: string;
  price: number; // cents
  available: boolean;
}

export interface OfferItem {
  productId: string;
  variantId: string;
  title: string;
  handle: string;
  url: string;
  imageUrl: string | null;
  price: number; // cents
  compareAtPrice: number | null; // cents
  discountedPrice: number; // cents
  available: boolean;
  variants: OfferVariant[];
  token: string; // opaque tracking token, echoed back in events
}

export interface OfferSlot {
  slotId: string;
  offerId: string | null; // null = automatic recommendations
  type: "cross_sell" | "upsell";
  headline: string;
  body: string;
  discount: Discount;
  items: OfferItem[];
}

export interface OfferBundle {
  offerId: string | null;
  anchor: OfferItem;
  items: OfferItem[];
  discount: Discount;
}

export interface ProxyOffersResponse {
  context: Placement;
  currency: string;
  moneyFormat: string;
  holdout: boolean;
  slots: OfferSlot[];
  bundle: OfferBundle | null;
  freeShipping: null | { threshold: number; remaining: number }; // cents
}

export type EventType = "impression" | "click" | "add" | "decline";

export interface PairwiseEvent {
  id: string;
  type: EventType;
  offerId: string | null;
  productId: string;
  placement: Placement;
  token: string;
  at: number; // ms since epoch
}

/** What the widget asks the app for: the viewed product, or the cart's variants. */
export type OffersQuery =
  | { context: "product"; productId: string; bundle?: number } // bundle: companions the page's bundle block shows
  | { context: "cart"; variantIds: string[]; subtotal?: number }; // subtotal: cart total_price, cents
