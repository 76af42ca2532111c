import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../support/db";

useFreshDatabase();
const { default: db } = await import("../../app/db.server");
const { seedDemoShop, DEMO_SHOP_DOMAIN } = await import("../../app/demo/seed.server");
const { generateDemoShop } = await import("../../app/demo/generate");

const shop = DEMO_SHOP_DOMAIN;
const NOW = Date.UTC(2026, 10, 1);

describe("seedDemoShop", () => {
  let first: Awaited<ReturnType<typeof seedDemoShop>>;

  beforeAll(async () => {
    first = await seedDemoShop(db, { seed: 42, now: NOW, orders: 1500 });
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it("writes the generated shop: shop settings, catalog, customers, orders and lines", async () => {
    expect(shop).toBe("pairwise-demo.myshopify.com");
    expect(first.skipped).toBe(false);
    expect(first.orders).toBe(1500);
    const [shopRow, products, variants, customers, orders, lines] = await Promise.all([
      db.shop.findUniqueOrThrow({ where: { domain: shop } }),
      db.product.count({ where: { shop } }),
      db.variant.count({ where: { shop } }),
      db.customer.count({ where: { shop } }),
      db.order.count({ where: { shop, source: "demo" } }),
      db.orderLine.count({ where: { shop } }),
    ]);
    expect(shopRow.allOrdersAccess).toBe(true);
    expect(shopRow.ordersSyncedAt?.getTime()).toBe(NOW);
    expect(shopRow.catalogSyncedAt?.getTime()).toBe(NOW);
    expect(shopRow.currency).toBe("USD");
    expect({ products, variants, customers, orders, lines }).toEqual({
      products: first.products,
      variants: first.variants,
      customers: first.customers,
      orders: 1500,
      lines: first.orderLines,
    });
    expect(products).toBeGreaterThan(250);
  });

  it("stores orders exactly as generated, readable through Prisma (dates, money, refunds)", async () => {
    const generated = generateDemoShop({ seed: 42, now: NOW, orders: 1500 });
    const sample = generated.orders[777];
    const stored = await db.order.findUniqueOrThrow({
      where: { shop_shopifyId: { shop, shopifyId: sample.id } },
      include: { lines: { orderBy: { shopifyId: "asc" } } },
    });
    expect(stored.createdAt.getTime()).toBe(sample.createdAt);
    expect(stored.totalPrice).toBe(sample.totalPrice);
    expect(stored.customerId).toBe(sample.customerId ?? null);
    expect(
      stored.lines.map((l) => [l.shopifyId, l.productId, l.variantId, l.quantity, l.price, l.refundedQuantity]),
    ).toEqual(sample.lines.map((l) => [l.id, l.productId, l.variantId, l.quantity, l.price, l.refundedQuantity]));
    const inRange = await db.order.count({
      where: { shop, createdAt: { gte: new Date(NOW - 30 * 86_400_000), lt: new Date(NOW) } },
    });
    expect(inRange).toBe(generated.orders.filter((o) => o.createdAt! >= NOW - 30 * 86_400_000).length);
    const product = await db.product.findFirstOrThrow({
      where: { shop, shopifyId: generated.products[0].id },
      include: { variants: true },
    });
    expect(JSON.parse(product.tags)).toEqual(generated.products[0].tags);
    expect(product.variants.map((v) => v.shopifyId).sort()).toEqual(
      generated.products[0].variants.map((v) => v.id).sort(),
    );
  });

  it("keeps customer aggregates consistent with their orders", async () => {
    const agg = await db.customer.aggregate({ where: { shop }, _sum: { ordersCount: true, purchasedLines: true } });
    const withCustomer = await db.order.count({ where: { shop, customerId: { not: null } } });
    expect(agg._sum.ordersCount).toBe(withCustomer);
    const top = await db.customer.findFirstOrThrow({ where: { shop }, orderBy: { ordersCount: "desc" } });
    const theirOrders = await db.order.findMany({
      where: { shop, customerId: top.shopifyId },
      orderBy: { createdAt: "asc" },
    });
    expect(top.ordersCount).toBe(theirOrders.length);
    expect(top.ordersCount).toBeGreaterThan(1);
    expect(top.firstOrderAt?.getTime()).toBe(theirOrders[0].createdAt.getTime());
    expect(top.lastOrderAt?.getTime()).toBe(theirOrders.at(-1)!.createdAt.getTime());
    expect(top.totalSpent).toBeGreaterThan(0);
  });

  it("does nothing when the shop already holds the same generation", async () => {
    const before = await db.order.findFirstOrThrow({ where: { shop }, select: { updatedAt: true, id: true } });
    const again = await seedDemoShop(db, { seed: 42, now: NOW, orders: 1500 });
    expect(again.skipped).toBe(true);
    const after = await db.order.findUniqueOrThrow({ where: { id: before.id }, select: { updatedAt: true } });
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    expect(await db.order.count({ where: { shop } })).toBe(1500);
  });

  it("keeps what the demo's users added on a restart: new customers and the demo checkout's orders", async () => {
    // the demo checkout's orders/create webhook brought a new customer and an order
    await db.customer.create({ data: { shop, shopifyId: "checkout-customer-1", ordersCount: 1 } });
    await db.order.create({
      data: {
        shop,
        shopifyId: "checkout-order-1",
        customerId: "checkout-customer-1",
        createdAt: new Date(NOW),
        source: "webhook",
      },
    });
    await db.customer.deleteMany({
      where: {
        shop,
        shopifyId: (await db.customer.findFirstOrThrow({ where: { shop, id: { startsWith: "demo_c_" } } })).shopifyId,
      },
    });
    const restart = await seedDemoShop(db, { seed: 42, now: NOW, orders: 1500 });
    expect(restart.skipped).toBe(true);
    expect(await db.order.count({ where: { shop, shopifyId: "checkout-order-1" } })).toBe(1);
    expect(await db.customer.count({ where: { shop, shopifyId: "checkout-customer-1" } })).toBe(1);
  });

  it("adopts a database seeded before the generation was recorded, without reseeding", async () => {
    await db.demoState.delete({ where: { shop } });
    const adopted = await seedDemoShop(db, { seed: 42, now: NOW, orders: 1500 });
    expect(adopted.skipped).toBe(true);
    expect(await db.order.count({ where: { shop, shopifyId: "checkout-order-1" } })).toBe(1);
    expect((await db.demoState.findUniqueOrThrow({ where: { shop } })).generation).toMatch(/^[0-9a-f]{32}$/);
  });

  it("replaces the demo history when asked for another seed or size", async () => {
    const other = await seedDemoShop(db, { seed: 43, now: NOW, orders: 1200 });
    expect(other.skipped).toBe(false);
    expect(await db.order.count({ where: { shop } })).toBe(1200);
    expect(await db.orderLine.count({ where: { shop } })).toBe(other.orderLines);
    expect(await db.product.count({ where: { shop } })).toBe(other.products);
    expect((await seedDemoShop(db, { seed: 43, now: NOW, orders: 1200 })).skipped).toBe(true);
  });
});
