// A merchant's own "Export orders" CSV written into the store: lines joined to the synced catalog
// by SKU or product title, and importing the same file again changes nothing.
import { createReadStream } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";

useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { importOrders, upsertCatalog } = await import("../../../app/services/sync/ingest-orders.server");
const { parseShopifyOrdersCsv } = await import("../../../app/lib/ingest/shopify-csv");
const { parseBulkCatalogJsonl, parseBulkOrdersJsonl } = await import("../../../app/lib/ingest/bulk-jsonl");

const SHOP = "csv-import.myshopify.com";

afterAll(async () => {
  await db.$disconnect();
});

describe("orders export CSV import", () => {
  it("joins CSV lines to the catalog by SKU or title, and a second import leaves the same rows", async () => {
    const products = [];
    for await (const p of parseBulkCatalogJsonl(createReadStream("test/fixtures/shopify/catalog_bulk.jsonl")))
      products.push(p);
    await upsertCatalog(SHOP, products);

    const run = () =>
      importOrders(SHOP, parseShopifyOrdersCsv(createReadStream("test/fixtures/shopify/orders_export.csv")), {
        source: "csv",
        batchSize: 3,
      });
    expect(await run()).toBe(4);
    const read = () =>
      db.order.findMany({
        where: { shop: SHOP },
        orderBy: { name: "asc" },
        include: { lines: { orderBy: { id: "asc" } } },
        omit: { updatedAt: true },
      });
    const first = await read();
    expect(
      first.map((o) => [o.name, o.shopifyId, o.source, o.lines.map((l) => [l.productId, l.variantId, l.quantity])]),
    ).toEqual([
      [
        "#1001",
        "5512345678901",
        "csv",
        [
          ["8001", "9001", 2],
          ["8002", null, 1],
        ],
      ],
      ["#1002", "5512345678902", "csv", [["café crème filter", "café crème filter - 250 g", 1]]],
      [
        "#1003",
        "5512345678903",
        "csv",
        [
          ["8002", null, 1],
          ["8002", null, 1],
        ],
      ],
      ["#1004", "5512345678904", "csv", [["8001", "9001", 1]]],
    ]);
    const customer = first[0].customerId!;
    expect(
      await db.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop: SHOP, shopifyId: customer } } }),
    ).toMatchObject({ ordersCount: 2, totalSpent: 7500 });

    await run();
    expect(await read()).toEqual(first);
  });

  it("never overwrites an order that the Admin API sync already wrote (it knows line ids and refunds)", async () => {
    const shop = "csv-after-sync.myshopify.com";
    await importOrders(shop, parseBulkOrdersJsonl(createReadStream("test/fixtures/shopify/orders_bulk.jsonl")), {
      source: "bulk",
    });
    const read = () =>
      db.order.findUniqueOrThrow({
        where: { shop_shopifyId: { shop, shopifyId: "5512345678901" } },
        include: { lines: { orderBy: { id: "asc" } } },
        omit: { updatedAt: true },
      });
    const synced = await read();
    await importOrders(shop, parseShopifyOrdersCsv(createReadStream("test/fixtures/shopify/orders_export.csv")), {
      source: "csv",
    });
    expect(await read()).toEqual(synced);
    expect(await db.order.count({ where: { shop, source: "csv" } })).toBe(1); // #1004 was not synced
  });
});
