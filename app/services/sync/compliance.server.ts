// Shopify's mandatory privacy topics and app/uninstalled. Every function is scoped to one shop.
import db from "../../db.server";
import { forgetShopSessions } from "../../lib/session-cache.server";

/** shop/redact: erase everything Pairwise holds for the shop, and nothing of any other shop. */
export async function redactShop(shop: string): Promise<void> {
  await db.$transaction([
    db.shop.deleteMany({ where: { domain: shop } }), // cascades to every shop-owned table
    db.session.deleteMany({ where: { shop } }),
    db.webhookDelivery.deleteMany({ where: { shop } }),
    // follow-up tracking has no relation to Shop: erased here
    db.followUpTracking.deleteMany({ where: { shop } }),
    db.followUpLink.deleteMany({ where: { shop } }),
    db.followUpOrder.deleteMany({ where: { shop } }),
  ]);
  forgetShopSessions(shop);
}

export interface CustomerRedactPayload {
  customer?: { id?: number | string | null } | null;
  orders_to_redact?: Array<number | string> | null;
}

/**
 * What a redacted visitor id becomes: one value for every redacted visitor (nothing left to link
 * their events by), which no widget can send (visitor ids are 8–64 letters, digits, - or _).
 */
export const REDACTED_VISITOR = "~redacted";

/**
 * customers/redact: delete the customer's profile, and anonymise their orders and offer events —
 * the customer id, and the visitor ids their browsers used (found on their events and orders), on
 * every event of those visitors, before they logged in too. The baskets and events stay, without
 * anyone to link them to, so the shop's statistics do not change.
 */
export async function redactCustomer(shop: string, payload: CustomerRedactPayload): Promise<void> {
  const customerId = payload.customer?.id != null ? String(payload.customer.id) : null;
  const orderIds = (payload.orders_to_redact ?? []).map(String);
  await db.$transaction(async (tx) => {
    const ordersOf = [
      ...(customerId ? [{ customerId }] : []),
      ...(orderIds.length ? [{ shopifyId: { in: orderIds } }] : []),
    ];
    const [eventVisitors, orderVisitors] = await Promise.all([
      customerId
        ? tx.event.findMany({ where: { shop, customerId }, select: { visitorId: true }, distinct: ["visitorId"] })
        : [],
      ordersOf.length
        ? tx.order.findMany({
            where: { shop, OR: ordersOf, visitorId: { not: null } },
            select: { visitorId: true },
            distinct: ["visitorId"],
          })
        : [],
    ]);
    const visitorIds = [
      ...new Set([...eventVisitors.map((e) => e.visitorId), ...orderVisitors.map((o) => o.visitorId!)]),
    ].filter((v) => v !== REDACTED_VISITOR);
    if (visitorIds.length) {
      await tx.event.updateMany({
        where: { shop, visitorId: { in: visitorIds } },
        data: { visitorId: REDACTED_VISITOR, customerId: null },
      });
      await tx.order.updateMany({ where: { shop, visitorId: { in: visitorIds } }, data: { visitorId: null } });
    }
    if (customerId) {
      await tx.customer.deleteMany({ where: { shop, shopifyId: customerId } });
      await tx.order.updateMany({ where: { shop, customerId }, data: { customerId: null, visitorId: null } });
      await tx.event.updateMany({ where: { shop, customerId }, data: { customerId: null } });
      await tx.customerDataRequest.deleteMany({ where: { shop, customerId } });
      // next best offers and follow-up contacts are per customer: erased (the metafield and tag in
      // Shopify go with the customer Shopify is redacting)
      await tx.customerFollowUp.deleteMany({ where: { shop, customerId } });
      await tx.followUpContact.deleteMany({ where: { shop, customerId } });
      await tx.followUpLink.deleteMany({ where: { shop, customerId } });
      await tx.followUpOrder.deleteMany({ where: { shop, customerId } });
    }
    if (orderIds.length) {
      await tx.order.updateMany({
        where: { shop, shopifyId: { in: orderIds } },
        data: { customerId: null, visitorId: null },
      });
      await tx.followUpOrder.deleteMany({ where: { shop, orderShopifyId: { in: orderIds } } });
    }
  });
}

export interface CustomerDataRequestPayload {
  customer?: { id?: number | string | null } | null;
  orders_requested?: Array<number | string> | null;
  data_request?: { id?: number | string | null } | null;
}

/** customers/data_request: record what Pairwise holds about the customer, for the merchant. */
export async function recordCustomerDataRequest(
  shop: string,
  payload: CustomerDataRequestPayload,
): Promise<string | null> {
  const customerId = payload.customer?.id != null ? String(payload.customer.id) : null;
  if (!customerId) return null;
  const [profile, orders, lines, events, followUp, followUpContacts] = await Promise.all([
    db.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: customerId } } }),
    db.order.findMany({ where: { shop, customerId }, select: { shopifyId: true, name: true, createdAt: true } }),
    db.orderLine.count({ where: { shop, order: { customerId } } }),
    db.event.count({ where: { shop, customerId } }),
    db.customerFollowUp.findUnique({
      where: { shop_customerId: { shop, customerId } },
      select: { status: true, contactAt: true, offers: true },
    }),
    db.followUpContact.findMany({
      where: { shop, customerId },
      select: { contactAt: true, productIds: true, deliveredAt: true },
    }),
  ]);
  const report = {
    dataRequestId: payload.data_request?.id ?? null,
    customerId,
    profile: profile
      ? {
          ordersCount: profile.ordersCount,
          totalSpentCents: profile.totalSpent,
          firstOrderAt: profile.firstOrderAt,
          lastOrderAt: profile.lastOrderAt,
        }
      : null,
    orders: orders.map((o) => ({ id: o.shopifyId, name: o.name, createdAt: o.createdAt })),
    orderLines: lines,
    offerEvents: events,
    nextBestOffers: followUp
      ? { status: followUp.status, contactAt: followUp.contactAt, offers: JSON.parse(followUp.offers) as unknown }
      : null,
    followUpContacts: followUpContacts.map((c) => ({
      contactAt: c.contactAt,
      productIds: JSON.parse(c.productIds) as unknown,
      deliveredAt: c.deliveredAt,
    })),
    note: "Pairwise stores order lines (products, quantities, prices), offer interactions, and the next best offers and follow-ups computed from them, keyed by customer id; no names, e-mail addresses or addresses.",
  };
  const row = await db.customerDataRequest.create({ data: { shop, customerId, report: JSON.stringify(report) } });
  return row.id;
}

/** app/uninstalled: the shop's sessions go at once; its data stays until shop/redact (48 h later). */
export async function markUninstalled(shop: string, now: Date = new Date()): Promise<void> {
  await db.session.deleteMany({ where: { shop } });
  forgetShopSessions(shop);
  await db.shop.updateMany({ where: { domain: shop }, data: { uninstalledAt: now } });
}
