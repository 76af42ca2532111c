import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { installShop, routeArgs, SHOP_A, SHOP_B, useTestShopifyEnv, webhookRequest } from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { action } = await import("../../../app/routes/webhooks");

async function deliver(init: Parameters<typeof webhookRequest>[0]): Promise<number> {
  try {
    const response = await action(routeArgs(webhookRequest(init)));
    return response.status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

async function seedShopData(shop: string, customerId: string) {
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
  const product = await db.product.create({ data: { shop, shopifyId: "101", title: "Tent", handle: "tent" } });
  await db.variant.create({ data: { shop, shopifyId: "201", productId: product.id, price: 19900 } });
  await db.customer.create({ data: { shop, shopifyId: customerId, ordersCount: 1, totalSpent: 19900 } });
  const order = await db.order.create({
    data: { shop, shopifyId: `9${customerId}`, customerId, createdAt: new Date("2026-10-01"), totalPrice: 19900 },
  });
  await db.orderLine.create({
    data: { shop, orderId: order.id, productId: "101", variantId: "201", quantity: 1, price: 19900 },
  });
  const offer = await db.offer.create({ data: { shop, name: "Tent → stakes" } });
  await db.event.create({
    data: {
      shop,
      clientEventId: `e-${customerId}`,
      offerId: offer.id,
      placement: "product",
      type: "impression",
      visitorId: "v1",
      customerId,
      occurredAt: new Date(),
    },
  });
}

beforeAll(async () => {
  await installShop(SHOP_A);
  await installShop(SHOP_B);
});

describe("webhooks", () => {
  it("rejects a forged delivery with 401 and stores nothing", async () => {
    const before = await db.webhookDelivery.count();
    const status = await deliver({
      topic: "shop/redact",
      shop: SHOP_A,
      payload: { shop_domain: SHOP_A },
      hmac: "Zm9yZ2VkIQ==",
    });
    expect(status).toBe(401);
    expect(await db.webhookDelivery.count()).toBe(before);
    expect(await db.shop.count({ where: { domain: SHOP_A } })).toBe(1);
  });

  it("rejects a delivery signed with another app's secret", async () => {
    const status = await deliver({
      topic: "app/uninstalled",
      shop: SHOP_A,
      payload: {},
      secret: "someone-elses-secret",
    });
    expect(status).toBe(401);
    expect(await db.session.count({ where: { shop: SHOP_A } })).toBe(1);
  });

  it("rejects an unsigned delivery", async () => {
    expect(await deliver({ topic: "app/uninstalled", shop: SHOP_A, payload: {}, hmac: null })).toBeGreaterThanOrEqual(
      400,
    );
    expect(await db.session.count({ where: { shop: SHOP_A } })).toBe(1);
  });

  it("processes the same event once, however often Shopify delivers it", async () => {
    await seedShopData(SHOP_A, "555");
    const payload = { customer: { id: 555 }, orders_requested: [], data_request: { id: 77 } };
    const eventId = "event-data-request-1";
    const statuses = await Promise.all([
      deliver({ topic: "customers/data_request", shop: SHOP_A, payload, eventId, webhookId: "w1" }),
      deliver({ topic: "customers/data_request", shop: SHOP_A, payload, eventId, webhookId: "w2" }),
    ]);
    statuses.push(await deliver({ topic: "customers/data_request", shop: SHOP_A, payload, eventId, webhookId: "w3" }));
    expect(statuses).toEqual([200, 200, 200]);
    const requests = await db.customerDataRequest.findMany({ where: { shop: SHOP_A, customerId: "555" } });
    expect(requests).toHaveLength(1);
    const report = JSON.parse(requests[0].report);
    expect(report.orders).toHaveLength(1);
    expect(report.offerEvents).toBe(1);
    expect(await db.webhookDelivery.count({ where: { shop: SHOP_A, eventId } })).toBe(1);
  });

  it("customers/redact removes the customer's profile and behaviour but keeps anonymous baskets", async () => {
    await seedShopData(SHOP_B, "777");
    expect(
      await deliver({
        topic: "customers/redact",
        shop: SHOP_A,
        payload: { customer: { id: 555 }, orders_to_redact: [9555] },
      }),
    ).toBe(200);
    expect(await db.customer.count({ where: { shop: SHOP_A, shopifyId: "555" } })).toBe(0);
    expect(await db.order.count({ where: { shop: SHOP_A, customerId: "555" } })).toBe(0);
    expect(await db.order.count({ where: { shop: SHOP_A } })).toBe(1);
    expect(await db.event.count({ where: { shop: SHOP_A, customerId: "555" } })).toBe(0);
    expect(await db.customerDataRequest.count({ where: { shop: SHOP_A, customerId: "555" } })).toBe(0);
    // the other shop's customer is untouched
    expect(await db.customer.count({ where: { shop: SHOP_B, shopifyId: "777" } })).toBe(1);
  });

  it("app/uninstalled removes the shop's sessions only", async () => {
    expect(await deliver({ topic: "app/uninstalled", shop: SHOP_B, payload: { id: 1, domain: SHOP_B } })).toBe(200);
    expect(await db.session.count({ where: { shop: SHOP_B } })).toBe(0);
    expect(await db.session.count({ where: { shop: SHOP_A } })).toBe(1);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: SHOP_B } })).uninstalledAt).not.toBeNull();
    expect(await db.order.count({ where: { shop: SHOP_B } })).toBe(1);
  });

  it("shop/redact deletes all of one shop's data and none of another's", async () => {
    const countAll = async (shop: string) => ({
      products: await db.product.count({ where: { shop } }),
      variants: await db.variant.count({ where: { shop } }),
      customers: await db.customer.count({ where: { shop } }),
      orders: await db.order.count({ where: { shop } }),
      lines: await db.orderLine.count({ where: { shop } }),
      offers: await db.offer.count({ where: { shop } }),
      events: await db.event.count({ where: { shop } }),
      shops: await db.shop.count({ where: { domain: shop } }),
      deliveries: await db.webhookDelivery.count({ where: { shop } }),
    });
    const before = await countAll(SHOP_A);
    expect(before.orders).toBe(1);
    expect(await deliver({ topic: "shop/redact", shop: SHOP_B, payload: { shop_id: 2, shop_domain: SHOP_B } })).toBe(
      200,
    );
    const afterB = await countAll(SHOP_B);
    expect(afterB).toEqual({
      products: 0,
      variants: 0,
      customers: 0,
      orders: 0,
      lines: 0,
      offers: 0,
      events: 0,
      shops: 0,
      deliveries: 0,
    });
    expect(await countAll(SHOP_A)).toEqual(before);
  });

  it("keeps a delivery whose processing failed, and processes it later", async () => {
    const { storeDelivery, processPendingDeliveries } =
      await import("../../../app/services/sync/webhook-deliveries.server");
    const { topicRegistry } = await import("../../../app/services/sync/webhook-topics.server");
    let fail = true;
    const registry = {
      deferred: new Set<string>(),
      handlers: {
        ...topicRegistry.handlers,
        CUSTOMERS_DATA_REQUEST: async (
          ctx: Parameters<(typeof topicRegistry.handlers)["CUSTOMERS_DATA_REQUEST"]>[0],
        ) => {
          if (fail) throw new Error("database briefly unavailable");
          await topicRegistry.handlers.CUSTOMERS_DATA_REQUEST(ctx);
        },
      },
    };
    const id = await storeDelivery({
      shop: SHOP_A,
      eventId: "event-retry",
      topic: "CUSTOMERS_DATA_REQUEST",
      rawPayload: JSON.stringify({ customer: { id: 999 } }),
    });
    expect(id).not.toBeNull();
    expect(await processPendingDeliveries(registry)).toBe(0);
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: id! } })).status).toBe("failed");
    fail = false;
    expect(await processPendingDeliveries(registry)).toBe(1);
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: id! } })).status).toBe("processed");
    expect(await db.customerDataRequest.count({ where: { shop: SHOP_A, customerId: "999" } })).toBe(1);
  });
});
