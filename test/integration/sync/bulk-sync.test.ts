// Catalog and order-history sync end to end: a real SQLite file, the Admin API answered by a
// local stand-in that validates every document against Shopify's real 2026-10 schema.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { readFixture, startAdminApiStandin, type AdminApiStandin } from "../../support/admin-api-standin";

useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { startSync, completeBulkOperation, pollSync } =
  await import("../../../app/services/sync/bulk-operations.server");
const { reconcileOrders } = await import("../../../app/services/sync/reconcile.server");

let api: AdminApiStandin;
const waits: number[] = [];
const sleep = async (ms: number) => void waits.push(ms);
const NOW = new Date("2026-11-26T12:00:00Z");
const now = () => NOW;
let shopCounter = 0;
const newShop = () => `sync-${++shopCounter}.myshopify.com`;

beforeAll(async () => {
  api = await startAdminApiStandin();
  api.server.listen({ onUnhandledRequest: "error" });
}, 120_000);
afterEach(() => {
  // The app never sent a document the real schema rejects, and the stand-in never answered off-schema.
  expect(api.state.problems).toEqual([]);
  api.reset();
  waits.length = 0;
});
afterAll(async () => {
  api.server.close();
  await db.$disconnect();
});

describe("catalog sync", () => {
  it("brings products, variants, unit cost, stock, collections and shop settings into the store", async () => {
    const shop = newShop();
    api.state.shop.currencyCode = "EUR";
    api.state.shop.currencyFormats.moneyFormat = "{{amount_with_comma_separator}} €";
    const { job } = await startSync(api.admin, shop, "catalog", { now, sleep });
    expect(job).toMatchObject({
      status: "running",
      kind: "catalog",
      bulkOperationId: "gid://shopify/BulkOperation/1001",
    });
    expect(api.state.operations.get(job.bulkOperationId!)!.query).toContain("products");
    // Child lines directly after their parent: what the streaming importer relies on.
    expect(api.state.groupObjects.get(job.bulkOperationId!)).toBe(true);

    api.finish(job.bulkOperationId!, { status: "COMPLETED", jsonl: readFixture("catalog_bulk.jsonl") });
    const done = await completeBulkOperation(api.admin, shop, job.bulkOperationId!, { now, sleep, batchSize: 2 });
    expect(done).toMatchObject({ status: "completed", processed: 3, objectCount: 9, error: null });

    const products = await db.product.findMany({
      where: { shop },
      include: { variants: { orderBy: { shopifyId: "asc" } } },
      orderBy: { shopifyId: "asc" },
    });
    expect(products.map((p) => [p.shopifyId, p.status, JSON.parse(p.collections)])).toEqual([
      ["8001", "ACTIVE", ["4001", "4002"]],
      ["8002", "DRAFT", []],
      ["8003", "DRAFT", []],
    ]);
    expect(
      products[0].variants.map((v) => ({
        id: v.shopifyId,
        sku: v.sku,
        price: v.price,
        cost: v.cost,
        stock: v.inventoryQuantity,
        available: v.availableForSale,
      })),
    ).toEqual([
      { id: "9001", sku: "MUG-WHT", price: 1250, cost: 410, stock: 40, available: true },
      { id: "9003", sku: "MUG-BLK", price: 1250, cost: 410, stock: 0, available: false },
    ]);
    const row = await db.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(row).toMatchObject({
      currency: "EUR",
      moneyFormat: "{{amount_with_comma_separator}} €",
      catalogSyncedAt: NOW,
      allOrdersAccess: true,
    });
  });

  it("removes products that a later complete catalog no longer lists, and keeps the rest", async () => {
    const shop = newShop();
    const first = (await startSync(api.admin, shop, "catalog", { now, sleep })).job;
    api.finish(first.bulkOperationId!, { status: "COMPLETED", jsonl: readFixture("catalog_bulk.jsonl") });
    await completeBulkOperation(api.admin, shop, first.bulkOperationId!, { now, sleep });
    const withoutSecret = readFixture("catalog_bulk.jsonl")
      .split("\n")
      .filter((l) => !l.includes("8003"))
      .join("\n");
    const second = (await startSync(api.admin, shop, "catalog", { now, sleep })).job;
    api.finish(second.bulkOperationId!, { status: "COMPLETED", jsonl: withoutSecret });
    await completeBulkOperation(api.admin, shop, second.bulkOperationId!, { now, sleep });
    expect(
      (await db.product.findMany({ where: { shop }, orderBy: { shopifyId: "asc" } })).map((p) => p.shopifyId),
    ).toEqual(["8001", "8002"]);
    expect(await db.variant.count({ where: { shop } })).toBe(3);
  });
});

describe("orders sync", () => {
  it("without read_all_orders asks Shopify for the last 60 days only, and records that", async () => {
    const shop = newShop();
    api.state.scopes = ["read_products", "read_orders"];
    const { job, historyFrom } = await startSync(api.admin, shop, "orders", { now, sleep });
    expect(historyFrom).toEqual(new Date("2026-09-27T12:00:00Z"));
    expect(api.state.operations.get(job.bulkOperationId!)!.query).toContain(
      `orders(query: "created_at:>='2026-09-27T12:00:00.000Z'")`,
    );
    expect(await db.shop.findUniqueOrThrow({ where: { domain: shop } })).toMatchObject({
      allOrdersAccess: false,
      scopes: "read_products,read_orders",
    });
  });

  it("imports orders, lines, refunds, offer lines and customer aggregates, once however often it completes", async () => {
    const shop = newShop();
    const { job, historyFrom } = await startSync(api.admin, shop, "orders", { now, sleep });
    expect(historyFrom).toBeNull();
    expect(api.state.operations.get(job.bulkOperationId!)!.query).not.toContain("created_at");
    expect(api.state.groupObjects.get(job.bulkOperationId!)).toBe(true);
    api.finish(job.bulkOperationId!, { status: "COMPLETED", jsonl: readFixture("orders_bulk.jsonl") });

    // The bulk_operations/finish webhook and a poll both arrive.
    const finish = JSON.parse(readFixture("bulk_operations_finish.json")) as { admin_graphql_api_id: string };
    expect(finish.admin_graphql_api_id).toBe(job.bulkOperationId);
    const [a, b] = await Promise.all([
      completeBulkOperation(api.admin, shop, finish.admin_graphql_api_id, { now, sleep }),
      pollSync(api.admin, shop, { now, sleep }),
    ]);
    expect([a?.status, ...b.map((j) => j.status)].filter((s) => s === "completed").length).toBeGreaterThanOrEqual(1);
    const again = await completeBulkOperation(api.admin, shop, "1001", { now, sleep });
    expect(again).toMatchObject({ status: "completed", processed: 3 });

    const orders = await db.order.findMany({
      where: { shop },
      include: { lines: { orderBy: { shopifyId: "asc" } } },
      orderBy: { shopifyId: "asc" },
    });
    expect(orders.map((o) => [o.shopifyId, o.name, o.customerId, o.totalPrice, o.source, o.lines.length])).toEqual([
      ["5512345678901", "#1001", "7001", 6250, "bulk", 2],
      ["5512345678902", "#1002", null, 300, "bulk", 1],
      ["5512345678903", "#1003", "7001", 3750, "bulk", 1],
    ]);
    expect(orders[0].visitorId).toBe("v_8f2c");
    expect(
      orders[0].lines.map((l) => [
        l.shopifyId,
        l.productId,
        l.quantity,
        l.price,
        l.discount,
        l.refundedQuantity,
        l.offerId,
      ]),
    ).toEqual([
      ["13001", "8001", 2, 1250, 250, 0, null],
      ["13002", "8002", 1, 3400, 0, 1, "offer_abc"],
    ]);
    expect(orders[1].cancelledAt).toEqual(new Date("2026-03-04T07:30:00Z"));
    expect(
      await db.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "7001" } } }),
    ).toMatchObject({
      ordersCount: 2,
      totalSpent: 10000,
      purchasedLines: 6,
      refundedLines: 1,
      firstOrderAt: new Date("2026-03-01T15:15:00Z"),
      lastOrderAt: new Date("2026-03-05T17:00:00Z"),
    });
    expect(await db.orderLine.count({ where: { shop } })).toBe(4);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: shop } })).ordersSyncedAt).toEqual(NOW);
  });

  it("retries a throttled request and goes on", async () => {
    const shop = newShop();
    api.state.throttleNext = 2;
    api.state.http429Next = 1;
    const { job } = await startSync(api.admin, shop, "orders", { now, sleep });
    expect(job.status).toBe("running");
    expect(waits).toEqual([1000, 1000 * ((12 - 2) / 100) + 250, 1000 * ((12 - 2) / 100) + 250]);
    expect(api.state.received.map((r) => r.operationName)).toEqual([
      "ShopInfo",
      "ShopInfo",
      "ShopInfo",
      "ShopInfo",
      "BulkOperationRunQuery",
    ]);
  });

  it("records a failed bulk operation with Shopify's reason, so the admin can show it and start again", async () => {
    const shop = newShop();
    const { job } = await startSync(api.admin, shop, "orders", { now, sleep });
    api.finish(job.bulkOperationId!, { status: "FAILED", errorCode: "ACCESS_DENIED" });
    const failed = await completeBulkOperation(api.admin, shop, job.bulkOperationId!, { now, sleep });
    expect(failed).toMatchObject({
      status: "failed",
      error: "Shopify bulk operation failed (ACCESS_DENIED)",
      finishedAt: NOW,
    });
    expect((await db.shop.findUniqueOrThrow({ where: { domain: shop } })).ordersSyncedAt).toBeNull();
    const retry = await startSync(api.admin, shop, "orders", { now, sleep });
    expect(retry.job.status).toBe("running");
  });

  it("reports an operation already running as a failed job with Shopify's message", async () => {
    const shop = newShop();
    api.state.runUserErrors = [
      {
        field: null,
        message: "A bulk query operation for this app and shop is already in progress.",
        code: "OPERATION_IN_PROGRESS",
      },
    ];
    const { job } = await startSync(api.admin, shop, "catalog", { now, sleep });
    expect(job).toMatchObject({ status: "failed", bulkOperationId: null });
    expect(job.error).toContain("already in progress");
  });

  it("leaves a job running while Shopify is still exporting, and completes it on a later poll", async () => {
    const shop = newShop();
    const { job } = await startSync(api.admin, shop, "orders", { now, sleep });
    const op = api.state.operations.get(job.bulkOperationId!)!;
    op.status = "RUNNING";
    op.objectCount = "120";
    expect((await pollSync(api.admin, shop, { now, sleep }))[0]).toMatchObject({ status: "running", objectCount: 120 });
    api.finish(job.bulkOperationId!, { status: "COMPLETED", jsonl: readFixture("orders_bulk.jsonl") });
    expect((await pollSync(api.admin, shop, { now, sleep }))[0]).toMatchObject({ status: "completed", processed: 3 });
    expect(await pollSync(api.admin, shop, { now, sleep })).toEqual([]);
    // each order's refund date comes from its refunds list (the quiet time after a refund runs from it)
    const stored = await db.order.findMany({ where: { shop }, orderBy: { shopifyId: "asc" } });
    expect(stored.map((o) => o.lastRefundAt?.toISOString() ?? null)).toEqual(["2026-03-06T10:00:00.000Z", null, null]);
  });

  it("reports an import cut short by a restart as failed after a while, so the sync can be started again", async () => {
    const shop = newShop();
    const { job } = await startSync(api.admin, shop, "orders", { now: () => new Date("2026-11-26T01:00:00Z"), sleep });
    await db.syncJob.update({ where: { id: job.id }, data: { status: "importing" } });
    expect(await pollSync(api.admin, shop, { now, sleep, staleImportMs: 12 * 3_600_000 })).toEqual([]);
    expect((await db.syncJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("importing");
    await pollSync(api.admin, shop, { now, sleep });
    expect(await db.syncJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "failed",
      error: expect.stringContaining("interrupted"),
    });
  });

  it("records a result file that cannot be downloaded as a failure", async () => {
    const shop = newShop();
    const { job } = await startSync(api.admin, shop, "orders", { now, sleep });
    api.finish(job.bulkOperationId!, { status: "COMPLETED", jsonl: readFixture("orders_bulk.jsonl") });
    api.state.files.clear();
    const failed = await completeBulkOperation(api.admin, shop, job.bulkOperationId!, { now, sleep });
    expect(failed).toMatchObject({ status: "failed", error: expect.stringContaining("HTTP 404") });
  });
});

describe("reconcile", () => {
  it("writes orders updated since the last sync, page by page, and advances the sync time", async () => {
    const shop = newShop();
    const lines = readFixture("orders_bulk.jsonl")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const node = (orderId: string) => {
      const order = lines.find((l) => l.id === orderId)!;
      const items = lines.filter((l) => l.__parentId === orderId).map(({ __parentId: _p, ...rest }) => rest);
      return { ...order, lineItems: { pageInfo: { hasNextPage: false }, nodes: items } };
    };
    api.state.orderPages = [
      { nodes: [node("gid://shopify/Order/5512345678901"), node("gid://shopify/Order/5512345678902")] },
      { nodes: [node("gid://shopify/Order/5512345678903")] },
    ];
    const since = new Date("2026-11-25T00:00:00Z");
    const result = await reconcileOrders(api.admin, shop, since, { now, sleep });
    expect(result).toMatchObject({ orders: 3, pages: 2, skipped: [] });
    expect(api.state.received.map((r) => r.variables)).toEqual([
      { query: "updated_at:>='2026-11-25T00:00:00.000Z'", after: null },
      { query: "updated_at:>='2026-11-25T00:00:00.000Z'", after: "cursor-1" },
    ]);
    expect(await db.orderLine.count({ where: { shop } })).toBe(4);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: shop } })).ordersSyncedAt).toEqual(NOW);
  });
});
