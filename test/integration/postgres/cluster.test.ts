// Several processes on one PostgreSQL database (the PostgreSQL pass; skipped on SQLite): jobs sent by
// one process and run by a worker process, retries with backoff, one job per shop at a time across
// workers, rate limits shared by separate connections, and cache invalidation through NOTIFY.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testProvider, useFreshDatabase } from "../../support/db";
import { installShop, SHOP_A, SHOP_B, useTestShopifyEnv } from "../../support/shopify";
import { startWorkerProcess } from "../../support/worker-process";

const postgres = testProvider() === "postgresql";
useTestShopifyEnv();
const url = postgres ? useFreshDatabase() : "";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const startWorker = () => startWorkerProcess(url);

function orderPayload(id: number) {
  return {
    id,
    name: `#Q${id}`,
    created_at: new Date().toISOString(),
    currency: "USD",
    total_price: "30.00",
    subtotal_price: "30.00",
    line_items: [
      {
        id: id * 10,
        product_id: 8100000001,
        variant_id: 11,
        title: "Mug",
        quantity: 1,
        price: "30.00",
        total_discount: "0.00",
        properties: [],
      },
    ],
  };
}

describe.skipIf(!postgres)("several processes on PostgreSQL", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  it("a job sent by a web process is run once, by a worker process", async () => {
    const { default: db } = await import("../../../app/db.server");
    const { JOBS } = await import("../../../app/services/jobs.server");
    const { PgBossQueue } = await import("../../../app/services/queue.server");
    const { storeDelivery } = await import("../../../app/services/sync/webhook-deliveries.server");
    await installShop(SHOP_A);
    // the web side: only sends
    const web = await PgBossQueue.start(JOBS, { url, work: false });
    cleanups.push(() => web.stop());
    const ids: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const id = await storeDelivery({
        shop: SHOP_A,
        topic: "ORDERS_CREATE",
        eventId: `queue-test-${n}`,
        rawPayload: JSON.stringify(orderPayload(5_100_000 + n)),
      });
      ids.push(id!);
      expect(await web.enqueue("webhook-delivery", { shop: SHOP_A, deliveryId: id })).toBeTruthy();
    }
    // nothing runs them in this process
    await sleep(1500);
    expect(await db.order.count({ where: { shop: SHOP_A } })).toBe(0);

    const worker = await startWorker();
    cleanups.push(async () => worker.kill("SIGKILL"));
    const deliveries = await until("the deliveries processed", async () => {
      const rows = await db.webhookDelivery.findMany({ where: { id: { in: ids } } });
      return rows.every((d) => d.status === "processed") && rows;
    });
    expect(await db.order.count({ where: { shop: SHOP_A } })).toBe(3);
    expect(deliveries.map((d) => [d.status, d.attempts])).toEqual([
      ["processed", 1],
      ["processed", 1],
      ["processed", 1],
    ]);
    const jobs = await until("the jobs completed", async () => {
      const recent = await web.recent(SHOP_A);
      return recent.filter((j) => j.state === "completed").length === 3 && recent;
    });
    expect(jobs.map((j) => [j.name, j.state, j.attempts])).toEqual(
      Array.from({ length: 3 }, () => ["webhook-delivery", "completed", 1]),
    );
  }, 120_000);

  it("a failing job is retried with growing delays, and the admin sees its attempts and last error", async () => {
    const { PgBossQueue } = await import("../../../app/services/queue.server");
    const attempts: Record<string, number[]> = { flaky: [], broken: [] };
    const definitions = {
      flaky: {
        policy: "singleton" as const,
        retryLimit: 2,
        retryDelaySeconds: 2,
        expireInSeconds: 60,
        concurrency: 1,
        run: async (data: { shop?: string; kind?: unknown }) => {
          const kind = String(data.kind);
          attempts[kind].push(Date.now());
          // "flaky" succeeds at its third attempt, "broken" never does
          if (kind === "broken" || attempts[kind].length < 3)
            throw new Error(`${kind}: attempt ${attempts[kind].length} failed`);
        },
      },
    };
    const producer = await PgBossQueue.start(definitions, { url, work: false });
    const worker = await PgBossQueue.start(definitions, { url, work: true });
    cleanups.push(
      () => producer.stop(),
      () => worker.stop(),
    );
    await producer.enqueue("flaky", { shop: SHOP_B, kind: "flaky" });
    await producer.enqueue("flaky", { shop: "broken.myshopify.com", kind: "broken" });
    const waiting = await until("a retry waiting", async () => {
      const [job] = await producer.recent(SHOP_B);
      return job?.state === "retry" && job;
    });
    expect(waiting.lastError).toBe("flaky: attempt 1 failed");
    expect(waiting.attempts).toBe(1);
    const done = await until("the flaky job completed", async () => {
      const [job] = await producer.recent(SHOP_B);
      return job?.state === "completed" && job;
    });
    expect(attempts.flaky).toHaveLength(3);
    expect(done.attempts).toBe(3);
    // exponential backoff: each wait at least its delay, 2 s then 4 s
    const waits = [attempts.flaky[1] - attempts.flaky[0], attempts.flaky[2] - attempts.flaky[1]];
    expect(waits[0]).toBeGreaterThanOrEqual(1_900);
    expect(waits[1]).toBeGreaterThanOrEqual(3_900);
    const failed = await until("the broken job failed for good", async () => {
      const [job] = await producer.recent("broken.myshopify.com");
      return job?.state === "failed" && job;
    });
    expect(attempts.broken).toHaveLength(3);
    expect(failed).toMatchObject({ attempts: 3, retryLimit: 2, lastError: "broken: attempt 3 failed" });
  }, 60_000);

  it("two workers never run two jobs of one shop at once, and do run different shops side by side", async () => {
    const { PgBossQueue } = await import("../../../app/services/queue.server");
    const running = new Map<string, number>();
    const spans: { shop: string; start: number; end: number }[] = [];
    let overlapSameShop = 0;
    const definitions = {
      "per-shop": {
        policy: "singleton" as const,
        retryLimit: 0,
        retryDelaySeconds: 1,
        expireInSeconds: 60,
        concurrency: 4,
        run: async (data: { shop?: string }) => {
          const shop = String(data.shop);
          if (running.get(shop)) overlapSameShop++;
          running.set(shop, (running.get(shop) ?? 0) + 1);
          const start = Date.now();
          await sleep(300);
          running.set(shop, running.get(shop)! - 1);
          spans.push({ shop, start, end: Date.now() });
        },
      },
    };
    // two workers with their own pools: the exclusion is in the database, not in one process's memory
    const a = await PgBossQueue.start(definitions, { url, work: true });
    const b = await PgBossQueue.start(definitions, { url, work: true });
    cleanups.push(
      () => a.stop(),
      () => b.stop(),
    );
    for (let i = 0; i < 4; i++) {
      await a.enqueue("per-shop", { shop: "one.myshopify.com" });
      await b.enqueue("per-shop", { shop: "two.myshopify.com" });
    }
    await until("eight jobs", async () => spans.length === 8, 60_000);
    expect(overlapSameShop).toBe(0);
    for (const shop of ["one.myshopify.com", "two.myshopify.com"]) {
      const own = spans.filter((s) => s.shop === shop).sort((x, y) => x.start - y.start);
      for (let i = 1; i < own.length; i++) expect(own[i].start).toBeGreaterThanOrEqual(own[i - 1].end);
    }
    const one = spans.filter((s) => s.shop === "one.myshopify.com");
    const two = spans.filter((s) => s.shop === "two.myshopify.com");
    expect(one.some((x) => two.some((y) => x.start < y.end && y.start < x.end))).toBe(true);
  }, 90_000);

  it("a rate limit is shared by two processes' connections: the bucket's tokens are spent once", async () => {
    const { SharedRateLimiter } = await import("../../../app/lib/rate-limit.server");
    const pools = [new pg.Pool({ connectionString: url, max: 5 }), new pg.Pool({ connectionString: url, max: 5 })];
    cleanups.push(() => Promise.all(pools.map((p) => p.end())));
    const limiters = pools.map(
      (pool) =>
        new SharedRateLimiter("test-shared", 10, 0.001, async (sql, params) => (await pool.query(sql, params)).rows),
    );
    // 30 concurrent takes of one key from both "processes": exactly the bucket's 10 succeed
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => limiters[i % 2].take("visitor-1")));
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(await limiters[0].take("visitor-1")).toBe(false);
    expect(await limiters[1].take("visitor-1")).toBe(false);
    // another key has its own bucket
    expect(await limiters[1].take("visitor-2", 10)).toBe(true);
    // and it refills with time
    const fast = pools.map(
      (pool) =>
        new SharedRateLimiter("test-refill", 2, 10, async (sql, params) => (await pool.query(sql, params)).rows),
    );
    expect(await fast[0].take("k", 2)).toBe(true);
    expect(await fast[1].take("k", 1)).toBe(false);
    await sleep(250);
    expect(await fast[1].take("k", 2)).toBe(true);
  });

  it("the storefront's event budget is shared: a visitor refused by one process is refused by another", async () => {
    const { takeEventBudget } = await import("../../../app/services/storefront/event-limits.server");
    const { SharedRateLimiter } = await import("../../../app/lib/rate-limit.server");
    // this process takes the visitor's whole budget (120 events) through the app's own client
    expect((await takeEventBudget(SHOP_A, "v-shared", "203.0.113.9", 120)).admitted).toBe(true);
    expect((await takeEventBudget(SHOP_A, "v-shared", "203.0.113.9", 1)).admitted).toBe(false);
    // a second connection sees the same bucket empty
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    cleanups.push(() => pool.end());
    const other = new SharedRateLimiter(
      "events-visitor",
      120,
      2,
      async (sql, params) => (await pool.query(sql, params)).rows,
    );
    expect(await other.take(`${SHOP_A}|v-shared`, 5)).toBe(false);
  });

  it("a cache entry dropped in one process is dropped in another through NOTIFY", async () => {
    const { clusterBus, ClusterBus } = await import("../../../app/lib/cluster-bus.server");
    const { getShopSnapshot } = await import("../../../app/services/storefront/shop-snapshot.server");
    const { CachedSessionStorage } = await import("../../../app/lib/session-cache.server");
    await installShop(SHOP_A);
    await clusterBus.start(url);
    cleanups.push(() => clusterBus.stop());
    const first = await getShopSnapshot(SHOP_A);
    expect(first).not.toBeNull();
    expect(await getShopSnapshot(SHOP_A)).toBe(first); // cached
    // another process (its own bus and connection) changes the shop's settings and says so
    const other = new ClusterBus();
    await other.start(url);
    cleanups.push(() => other.stop());
    await other.publish("shop", SHOP_A);
    const reloaded = await until("the snapshot reloaded", async () => {
      const now = await getShopSnapshot(SHOP_A);
      return now !== first && now;
    });
    expect(reloaded).not.toBe(first);
    // a mining run in another process: the snapshot is read again here and swapped in
    await other.publish("shop-refresh", SHOP_A);
    const swapped = await until("the snapshot swapped", async () => {
      const now = await getShopSnapshot(SHOP_A);
      return now !== reloaded && now;
    });
    expect(swapped).not.toBe(reloaded);

    // sessions: a session cached here is dropped when another process stores a new one
    const loads: string[] = [];
    const inner = {
      storeSession: async () => true,
      loadSession: async (id: string) => {
        loads.push(id);
        return undefined;
      },
      deleteSession: async () => true,
      deleteSessions: async () => true,
      findSessionsByShop: async () => [],
    };
    const cached = new CachedSessionStorage(inner);
    await cached.loadSession("offline_cache-test.myshopify.com");
    await cached.loadSession("offline_cache-test.myshopify.com");
    expect(loads).toHaveLength(1);
    await other.publish("session", "offline_cache-test.myshopify.com");
    await until("the session reloaded", async () => {
      await cached.loadSession("offline_cache-test.myshopify.com");
      return loads.length === 2;
    });
  });
});
