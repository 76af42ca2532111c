// What differs between SQLite and PostgreSQL (app/lib/dialect.server.ts), checked on the database
// under test (this file runs in both passes): the bulk insert stores rows exactly as Prisma writes
// them, and product and offer search ignore case on both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProvider, useFreshDatabase } from "../../support/db";

useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { bulkInsert, currentProvider, textContains, BULK_INSERT_ROWS } = await import("../../../app/lib/dialect.server");
const { searchProducts, listOffers } = await import("../../../app/services/admin/offers.server");

const SHOP = "dialect-shop.myshopify.com";

beforeAll(async () => {
  await db.shop.create({ data: { domain: SHOP, allOrdersAccess: true } });
});
afterAll(async () => {
  await db.$disconnect();
});

describe(`database dialect (${testProvider()})`, () => {
  it("knows which database it talks to", () => {
    expect(currentProvider()).toBe(testProvider());
  });

  it("bulk-inserts rows (dates, nulls, integers, booleans) in more than one batch, readable through Prisma", async () => {
    const first = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    const rows = Array.from({ length: BULK_INSERT_ROWS + 5 }, (_, i) => ({
      id: `bulk_c_${i}`,
      shop: SHOP,
      shopifyId: String(9_000_000 + i),
      ordersCount: i % 7,
      totalSpent: i * 100,
      refundedLines: 0,
      purchasedLines: i % 3,
      firstOrderAt: i % 2 === 0 ? first : null,
      lastOrderAt: new Date(first.getTime() + i * 1000),
      redactedAt: null,
    }));
    await db.$transaction((tx) => bulkInsert(tx, "Customer", rows), { timeout: 120_000 });
    expect(await db.customer.count({ where: { shop: SHOP } })).toBe(rows.length);
    const stored = await db.customer.findUniqueOrThrow({ where: { id: "bulk_c_10002" } });
    expect(stored).toMatchObject({
      shopifyId: "9010002",
      ordersCount: 10002 % 7,
      totalSpent: 1_000_200,
      purchasedLines: 10002 % 3,
      redactedAt: null,
    });
    expect(stored.firstOrderAt?.toISOString()).toBe(first.toISOString());
    expect(stored.lastOrderAt?.getTime()).toBe(first.getTime() + 10002 * 1000);
    expect((await db.customer.findUniqueOrThrow({ where: { id: "bulk_c_1" } })).firstOrderAt).toBeNull();
    // Prisma's own filters and ordering see the values as dates, not text
    expect(
      await db.customer.count({
        where: { shop: SHOP, lastOrderAt: { gte: new Date(first.getTime() + 10_000 * 1000) } },
      }),
    ).toBe(5);

    const shops = [
      { domain: "bulk-bool.myshopify.com", name: "Bulk", allOrdersAccess: true, installedAt: first, currency: "EUR" },
    ];
    await bulkInsert(db, "Shop", shops);
    expect(await db.shop.findUniqueOrThrow({ where: { domain: "bulk-bool.myshopify.com" } })).toMatchObject({
      allOrdersAccess: true,
      installedAt: first,
      currency: "EUR",
    });
  });

  it("searches text ignoring case, on both databases", async () => {
    await db.product.createMany({
      data: [
        {
          shop: SHOP,
          shopifyId: "1",
          title: "Trail Tent 2P",
          handle: "tent",
          productType: "Tents",
          vendor: "Northwind",
        },
        { shop: SHOP, shopifyId: "2", title: "Sleeping bag", handle: "bag", productType: "Sleep", vendor: "northwind" },
        { shop: SHOP, shopifyId: "3", title: "Stove", handle: "stove", productType: "Cooking", vendor: "Ember" },
      ],
    });
    expect((await searchProducts(SHOP, "TENT")).map((p) => p.id)).toEqual(["1"]);
    expect((await searchProducts(SHOP, "NorthWind")).map((p) => p.id).sort()).toEqual(["1", "2"]);
    expect(await db.product.count({ where: { shop: SHOP, title: textContains("sLeEpInG") } })).toBe(1);
    await db.offer.create({ data: { shop: SHOP, name: "Summer Camping Bundle" } });
    expect((await listOffers(SHOP, { q: "camping" })).length).toBe(1);
  });
});
