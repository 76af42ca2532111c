// What both targets share: the app's offers endpoint and events, visitor ids, Shopify gids.
// Plain functions over the few host values they need, so they are tested without a host.

/** An item as /api/checkout/offers serves it (money in the shop currency's minor units). */
export interface OfferItem {
  productId: string;
  variantId: string;
  offerId: string | null;
  title: string;
  handle: string;
  imageUrl: string | null;
  price: number;
  compareAtPrice: number | null;
  discountedPrice: number;
  available: boolean;
  token: string;
}

export interface OffersAnswer {
  placement: Placement;
  currency: string;
  holdout: boolean;
  offer: null | { slotId: string; type: "cross_sell" | "upsell"; headline: string; body: string; items: OfferItem[] };
}

export type Placement = "checkout" | "thank_you";
export type EventType = "impression" | "click" | "add" | "decline";

/** The line attributes the theme widget sets too: attribution reads `_pairwise` from the order line. */
export const OFFER_ATTRIBUTE = "_pairwise";
export const TOKEN_ATTRIBUTE = "_pairwise_token";
export const VISITOR_ATTRIBUTE = "_pairwise_visitor";

declare const process: { env: Record<string, string | undefined> };

/**
 * The app's origin, fixed when the bundle is built (`PAIRWISE_APP_URL`, which esbuild and
 * Shopify CLI substitute). Empty: the page's own origin (the local demo serves both).
 */
export function appUrl(): string {
  try {
    return (process.env.PAIRWISE_APP_URL ?? "").replace(/\/$/, "");
  } catch {
    return "";
  }
}

/** "gid://shopify/ProductVariant/123" → "123" (null for anything else). */
export function numericId(gid: string | undefined | null, type: string): string | null {
  const match = new RegExp(`^gid://shopify/${type}/(\\d{1,20})$`).exec(gid ?? "");
  return match ? match[1] : null;
}

export function variantGid(variantId: string): string {
  return `gid://shopify/ProductVariant/${variantId}`;
}

const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;

function randomId(length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

let fallbackVisitor: string | null = null;

/**
 * The shopper's visitor id: the one the theme widget put on the cart (`_pairwise_visitor`), so
 * declines, caps and the holdout group follow the shopper from the storefront into checkout;
 * otherwise one derived from the checkout token (stable for this checkout and its thank-you page).
 */
export function visitorIdFrom(
  attributes: readonly { key: string; value: string }[] | undefined,
  checkoutToken: string | undefined | null,
): string {
  const fromCart = attributes?.find((a) => a.key === VISITOR_ATTRIBUTE)?.value;
  if (fromCart && VISITOR_ID.test(fromCart)) return fromCart;
  const fromToken = (checkoutToken ?? "").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 60);
  if (fromToken.length >= 8) return `ck_${fromToken}`;
  return (fallbackVisitor ??= `ck_${randomId(24)}`);
}

export interface OffersRequest {
  placement: Placement;
  variantIds: string[];
  /** minor units */
  subtotal?: number;
  visitorId: string;
  /** the checkout's token: the app remembers the visitor of this checkout for the post-purchase page */
  checkoutToken?: string | null;
  max: number;
  sessionToken: () => Promise<string>;
}

/** The offers for this checkout or order, or null when there are none or the app cannot be reached. */
export async function fetchOffers(request: OffersRequest): Promise<OffersAnswer | null> {
  if (request.variantIds.length === 0) return null;
  const params = new URLSearchParams({
    placement: request.placement,
    variant_ids: request.variantIds.slice(0, 100).join(","),
    visitor_id: request.visitorId,
    max: String(Math.min(3, Math.max(1, Math.round(request.max) || 3))),
  });
  const checkout = (request.checkoutToken ?? "").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 100);
  if (checkout.length >= 8) params.set("checkout_token", checkout);
  if (request.subtotal !== undefined && Number.isFinite(request.subtotal))
    params.set("subtotal", String(Math.max(0, Math.round(request.subtotal))));
  try {
    const token = await request.sessionToken();
    const response = await fetch(`${appUrl()}/api/checkout/offers?${params}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) return null;
    const answer = (await response.json()) as OffersAnswer;
    return answer && typeof answer === "object" ? answer : null;
  } catch {
    return null;
  }
}

/** Sends events (fire and forget: a lost event never blocks the shopper). */
export async function sendEvents(
  sessionToken: () => Promise<string>,
  visitorId: string,
  placement: Placement,
  type: EventType,
  items: readonly OfferItem[],
): Promise<void> {
  if (items.length === 0) return;
  const at = Date.now();
  const events = items.map((item) => ({
    id: randomId(20),
    type,
    offerId: item.offerId ?? "auto",
    productId: item.productId,
    placement,
    token: item.token,
    at,
  }));
  try {
    const token = await sessionToken();
    await fetch(`${appUrl()}/api/checkout/events`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ visitorId, events }),
      keepalive: true,
    });
  } catch {
    // Nothing to do: the offer still works without its figure.
  }
}

/** Money in minor units → the amount `formatCurrency` takes. */
export function toAmount(minor: number): number {
  return Math.round(minor) / 100;
}

/** A merchant setting from the toml, or undefined when it is not set. */
export function setting(settings: object, key: string): unknown {
  return key in settings ? (settings as Record<string, unknown>)[key] : undefined;
}

/** The `max_items` setting: 1 to 3, 3 when unset. */
export function maxItems(settings: object): number {
  const value = setting(settings, "max_items");
  return typeof value === "number" && Number.isFinite(value) ? Math.min(3, Math.max(1, Math.round(value))) : 3;
}

/** A text setting, trimmed ("" when unset). */
export function textSetting(settings: object, key: string): string {
  const value = setting(settings, key);
  return typeof value === "string" ? value.trim() : "";
}
