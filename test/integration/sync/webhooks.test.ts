// Incremental updates from order, refund and product webhooks (real REST payload shapes) on a
// real SQLite file: idempotent, refunds counted once, customer aggregates kept right.
import { afterAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { readFixture } from "../../support/admin-api-standin";

useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { handleOrderUpsert, handleRefundCreate } = await import("../../../app/services/sync/orders-webhooks.server");
const { handleProductDelete, handleProductUpdate } =
  await import("../../../app/services/sync/products-webhooks.server");
const { upsertCatalog } = await import("../../../app/services/sync/ingest-orders.server");
const { parseBulkCatalogJsonl } = await import("../../../app/lib/ingest/bulk-jsonl");

const fixture = (name: string) => JSON.parse(readFixture(name)) as Record<string, unknown>;
let counter = 0;
/** A shop that installed the app (webhooks write nothing for any other shop). */
async function newShop(): Promise<string> {
  const shop = `hooks-${++counter}.myshopify.com`;
  await db.shop.create({ data: { domain: shop } });
  return shop;
}

afterAll(async () => {
  await db.$disconnect();
});

async function snapshot(shop: string) {
  const [orders, lines, customers] = await Promise.all([
    db.order.findMany({ where: { shop }, orderBy: { shopifyId: "asc" }, omit: { updatedAt: true } }),
    db.orderLine.findMany({ where: { shop }, orderBy: { shopifyId: "asc" } }),
    db.customer.findMany({ where: { shop }, orderBy: { shopifyId: "asc" } }),
  ]);
  return { orders, lines, customers };
}

describe("order webhooks", () => {
  it("orders/create writes the order with its lines, offer property, visitor and customer", async () => {
    const shop = await newShop();
    await handleOrderUpsert(shop, fixture("orders_create.json"));
    const { orders, lines, customers } = await snapshot(shop);
    expect(orders).toEqual([
      expect.objectContaining({
        shopifyId: "5512345678905",
        name: "#1005",
        customerId: "7003",
        createdAt: new Date("2026-11-20T14:30:00Z"),
        subtotal: 5650,
        totalDiscounts: 250,
        totalPrice: 6150,
        source: "webhook",
        visitorId: "v_77",
        cancelledAt: null,
      }),
    ]);
    expect(
      lines.map((l) => [
        l.shopifyId,
        l.productId,
        l.variantId,
        l.quantity,
        l.price,
        l.discount,
        l.offerId,
        l.refundedQuantity,
      ]),
    ).toEqual([
      ["13010", "8001", "9001", 2, 1250, 250, "offer_xyz", 0],
      ["13011", "8002", "9002", 1, 3400, 0, null, 0],
    ]);
    expect(customers).toEqual([
      expect.objectContaining({
        shopifyId: "7003",
        ordersCount: 1,
        totalSpent: 6150,
        purchasedLines: 3,
        refundedLines: 0,
      }),
    ]);
  });

  it("the same order payload delivered twice leaves exactly the same rows", async () => {
    const shop = await newShop();
    await handleOrderUpsert(shop, fixture("orders_create.json"));
    const once = await snapshot(shop);
    await handleOrderUpsert(shop, fixture("orders_create.json"));
    expect(await snapshot(shop)).toEqual(once);
  });

  it("orders/updated with a refund sets refunded units and keeps line ids (attributions survive)", async () => {
    const shop = await newShop();
    await handleOrderUpsert(shop, fixture("orders_create.json"));
    const before = await snapshot(shop);
    await handleOrderUpsert(shop, fixture("orders_updated.json"));
    await handleOrderUpsert(shop, fixture("orders_updated.json"));
    const after = await snapshot(shop);
    expect(after.lines.map((l) => l.id)).toEqual(before.lines.map((l) => l.id));
    expect(after.lines.map((l) => l.refundedQuantity)).toEqual([0, 1]);
    expect(after.customers[0]).toMatchObject({ purchasedLines: 3, refundedLines: 1 });
    // when the refund was issued, not when the order was placed (the quiet time after a refund runs from it)
    expect(before.orders[0].lastRefundAt).toBeNull();
    expect(after.orders[0].lastRefundAt).toEqual(new Date("2026-11-22T14:00:00-05:00"));
    // The refund the order already carried is not counted again when refunds/create arrives late.
    const late = { ...(fixture("orders_updated.json").refunds as Record<string, unknown>[])[0] };
    expect(await handleRefundCreate(shop, late)).toBe("duplicate");
    expect((await snapshot(shop)).lines.map((l) => l.refundedQuantity)).toEqual([0, 1]);
  });

  it("refunds/create adds the refunded units once, however often it is delivered", async () => {
    const shop = await newShop();
    await handleOrderUpsert(shop, fixture("orders_updated.json"));
    expect(await handleRefundCreate(shop, fixture("refunds_create.json"))).toBe("applied");
    const once = await snapshot(shop);
    expect(once.lines.map((l) => [l.shopifyId, l.refundedQuantity])).toEqual([
      ["13010", 1],
      ["13011", 1],
    ]);
    expect(once.customers[0]).toMatchObject({ purchasedLines: 3, refundedLines: 2 });
    expect(once.orders[0].lastRefundAt).toEqual(new Date("2026-11-24T10:00:00-05:00"));
    expect(await handleRefundCreate(shop, fixture("refunds_create.json"))).toBe("duplicate");
    expect(await snapshot(shop)).toEqual(once);
    // an order snapshot delivered late, carrying only the earlier refund, does not move the date back
    await handleOrderUpsert(shop, fixture("orders_updated.json"));
    expect((await snapshot(shop)).orders[0].lastRefundAt).toEqual(new Date("2026-11-24T10:00:00-05:00"));
  });

  it("a refund for an order not stored yet writes nothing (the order's own webhook will carry it)", async () => {
    const shop = await newShop();
    expect(await handleRefundCreate(shop, fixture("refunds_create.json"))).toBe("unknown_order");
    await handleOrderUpsert(shop, fixture("orders_create.json"));
    expect(await handleRefundCreate(shop, fixture("refunds_create.json"))).toBe("applied");
  });

  it("a cancelled order no longer counts in the customer's orders and spend", async () => {
    const shop = await newShop();
    await handleOrderUpsert(shop, fixture("orders_create.json"));
    await handleOrderUpsert(shop, {
      ...fixture("orders_create.json"),
      cancelled_at: "2026-11-21T10:00:00-05:00",
      cancel_reason: "customer",
    });
    expect((await snapshot(shop)).customers[0]).toMatchObject({
      ordersCount: 0,
      totalSpent: 0,
      purchasedLines: 0,
      firstOrderAt: null,
    });
  });

  it("a line removed by an order edit disappears from the order", async () => {
    const shop = await newShop();
    await handleOrderUpsert(shop, fixture("orders_create.json"));
    const edited = fixture("orders_create.json");
    edited.line_items = (edited.line_items as unknown[]).slice(0, 1);
    await handleOrderUpsert(shop, edited);
    expect((await snapshot(shop)).lines.map((l) => l.shopifyId)).toEqual(["13010"]);
  });
});

describe("product webhooks", () => {
  async function seedCatalog(shop: string) {
    const { createReadStream } = await import("node:fs");
    const products = [];
    for await (const p of parseBulkCatalogJsonl(createReadStream("test/fixtures/shopify/catalog_bulk.jsonl")))
      products.push(p);
    await upsertCatalog(shop, products);
  }

  it("products/update refreshes title, prices and stock, keeps unit cost and collections, drops removed variants", async () => {
    const shop = await newShop();
    await seedCatalog(shop);
    await handleProductUpdate(shop, fixture("products_update.json"));
    const mug = await db.product.findUniqueOrThrow({
      where: { shop_shopifyId: { shop, shopifyId: "8001" } },
      include: { variants: { orderBy: { shopifyId: "asc" } } },
    });
    expect(mug).toMatchObject({
      title: "Ceramic Mug (Stoneware)",
      tags: JSON.stringify(["ceramic", "gift", "kitchen"]),
      collections: JSON.stringify(["4001", "4002"]),
      imageUrl: "https://cdn.shopify.com/s/files/1/0000/0001/files/mug-2.jpg?v=2",
    });
    expect(mug.variants.map((v) => [v.shopifyId, v.price, v.cost, v.inventoryQuantity, v.availableForSale])).toEqual([
      ["9001", 1300, 410, 38, true],
      ["9005", 1300, null, 0, false],
    ]);
  });

  it("products/update twice leaves the same rows", async () => {
    const shop = await newShop();
    await handleProductUpdate(shop, fixture("products_update.json"));
    const read = () => db.variant.findMany({ where: { shop }, orderBy: { shopifyId: "asc" } });
    const once = await read();
    await handleProductUpdate(shop, fixture("products_update.json"));
    expect(await read()).toEqual(once);
    expect(await db.product.count({ where: { shop } })).toBe(1);
  });

  it("products/delete removes the product and its variants, and is harmless when repeated", async () => {
    const shop = await newShop();
    await seedCatalog(shop);
    await handleProductDelete(shop, fixture("products_delete.json"));
    await handleProductDelete(shop, fixture("products_delete.json"));
    expect(
      (await db.product.findMany({ where: { shop }, orderBy: { shopifyId: "asc" } })).map((p) => p.shopifyId),
    ).toEqual(["8001", "8002"]);
    expect(await db.variant.count({ where: { shop, shopifyId: "9004" } })).toBe(0);
  });
});
