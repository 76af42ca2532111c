// Follow-up tracking: the `_pairwise` token and the discount code each delivered follow-up carries
// (written into the customer's metafield by sync.server.ts), the matching of an arriving order to the
// follow-up it came from (orders/create and orders/updated, webhook-topics.server.ts; orders the
// reconcile query and the bulk sync bring, reconcile.server.ts and ingest-orders.server.ts), and what
// follow-ups brought against the holdout (the Customers page). The rules are the domain's
// (app/domain/customers/tracking.ts); this module reads and writes the rows.
//
// A token is HMAC-SHA256(app secret, shop | customer | contact day), 22 base64url characters: the
// same follow-up always gets the same token (a sync that changes nothing sends nothing), and nobody
// without the app's secret can make one. It is still only trusted when the app issued it (a
// FollowUpLink row), for the customer it was issued to, inside the attribution window.
import { createHmac } from "node:crypto";
import db from "../../db.server";
import {
  compareWithHoldout,
  DAY_MS,
  followUpTokens,
  matchFollowUpOrder,
  normalizeCode,
  trackedRevenue,
  type HoldoutComparison,
  type RevenueOrder,
  type TrackedFollowUp,
  type TrackedRevenue,
} from "../../domain/customers";
import type { ImportedOrder } from "../../domain/types";
import { appConfig } from "../../lib/config.server";

/** Follow-ups whose moment came in this many days are measured on the Customers page. */
export const RESULTS_PERIOD_DAYS = 90;
const MAX_CODES_PER_ORDER = 20;
const MAX_CODE_LENGTH = 255;

const mac = (message: string, secret = appConfig().apiSecret) => createHmac("sha256", secret).update(message).digest();

/** The `_pairwise` link parameter of one follow-up (customer and contact day) of a shop. */
export function followUpToken(shop: string, customerId: string, contactDay: string): string {
  return mac(`pairwise-follow-up|${shop}|${customerId}|${contactDay}`).toString("base64url").slice(0, 22);
}

/** The follow-up's own discount code: "PW-" and ten characters only the app can derive. */
export function followUpDiscountCode(shop: string, customerId: string, contactDay: string): string {
  const hex = mac(`pairwise-follow-up-code|${shop}|${customerId}|${contactDay}`).toString("hex");
  return `PW-${hex.slice(0, 10).toUpperCase()}`;
}

export const contactDayOf = (d: Date) => d.toISOString().slice(0, 10);

export async function trackingSettings(shop: string) {
  return db.followUpTracking.upsert({ where: { shop }, create: { shop }, update: {} });
}

export async function saveTrackingSettings(
  shop: string,
  data: { attributionDays: number; discountPercent: number },
): Promise<void> {
  await db.followUpTracking.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

/** What the order webhooks carry that tracking reads (REST payload; every field optional). */
export interface TrackingPayload {
  id?: number | string;
  landing_site?: unknown;
  referring_site?: unknown;
  discount_codes?: unknown;
}

/** The discount codes an order payload used, bounded. */
function payloadCodes(p: TrackingPayload): string[] {
  if (!Array.isArray(p.discount_codes)) return [];
  return p.discount_codes
    .slice(0, MAX_CODES_PER_ORDER)
    .map((d) => (d && typeof d === "object" ? (d as { code?: unknown }).code : undefined))
    .filter((c): c is string => typeof c === "string" && c.length > 0 && c.length <= MAX_CODE_LENGTH);
}

const asUrl = (v: unknown) => (typeof v === "string" ? v : null);

const trackedOf = (l: {
  id: string;
  customerId: string;
  token: string;
  discountCode: string | null;
  productIds: string;
  issuedAt: Date;
  contactAt: Date;
}): TrackedFollowUp => ({
  id: l.id,
  customerId: l.customerId,
  token: l.token,
  discountCode: l.discountCode,
  productIds: JSON.parse(l.productIds) as string[],
  issuedAt: l.issuedAt.getTime(),
  contactAt: l.contactAt.getTime(),
});

/**
 * orders/create and orders/updated, after the order is stored: records the follow-up the order
 * came from (by its link token or its code, same customer, within the window), or nothing.
 * Idempotent; the order's revenue (refunds included) is read from its lines when shown.
 */
export async function attributeFollowUpOrder(
  shop: string,
  payload: TrackingPayload,
): Promise<{ linkId: string; by: "link" | "code" } | null> {
  if (payload?.id == null) return null;
  return attributeOrder(
    shop,
    String(payload.id),
    [asUrl(payload.landing_site), asUrl(payload.referring_site)],
    payloadCodes(payload),
  );
}

/**
 * Orders written by the bulk sync or the reconcile query (Admin API: the journey's landing pages
 * and the order's discount codes), after they are stored: the same attribution as the webhooks'.
 */
export async function attributeImportedOrders(shop: string, orders: readonly ImportedOrder[]): Promise<number> {
  let attributed = 0;
  for (const o of orders) {
    if (!o.landingPages?.length && !o.discountCodes?.length) continue;
    if (await attributeOrder(shop, o.id, o.landingPages ?? [], o.discountCodes ?? [])) attributed++;
  }
  return attributed;
}

async function attributeOrder(
  shop: string,
  orderShopifyId: string,
  urls: (string | null)[],
  rawCodes: string[],
): Promise<{ linkId: string; by: "link" | "code" } | null> {
  const tokens = followUpTokens(urls);
  const codes = rawCodes.map(normalizeCode);
  if (tokens.length === 0 && codes.length === 0) return null;
  const order = await db.order.findUnique({
    where: { shop_shopifyId: { shop, shopifyId: orderShopifyId } },
    select: { customerId: true, createdAt: true },
  });
  if (!order) return null;
  const links = await db.followUpLink.findMany({
    where: {
      shop,
      OR: [
        ...(tokens.length ? [{ token: { in: tokens } }] : []),
        ...(codes.length ? [{ discountCode: { in: codes } }] : []),
      ],
    },
  });
  const tracked = links.map(trackedOf);
  const settings = await trackingSettings(shop);
  const match = matchFollowUpOrder(
    { customerId: order.customerId, createdAt: order.createdAt.getTime(), tokens, discountCodes: codes },
    {
      byToken: (t) => tracked.find((f) => f.token === t),
      byCode: (c) => tracked.find((f) => f.discountCode === c),
    },
    settings.attributionDays,
  );
  if (!match) return null;
  const data = {
    linkId: match.followUp.id,
    customerId: match.followUp.customerId,
    matchedBy: match.by,
    orderCreatedAt: order.createdAt,
  };
  await db.followUpOrder.upsert({
    where: { shop_orderShopifyId: { shop, orderShopifyId } },
    create: { shop, orderShopifyId, ...data },
    update: data,
  });
  return { linkId: match.followUp.id, by: match.by };
}

export interface FollowUpResults {
  since: string;
  attributionDays: number;
  tracked: TrackedRevenue;
  comparison: HoldoutComparison;
}

const lineSelect = { productId: true, quantity: true, refundedQuantity: true, price: true, discount: true } as const;

/**
 * What follow-ups whose moment came in the last RESULTS_PERIOD_DAYS brought: the orders matched to
 * them (attributed revenue, refund-adjusted) and revenue per customer against the holdout.
 */
export async function followUpResults(shop: string, now: Date): Promise<FollowUpResults> {
  const settings = await trackingSettings(shop);
  const since = new Date(now.getTime() - RESULTS_PERIOD_DAYS * DAY_MS);
  const matched = await db.followUpOrder.findMany({
    where: { shop, orderCreatedAt: { gte: since, lte: now } },
    select: { orderShopifyId: true, linkId: true, matchedBy: true },
  });
  const links = new Map(
    (
      await db.followUpLink.findMany({
        where: { shop, id: { in: [...new Set(matched.map((m) => m.linkId))] } },
        select: { id: true, productIds: true },
      })
    ).map((l) => [l.id, { id: l.id, productIds: JSON.parse(l.productIds) as string[] }]),
  );
  const orderRows = new Map<string, RevenueOrder>();
  const ids = matched.map((m) => m.orderShopifyId);
  for (let i = 0; i < ids.length; i += 500) {
    for (const o of await db.order.findMany({
      where: { shop, shopifyId: { in: ids.slice(i, i + 500) } },
      select: { shopifyId: true, customerId: true, createdAt: true, cancelledAt: true, lines: { select: lineSelect } },
    }))
      orderRows.set(o.shopifyId, {
        customerId: o.customerId,
        createdAt: o.createdAt.getTime(),
        cancelled: o.cancelledAt !== null,
        lines: o.lines,
      });
  }
  const tracked = trackedRevenue(
    matched.flatMap((m) => {
      const order = orderRows.get(m.orderShopifyId);
      const followUp = links.get(m.linkId);
      return order && followUp ? [{ order, followUp, by: m.matchedBy as "link" | "code" }] : [];
    }),
  );

  // Against the holdout: delivered follow-ups and the holdout's would-be ones, same period and window.
  const contacts = (
    await db.followUpContact.findMany({
      where: { shop, contactAt: { gte: since, lte: now }, OR: [{ holdout: true }, { deliveredAt: { not: null } }] },
      select: { customerId: true, contactAt: true, productIds: true, holdout: true },
    })
  ).map((c) => ({
    customerId: c.customerId,
    contactAt: c.contactAt.getTime(),
    productIds: JSON.parse(c.productIds) as string[],
    holdout: c.holdout,
  }));
  const customerIds = [...new Set(contacts.map((c) => c.customerId))];
  const orders: RevenueOrder[] = [];
  for (let i = 0; i < customerIds.length; i += 500) {
    for (const o of await db.order.findMany({
      where: { shop, customerId: { in: customerIds.slice(i, i + 500) }, createdAt: { gte: since, lte: now } },
      select: { customerId: true, createdAt: true, cancelledAt: true, lines: { select: lineSelect } },
    }))
      orders.push({
        customerId: o.customerId,
        createdAt: o.createdAt.getTime(),
        cancelled: o.cancelledAt !== null,
        lines: o.lines,
      });
  }
  return {
    since: since.toISOString(),
    attributionDays: settings.attributionDays,
    tracked,
    comparison: compareWithHoldout(contacts, orders, settings.attributionDays, now.getTime()),
  };
}
