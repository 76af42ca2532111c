// Post-purchase offers (the one-click upsell between payment and the thank-you page):
//  - which products to offer, one after another: the slot selection's items in order, up to the
//    merchant's limit per order (each with its own offer's discount);
//  - the changeset Shopify applies: one `add_variant` change with the discount as Shopify's
//    post-purchase API expects it (`percentage` in percent, `fixed_amount` in the shop's currency);
//  - whether a changeset may be signed for a request: only for a product served for this purchase,
//    with the variant, quantity and discount that were offered, and only once.
import type { ProductId, VariantId } from "../types";
import type { DiscountType } from "./pricing";
import type { Selection, ShownItem, ShownOffer } from "./types";

/** How many units of an offered product a customer may add after payment. */
export const MAX_POST_PURCHASE_QUANTITY = 5;
/** The merchant's limit of offers per order is bounded to this. */
export const MAX_POST_PURCHASE_LIMIT = 3;

export interface PostPurchasePick {
  offer: ShownOffer;
  item: ShownItem;
}

/** The products to offer after payment, in the order they are shown: at most `limit`, distinct. */
export function postPurchasePicks(selection: Selection, limit: number): PostPurchasePick[] {
  const max = Math.max(0, Math.min(MAX_POST_PURCHASE_LIMIT, Math.floor(limit)));
  const picks: PostPurchasePick[] = [];
  const seen = new Set<ProductId>();
  for (const offer of selection.offers) {
    for (const item of offer.items) {
      if (picks.length >= max) return picks;
      if (seen.has(item.productId) || !item.variantId) continue;
      seen.add(item.productId);
      picks.push({ offer, item });
    }
  }
  return picks;
}

/** Shopify's ExplicitDiscount of a post-purchase `add_variant` change. */
export interface ChangesetDiscount {
  value: number;
  valueType: "percentage" | "fixed_amount";
  title: string;
}

/** Shopify's `add_variant` change (ids are numbers in the post-purchase API). */
export interface AddVariantChange {
  type: "add_variant";
  variantId: number;
  quantity: number;
  discount?: ChangesetDiscount;
}

/**
 * The changeset discount of an offer discount: percent stays percent (clamped to 0..100), a fixed
 * discount in cents becomes an amount in the shop's currency (2 decimals). None for no discount.
 */
export function changesetDiscount(type: DiscountType, value: number, title: string): ChangesetDiscount | null {
  if (type === "none" || !(value > 0)) return null;
  if (type === "percent") return { value: Math.min(100, value), valueType: "percentage", title };
  return { value: Math.round(value) / 100, valueType: "fixed_amount", title };
}

/** What was served for one product of one purchase (the stored row). */
export interface ServedPostPurchaseOffer {
  variantId: VariantId;
  status: "offered" | "accepted" | "declined";
  changesetJti: string | null;
  maxQuantity: number;
  discountType: DiscountType;
  discountValue: number;
}

/** What the extension asks to have signed. */
export interface ChangesetRequest {
  variantId: VariantId;
  quantity: number;
  discount: { value: number; valueType: string } | null;
}

export type ChangesetRefusal =
  | "not_offered"
  | "declined"
  | "already_signed"
  | "variant_not_offered"
  | "quantity_not_allowed"
  | "discount_not_configured";

/** Human-readable reasons, for the 4xx answers. */
export const CHANGESET_REFUSALS: Record<ChangesetRefusal, string> = {
  not_offered: "this product was not offered for this purchase",
  declined: "this offer was declined",
  already_signed: "a changeset was already signed for this offer",
  variant_not_offered: "this variant was not offered for this purchase",
  quantity_not_allowed: "quantity outside what was offered",
  discount_not_configured: "the discount differs from the one the merchant configured",
};

const sameDiscount = (a: ChangesetRequest["discount"], b: ChangesetDiscount | null) =>
  a == null || b == null ? a == null && b == null : a.valueType === b.valueType && Math.abs(a.value - b.value) < 1e-9;

/**
 * The change to sign for a request, or why it must be refused: the product must have been served
 * for this purchase (and not declined or already signed), the variant must be the one served,
 * the quantity within what was offered, and the discount exactly the merchant's.
 */
export function changeToSign(
  served: ServedPostPurchaseOffer | null,
  request: ChangesetRequest,
  discountTitle: string,
): { ok: true; change: AddVariantChange } | { ok: false; reason: ChangesetRefusal } {
  if (!served) return { ok: false, reason: "not_offered" };
  if (served.status === "declined") return { ok: false, reason: "declined" };
  if (served.status === "accepted" || served.changesetJti) return { ok: false, reason: "already_signed" };
  if (served.variantId !== request.variantId) return { ok: false, reason: "variant_not_offered" };
  if (!Number.isInteger(request.quantity) || request.quantity < 1 || request.quantity > served.maxQuantity) {
    return { ok: false, reason: "quantity_not_allowed" };
  }
  const discount = changesetDiscount(served.discountType, served.discountValue, discountTitle);
  if (!sameDiscount(request.discount, discount)) return { ok: false, reason: "discount_not_configured" };
  const change: AddVariantChange = {
    type: "add_variant",
    variantId: Number(served.variantId),
    quantity: request.quantity,
  };
  if (discount) change.discount = discount;
  return { ok: true, change };
}

/** Units a customer may add: up to MAX_POST_PURCHASE_QUANTITY, never more than the stock above the low-stock floor. */
export function postPurchaseMaxQuantity(
  inventory: { tracked: boolean; quantity: number | null | undefined },
  lowStockThreshold: number,
): number {
  if (!inventory.tracked) return MAX_POST_PURCHASE_QUANTITY;
  const spare = (inventory.quantity ?? 0) - Math.max(0, lowStockThreshold - 1);
  return Math.max(1, Math.min(MAX_POST_PURCHASE_QUANTITY, spare));
}
