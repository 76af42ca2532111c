// What serving offers needs of a shop that changes rarely — settings, live offers, bundles, the
// catalog, replenished products, the high-value threshold — held in memory per shop and rebuilt
// after `SNAPSHOT_TTL_MS` or when a change invalidates it (mining run, finished sync, product and
// shop webhooks); what the merchant saves in the admin reaches shoppers within SNAPSHOT_TTL_MS.
// Recommendations are read per product through a small LRU. This is what keeps the
// app proxy at a couple of indexed queries per request.
import db from "../../db.server";
import { broadcast, clusterBus } from "../../lib/cluster-bus.server";
import { topDecileThreshold } from "../../domain/offers";
import type { OfferDefinition, StoredRecommendation } from "../../domain/offers";
import { OFFER_LAYOUTS, type OfferLayout, type PlacementSetting } from "../../domain/offers/types";
import { parsePlacementSettings } from "../../lib/forms/experiment";
import type { CatalogProduct, Placement, ShopSettings } from "../../domain/types";
import type { DiscountConfig } from "../../domain/discounts";
import { discountStateOf } from "../discounts/state.server";
import { parseList, toCatalogProduct, toShopSettings } from "../store-mapping.server";
import type { ServedItem } from "./tracking-token.server";
import type { LiveExperiment } from "../../domain/experiments";
import { loadRunningExperiments } from "./experiments.server";

export const SNAPSHOT_TTL_MS = 60_000;
const RECS_PER_SHOP = 5_000;

export interface BundleDefinition {
  id: string;
  title: string;
  discountType: "none" | "percent" | "fixed";
  discountValue: number;
  components: { productId: string; variantId: string | null; quantity: number }[];
}

export interface ShopSnapshot {
  shop: string;
  loadedAt: number;
  currency: string;
  moneyFormat: string;
  settings: ShopSettings;
  offers: OfferDefinition[];
  bundles: BundleDefinition[];
  catalog: Map<string, CatalogProduct>;
  productOfVariant: Map<string, string>;
  replenishedProductIds: string[];
  highValueThreshold: number | null;
  /**
   * The rules Shopify's discount function holds for this shop, when its discount is live; null
   * when Shopify grants no Pairwise discount now (the storefront then shows regular prices).
   */
  checkoutDiscounts: DiscountConfig | null;
  /** running experiments: each visitor's arm is computed from its id (domain/experiments/arms.ts) */
  experiments: LiveExperiment[];
  /** what each placement shows, as the merchant set it (a promoted placement experiment) */
  placementSettings: Partial<Record<Placement, PlacementSetting>>;
  /**
   * Answers for an anonymous visitor with no declines, by request (serve-offers.server.ts):
   * identical for every such visitor but for the tracking tokens, so computed and serialised once
   * per snapshot, with a hole for each token.
   */
  answers: Map<string, { parts: string[]; holes: ServedItem[] }>;
}

export function offerFromRow(row: {
  id: string;
  name: string;
  type: string;
  status: string;
  triggerType: string;
  triggerValues: string;
  cartSubtotalMin: number | null;
  cartSubtotalMax: number | null;
  offerSource: string;
  offeredProductIds: string;
  minLift: number | null;
  placements: string;
  discountType: string;
  discountValue: number;
  headline: string;
  body: string;
  audience: string;
  excludeHighReturn: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  priority: number;
  maxSuggestions: number | null;
  layout?: string | null;
}): OfferDefinition {
  return {
    ...row,
    layout: (OFFER_LAYOUTS as readonly string[]).includes(row.layout ?? "") ? (row.layout as OfferLayout) : null,
    type: row.type as OfferDefinition["type"],
    status: row.status as OfferDefinition["status"],
    triggerType: row.triggerType as OfferDefinition["triggerType"],
    triggerValues: parseList(row.triggerValues),
    offerSource: row.offerSource as OfferDefinition["offerSource"],
    offeredProductIds: parseList(row.offeredProductIds),
    placements: parseList(row.placements) as Placement[],
    discountType: row.discountType as OfferDefinition["discountType"],
    audience: row.audience as OfferDefinition["audience"],
  };
}

/** The shop's snapshot read fresh from the store (getShopSnapshot caches it; the admin's preview reads it fresh). */
export async function loadShopSnapshot(shop: string, now = Date.now()): Promise<ShopSnapshot | null> {
  const row = await db.shop.findUnique({ where: { domain: shop } });
  if (!row || row.uninstalledAt) return null;
  const [offers, bundles, products, replenished, spend, experiments] = await Promise.all([
    db.offer.findMany({ where: { shop, status: "active" } }),
    db.bundle.findMany({
      where: { shop, status: "active" },
      include: { components: { orderBy: { position: "asc" } } },
    }),
    db.product.findMany({ where: { shop, status: "ACTIVE" }, include: { variants: true } }),
    db.recommendation.findMany({
      where: { shop, kind: "sequential", source: "replenishment" },
      select: { productId: true },
    }),
    db.customer.findMany({ where: { shop, redactedAt: null }, select: { totalSpent: true } }),
    loadRunningExperiments(shop),
  ]);
  const catalog = new Map<string, CatalogProduct>();
  const productOfVariant = new Map<string, string>();
  for (const p of products) {
    catalog.set(p.shopifyId, toCatalogProduct(p));
    for (const v of p.variants) productOfVariant.set(v.shopifyId, p.shopifyId);
  }
  return {
    shop,
    loadedAt: now,
    currency: row.currency,
    moneyFormat: row.moneyFormat,
    settings: toShopSettings(row),
    offers: offers.map(offerFromRow),
    bundles: bundles.map((b) => ({
      id: b.id,
      title: b.title,
      discountType: b.discountType as BundleDefinition["discountType"],
      discountValue: b.discountValue,
      components: b.components.map((c) => ({ productId: c.productId, variantId: c.variantId, quantity: c.quantity })),
    })),
    catalog,
    productOfVariant,
    replenishedProductIds: [...new Set(replenished.map((r) => r.productId))],
    highValueThreshold: topDecileThreshold(spend.map((c) => c.totalSpent)),
    checkoutDiscounts: (() => {
      const state = discountStateOf(row);
      return state.live ? state.config : null;
    })(),
    experiments,
    placementSettings: parsePlacementSettings(row.placementSettings),
    answers: new Map(),
  };
}

const snapshots = new Map<string, Promise<ShopSnapshot | null>>();
const recommendations = new Map<string, Map<string, StoredRecommendation[]>>();

/** The shop's snapshot, loaded once per TTL however many requests arrive together. */
export async function getShopSnapshot(shop: string, now = Date.now()): Promise<ShopSnapshot | null> {
  const cached = snapshots.get(shop);
  if (cached) {
    const snapshot = await cached;
    if (snapshot && now - snapshot.loadedAt < SNAPSHOT_TTL_MS) return snapshot;
  }
  const loading = loadShopSnapshot(shop, now);
  snapshots.set(shop, loading);
  loading.catch(() => snapshots.delete(shop));
  return loading;
}

/** Stored cross-sell, upsell and sequential recommendations of these products (LRU per shop). */
export async function getRecommendations(shop: string, productIds: readonly string[]): Promise<StoredRecommendation[]> {
  let perShop = recommendations.get(shop);
  if (!perShop) recommendations.set(shop, (perShop = new Map()));
  const missing = productIds.filter((id) => !perShop!.has(id));
  if (missing.length) {
    const rows = await readRecommendations(shop, missing);
    const grouped = new Map<string, StoredRecommendation[]>(missing.map((id) => [id, []]));
    for (const r of rows) grouped.get(r.productId)!.push(r);
    for (const [id, list] of grouped) {
      if (perShop.size >= RECS_PER_SHOP) perShop.delete(perShop.keys().next().value as string);
      perShop.set(id, list);
    }
  }
  return productIds.flatMap((id) => perShop!.get(id) ?? []);
}

/** Stored cross-sell, upsell and sequential recommendations of these products, read from the store. */
export async function readRecommendations(
  shop: string,
  productIds: readonly string[],
): Promise<StoredRecommendation[]> {
  const rows = await db.recommendation.findMany({
    where: {
      shop,
      productId: { in: [...productIds] },
      kind: { in: ["cross_sell", "upsell", "sequential"] },
      source: { not: "replenishment" },
    },
    orderBy: [{ productId: "asc" }, { kind: "asc" }, { rank: "asc" }],
    select: { productId: true, recommendedProductId: true, kind: true, source: true, score: true, lift: true },
  });
  return rows as StoredRecommendation[];
}

function dropShop(shop: string): void {
  snapshots.delete(shop);
  recommendations.delete(shop);
}

/**
 * Forget what is cached for a shop (offers or settings saved, mining run finished, catalog changed),
 * here and, on PostgreSQL, in every other process (app/lib/cluster-bus.server.ts).
 */
export function invalidateShop(shop: string): void {
  dropShop(shop);
  broadcast("shop", shop);
}

clusterBus.on("shop", dropShop);
clusterBus.onReset(() => {
  snapshots.clear();
  recommendations.clear();
});

/**
 * The products an offer selection may show for a context: the context's own products, their
 * recommendations and every offer's own picks, as the snapshot's catalog knows them.
 */
export function selectionCatalog(
  snapshot: ShopSnapshot,
  contextIds: readonly string[],
  recommendations: readonly { recommendedProductId: string }[],
): CatalogProduct[] {
  const ids = new Set([
    ...contextIds,
    ...recommendations.map((r) => r.recommendedProductId),
    ...snapshot.offers.flatMap((o) => o.offeredProductIds),
  ]);
  return [...ids].map((id) => snapshot.catalog.get(id)).filter((p): p is CatalogProduct => !!p);
}
