// What serving offers needs of a shop that changes rarely — settings, live offers, bundles, the
// catalog, replenished products, the high-value threshold — held in memory per shop and rebuilt
// when a change invalidates it: every write of what it holds calls invalidateShop (the admin's
// offers, bundles, settings and experiments, mining runs, finished syncs, product and shop
// webhooks, discount sync, install and uninstall), which on PostgreSQL drops it in every other
// process too (app/lib/cluster-bus.server.ts). The next request then waits for the new snapshot,
// so a merchant's change reaches shoppers at once.
// Besides, a snapshot older than SNAPSHOT_MAX_AGE_MS is rebuilt in the background while requests
// go on being served from it: that refreshes what moves without an invalidation (the high-value
// threshold follows customers' spend) and bounds staleness should a notification be lost. No
// storefront request waits for the database but a shop's first one and the first after a change —
// loading a snapshot compiles about ten Prisma queries (milliseconds of CPU), which at a reload
// per minute was the largest share of the storefront's database work.
// Recommendations are read per product through a small LRU. This is what keeps the
// app proxy at a couple of indexed queries per request.
import db from "../../db.server";
import { batchLoader } from "../../lib/batch-loader";
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

/** After this long a snapshot is rebuilt in the background (it is served meanwhile). */
export const SNAPSHOT_MAX_AGE_MS = 10 * 60_000;
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

interface CachedSnapshot {
  /** the snapshot being served (settles once; a failed load is dropped) */
  current: Promise<ShopSnapshot | null>;
  /** what `current` settled to, once it has (read without waiting a turn of the event loop) */
  settled?: ShopSnapshot | null;
  /** a background rebuild of an old snapshot, while `current` is served */
  refreshing: boolean;
}

const snapshots = new Map<string, CachedSnapshot>();
const recommendations = new Map<string, Map<string, StoredRecommendation[]>>();

function load(shop: string, now: number): CachedSnapshot {
  const entry: CachedSnapshot = { current: loadShopSnapshot(shop, now), refreshing: false };
  snapshots.set(shop, entry);
  entry.current.then(
    (snapshot) => void (entry.settled = snapshot),
    () => {
      if (snapshots.get(shop) === entry) snapshots.delete(shop);
    },
  );
  return entry;
}

/** A cache entry holding a snapshot already read. */
const loaded = (snapshot: ShopSnapshot | null): CachedSnapshot => ({
  current: Promise.resolve(snapshot),
  settled: snapshot,
  refreshing: false,
});

/**
 * The shop's snapshot: loaded once however many requests arrive together, then kept until a
 * change invalidates it; one older than SNAPSHOT_MAX_AGE_MS is served while a new one loads.
 */
export async function getShopSnapshot(shop: string, now = Date.now()): Promise<ShopSnapshot | null> {
  const entry = snapshots.get(shop) ?? load(shop, now);
  const snapshot = await entry.current;
  if (snapshot && now - snapshot.loadedAt >= SNAPSHOT_MAX_AGE_MS && !entry.refreshing) refresh(shop, entry, now);
  return snapshot;
}

/**
 * getShopSnapshot without waiting when the snapshot is already in memory (the storefront's hot
 * path); undefined while it has to be read.
 */
export function shopSnapshotNow(shop: string, now = Date.now()): ShopSnapshot | null | undefined {
  const entry = snapshots.get(shop);
  const snapshot = entry?.settled;
  if (snapshot && now - snapshot.loadedAt >= SNAPSHOT_MAX_AGE_MS && !entry.refreshing) refresh(shop, entry, now);
  return snapshot;
}

function refresh(shop: string, entry: CachedSnapshot, now: number): void {
  entry.refreshing = true;
  loadShopSnapshot(shop, now).then(
    (fresh) => {
      // unless invalidated meanwhile (then the next request loads what is newer than this)
      if (snapshots.get(shop) === entry) snapshots.set(shop, loaded(fresh));
    },
    (error: unknown) => {
      entry.refreshing = false; // the next request past the age tries again; the old one is served
      console.error(`[storefront] reloading ${shop}'s snapshot:`, error instanceof Error ? error.message : error);
    },
  );
}

/** Products first asked for during one turn of the event loop, read together (one query per shop). */
const recommendationLoader = batchLoader<StoredRecommendation[]>(
  async (shop, productIds) => {
    const grouped = new Map<string, StoredRecommendation[]>(productIds.map((id) => [id, []]));
    for (const r of await readRecommendations(shop, productIds)) grouped.get(r.productId)!.push(r);
    return grouped;
  },
  () => [],
);

/** Stored cross-sell, upsell and sequential recommendations of these products (LRU per shop). */
export async function getRecommendations(shop: string, productIds: readonly string[]): Promise<StoredRecommendation[]> {
  let perShop = recommendations.get(shop);
  if (!perShop) recommendations.set(shop, (perShop = new Map()));
  const missing = productIds.filter((id) => !perShop!.has(id));
  if (missing.length) {
    const read = await Promise.all(missing.map((id) => recommendationLoader.load(shop, id, undefined)));
    // (unless the shop was invalidated meanwhile: then the next request reads them again)
    if (recommendations.get(shop) === perShop)
      missing.forEach((id, i) => {
        if (perShop!.size >= RECS_PER_SHOP) perShop!.delete(perShop!.keys().next().value as string);
        perShop!.set(id, read[i]);
      });
    return productIds.flatMap((id) => perShop!.get(id) ?? read[missing.indexOf(id)] ?? []);
  }
  return productIds.flatMap((id) => perShop!.get(id) ?? []);
}

/** Reads of recommendations from the store so far (for tests and benches). */
export const recommendationReads = { queries: 0 };

/** Stored cross-sell, upsell and sequential recommendations of these products, read from the store. */
export async function readRecommendations(
  shop: string,
  productIds: readonly string[],
): Promise<StoredRecommendation[]> {
  recommendationReads.queries++;
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
  recommendationLoader.forget(shop);
  refreshes.delete(shop);
}

/** The refresh under way per shop (refreshShop); a drop or a later refresh supersedes it. */
const refreshes = new Map<string, Promise<void>>();

/**
 * The snapshot and the recommendations of the products this process serves, read again and
 * swapped in together; meanwhile requests are served from what was there. The recommendations of
 * every product served so far are read in one query: dropped instead, each would be read again
 * by the next request for it, one query per turn of the event loop, a burst of Prisma query
 * compilations on the server's thread just when a busy shop's traffic meets a cold cache.
 */
function reloadShop(shop: string): Promise<void> {
  const served = snapshots.get(shop);
  if (!served) {
    dropShop(shop); // nothing served: the next request loads it
    return Promise.resolve();
  }
  const products = [...(recommendations.get(shop)?.keys() ?? [])];
  const now = Date.now();
  const reload: Promise<void> = Promise.all([
    loadShopSnapshot(shop, now),
    products.length ? readRecommendations(shop, products) : Promise.resolve([]),
  ]).then(
    ([fresh, rows]) => {
      if (refreshes.get(shop) !== reload) return; // dropped or superseded meanwhile
      refreshes.delete(shop);
      const perShop = new Map<string, StoredRecommendation[]>(products.map((id) => [id, []]));
      for (const r of rows) perShop.get(r.productId)?.push(r);
      recommendationLoader.forget(shop);
      recommendations.set(shop, perShop);
      snapshots.set(shop, loaded(fresh));
    },
    (error: unknown) => {
      if (refreshes.get(shop) !== reload) return;
      console.error(`[storefront] refreshing ${shop}'s snapshot:`, error instanceof Error ? error.message : error);
      dropShop(shop); // the next request loads it
    },
  );
  refreshes.set(shop, reload);
  return reload;
}

/**
 * Forget what is cached for a shop (offers or settings saved, mining run finished, catalog changed),
 * here and, on PostgreSQL, in every other process (app/lib/cluster-bus.server.ts).
 */
export function invalidateShop(shop: string): void {
  dropShop(shop);
  broadcast("shop", shop);
  for (const listener of invalidationListeners) listener(shop);
}

/**
 * A change shoppers may see a moment later (a mining run's recommendations): the shop's snapshot
 * and recommendations are read again in the background and swapped in (reloadShop), here and, on
 * PostgreSQL, in every other process; settles once this process has swapped. A write a merchant
 * makes calls invalidateShop instead: the next request waits for what is new.
 */
export function refreshShop(shop: string): Promise<void> {
  const reload = reloadShop(shop);
  broadcast("shop-refresh", shop);
  for (const listener of invalidationListeners) listener(shop);
  return reload;
}

const invalidationListeners = new Set<(shop: string) => void>();

/** Hears every invalidateShop of this process (what the theme blocks know is rewritten then); returns the unsubscribe. */
export function onShopInvalidated(listener: (shop: string) => void): () => void {
  invalidationListeners.add(listener);
  return () => void invalidationListeners.delete(listener);
}

clusterBus.on("shop", dropShop);
clusterBus.on("shop-refresh", (shop) => void reloadShop(shop));
clusterBus.onReset(() => {
  for (const shop of recommendations.keys()) recommendationLoader.forget(shop);
  snapshots.clear();
  recommendations.clear();
  refreshes.clear();
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
