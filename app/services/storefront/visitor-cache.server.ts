// What serving needs to know about a visitor and a logged-in customer, kept in memory so that a
// storefront request costs no database query once a visitor is known:
//  - visitor: offers and products they declined, today's impressions of merchant offers' products
//    (the frequency cap, domain/settings.ts). Loaded from
//    the Event table on first sight, then kept current by the events this process ingests;
//    reloaded after VISITOR_TTL_MS (events ingested by another process show up by then; the
//    widget also remembers declines on its own).
//  - customer: orders, spend, return rate, products owned; reloaded after CUSTOMER_TTL_MS.
// On PostgreSQL (several web processes) events that change a visitor's state (declines, offer
// impressions) drop that visitor in the other processes (app/lib/cluster-bus.server.ts), which
// reload it from the Event table on their next request for it.
import db from "../../db.server";
import { broadcast, clusterBus } from "../../lib/cluster-bus.server";
import type { CustomerFacts } from "../../domain/offers";
import { capKey } from "../../domain/settings";

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

async function loadVisitor(shop: string, visitorId: string, now: number): Promise<VisitorState> {
  const day = dayOf(now);
  const [declines, seen] = await Promise.all([
    db.event.findMany({
      where: { shop, visitorId, type: "decline" },
      select: { offerId: true, productId: true },
      take: 500,
    }),
    db.event.groupBy({
      by: ["offerId", "productId"],
      where: {
        shop,
        visitorId,
        type: "impression",
        offerId: { not: null },
        occurredAt: { gte: new Date(day * DAY_MS) },
      },
      _count: { _all: true },
    }),
  ]);
  const offerImpressionsToday: Record<string, number> = {};
  for (const g of seen)
    if (g.offerId && g.productId) offerImpressionsToday[capKey(g.offerId, g.productId)] = g._count._all;
  return {
    loadedAt: now,
    day,
    offerImpressionsToday,
    declinedOfferIds: new Set(declines.flatMap((d) => (d.offerId ? [d.offerId] : []))),
    declinedProductIds: new Set(declines.flatMap((d) => (d.productId ? [d.productId] : []))),
  };
}

export async function visitorFacts(shop: string, visitorId: string, now = Date.now()): Promise<VisitorFacts> {
  const key = `${shop}|${visitorId}`;
  let state = visitors.get(key);
  if (!state || now - state.loadedAt > VISITOR_TTL_MS) {
    state = await loadVisitor(shop, visitorId, now);
    remember(visitors, key, state);
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
  for (const key of visitors.keys()) if (key.startsWith(`${shop}|`)) visitors.delete(key);
  for (const key of customers.keys()) if (key.startsWith(`${shop}|`)) customers.delete(key);
}

clusterBus.on("visitor", (key) => visitors.delete(key));
clusterBus.on("visitors", dropShopVisitors);
clusterBus.onReset(() => {
  visitors.clear();
  customers.clear();
});
