// A new shop's business rules: the column defaults of the Prisma `Shop` model
// (test/unit/evaluation/demo-shop.test.ts checks that the two agree), and the one definition of
// the frequency cap.
import type { ShopSettings } from "./types";

/**
 * The frequency cap limits interruptions, not the shop's own content: a visitor sees the same
 * product from the same merchant offer (a campaign, in any placement) at most this many times a
 * day. The automatic suggestions ("Frequently bought together", "You may also like", the cart's
 * suggestions) are part of the page and are never capped. 0 = no cap.
 */
export const FREQUENCY_CAP = { min: 0, max: 100, default: 3 } as const;

export const DEFAULT_SHOP_SETTINGS: Readonly<ShopSettings> = {
  relevanceThreshold: 0.15,
  maxSuggestions: 3,
  lowStockThreshold: 2,
  marginPreference: 0.3,
  frequencyCapPerDay: FREQUENCY_CAP.default,
  holdoutPercent: 10,
  excludedProductIds: [],
  excludedTags: [],
  freeShippingThreshold: null,
  highReturnRate: 0.3,
};

/** Key of one visitor's impressions of one product of one merchant offer (see FREQUENCY_CAP). */
export const capKey = (offerId: string, productId: string): string => `${offerId}|${productId}`;

/** True when the visitor has seen this product of this merchant offer as often as the cap allows today. */
export function isCapped(
  cap: number,
  impressions: Readonly<Record<string, number>>,
  offerId: string,
  productId: string,
): boolean {
  return cap > 0 && (impressions[capKey(offerId, productId)] ?? 0) >= cap;
}
