// Importing a large bulk-operation result file (the Admin API's JSONL of orders) runs in a worker
// thread: the server's thread only downloads the file and streams its bytes to the worker, so
// storefront requests keep answering while it is parsed and written. Two things are measured, in
// the same run:
// - the server thread's event-loop utilisation during the import alone, in the worker and, as the
//   baseline, on the server's own thread (the same function the worker runs, called directly). It
//   is measured without storefront traffic: on two cores the worker and the database server take
//   the CPU, so the storefront's own work on the thread is descheduled and stretched, and would
//   count as busy time that is not the import's;
// - storefront requests sent every 25 ms during another import in the worker: all answered (their
//   latencies are printed, not asserted).
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { startAdminApiStandin, type AdminApiStandin } from "../../support/admin-api-standin";
import { appProxyRequest, installShop, routeArgs, useTestShopifyEnv } from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { startSync, completeBulkOperation } = await import("../../../app/services/sync/bulk-operations.server");
const { importBulkResults } = await import("../../../app/services/sync/bulk-import.server");
const offersRoute = await import("../../../app/routes/proxy.offers");

const STORE = "storefront-shop.myshopify.com";
const WORKER_SHOP = "bulk-worker.myshopify.com";
const QUIET_SHOP = "bulk-worker-quiet.myshopify.com";
const MAIN_SHOP = "bulk-main.myshopify.com";
const ORDERS = 1200;
let api: AdminApiStandin;

/** An orders bulk export: ORDERS orders of 4 lines each, as Shopify writes it (children after their parent). */
function ordersJsonl(): string {
  const out: string[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const order = `gid://shopify/Order/${5_600_000_000_000 + i}`;
    const money = (a: string) => ({ shopMoney: { amount: a } });
    out.push(
      JSON.stringify({
        id: order,
        name: `#${1000 + i}`,
        createdAt: "2026-03-01T15:15:00Z",
        updatedAt: "2026-03-01T15:15:00Z",
        cancelledAt: null,
        currencyCode: "USD",
        customer: { id: `gid://shopify/Customer/${7000 + (i % 500)}` },
        subtotalPriceSet: money("40.00"),
        totalDiscountsSet: money("0.00"),
        totalPriceSet: money("40.00"),
        customAttributes: [],
      }),
    );
    for (let k = 0; k < 4; k++) {
      const product = 8000 + ((i * 7 + k * 13) % 300);
      out.push(
        JSON.stringify({
          id: `gid://shopify/LineItem/${20_000_000 + i * 4 + k}`,
          title: `Product ${product} with a longer title to parse`,
          sku: `SKU-${product}`,
          quantity: 1,
          currentQuantity: 1,
          product: { id: `gid://shopify/Product/${product}` },
          variant: { id: `gid://shopify/ProductVariant/${product + 100_000}` },
          originalUnitPriceSet: money("10.00"),
          totalDiscountSet: money("0.00"),
          discountAllocations: [],
          customAttributes: [],
          __parentId: order,
        }),
      );
    }
  }
  return out.join("\n") + "\n";
}

/**
 * Runs `work`, with storefront requests every 25 ms unless `serve` is false: their latencies and
 * statuses, and the main thread's event-loop utilisation.
 */
async function whileServing(work: () => Promise<unknown>, serve = true) {
  const latencies: number[] = [];
  const statuses: number[] = [];
  let running = serve;
  const elu0 = performance.eventLoopUtilization();
  const started = performance.now();
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      const res = await offersRoute.loader(
        routeArgs(
          appProxyRequest("/proxy/offers", {
            shop: STORE,
            query: {
              context: "product",
              product_id: "101",
              visitor_id: `visitor-${String(latencies.length).padStart(6, "0")}`,
            },
          }),
        ),
      );
      statuses.push(res.status);
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const result = await work();
  running = false;
  await probe;
  const elu = performance.eventLoopUtilization(elu0).utilization;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    result,
    ms: performance.now() - started,
    elu,
    statuses,
    count: latencies.length,
    p50: sorted[Math.floor(sorted.length / 2)],
    max: sorted[sorted.length - 1],
  };
}

beforeAll(async () => {
  api = await startAdminApiStandin();
  api.server.listen({ onUnhandledRequest: "bypass" });
  for (const shop of [STORE, WORKER_SHOP, QUIET_SHOP, MAIN_SHOP]) await installShop(shop);
  const p = await db.product.create({ data: { shop: STORE, shopifyId: "101", title: "Tent", handle: "tent" } });
  await db.variant.create({
    data: { shop: STORE, shopifyId: "9101", productId: p.id, price: 20000, inventoryQuantity: 10 },
  });
}, 120_000);
afterAll(() => api.server.close());

describe("a large bulk import off the server's thread", () => {
  it("keeps the storefront answering while the file is parsed and written, with the server's thread mostly idle", async () => {
    const jsonl = ordersJsonl();
    /** the import in the worker, as the bulk_operations/finish webhook runs it */
    const inWorker = async (shop: string, serve: boolean) => {
      const { job } = await startSync(api.admin, shop, "orders");
      api.finish(job.bulkOperationId!, { status: "COMPLETED", jsonl });
      const run = await whileServing(() => completeBulkOperation(api.admin, shop, job.bulkOperationId!), serve);
      expect(run.result).toMatchObject({ status: "completed", processed: ORDERS, error: null });
      expect(await db.order.count({ where: { shop } })).toBe(ORDERS);
      return run;
    };
    // the storefront is warm before anything is timed (its first request builds the shop's snapshot)
    await whileServing(() => new Promise((r) => setTimeout(r, 250)));

    const serving = await inWorker(WORKER_SHOP, true);
    const quiet = await inWorker(QUIET_SHOP, false);
    // baseline, same run: the same import on the server's own thread
    const mainJob = await db.syncJob.create({
      data: { shop: MAIN_SHOP, kind: "orders", status: "importing", bulkOperationId: "gid://shopify/BulkOperation/9" },
    });
    const onThread = await whileServing(
      () =>
        importBulkResults(
          { shop: MAIN_SHOP, jobId: mainJob.id, kind: "orders", now: Date.now(), batchSize: 200 },
          Readable.from([Buffer.from(jsonl)]),
        ),
      false,
    );
    expect(onThread.result).toMatchObject({ processed: ORDERS });

    const busy = (r: typeof quiet) =>
      `${(r.ms / 1000).toFixed(1)} s, event-loop utilisation ${(r.elu * 100).toFixed(0)} %`;
    console.log(
      [
        `bulk import of ${ORDERS} orders (${(jsonl.length / 1e6).toFixed(1)} MB)`,
        `  in the worker: ${busy(quiet)}`,
        `  on the server's thread: ${busy(onThread)}`,
        `  in the worker with storefront traffic: ${(serving.ms / 1000).toFixed(1)} s, ${serving.count} storefront requests (p50 ${serving.p50.toFixed(1)} ms, max ${serving.max.toFixed(1)} ms)`,
      ].join("\n"),
    );
    // every storefront request was answered, throughout the import
    expect(new Set(serving.statuses)).toEqual(new Set([200]));
    // (paced every 25 ms: a quiet machine answers most of them, one at load 19 on 2 cores about a
    // sixth; a server thread blocked by the import would answer a handful)
    expect(serving.count).toBeGreaterThanOrEqual(Math.floor(serving.ms / 25 / 10));
    // the parsing and writing happened elsewhere: the server's thread was far less busy than when it did them itself
    expect(quiet.elu).toBeLessThan(onThread.elu * 0.3);
  }, 300_000);
});
