// Attribution: an order line added through an offer carries the hidden `_pairwise` property (the
// offer id, or "auto" for automatic recommendations); it becomes an Attribution row with its
// revenue net of discounts and, as refunds arrive, of refunds. The order's exposure follows the
// visitor id the widget put on the cart: the visitor's holdout assignment decides "control" or
// "exposed" (intention to treat: the groups are as assigned, whether or not offers were seen).
// A line added after payment by a post-purchase offer carries no property: it is the line of the
// variant whose changeset Pairwise signed for this order (PostPurchaseOffer linked to the order by
// its checkout token), attributed to that offer the same way.
// The variant travels onto the line: the arm of the experiment on its offer, else of the experiment
// on the placement the line was accepted in — post-purchase for a line added after payment, else
// the surface of that visitor's latest acceptance of that product of that offer before the order
// (domain/metrics/placements.ts, the dashboard's rule). A line no acceptance explains joins no
// placement experiment.
import db from "../../db.server";
import { armOf, isInHoldout } from "../../domain/experiments/index";
import { startedExperimentsOn } from "../storefront/experiments.server";
import { lineRevenue } from "../../domain/metrics/index";
import { linePlacements, PLACEMENT_WINDOW_MS, PLACING_EVENT_TYPES } from "../../domain/metrics/placements";
import type { Placement } from "../../domain/types";

export async function attributeOrder(shop: string, orderShopifyId: string): Promise<{ attributed: number } | null> {
  const order = await db.order.findUnique({
    where: { shop_shopifyId: { shop, shopifyId: orderShopifyId } },
    include: { lines: true, attributions: true },
  });
  if (!order) return null;
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { holdoutPercent: true } });

  if (order.visitorId && !order.exposure && shopRow) {
    const exposure = isInHoldout(order.visitorId, shop, shopRow.holdoutPercent) ? "control" : "exposed";
    await db.order.update({ where: { id: order.id }, data: { exposure } });
  }

  const postPurchase = await db.postPurchaseOffer.findMany({
    where: { shop, orderShopifyId, changesetJti: { not: null } },
    select: { variantId: true, offerId: true, visitorId: true },
  });
  const addedAfterPayment = new Map(postPurchase.map((p) => [p.variantId, p.offerId ?? "auto"]));
  // post-purchase offers are assigned by the purchase's own visitor (purchaseVisitor), not the cart's
  const postPurchaseVisitor = new Map(postPurchase.map((p) => [p.variantId, p.visitorId]));
  const offerOf = (l: (typeof order.lines)[number]) =>
    l.offerId ?? (l.variantId ? addedAfterPayment.get(l.variantId) : undefined) ?? null;
  const offered = order.lines.filter((l) => offerOf(l));
  const claimedIds = [...new Set(offered.map((l) => offerOf(l)!).filter((id) => id !== "auto"))];
  const known = new Set(
    claimedIds.length
      ? (await db.offer.findMany({ where: { shop, id: { in: claimedIds } }, select: { id: true } })).map((o) => o.id)
      : [],
  );
  // The variant travels onto the order: the arm of the experiment live on the line's offer when the
  // order was placed, computed from the visitor id exactly as when the offer was served.
  const experiments = await startedExperimentsOn(shop, [...known], order.createdAt);
  const placementOf = await placementsOfLines(shop, order, offered, offerOf, addedAfterPayment, experiments);
  // The line added after payment is tagged with its offer like a line added from the storefront,
  // so every figure read from order lines (dashboard, offer pages) counts it the same way.
  for (const line of offered) {
    if (line.offerId == null) await db.orderLine.update({ where: { id: line.id }, data: { offerId: offerOf(line) } });
  }
  let attributed = 0;
  for (const line of offered) {
    // A property naming an offer this shop does not have is not trusted (shoppers can edit properties).
    const offerId = offerOf(line)!;
    if (offerId !== "auto" && !known.has(offerId)) continue;
    const { net, refunded } = lineRevenue(line);
    const data = {
      offerId: offerId === "auto" ? null : offerId,
      productId: line.productId,
      quantity: line.quantity,
      revenue: net,
      refundedRevenue: refunded,
      ...(armOf(
        experiments,
        offerId === "auto" ? null : offerId,
        (line.variantId && postPurchaseVisitor.get(line.variantId)) || order.visitorId,
        order.createdAt.getTime(),
        placementOf.get(line.id),
      ) ?? { experimentId: null, variant: null }),
    };
    await db.attribution.upsert({
      where: { orderLineId: line.id },
      create: { shop, orderId: order.id, orderLineId: line.id, ...data, attributedAt: order.createdAt },
      update: data,
    });
    attributed++;
  }
  const keep = new Set(offered.map((l) => l.id));
  const stale = order.attributions.filter((a) => !keep.has(a.orderLineId)).map((a) => a.id);
  if (stale.length) await db.attribution.deleteMany({ where: { id: { in: stale } } });
  return { attributed };
}

type AttributedOrder = { visitorId: string | null; createdAt: Date };
type OfferLine = { id: string; productId: string | null; variantId: string | null };

/**
 * The placement each offer line was accepted in, read only when a placement experiment was live
 * when the order was placed: post-purchase for a line added after payment, else the surface of the
 * order visitor's latest acceptance (add, accept or click) of that product of that offer within
 * PLACEMENT_WINDOW_MS before the order.
 */
async function placementsOfLines<L extends OfferLine>(
  shop: string,
  order: AttributedOrder,
  lines: readonly L[],
  offerOf: (l: L) => string | null,
  addedAfterPayment: ReadonlyMap<string, string>,
  experiments: readonly { offerId: string | null }[],
): Promise<Map<string, Placement | null>> {
  const out = new Map<string, Placement | null>();
  if (!experiments.some((e) => !e.offerId) || lines.length === 0) return out;
  const fromStorefront = lines.filter((l) => !(l.variantId && addedAfterPayment.has(l.variantId)));
  for (const l of lines) if (!fromStorefront.includes(l)) out.set(l.id, "post_purchase");
  if (!order.visitorId || fromStorefront.length === 0) return out;
  const at = order.createdAt.getTime();
  const events = await db.event.findMany({
    where: {
      shop,
      visitorId: order.visitorId,
      type: { in: [...PLACING_EVENT_TYPES] },
      occurredAt: { gte: new Date(at - PLACEMENT_WINDOW_MS), lte: order.createdAt },
    },
    select: { productId: true, offerId: true, placement: true, occurredAt: true },
  });
  const placed = linePlacements(
    fromStorefront.map((l) => ({
      offerId: offerOf(l),
      productId: l.productId,
      visitorId: order.visitorId,
      orderedAt: at,
      quantity: 0,
      price: 0,
      discount: 0,
      refundedQuantity: 0,
    })),
    events.map((e) => ({
      visitorId: order.visitorId!,
      productId: e.productId,
      offerId: e.offerId,
      placement: e.placement as Placement,
      occurredAt: e.occurredAt.getTime(),
    })),
  );
  fromStorefront.forEach((l, i) => out.set(l.id, placed[i]));
  return out;
}

/**
 * orders/create and orders/updated: the order whose checkout token is a purchase's reference id
 * is that purchase; its signed post-purchase offers are linked to it, so the lines they added are
 * attributed (attribution.server.ts).
 */
export async function linkPostPurchaseOrder(
  shop: string,
  order: { id: string; checkoutToken: string | null },
): Promise<number> {
  const refs = [order.checkoutToken, order.id].filter((r): r is string => !!r);
  const linked = await db.postPurchaseOffer.updateMany({
    where: { shop, referenceId: { in: refs }, changesetJti: { not: null }, orderShopifyId: null },
    data: { orderShopifyId: order.id },
  });
  return linked.count;
}
