// What a theme block can know before it asks for offers (StorefrontFacts, lib/storefront-contract.ts):
// the holdout, the merchant's per-placement layout, the running placement experiments whose arms
// change the layout or show nothing, and the product-page blocks that have nothing to show for a
// visitor without history. The app writes them into its app-data metafields; the blocks read them in
// Liquid, so a block decides before it reserves space (zero layout shift, no empty box on a first view).
import { APP_INSTALLATION_QUERY, type AppInstallationData } from "../../graphql/app-installation";
import { adminRequest, AdminUserErrors, type AdminGraphql } from "../../graphql/client";
import { METAFIELDS_SET, type MetafieldsSetData } from "../../graphql/metafields";
import type { EmptyBlocks, StorefrontFacts, WidgetPlacement } from "../../lib/storefront-contract";
import { clusterBus } from "../../lib/cluster-bus.server";
import { serveOffers } from "./serve-offers.server";
import { getRecommendations, getShopSnapshot, onShopInvalidated, type ShopSnapshot } from "./shop-snapshot.server";

const WIDGET_PLACEMENTS: readonly WidgetPlacement[] = ["product", "cart"];
/**
 * Products whose emptiness is looked up, and the most the list may weigh (a JSON metafield's value
 * is limited to 128 KB): a product beyond either reserves its block as without facts.
 */
export const MAX_FACT_PRODUCTS = 2_000;
export const MAX_EMPTY_BYTES = 100_000;
/** Products whose answers are computed between two turns of the event loop (emptyBlocksOf). */
const YIELD_EVERY = 25;

/** The facts of a shop snapshot (no database access). */
export function factsOf(snapshot: ShopSnapshot, now = Date.now()): StorefrontFacts {
  const l: StorefrontFacts["l"] = {};
  for (const p of WIDGET_PLACEMENTS) {
    const s = snapshot.placementSettings[p];
    if (s?.hide || s?.layout)
      l[p] = { ...(s.layout ? { layout: s.layout } : {}), ...(s.hide ? { hide: 1 as const } : {}) };
  }
  const x: StorefrontFacts["x"] = [];
  for (const e of snapshot.experiments) {
    const placement = e.placement as WidgetPlacement | null | undefined;
    if (e.offerId || !placement || !WIDGET_PLACEMENTS.includes(placement)) continue;
    if (e.startedAt > now || (e.endedAt !== null && e.endedAt < now)) continue;
    if (!e.variants.some((v) => v.overrides.layout || v.overrides.hide)) continue;
    x.push([
      e.id,
      placement,
      // by key, as assignment orders them (and the value stays the same however the rows come back)
      [...e.variants]
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((v) => [v.key, v.weight, v.overrides.layout ?? null, v.overrides.hide ? 1 : 0]),
    ]);
  }
  return { h: snapshot.settings.holdoutPercent, l, x };
}

/**
 * The product-page blocks with nothing to show for a visitor without history (outside the holdout
 * and every experiment), for the shop's first MAX_FACT_PRODUCTS products, as long as the list's JSON
 * stays within MAX_EMPTY_BYTES.
 */
export async function emptyBlocksOf(
  snapshot: ShopSnapshot,
  now = Date.now(),
  maxBytes = MAX_EMPTY_BYTES,
): Promise<EmptyBlocks> {
  const out: EmptyBlocks = [];
  // An offer experiment whose arms change the items may fill a block its control leaves empty:
  // while one runs, no block is said to be empty (they reserve their space, as without facts).
  const itemArms = snapshot.experiments.some(
    (e) =>
      e.offerId &&
      e.startedAt <= now &&
      (e.endedAt === null || e.endedAt >= now) &&
      e.variants.some((v) => v.overrides.offerSource || v.overrides.offeredProductIds || v.overrides.maxSuggestions),
  );
  if (itemArms) return out;
  const ids = [...snapshot.catalog.keys()].slice(0, MAX_FACT_PRODUCTS);
  // Their recommendations read together (a query per 200 products), not one query per product as
  // each answer would; and the server's thread is given back between groups of products, so that
  // the storefront's requests are served while the facts are computed (after every mining run).
  await getRecommendations(snapshot.shop, ids);
  let bytes = 2; // []
  for (const [i, productId] of ids.entries()) {
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const r = await serveOffers(
      {
        shop: snapshot.shop,
        context: "product",
        productId,
        bundleCompanions: 0,
        visitorId: "facts",
        now,
        generic: true,
      },
      "facts", // tokens are thrown away
    );
    if (!r) continue;
    // as the widget reads an answer: the first slot of the block's offer type, its available items
    const shows = (t?: string) => !!r.slots.find((s) => !t || s.type === t)?.items.some((i) => i.available);
    const blocks: EmptyBlocks = [];
    if (!shows()) blocks.push(`a:${productId}`);
    if (!shows("cross_sell")) blocks.push(`c:${productId}`);
    if (!shows("upsell")) blocks.push(`u:${productId}`);
    if (!r.bundle) blocks.push(`b:${productId}`);
    // each entry is a JSON string and a comma: a product's entries all fit, or the list ends before them
    const weight = blocks.reduce((sum, b) => sum + Buffer.byteLength(b) + 3, 0);
    if (bytes + weight > maxBytes) break;
    bytes += weight;
    out.push(...blocks);
  }
  return out;
}

type Facts = { facts: StorefrontFacts; empty: EmptyBlocks };
const cache = new WeakMap<ShopSnapshot, Promise<Facts>>();
/** the newest facts computed per shop, and the computations that have finished */
const newest = new Map<string, Facts>();
const done = new WeakSet<Promise<Facts>>();

/**
 * The shop's facts as the app writes them (computed once per shop snapshot); null for a shop
 * unknown to Pairwise. `stale`: while the current snapshot's facts are being computed, the newest
 * ones computed before (what the metafields hold until the next write), so a page never waits.
 */
export async function storefrontFacts(shop: string, { stale = false } = {}): Promise<Facts | null> {
  const snapshot = await getShopSnapshot(shop);
  if (!snapshot) return null;
  let p = cache.get(snapshot);
  if (!p) {
    const computing = emptyBlocksOf(snapshot).then((empty) => {
      const facts = { facts: factsOf(snapshot), empty };
      newest.set(shop, facts);
      done.add(computing);
      return facts;
    });
    cache.set(snapshot, (p = computing));
  }
  const before = newest.get(shop);
  return stale && before && !done.has(p) ? before : p;
}

/** Where the blocks read the facts: the app-data metafields `app.metafields.pairwise.storefront` and `.empty`. */
export const FACTS_NAMESPACE = "pairwise";

/**
 * What this process knows Shopify holds per shop, and since when: the shop jobs' passes skip an
 * unchanged value without asking Shopify. Forgotten whenever the shop changes here or in another
 * process (another process may have written since), and after an hour (a reinstalled app's
 * metafields are gone): then Shopify's own values are read and compared.
 */
const written = new Map<string, { value: string; at: number }>();
const KNOWN_FOR_MS = 3_600_000;
onShopInvalidated((shop) => written.delete(shop));
clusterBus.on("shop", (shop) => written.delete(shop));
clusterBus.onReset(() => written.clear());

/**
 * Writes the shop's facts into the app's app-data metafields (owned by its installation), where the
 * theme blocks read them. Writes only what differs from what the metafields hold. Returns whether
 * anything was written.
 */
export async function syncStorefrontFacts(admin: AdminGraphql, shop: string, now = Date.now()): Promise<boolean> {
  const current = await storefrontFacts(shop);
  if (!current) return false;
  const storefront = JSON.stringify(current.facts);
  const empty = JSON.stringify(current.empty);
  const known = written.get(shop);
  if (known && known.value === storefront + empty && now - known.at < KNOWN_FOR_MS) return false;
  const { data } = await adminRequest<AppInstallationData>(admin, APP_INSTALLATION_QUERY);
  const installation = data.currentAppInstallation;
  const held = { storefront: installation.storefront?.value, empty: installation.empty?.value };
  const metafields = (
    [
      ["storefront", storefront],
      ["empty", empty],
    ] as const
  )
    .filter(([key, value]) => held[key] !== value)
    .map(([key, value]) => ({ ownerId: installation.id, namespace: FACTS_NAMESPACE, key, type: "json", value }));
  if (metafields.length) {
    const res = await adminRequest<MetafieldsSetData>(admin, METAFIELDS_SET, { variables: { metafields } });
    const errors = res.data.metafieldsSet?.userErrors ?? [];
    if (errors.length) throw new AdminUserErrors(errors, "metafieldsSet");
  }
  written.set(shop, { value: storefront + empty, at: now });
  return metafields.length > 0;
}

/**
 * Rewrites a shop's facts shortly after anything of it changed in this process (offers, settings,
 * experiments, a mining run, catalog webhooks: every such write calls invalidateShop), so the blocks
 * do not wait for the shop jobs' next pass: `delayMs` after the first change, the changes meanwhile
 * with it (the facts are computed when the write runs), and a shop's writes at least `minGapMs`
 * apart (a stream of webhooks neither postpones the write forever nor recomputes it every second).
 * Returns the stop.
 */
export function writeFactsOnChange(
  write: (shop: string) => Promise<void>,
  { delayMs = 2_000, minGapMs = 30_000 }: { delayMs?: number; minGapMs?: number } = {},
): () => void {
  const due = new Map<string, ReturnType<typeof setTimeout>>();
  const lastStarted = new Map<string, number>();
  const stop = onShopInvalidated((shop) => {
    if (due.has(shop)) return;
    const wait = Math.max(delayMs, (lastStarted.get(shop) ?? -Infinity) + minGapMs - Date.now());
    const timer = setTimeout(() => {
      due.delete(shop);
      lastStarted.set(shop, Date.now());
      void write(shop);
    }, wait);
    timer.unref?.();
    due.set(shop, timer);
  });
  return () => {
    stop();
    for (const timer of due.values()) clearTimeout(timer);
    due.clear();
  };
}
