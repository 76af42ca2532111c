// What serving needs to know about a visitor and a logged-in customer, kept in memory so that a
// storefront request costs no database query once a visitor is known:
//  - visitor: offers and products they declined, today's impressions of merchant offers' products
//    (the frequency cap, domain/settings.ts). Loaded from
//    the Event table on first sight, then kept current by the events this process ingests;
//    reloaded after VISITOR_TTL_MS (events ingested by another process show up by then; the
//    widget also remembers declines on its own).
//  - customer: orders, spend, return rate, products owned; reloaded after CUSTOMER_TTL_MS.
// A visitor seen for the first time must be read before its first answer (it may have declined
// something in an earlier visit): the visitors first seen during one turn of the event loop are
// read together, two queries per shop for all of them (a Prisma query costs its compilation,
// about a millisecond of CPU, whatever it reads; app/lib/batch-loader.ts). (Waiting a few
// milliseconds for more to join was measured: it lengthened a busy server's warm-up, as every
// first request waited, and was dropped.) An entry past its TTL is served once more while it reloads in
// the background.
// On PostgreSQL (several web processes) events that change a visitor's state (declines, offer
// impressions) drop that visitor in the other processes (app/lib/cluster-bus.server.ts), which
// reload it from the Event table on their next request for it.
import db from "../../db.server";
import { broadcast, clusterBus } from "../../lib/cluster-bus.server";
import type { CustomerFacts } from "../../domain/offers";
import { capKey } from "../../domain/settings";
import { batchLoader } from "../../lib/batch-loader";

export const VISITOR_TTL_MS = 5 * 60_000;
export const CUSTOMER_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 100_000;
const DAY_MS = 86_400_000;

interface VisitorState {
  loadedAt: number;
  day: number;
  offerImpressionsToday: Record<string, number>;
  declinedOfferIds: Set<string>;
  declinedProductIds: Set<string>;
}

export interface VisitorFacts {
  declinedOfferIds: string[];
  declinedProductIds: string[];
  /** by capKey(offerId, productId) */
  offerImpressionsToday: Record<string, number>;
}

const visitors = new Map<string, VisitorState>();
const customers = new Map<string, { loadedAt: number; facts: CustomerFacts }>();

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

const dayOf = (t: number) => Math.floor(t / DAY_MS);

/** First-seen visitors, read together (see above). */
const visitorLoader = batchLoader<VisitorState, number>(
  (shop, visitorIds, now) => loadVisitors(shop, visitorIds, now),
  (_, now) => emptyState(now),
);

function emptyState(now: number): VisitorState {
  return {
    loadedAt: now,
    day: dayOf(now),
    offerImpressionsToday: {},
    declinedOfferIds: new Set(),
    declinedProductIds: new Set(),
  };
}

/** Batched reads of visitors so far, and the visitors they read (for tests and benches). */
export const visitorReads = { batches: 0, visitors: 0 };

async function loadVisitors(shop: string, visitorIds: string[], now: number): Promise<Map<string, VisitorState>> {
  const day = dayOf(now);
  visitorReads.batches++;
  visitorReads.visitors += visitorIds.length;
  const [declines, seen] = await Promise.all([
    db.event.findMany({
      where: { shop, visitorId: { in: visitorIds }, type: "decline" },
      select: { visitorId: true, offerId: true, productId: true },
      take: 500 * visitorIds.length,
    }),
    db.event.groupBy({
      by: ["visitorId", "offerId", "productId"],
      where: {
        shop,
        visitorId: { in: visitorIds },
        type: "impression",
        offerId: { not: null },
        occurredAt: { gte: new Date(day * DAY_MS) },
      },
      _count: { _all: true },
    }),
  ]);
  const states = new Map(visitorIds.map((id) => [id, emptyState(now)]));
  for (const d of declines) {
    const state = states.get(d.visitorId)!;
    if (d.offerId) state.declinedOfferIds.add(d.offerId);
    if (d.productId) state.declinedProductIds.add(d.productId);
  }
  for (const g of seen)
    if (g.offerId && g.productId)
      states.get(g.visitorId)!.offerImpressionsToday[capKey(g.offerId, g.productId)] = g._count._all;
  return states;
}

export async function visitorFacts(shop: string, visitorId: string, now = Date.now()): Promise<VisitorFacts> {
  const key = `${shop}|${visitorId}`;
  let state = visitors.get(key);
  if (!state) {
    state = await visitorLoader.load(shop, visitorId, now);
    // (an event recorded, or the visitor dropped, while it was read: what is newer wins)
    state = visitors.get(key) ?? state;
    remember(visitors, key, state);
  } else if (now - state.loadedAt > VISITOR_TTL_MS && !visitorLoader.loading(shop, visitorId)) {
    const stale = state;
    visitorLoader.load(shop, visitorId, now).then(
      (fresh) => {
        if (visitors.get(key) !== stale) return; // dropped or replaced meanwhile
        // events this process recorded during the read may be missing from it: keep them
        stale.declinedOfferIds.forEach((id) => fresh.declinedOfferIds.add(id));
        stale.declinedProductIds.forEach((id) => fresh.declinedProductIds.add(id));
        if (stale.day === fresh.day)
          for (const [k, n] of Object.entries(stale.offerImpressionsToday))
            fresh.offerImpressionsToday[k] = Math.max(n, fresh.offerImpressionsToday[k] ?? 0);
        remember(visitors, key, fresh);
      },
      () => {}, // served from what is known; the next request tries again
    );
  }
  if (state.day !== dayOf(now)) {
    state.day = dayOf(now);
    state.offerImpressionsToday = {};
  }
  return {
    declinedOfferIds: [...state.declinedOfferIds],
    declinedProductIds: [...state.declinedProductIds],
    offerImpressionsToday: { ...state.offerImpressionsToday },
  };
}

/** A visitor who declined nothing and saw no offer product `cap` times today (cap 0: no cap). */
function plain(declines: number, impressionsToday: Record<string, number>, cap: number): boolean {
  if (declines > 0) return false;
  if (cap > 0) for (const key in impressionsToday) if (impressionsToday[key] >= cap) return false;
  return true;
}

/**
 * Whether a visitor held in memory (and not due for a reload) is plain — what serving the shared
 * answer asks — without copying the visitor's facts; undefined when visitorFacts must be asked.
 */
export function plainVisitorNow(shop: string, visitorId: string, cap: number, now = Date.now()): boolean | undefined {
  const state = visitors.get(`${shop}|${visitorId}`);
  if (!state || now - state.loadedAt > VISITOR_TTL_MS || state.day !== dayOf(now)) return undefined;
  return plain(state.declinedOfferIds.size + state.declinedProductIds.size, state.offerImpressionsToday, cap);
}

/** Whether a visitor is plain, through visitorFacts (for when plainVisitorNow cannot tell). */
export async function readPlainVisitor(
  shop: string,
  visitorId: string,
  cap: number,
  now = Date.now(),
): Promise<boolean> {
  const v = await visitorFacts(shop, visitorId, now);
  return plain(v.declinedOfferIds.length + v.declinedProductIds.length, v.offerImpressionsToday, cap);
}

/** Keeps a known visitor's state current with events this process has just stored. */
export function recordVisitorEvents(
  shop: string,
  visitorId: string,
  events: readonly { type: string; offerId: string | null; productId: string; at: number }[],
): void {
  if (events.some((e) => e.type === "decline" || (e.type === "impression" && e.offerId)))
    broadcast("visitor", `${shop}|${visitorId}`);
  const state = visitors.get(`${shop}|${visitorId}`);
  if (!state) return;
  for (const e of events) {
    if (e.type === "decline") {
      if (e.offerId) state.declinedOfferIds.add(e.offerId);
      state.declinedProductIds.add(e.productId);
    } else if (e.type === "impression" && e.offerId && dayOf(e.at) === state.day) {
      const key = capKey(e.offerId, e.productId);
      state.offerImpressionsToday[key] = (state.offerImpressionsToday[key] ?? 0) + 1;
    }
  }
}

export async function customerFacts(
  shop: string,
  customerId: string | null | undefined,
  now = Date.now(),
): Promise<CustomerFacts | null> {
  if (!customerId) return null;
  const key = `${shop}|${customerId}`;
  const hit = customers.get(key);
  if (hit && now - hit.loadedAt <= CUSTOMER_TTL_MS) return hit.facts;
  const [customer, owned] = await Promise.all([
    db.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: customerId } } }),
    db.orderLine.findMany({
      where: { shop, order: { customerId, cancelledAt: null }, productId: { not: null } },
      select: { productId: true },
      distinct: ["productId"],
      take: 500,
    }),
  ]);
  const facts: CustomerFacts = {
    ordersCount: customer?.ordersCount ?? 0,
    totalSpent: customer?.totalSpent ?? 0,
    returnRate: customer && customer.purchasedLines > 0 ? customer.refundedLines / customer.purchasedLines : 0,
    ownedProductIds: owned.map((o) => o.productId!),
  };
  remember(customers, key, { loadedAt: now, facts });
  return facts;
}

/** Forget a shop's visitors and customers (shop/redact, customers/redact, tests). */
export function forgetVisitors(shop: string): void {
  dropShopVisitors(shop);
  broadcast("visitors", shop);
}

function dropShopVisitors(shop: string): void {
  visitorLoader.forget(shop);
  for (const key of visitors.keys()) if (key.startsWith(`${shop}|`)) visitors.delete(key);
  for (const key of customers.keys()) if (key.startsWith(`${shop}|`)) customers.delete(key);
}

clusterBus.on("visitor", (key) => {
  visitors.delete(key);
  const bar = key.indexOf("|");
  visitorLoader.forget(key.slice(0, bar), key.slice(bar + 1));
});
clusterBus.on("visitors", dropShopVisitors);
clusterBus.onReset(() => {
  visitors.clear();
  customers.clear();
});
