// The demo shop's follow-up history: the follow-up computation and its delivery run as the daily
// job would have run them on three past days of the demo's clock (45, 30 and 15 days before its
// history ends), against the demo's stand-in of the Admin API. After each delivery, some followed-up
// customers "open the e-mail": they land on a product link of their metafield (with its `_pairwise`
// token) or type their follow-up's discount code, and buy. Those orders go through the same order
// ingest and follow-up matching as a Shopify orders/create webhook (handleOrderUpsert,
// attributeFollowUpOrder). Holdout customers get no follow-up, so they place no such orders. The
// Customers page then shows what follow-ups brought — tracked orders and revenue per customer
// against the holdout — computed by the app's own code. Runs once per generation, before the mining
// run computes today's follow-ups.
import db from "../db.server";
import { DAY_MS } from "../domain/customers";
import { computeFollowUps } from "../services/customers/follow-ups.server";
import { syncFollowUps } from "../services/customers/sync.server";
import { attributeFollowUpOrder, saveTrackingSettings } from "../services/customers/tracking.server";
import { handleOrderUpsert } from "../services/sync/orders-webhooks.server";
import { demoAdminApi } from "./admin-api.server";
import { createRng } from "./generate";

export const HISTORY_DAYS_BEFORE_END = [45, 30, 15] as const;
/** The demo merchant's tracking settings: a 14-day window, a 10 % code with each due follow-up. */
export const DEMO_TRACKING = { attributionDays: 14, discountPercent: 10 } as const;
/** Chance that a followed-up customer acts on the e-mail, on top of the model's purchase probability. */
const RESPONSE_BASE = 0.04;
/** Shopify-like order ids of the simulated follow-up orders (above the generator's). */
const FOLLOW_UP_ORDER_ID_BASE = 7_000_000_000;

export async function backfillFollowUpHistory(shop: string, end: number): Promise<{ orders: number }> {
  await saveTrackingSettings(shop, DEMO_TRACKING);
  let orders = 0;
  for (const daysBefore of HISTORY_DAYS_BEFORE_END) {
    const at = new Date(end - daysBefore * DAY_MS);
    await computeFollowUps(shop, at);
    await syncFollowUps(demoAdminApi, shop, { now: at, limit: 1_000_000 });
    orders += await simulateResponses(shop, at, end, orders);
  }
  return { orders };
}

interface DeliveredValue {
  status: string;
  tracking?: { token: string; discount_code: string | null; discount_percent: number };
  offers: { product_id: string; url: string; probability: number }[];
}

/** Followed-up customers due at `at` who act on the follow-up within the window, as orders. */
async function simulateResponses(shop: string, at: Date, end: number, seq: number): Promise<number> {
  const delivered = await db.customerFollowUp.findMany({
    where: { shop, holdout: false, status: "due", syncedValue: { not: null } },
    orderBy: { customerId: "asc" },
    select: { customerId: true, syncedValue: true },
  });
  const variants = new Map<string, { id: string; price: number }>();
  for (const v of await db.variant.findMany({
    where: { shop },
    orderBy: { shopifyId: "asc" },
    select: { shopifyId: true, price: true, product: { select: { shopifyId: true } } },
  }))
    if (!variants.has(v.product.shopifyId)) variants.set(v.product.shopifyId, { id: v.shopifyId, price: v.price });
  let placed = 0;
  for (const f of delivered) {
    const value = JSON.parse(f.syncedValue!) as DeliveredValue;
    if (!value.tracking || value.offers.length === 0) continue;
    const rng = createRng(`follow-up-response:${f.customerId}:${at.toISOString().slice(0, 10)}`);
    const offer = value.offers[0];
    if (!rng.chance(Math.min(0.6, RESPONSE_BASE + offer.probability))) continue;
    const productId = offer.product_id.split("/").pop()!;
    const variant = variants.get(productId);
    if (!variant) continue;
    const createdAt = at.getTime() + (1 + rng.int(10)) * DAY_MS + rng.int(12 * 3_600_000);
    if (createdAt >= end) continue;
    const byCode = value.tracking.discount_code !== null && rng.chance(0.4);
    const discount = byCode ? Math.round((variant.price * value.tracking.discount_percent) / 100) : 0;
    const id = FOLLOW_UP_ORDER_ID_BASE + seq + placed++;
    const url = new URL(offer.url);
    const payload = {
      id,
      name: `#F${id - FOLLOW_UP_ORDER_ID_BASE}`,
      created_at: new Date(createdAt).toISOString(),
      currency: "USD",
      customer: { id: Number(f.customerId) },
      landing_site: byCode ? "/" : `${url.pathname}${url.search}&utm_medium=email`,
      referring_site: "https://mail.example/",
      discount_codes: byCode ? [{ code: value.tracking.discount_code, amount: (discount / 100).toFixed(2) }] : [],
      subtotal_price: ((variant.price - discount) / 100).toFixed(2),
      total_discounts: (discount / 100).toFixed(2),
      total_price: ((variant.price - discount) / 100).toFixed(2),
      line_items: [
        {
          id: id * 10,
          product_id: Number(productId),
          variant_id: Number(variant.id),
          quantity: 1,
          price: (variant.price / 100).toFixed(2),
          discount_allocations: discount ? [{ amount: (discount / 100).toFixed(2) }] : [],
        },
      ],
      refunds: [],
    };
    // what the orders/create topic handler does with a delivery (webhook-topics.server.ts)
    await handleOrderUpsert(shop, payload);
    await attributeFollowUpOrder(shop, payload);
  }
  return placed;
}
