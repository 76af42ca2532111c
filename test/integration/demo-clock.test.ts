// An order placed in the demo keeps the dashboard on the demo's weeks: it happens in the demo's
// time (one minute after the latest order), reaches the app as a signed orders/create webhook, and
// "Last 7 days" / "Last 30 days" keep their figures, now with the new order in them.
import { describe, expect, it } from "vitest";
import { useFreshDatabase } from "../support/db";
import { routeArgs, TEST_API_SECRET, useTestShopifyEnv, webhookRequest } from "../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../app/db.server");
const { seedDemoShop } = await import("../../app/demo/seed.server");
const { runMiningJob } = await import("../../app/services/mining/mining-job.server");
const { simulateStorefrontTraffic } = await import("../../app/demo/storefront-traffic.server");
const { DEMO_SHOP } = await import("../../app/lib/config.server");
const { DEFAULT_NOW } = await import("../../app/demo/generate");
const { nextDemoOrderTime, DEMO_ORDER_STEP_MS } = await import("../../app/demo/clock.server");
const { lastDays, rangeInstants } = await import("../../app/services/admin/rollups.server");
const { orderPayload } = await import("../../app/demo/storefront/checkout.server");
const { dashboardFigures } = await import("../../app/services/admin/dashboard.server");
const { action: webhooks } = await import("../../app/routes/webhooks");

describe("the demo's clock", () => {
  it("keeps the dashboard's periods on the demo's data after a shopper places an order", async () => {
    await seedDemoShop(db, { seed: 42, orders: 2500 });
    await runMiningJob(DEMO_SHOP);
    await simulateStorefrontTraffic(db, { seed: 42, now: DEFAULT_NOW, visitors: 300, secret: TEST_API_SECRET });
    const before7 = await dashboardFigures(DEMO_SHOP, 7, { demo: true });
    const before30 = await dashboardFigures(DEMO_SHOP, 30, { demo: true });
    expect(before30.kpis.ordersInPeriod).toBeGreaterThan(0);
    expect(before7.kpis.ordersInPeriod).toBeGreaterThan(0);

    // a shopper's order in the preview checkout: one product of the demo catalog, $119.00
    const product = await db.product.findFirstOrThrow({ where: { shop: DEMO_SHOP }, include: { variants: true } });
    const variant = product.variants[0];
    const latest = await db.order.findFirstOrThrow({ where: { shop: DEMO_SHOP }, orderBy: { createdAt: "desc" } });
    const at = await nextDemoOrderTime(DEMO_SHOP);
    expect(at.getTime()).toBe(latest.createdAt.getTime() + DEMO_ORDER_STEP_MS);
    // the period is the whole days up to the latest order's
    expect(before7.period.to).toBe(rangeInstants(lastDays(7, latest.createdAt.getTime())).to.toISOString());
    expect(at.getTime()).toBeLessThan(Date.now() - 7 * 86_400_000); // the demo's time, not today
    const item = {
      product_id: Number(product.shopifyId),
      variant_id: Number(variant.shopifyId),
      product_title: product.title,
      variant_title: variant.title,
      title: product.title,
      sku: variant.sku,
      vendor: product.vendor,
      quantity: 1,
      price: 11900,
      line_price: 11900,
      final_line_price: 11900,
      total_discount: 0,
      discounts: [],
      properties: {},
    };
    const cart = {
      token: "t",
      note: "",
      attributes: {},
      original_total_price: 11900,
      total_price: 11900,
      total_discount: 0,
      total_weight: 0,
      item_count: 1,
      items: [item],
      requires_shipping: true,
      currency: "USD",
      items_subtotal_price: 11900,
      cart_level_discount_applications: [],
    };
    const payload = orderPayload(cart as never, { id: 990000000001, name: "#9001", customerId: null, now: at });
    const res = await webhooks(routeArgs(webhookRequest({ topic: "orders/create", shop: DEMO_SHOP, payload })));
    expect(res.status).toBe(200);
    await expect.poll(() => db.order.count({ where: { shop: DEMO_SHOP, name: "#9001" } })).toBe(1);

    const after7 = await dashboardFigures(DEMO_SHOP, 7, { demo: true });
    const after30 = await dashboardFigures(DEMO_SHOP, 30, { demo: true });
    // the period ends on the new order's day, not today: the demo's figures are still there
    expect(after7.period.to).toBe(rangeInstants(lastDays(7, at.getTime())).to.toISOString());
    expect(after7.kpis.ordersInPeriod).toBe(before7.kpis.ordersInPeriod + 1);
    expect(after30.kpis.ordersInPeriod).toBeGreaterThanOrEqual(before30.kpis.ordersInPeriod + 1);
    expect(after30.kpis.attributedRevenue).toEqual(before30.kpis.attributedRevenue);
    expect(after30.kpis.crossSell.rate).toBeLessThan(1);
  }, 240_000);
});
