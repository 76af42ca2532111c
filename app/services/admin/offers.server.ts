// The merchant's offers: list with their measured figures, read, create, update, bulk status and
// delete. Every query is scoped by shop; a row of another shop is simply not found.
import { z } from "zod";
import db from "../../db.server";
import { textContains } from "../../lib/dialect.server";
import { parseList } from "../store-mapping.server";
import { invalidateShop, loadShopSnapshot, readRecommendations } from "../storefront/shop-snapshot.server";
import { previewRecommendedOffer } from "../../domain/offers";
import type { CatalogProduct } from "../../domain/types";
import { ACCEPTANCE_TYPES, attributedRevenue, refundWarning, type MetricOrderLine } from "../../domain/metrics/index";
import { offerColumns, type OfferInput } from "../../lib/forms/offer";

export { parseList };

export interface OfferFigures {
  impressions: number;
  acceptances: number;
  /** acceptances / impressions, null without impressions */
  acceptanceRate: number | null;
  /** attributed revenue, cents, net of discounts and refunds */
  revenue: number;
}

/** Impressions, acceptances (docs/metrics.md acceptance rate) and attributed revenue per offer id. */
export async function offerFigures(shop: string, offerIds: string[]): Promise<Map<string, OfferFigures>> {
  const out = new Map<string, OfferFigures>();
  if (offerIds.length === 0) return out;
  for (const id of offerIds) out.set(id, { impressions: 0, acceptances: 0, acceptanceRate: null, revenue: 0 });
  const [events, lines] = await Promise.all([
    db.event.groupBy({
      by: ["offerId", "type"],
      where: { shop, offerId: { in: offerIds }, type: { in: ["impression", ...ACCEPTANCE_TYPES] } },
      _count: { _all: true },
    }),
    db.orderLine.findMany({
      where: { shop, offerId: { in: offerIds }, order: { cancelledAt: null } },
      select: { offerId: true, quantity: true, price: true, discount: true, refundedQuantity: true },
    }),
  ]);
  for (const e of events) {
    const f = e.offerId ? out.get(e.offerId) : undefined;
    if (!f) continue;
    if (e.type === "impression") f.impressions += e._count._all;
    else f.acceptances += e._count._all;
  }
  const byOffer = new Map<string, MetricOrderLine[]>();
  for (const l of lines) {
    if (!l.offerId) continue;
    const list = byOffer.get(l.offerId) ?? [];
    list.push(l);
    byOffer.set(l.offerId, list);
  }
  for (const [id, f] of out) {
    f.acceptanceRate = f.impressions > 0 ? f.acceptances / f.impressions : null;
    f.revenue = attributedRevenue(byOffer.get(id) ?? []).net;
  }
  return out;
}

export const offerListFilterSchema = z.object({
  status: z.enum(["draft", "active", "paused", "archived"]).optional().catch(undefined),
  type: z.enum(["cross_sell", "upsell"]).optional().catch(undefined),
  placement: z.enum(["product", "cart", "checkout", "post_purchase", "thank_you"]).optional().catch(undefined),
  q: z.string().trim().max(120).optional().catch(undefined),
});
export type OfferListFilter = z.infer<typeof offerListFilterSchema>;

export async function countOffers(shop: string): Promise<number> {
  return db.offer.count({ where: { shop } });
}

export async function listOffers(shop: string, filter: OfferListFilter = {}) {
  const rows = await db.offer.findMany({
    where: {
      shop,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.type ? { type: filter.type } : {}),
      ...(filter.q ? { name: textContains(filter.q) } : {}),
      ...(filter.placement ? { placements: { contains: `"${filter.placement}"` } } : {}),
    },
    orderBy: [{ priority: "desc" }, { createdAt: "desc" }],
    take: 500,
  });
  const figures = await offerFigures(
    shop,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    type: r.type,
    placements: parseList(r.placements),
    offerSource: r.offerSource,
    priority: r.priority,
    updatedAt: r.updatedAt.toISOString(),
    ...figures.get(r.id)!,
  }));
}

/** The offer as the form edits it, or null when the shop has no such offer. */
export async function getOffer(shop: string, id: string) {
  const row = await db.offer.findFirst({ where: { id, shop } });
  if (!row) return null;
  return {
    ...row,
    triggerValues: parseList(row.triggerValues),
    offeredProductIds: parseList(row.offeredProductIds),
    placements: parseList(row.placements),
  };
}
export type OfferRecord = NonNullable<Awaited<ReturnType<typeof getOffer>>>;

export async function createOffer(shop: string, input: OfferInput) {
  const offer = await db.offer.create({ data: { shop, ...offerColumns(input) } });
  invalidateShop(shop); // the storefront serves the change at once, in every process
  return offer;
}

/** Updates the shop's offer; false when it has none with this id. */
export async function updateOffer(shop: string, id: string, input: OfferInput): Promise<boolean> {
  const { count } = await db.offer.updateMany({ where: { id, shop }, data: offerColumns(input) });
  if (count > 0) invalidateShop(shop);
  return count > 0;
}

export async function setOfferStatus(
  shop: string,
  ids: string[],
  status: "active" | "paused" | "draft",
): Promise<number> {
  const { count } = await db.offer.updateMany({ where: { shop, id: { in: ids } }, data: { status } });
  if (count > 0) invalidateShop(shop);
  return count;
}

export async function deleteOffers(shop: string, ids: string[]): Promise<number> {
  const { count } = await db.offer.deleteMany({ where: { shop, id: { in: ids } } });
  if (count > 0) invalidateShop(shop);
  return count;
}

/**
 * What the offer form needs to choose triggers: the catalog's product types, tags and collections,
 * and the product its preview shows until the merchant picks trigger products (the shop's
 * best-selling product, else its first active one; null for an empty catalog).
 */
export async function catalogFacets(shop: string) {
  const [products, top] = await Promise.all([
    db.product.findMany({
      where: { shop },
      select: { productType: true, tags: true, collections: true, title: true, status: true, shopifyId: true },
      orderBy: { title: "asc" },
    }),
    db.orderLine.groupBy({
      by: ["productId"],
      where: { shop, productId: { not: null } },
      _count: { _all: true },
      orderBy: { _count: { productId: "desc" } },
      take: 5,
    }),
  ]);
  const byId = new Map(products.map((p) => [p.shopifyId, p]));
  const sample =
    top.map((t) => byId.get(t.productId ?? "")).find((p) => p && p.status === "ACTIVE") ??
    products.find((p) => p.status === "ACTIVE") ??
    null;
  const types = new Set<string>();
  const tags = new Set<string>();
  const collections = new Set<string>();
  for (const p of products) {
    if (p.productType) types.add(p.productType);
    for (const t of parseList(p.tags)) tags.add(t);
    for (const c of parseList(p.collections)) collections.add(c);
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return {
    productTypes: sorted(types),
    tags: sorted(tags),
    collections: sorted(collections),
    sampleTitle: sample?.title ?? null,
  };
}

/** Titles (and an image) of the shop's products by Shopify product id, for chips and previews. */
export async function productSummaries(shop: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db.product.findMany({
    where: { shop, shopifyId: { in: ids } },
    select: {
      shopifyId: true,
      title: true,
      imageUrl: true,
      variants: { select: { price: true }, take: 1, orderBy: { price: "asc" } },
    },
  });
  const byId = new Map(rows.map((r) => [r.shopifyId, r]));
  return ids.map((id) => {
    const r = byId.get(id);
    return {
      id,
      title: r?.title ?? `Product ${id}`,
      imageUrl: r?.imageUrl ?? null,
      price: r?.variants[0]?.price ?? null,
      missing: !r,
    };
  });
}

/** Product search over the synced catalog (the picker outside Shopify admin). */
export async function searchProducts(shop: string, query: string, limit = 25) {
  const q = query.trim();
  const rows = await db.product.findMany({
    where: {
      shop,
      ...(q
        ? {
            OR: [
              { title: textContains(q) },
              { productType: textContains(q) },
              { vendor: textContains(q) },
              { shopifyId: q },
            ],
          }
        : {}),
    },
    select: {
      shopifyId: true,
      title: true,
      imageUrl: true,
      productType: true,
      status: true,
      variants: { select: { price: true }, take: 1, orderBy: { price: "asc" } },
    },
    orderBy: { title: "asc" },
    take: limit,
  });
  return rows.map((r) => ({
    id: r.shopifyId,
    title: r.title,
    imageUrl: r.imageUrl,
    productType: r.productType,
    status: r.status,
    price: r.variants[0]?.price ?? null,
  }));
}

/**
 * What "recommended automatically" would offer next to these products: exactly what the
 * storefront serves a shopper for such an offer (domain previewRecommendedOffer over the same
 * snapshot facts: stock, exclusions, relevance threshold, minimum lift), best first.
 */
export async function recommendedFor(
  shop: string,
  productIds: string[],
  kind: "cross_sell" | "upsell",
  minLift: number | null,
  limit = 4,
  now = Date.now(),
) {
  if (productIds.length === 0) return [];
  const [snapshot, recommendations] = await Promise.all([
    loadShopSnapshot(shop, now),
    readRecommendations(shop, productIds),
  ]);
  if (!snapshot) return [];
  const catalog = [...new Set([...productIds, ...recommendations.map((r) => r.recommendedProductId)])]
    .map((id) => snapshot.catalog.get(id))
    .filter((p): p is CatalogProduct => !!p);
  const items = previewRecommendedOffer({
    type: kind,
    triggerProductIds: productIds,
    minLift,
    limit,
    now,
    recommendations,
    catalog,
    settings: snapshot.settings,
    replenishedProductIds: snapshot.replenishedProductIds,
  });
  const lift = new Map<string, number>();
  for (const r of recommendations)
    if (r.kind === kind) lift.set(r.recommendedProductId, Math.max(lift.get(r.recommendedProductId) ?? 0, r.lift));
  return items.map((i) => ({
    id: i.productId,
    title: i.title,
    price: i.price,
    score: i.score,
    lift: lift.get(i.productId) ?? 0,
  }));
}

/** Refund warning of one offer over the last `days`: its sold units against the shop's other units. */
export async function offerRefundWarning(shop: string, offerId: string, days = 90, now = Date.now()) {
  const since = new Date(now - days * 86_400_000);
  const select = { quantity: true, price: true, discount: true, refundedQuantity: true, offerId: true } as const;
  const [offerLines, baseline] = await Promise.all([
    db.orderLine.findMany({
      where: { shop, offerId, order: { createdAt: { gte: since }, cancelledAt: null } },
      select,
    }),
    db.orderLine.findMany({
      where: { shop, offerId: null, order: { createdAt: { gte: since }, cancelledAt: null } },
      select,
    }),
  ]);
  return refundWarning(offerLines, baseline);
}
