// The preview's checkout: the cart becomes an order reported the way Shopify reports it, an
// HMAC-signed orders/create webhook (REST order payload) sent over HTTP to the app's real
// /webhooks route. That route verifies the signature, stores the order and attributes its offer
// lines, exactly as for a live shop.
import { createHash, createHmac, randomUUID } from "node:crypto";
import db from "../../db.server";
import { DEMO_SHOP } from "../../lib/config.server";
import { nextDemoOrderTime } from "../clock.server";
import type { CartJson } from "./cart.server";
import type { PlacedOrder } from "./pages.server";

export const WEBHOOK_API_VERSION = "2026-10";

export interface CheckoutTotals {
  subtotal: number;
  discounts: number;
  shipping: number;
  total: number;
}

/**
 * The preview checkout's totals, in one place: the order summary, the order reported to the app
 * and the stand-in host's cost all read them. The cart has been through `applyCheckoutDiscounts`
 * (checkout-totals.server.ts), which runs Pairwise's real discount function on it.
 */
export function checkoutTotals(cart: CartJson): CheckoutTotals {
  const subtotal = cart.items_subtotal_price;
  return { subtotal, discounts: cart.total_discount, shipping: 0, total: cart.total_price };
}

/**
 * Where the shopper goes after "Pay now": as in Shopify's checkout, the post-purchase page of the
 * order (by its Shopify id), which goes on to the thank-you page.
 */
export function afterPaymentUrl(orderId: string): string {
  return `/storefront/post-purchase/${encodeURIComponent(orderId)}`;
}

/** The demo checkout's token for an order: what Shopify gives the post-purchase extension as its reference id. */
export function demoCheckoutToken(orderId: string | number): string {
  return createHash("sha256").update(`pairwise-demo-checkout:${orderId}`).digest("hex").slice(0, 32);
}

let orderSeq = 0;
let lineSeq = 0;
const cents = (n: number) => (n / 100).toFixed(2);

export function orderPayload(cart: CartJson, opts: { id: number; name: string; customerId: string | null; now: Date }) {
  return {
    id: opts.id,
    admin_graphql_api_id: `gid://shopify/Order/${opts.id}`,
    checkout_token: demoCheckoutToken(opts.id),
    name: opts.name,
    order_number: Number(opts.name.replace(/\D/g, "")) || opts.id,
    created_at: opts.now.toISOString(),
    updated_at: opts.now.toISOString(),
    processed_at: opts.now.toISOString(),
    cancelled_at: null,
    currency: cart.currency,
    presentment_currency: cart.currency,
    financial_status: "paid",
    fulfillment_status: null,
    subtotal_price: cents(cart.items_subtotal_price - cart.total_discount),
    total_line_items_price: cents(cart.items_subtotal_price),
    total_discounts: cents(checkoutTotals(cart).discounts),
    total_price: cents(checkoutTotals(cart).total),
    total_tax: "0.00",
    taxes_included: true,
    note: cart.note || null,
    note_attributes: Object.entries(cart.attributes).map(([name, value]) => ({ name, value })),
    customer: opts.customerId
      ? { id: Number(opts.customerId), admin_graphql_api_id: `gid://shopify/Customer/${opts.customerId}` }
      : null,
    line_items: cart.items.map((item) => {
      const id = Date.now() * 1000 + (lineSeq++ % 1000);
      return {
        id,
        admin_graphql_api_id: `gid://shopify/LineItem/${id}`,
        product_id: item.product_id,
        variant_id: item.variant_id,
        title: item.product_title,
        variant_title: item.variant_title,
        name: item.title,
        sku: item.sku,
        vendor: item.vendor,
        quantity: item.quantity,
        current_quantity: item.quantity,
        price: cents(item.price),
        total_discount: cents(item.total_discount),
        discount_allocations: item.discounts.map((d) => ({ amount: cents(d.amount), discount_application_index: 0 })),
        gift_card: false,
        requires_shipping: true,
        taxable: true,
        properties: Object.entries(item.properties).map(([name, value]) => ({ name, value })),
      };
    }),
    refunds: [],
  };
}

export function signWebhook(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/** Sends orders/create for the cart to the app at `origin`; resolves to the placed order. */
/**
 * Delivers a signed webhook to the app as Shopify does, retrying a delivery that did not reach it
 * (as Shopify retries): a pooled keep-alive connection the server has just closed fails the first
 * attempt. The retry carries the same event id, so the app stores it once.
 */
export async function sendWebhook(
  origin: string,
  topic: string,
  body: string,
  secret: string,
  triggeredAt: Date,
): Promise<globalThis.Response> {
  const headers = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": DEMO_SHOP,
    "X-Shopify-API-Version": WEBHOOK_API_VERSION,
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": triggeredAt.toISOString(),
    "X-Shopify-Hmac-Sha256": signWebhook(body, secret),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(`${origin}/webhooks`, { method: "POST", headers, body });
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

export async function placeOrder(
  cart: CartJson,
  opts: { origin: string; secret: string; customerId: string | null },
): Promise<PlacedOrder> {
  // the order happens in the demo's time (clock.server.ts); the webhook is sent now
  const now = await nextDemoOrderTime(DEMO_SHOP);
  const count = await db.order.count({ where: { shop: DEMO_SHOP } });
  const id = Date.now() * 100 + (orderSeq++ % 100);
  const name = `#${1001 + count}`;
  const payload = orderPayload(cart, { id, name, customerId: opts.customerId, now });
  const body = JSON.stringify(payload);
  const res = await sendWebhook(opts.origin, "orders/create", body, opts.secret, new Date());
  if (!res.ok) throw new Error(`The app answered the orders/create webhook with ${res.status}`);
  return {
    id: String(id),
    name,
    total: checkoutTotals(cart).total,
    customerId: opts.customerId,
    discount: cart.total_discount,
    lines: cart.items.map((i) => ({
      title: i.title,
      quantity: i.quantity,
      linePrice: i.final_line_price,
      offered: "_pairwise" in i.properties,
      discount: i.total_discount,
      discountTitles: i.discounts.map((d) => d.title),
      productId: String(i.product_id),
      variantId: String(i.variant_id),
      price: i.price,
    })),
    attributes: { ...cart.attributes },
  };
}
