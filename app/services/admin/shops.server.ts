// The Shop row: created on first authenticated visit, holds the merchant's settings.
import db from "../../db.server";
import { invalidateShop } from "../storefront/shop-snapshot.server";
import { rollupTotals } from "./rollups.server";

export async function ensureShop(domain: string, scopes: string) {
  const existing = await db.shop.findUnique({ where: { domain } });
  if (existing && !existing.uninstalledAt) return existing;
  const row = await db.shop.upsert({
    where: { domain },
    create: { domain, scopes, allOrdersAccess: scopes.split(",").includes("read_all_orders") },
    update: { uninstalledAt: null },
  });
  invalidateShop(domain); // installed again: served again
  return row;
}

/** What the dashboard shows about the shop's data, counted from the store (orders and lines: their daily rollups). */
export async function getShopOverview(shop: string) {
  const [row, products, { orders, orderLines }, activeOffers, recommendations, firstOrder, lastOrder, lastSync] =
    await Promise.all([
      db.shop.findUniqueOrThrow({ where: { domain: shop } }),
      db.product.count({ where: { shop } }),
      rollupTotals(shop),
      db.offer.count({ where: { shop, status: "active" } }),
      db.recommendation.count({ where: { shop } }),
      db.order.findFirst({ where: { shop }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
      db.order.findFirst({ where: { shop }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
      db.syncJob.findFirst({ where: { shop }, orderBy: { startedAt: "desc" } }),
    ]);
  return {
    shop: row,
    products,
    orders,
    orderLines,
    activeOffers,
    recommendations,
    ordersFrom: firstOrder?.createdAt ?? null,
    ordersTo: lastOrder?.createdAt ?? null,
    lastSync,
  };
}
