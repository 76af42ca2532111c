// Which merchant offers apply to a context: status, schedule, placement, audience, declines and
// the trigger (products, collections, product_type, tag, any, cart_subtotal).
import type { CatalogProduct, ProductId } from "../types";
import type { OfferContext, OfferDefinition } from "./types";

/** The products a context is about: the viewed product first, then the cart/order lines. */
export function contextProductIds(ctx: Pick<OfferContext, "productId" | "cart">): ProductId[] {
  const ids: ProductId[] = [];
  if (ctx.productId) ids.push(ctx.productId);
  for (const l of ctx.cart?.lines ?? []) if (!ids.includes(l.productId)) ids.push(l.productId);
  return ids;
}

const norm = (s: string) => s.trim().toLowerCase();

function toMs(d: Date | number | null): number | null {
  if (d == null) return null;
  return typeof d === "number" ? d : d.getTime();
}

/** True while an offer is active and inside its schedule (startsAt inclusive, endsAt exclusive). */
export function isLive(offer: Pick<OfferDefinition, "status" | "startsAt" | "endsAt">, now: number): boolean {
  if (offer.status !== "active") return false;
  const start = toMs(offer.startsAt);
  const end = toMs(offer.endsAt);
  return (start == null || now >= start) && (end == null || now < end);
}

/** True when the cart subtotal is within the offer's [min, max] range (either bound optional). */
export function subtotalInRange(
  offer: Pick<OfferDefinition, "cartSubtotalMin" | "cartSubtotalMax">,
  subtotal: number,
): boolean {
  return (
    (offer.cartSubtotalMin == null || subtotal >= offer.cartSubtotalMin) &&
    (offer.cartSubtotalMax == null || subtotal <= offer.cartSubtotalMax)
  );
}

/**
 * The context products that trigger an offer (empty = the offer does not apply).
 * For "any" and "cart_subtotal" every context product is a trigger. A subtotal range set on an
 * offer of another trigger type is an extra condition when a cart is known; "cart_subtotal" needs a cart.
 */
export function matchTrigger(
  offer: Pick<OfferDefinition, "triggerType" | "triggerValues" | "cartSubtotalMin" | "cartSubtotalMax">,
  ctx: Pick<OfferContext, "productId" | "cart">,
  catalog: ReadonlyMap<ProductId, CatalogProduct>,
): ProductId[] {
  const ids = contextProductIds(ctx);
  const hasRange = offer.cartSubtotalMin != null || offer.cartSubtotalMax != null;
  if (offer.triggerType === "cart_subtotal") {
    if (!ctx.cart || !subtotalInRange(offer, ctx.cart.subtotal)) return [];
    return ids;
  }
  if (hasRange && ctx.cart && !subtotalInRange(offer, ctx.cart.subtotal)) return [];
  if (offer.triggerType === "any") return ids;
  const values = new Set(offer.triggerValues.map(norm));
  return ids.filter((id) => {
    if (offer.triggerType === "products") return values.has(norm(id));
    const p = catalog.get(id);
    if (!p) return false;
    switch (offer.triggerType) {
      case "collections":
        return p.collections.some((c) => values.has(norm(c)));
      case "product_type":
        return p.productType !== "" && values.has(norm(p.productType));
      case "tag":
        return p.tags.some((t) => values.has(norm(t)));
      default:
        return false;
    }
  });
}
