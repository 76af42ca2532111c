// Attribution: an order line added through an offer carries the hidden `_pairwise` property (the
// offer id, or "auto" for automatic recommendations); it becomes an Attribution row with its
// revenue net of discounts and, as refunds arrive, of refunds. The order's exposure follows the
// visitor id the widget put on the cart: the visitor's holdout assignment decides "control" or
// "exposed" (intention to treat: the groups are as assigned, whether or not offers were seen).
// A line added after payment by a post-purchase offer carries no property: it is the line of the
// variant whose changeset Pairwise signed for this order (PostPurchaseOffer linked to the order by
// its checkout token), attributed to that offer the same way.
import db from "../../db.server";
import { armOf, isInHoldout } from "../../domain/experiments/index";
import { startedExperimentsOn } from "../storefront/experiments.server";
import { lineRevenue } from "../../domain/metrics/index";

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
  const experiments = await startedExperimentsOn(shop, [...known]);
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
