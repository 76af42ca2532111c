// Mining runs in a worker thread with its own connection; what a dead worker or a dead server
// leaves behind is repaired, and the admin can mine again at once (not after 15 minutes).
import { threadId } from "node:worker_threads";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { installShop, SHOP_A, SHOP_B, useTestShopifyEnv } from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { runMiningJob, recoverInterruptedWork, INTERRUPTED_RUN_ERROR } =
  await import("../../../app/services/mining/mining-job.server");
const { miningInProgress, startMining, syncStatus } = await import("../../../app/services/admin/insights.server");
const { processPendingDeliveries } = await import("../../../app/services/sync/webhook-deliveries.server");
const { topicRegistry } = await import("../../../app/services/sync/webhook-topics.server");

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 26);

beforeAll(async () => {
  await installShop(SHOP_A);
  await installShop(SHOP_B);
  for (const id of ["1", "2", "3"]) {
    await db.product.create({
      data: {
        shop: SHOP_A,
        shopifyId: id,
        title: `P${id}`,
        handle: `p${id}`,
        variants: { create: { shop: SHOP_A, shopifyId: `9${id}`, price: 1000 } },
      },
    });
  }
  for (let i = 0; i < 60; i++) {
    await db.order.create({
      data: {
        shop: SHOP_A,
        shopifyId: String(1000 + i),
        createdAt: new Date(now - i * DAY),
        // 1 and 2 always together, 3 alone: 1 → 2 has a lift of 2
        lines: {
          create:
            i % 2 === 0
              ? [
                  { shop: SHOP_A, productId: "1", quantity: 1, price: 1000 },
                  { shop: SHOP_A, productId: "2", quantity: 1, price: 1000 },
                ]
              : [{ shop: SHOP_A, productId: "3", quantity: 1, price: 1000 }],
        },
      },
    });
  }
});

describe("mining off the event loop", () => {
  it("mines in a worker thread, records its progress, and joins a second request for the same shop", async () => {
    const first = runMiningJob(SHOP_A, { trigger: "manual", now: new Date(now) });
    const second = runMiningJob(SHOP_A, { trigger: "manual", now: new Date(now) });
    expect(await miningInProgress(SHOP_A)).toBe(true);
    const [a, b] = await Promise.all([first, second]);
    expect(a.runId).toBe(b.runId);
    expect(a.threadId).not.toBe(threadId);
    expect(a.orders).toBe(60);
    expect(a.recommendations).toBeGreaterThan(0);
    const run = await db.miningRun.findUniqueOrThrow({ where: { id: a.runId } });
    expect(run).toMatchObject({ status: "succeeded", phase: "saving", processed: 60, total: 60, orders: 60 });
    expect(await db.recommendation.count({ where: { shop: SHOP_A } })).toBe(a.recommendations);
    expect(await miningInProgress(SHOP_A)).toBe(false);
  });

  it("starts one new run for two requests that come when the running one has just ended", async () => {
    const first = runMiningJob(SHOP_A, { trigger: "manual", now: new Date(now) });
    // The worker has written the run's end, the web thread has not heard of it yet.
    let row = null;
    while (!row) row = await db.miningRun.findFirst({ where: { shop: SHOP_A, status: "running" } });
    await db.miningRun.update({ where: { id: row.id }, data: { status: "succeeded" } });
    const before = await db.miningRun.count({ where: { shop: SHOP_A } });
    const [a, b] = await Promise.all([
      runMiningJob(SHOP_A, { trigger: "manual", now: new Date(now) }),
      runMiningJob(SHOP_A, { trigger: "manual", now: new Date(now) }),
    ]);
    await first;
    expect(a.runId).not.toBe(row.id);
    expect(b.runId).toBe(a.runId);
    expect(await db.miningRun.count({ where: { shop: SHOP_A } })).toBe(before + 1);
  });

  it("fails a run of a shop that is not installed, and leaves nothing in progress", async () => {
    await expect(runMiningJob("never-installed.myshopify.com")).rejects.toThrow();
    expect(await miningInProgress("never-installed.myshopify.com")).toBe(false);
  });
});

describe("recovery at start-up", () => {
  it("marks the dead server's runs interrupted, retries its deliveries and resumes its imports", async () => {
    const dead = await db.miningRun.create({
      data: { shop: SHOP_B, status: "running", phase: "reading", startedAt: new Date() },
    });
    const delivery = await db.webhookDelivery.create({
      data: {
        shop: SHOP_B,
        eventId: "interrupted-1",
        topic: "CUSTOMERS_DATA_REQUEST",
        payload: JSON.stringify({ customer: { id: 5 } }),
        status: "processing",
        attempts: 1,
      },
    });
    const job = await db.syncJob.create({
      data: { shop: SHOP_B, kind: "orders", status: "importing", bulkOperationId: "gid://shopify/BulkOperation/1" },
    });
    // before recovery the admin refuses to start another run
    expect((await startMining(SHOP_B)).started).toBe(false);

    const recovered = await recoverInterruptedWork();
    expect(recovered).toEqual({ miningShops: [SHOP_B], deliveries: 1, imports: 1 });
    expect(await db.miningRun.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({
      status: "failed",
      error: INTERRUPTED_RUN_ERROR,
    });
    expect((await syncStatus(SHOP_B)).runs[0]).toMatchObject({ status: "failed", error: INTERRUPTED_RUN_ERROR });
    expect(await db.syncJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "running" });

    // the delivery is taken up by the next pass, not ten minutes later
    expect(await processPendingDeliveries(topicRegistry)).toBeGreaterThanOrEqual(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "processed",
    });
    expect(await db.customerDataRequest.count({ where: { shop: SHOP_B, customerId: "5" } })).toBe(1);

    // and mining can start again at once
    const started = await startMining(SHOP_B);
    expect(started.started).toBe(true);
    await started.done;
    expect(
      await db.miningRun.findFirstOrThrow({ where: { shop: SHOP_B }, orderBy: { startedAt: "desc" } }),
    ).toMatchObject({ status: "succeeded" });
  });
});
