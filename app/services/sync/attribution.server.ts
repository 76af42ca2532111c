// Attribution: an order line added through an offer carries the hidden `_pairwise` property (the
// offer id, or "auto" for automatic recommendations); it becomes an Attribution row with its
// revenue net of discounts and, as refunds arrive, of refunds. The order's exposure follows the
// visitor id the widget put on the cart: the visitor's holdout assignment decides "control" or
// "exposed" (intention to treat: the groups are as assigned, whether or not offers were seen).
import type { PrismaClient } from "../../generated/prisma/client";
import { isInHoldout } from "../../domain/experiments/index";
import { lineRevenue } from "../../domain/metrics/index";

export async function attributeOrder(db: PrismaClient, shop: string, orderShopifyId: string): Promise<{ attributed: number } | null> {
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

  const offered = order.lines.filter((l) => l.offerId);
  const claimedIds = [...new Set(offered.map((l) => l.offerId!).filter((id) => id !== "auto"))];
  const known = new Set(
    claimedIds.length ? (await db.offer.findMany({ where: { shop, id: { in: claimedIds } }, select: { id: true } })).map((o) => o.id) : [],
  );
  let attributed = 0;
  for (const line of offered) {
    // A property naming an offer this shop does not have is not trusted (shoppers can edit properties).
    if (line.offerId !== "auto" && !known.has(line.offerId!)) continue;
    const { net, refunded } = lineRevenue(line);
    const data = {
      offerId: line.offerId === "auto" ? null : line.offerId,
      productId: line.productId,
      quantity: line.quantity,
      revenue: net,
      refundedRevenue: refunded,
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
