// orders/create, orders/updated and refunds/create webhooks (REST-shaped payloads) → the store.
// Both handlers are idempotent: the same payload twice leaves the same rows.
//   - An order payload is a full snapshot: the order, its lines and every refund so far, so it is
//     written absolutely (refundedQuantity = units in all its refunds).
//   - A refund payload is a delta: it is applied once, remembered in the refund ledger
//     (ingest-orders.server.ts); a refund already carried by an order snapshot is not added again.
import { rememberCheckoutVisitor } from "../checkout/checkout-visitor.server";
import db from "../../db.server";
import type { ImportedOrder, ImportedOrderLine } from "../../domain/types";
import { legacyId, moneyToCents } from "../../lib/shopify-ids";
import {
  isRefundApplied,
  recordAppliedRefunds,
  refreshCustomers,
  upsertOrders,
  VISITOR_ATTRIBUTE,
} from "./ingest-orders.server";
import { linkPostPurchaseOrder } from "./attribution.server";

type Money = string | number | null | undefined;

export interface WebhookRefundLineItem {
  id?: number;
  line_item_id: number;
  quantity: number;
}

export interface WebhookRefund {
  id: number;
  order_id?: number;
  created_at?: string;
  refund_line_items?: WebhookRefundLineItem[];
}

export interface WebhookOrderPayload {
  id: number;
  admin_graphql_api_id?: string;
  /** the checkout's token: a post-purchase extension's reference id for this order */
  checkout_token?: string | null;
  name?: string;
  created_at?: string;
  updated_at?: string;
  cancelled_at?: string | null;
  currency?: string;
  subtotal_price?: Money;
  total_discounts?: Money;
  total_price?: Money;
  customer?: { id: number } | null;
  note_attributes?: { name: string; value: string | null }[];
  line_items?: {
    id: number;
    product_id: number | null;
    variant_id: number | null;
    title?: string;
    name?: string;
    sku?: string | null;
    quantity: number;
    price?: Money;
    total_discount?: Money;
    discount_allocations?: { amount: Money }[];
    properties?: { name: string; value: string | null }[];
  }[];
  refunds?: WebhookRefund[];
}

const time = (v: string | null | undefined): number | null => {
  if (!v) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
};

function toRecord(pairs: { name: string; value: string | null }[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  return Object.fromEntries(pairs.filter((p) => typeof p?.name === "string").map((p) => [p.name, p.value ?? ""]));
}

/** The webhook's order as an ImportedOrder (refundedQuantity summed over all its refunds). */
export function orderFromWebhook(p: WebhookOrderPayload): ImportedOrder {
  if (p == null || (typeof p.id !== "number" && typeof p.id !== "string")) throw new Error("order payload without id");
  const refunded = new Map<string, number>();
  for (const r of p.refunds ?? []) {
    for (const rli of r.refund_line_items ?? []) {
      const id = String(rli.line_item_id);
      refunded.set(id, (refunded.get(id) ?? 0) + (rli.quantity ?? 0));
    }
  }
  const lines: ImportedOrderLine[] = (p.line_items ?? []).map((li) => {
    const allocations = li.discount_allocations ?? [];
    const discount = allocations.length
      ? allocations.reduce((s, a) => s + (moneyToCents(a.amount) ?? 0), 0)
      : (moneyToCents(li.total_discount) ?? 0);
    const id = String(li.id);
    const line: ImportedOrderLine = {
      id,
      productId: li.product_id == null ? null : String(li.product_id),
      variantId: li.variant_id == null ? null : String(li.variant_id),
      title: li.title ?? li.name ?? "",
      sku: li.sku || null,
      quantity: li.quantity,
      price: moneyToCents(li.price) ?? 0,
      discount,
      refundedQuantity: Math.min(li.quantity, refunded.get(id) ?? 0),
    };
    const props = toRecord(li.properties);
    if (props) line.properties = props;
    return line;
  });
  // the payload carries every refund so far: none is a fact (null), not an unknown
  const refundTimes = (p.refunds ?? []).map((r) => time(r.created_at)).filter((t): t is number => t !== null);
  return {
    id: legacyId(p.id),
    name: p.name,
    lastRefundAt: refundTimes.length ? Math.max(...refundTimes) : null,
    customerId: p.customer?.id == null ? null : String(p.customer.id),
    createdAt: time(p.created_at) ?? undefined,
    cancelledAt: time(p.cancelled_at),
    currency: p.currency,
    subtotal: moneyToCents(p.subtotal_price) ?? undefined,
    totalDiscounts: moneyToCents(p.total_discounts) ?? undefined,
    totalPrice: moneyToCents(p.total_price) ?? undefined,
    attributes: toRecord(p.note_attributes),
    lines,
  };
}

/** orders/create and orders/updated. */
export async function handleOrderUpsert(shop: string, payload: unknown): Promise<void> {
  const p = payload as WebhookOrderPayload;
  const order = orderFromWebhook(p);
  await upsertOrders(shop, [order], { source: "webhook", refundIds: (p.refunds ?? []).map((r) => String(r.id)) });
  const checkoutToken = typeof p.checkout_token === "string" ? p.checkout_token : null;
  await linkPostPurchaseOrder(shop, { id: order.id, checkoutToken });
  // the post-purchase page finds the storefront visitor of this purchase by its checkout token
  await rememberCheckoutVisitor(shop, checkoutToken, order.attributes?.[VISITOR_ATTRIBUTE]);
}

/**
 * refunds/create: adds the refunded units to the order's lines, once per refund. When the order is
 * not stored yet, nothing is written: the order's own webhook or the next sync carries the refund.
 */
export async function handleRefundCreate(
  shop: string,
  payload: unknown,
): Promise<"applied" | "duplicate" | "unknown_order"> {
  const r = payload as WebhookRefund;
  if (r == null || r.id == null || r.order_id == null) throw new Error("refund payload without id or order_id");
  const refundId = String(r.id);
  return db.$transaction(async (tx) => {
    if (await isRefundApplied(tx, shop, refundId)) return "duplicate" as const;
    const order = await tx.order.findUnique({
      where: { shop_shopifyId: { shop, shopifyId: String(r.order_id) } },
      include: { lines: true },
    });
    if (!order) return "unknown_order" as const;
    const byLine = new Map(order.lines.filter((l) => l.shopifyId).map((l) => [l.shopifyId!, l]));
    const add = new Map<string, number>();
    for (const rli of r.refund_line_items ?? []) {
      const id = String(rli.line_item_id);
      add.set(id, (add.get(id) ?? 0) + (rli.quantity ?? 0));
    }
    for (const [id, qty] of add) {
      const line = byLine.get(id);
      if (!line || qty <= 0) continue;
      await tx.orderLine.update({
        where: { id: line.id },
        data: { refundedQuantity: Math.min(line.quantity, line.refundedQuantity + qty) },
      });
    }
    // when the refund was issued (the quiet time after a refund runs from it), never moved back
    const refundedAt = time(r.created_at) ?? Date.now();
    if (order.lastRefundAt === null || order.lastRefundAt.getTime() < refundedAt) {
      await tx.order.update({ where: { id: order.id }, data: { lastRefundAt: new Date(refundedAt) } });
    }
    await recordAppliedRefunds(tx, shop, [refundId]);
    if (order.customerId) await refreshCustomers(tx, shop, [order.customerId]);
    return "applied" as const;
  });
}
