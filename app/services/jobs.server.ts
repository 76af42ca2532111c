// Background work, one definition for both databases:
//  - every 30 s (SQLite) / minute (PostgreSQL): webhook deliveries stored but not processed (crash,
//    restart, handler error);
//  - every 10 min, per installed shop: bulk operations whose finish webhook never came (pollSync;
//    on PostgreSQL first resuming imports a dead process left "importing", resumeOrphanedImports),
//    orders updated since the last sync or reconciliation (Shopify does not guarantee every
//    webhook arrives), a fresh mining run once a day or after an orders sync, and the state of the
//    shop's Pairwise discount read back (the merchant may deactivate or delete it in Shopify admin);
//  - every minute: checkout discount rules rewritten where an offer started or ended, or a write failed.
// The local demo shop has no Admin API behind it: it is mined on schedule but never synced.
//
// Where it runs (app/services/queue.server.ts):
//  - SQLite, one process: timers in the web process (`startBackgroundJobs`), and the jobs sent on
//    demand (webhook processing after the answer) run in that process through the in-process queue;
//  - PostgreSQL, several processes: web processes only send jobs (`startBackgroundJobs`); worker
//    processes (`npm run worker`, `startWorker`) run them from pg-boss and the schedules run once
//    for the cluster. Caches are invalidated across processes (app/lib/cluster-bus.server.ts).
import db from "../db.server";
import { clusterBus } from "../lib/cluster-bus.server";
import { DEMO_SHOP, databaseProvider, databaseUrl } from "../lib/config.server";
import { pruneRateBuckets, rateLimiter, type TokenBuckets } from "../lib/rate-limit.server";
import { isDemo, unauthenticated } from "../shopify.server";
import { adminApiFor } from "./admin-api.server";
import { refreshDiscountStatus, shopsWithDiscountsDue, syncDiscounts } from "./discounts/index.server";
import { INTERRUPTED_RUN_ERROR, runMiningJob } from "./mining/mining-job.server";
import {
  enqueueJob,
  InProcessQueue,
  jobQueue,
  PgBossQueue,
  setJobQueue,
  type JobDefinitions,
  type JobQueue,
} from "./queue.server";
import { invalidateShop } from "./storefront/shop-snapshot.server";
import { syncStorefrontFacts, writeFactsOnChange } from "./storefront/storefront-facts.server";
import { pollSync, resumeOrphanedImports } from "./sync/bulk-operations.server";
import { reconcileOrders } from "./sync/reconcile.server";
import { processDelivery, processPendingDeliveries } from "./sync/webhook-deliveries.server";
import { topicRegistry } from "./sync/webhook-topics.server";

export const DELIVERIES_EVERY_MS = 30_000;
export const SHOPS_EVERY_MS = 10 * 60_000;
export const RECONCILE_EVERY_MS = 6 * 3_600_000;
export const MINE_EVERY_MS = 24 * 3_600_000;
export const DISCOUNTS_EVERY_MS = 60_000;

const lastReconciled = new Map<string, number>();

/** Whether a shop's recommendations are due: never mined, older than a day, or older than its last orders sync. */
export function miningDue(shop: { minedAt: Date | null; ordersSyncedAt: Date | null }, now: number): boolean {
  if (!shop.minedAt) return true;
  if (now - shop.minedAt.getTime() >= MINE_EVERY_MS) return true;
  return !!shop.ordersSyncedAt && shop.ordersSyncedAt > shop.minedAt;
}

/** The installed shops the periodic work covers. */
function installedShops() {
  return db.shop.findMany({
    where: { uninstalledAt: null },
    select: { domain: true, minedAt: true, ordersSyncedAt: true },
  });
}

// PostgreSQL: which worker reconciles a shop, and when, is decided in the database (a bucket of one
// token refilled every RECONCILE_EVERY_MS, shared by every process); SQLite keeps it in memory.
let lease: TokenBuckets | null = null;
const reconcileLease = () => (lease ??= rateLimiter("reconcile", 1, 1000 / RECONCILE_EVERY_MS));

/**
 * One shop's periodic work: syncs left hanging, discount state, reconciliation, scheduled mining
 * (`mine` runs it: at once on SQLite, as a job of its own on PostgreSQL).
 */
export async function maintainShop(
  shop: { domain: string; minedAt: Date | null; ordersSyncedAt: Date | null },
  now: number,
  mine: (shop: string) => Promise<void>,
): Promise<void> {
  const demoShop = isDemo && shop.domain === DEMO_SHOP;
  if (!demoShop) {
    // PostgreSQL: an import a dead process left "importing" goes back to "running", and this
    // poll imports it again (SQLite: recoverInterruptedWork at start).
    if (!singleProcess()) await resumeOrphanedImports(shop.domain);
    const { admin } = await unauthenticated.admin(shop.domain);
    const jobs = await pollSync(admin, shop.domain);
    if (jobs.some((j) => j.status === "completed")) invalidateShop(shop.domain);
    await refreshDiscountStatus(admin, shop.domain);
    const last = lastReconciled.get(shop.domain) ?? 0;
    if (
      shop.ordersSyncedAt &&
      now - last >= RECONCILE_EVERY_MS &&
      (singleProcess() || (await reconcileLease().take(shop.domain)))
    ) {
      // PostgreSQL: another worker may have reconciled last; this one reads at least the last period again
      const since = last || (singleProcess() ? 0 : now - RECONCILE_EVERY_MS);
      await reconcileOrders(admin, shop.domain, new Date(Math.max(shop.ordersSyncedAt.getTime(), since) - 3_600_000));
      lastReconciled.set(shop.domain, now);
    }
  }
  if (miningDue(shop, now) && (await db.order.count({ where: { shop: shop.domain }, take: 1 })) > 0) {
    await mine(shop.domain);
  }
}

/** What the theme blocks are told before they reserve space (holdout, layouts, empty blocks); a failure is logged, the next pass retries. */
async function writeStorefrontFacts(shop: string): Promise<void> {
  try {
    await syncStorefrontFacts(await adminApiFor(shop, null), shop);
  } catch (error) {
    console.error(`[jobs] storefront facts ${shop}:`, error instanceof Error ? error.message : error);
  }
}

/** Mines a shop on schedule, then has its checkout rules rewritten (recommended offers discount what was mined). */
async function scheduledMining(shop: string, now: number): Promise<void> {
  await runMiningJob(shop, { trigger: "schedule" });
  await db.shop.updateMany({
    where: { domain: shop, discountId: { not: null } },
    data: { discountDueAt: new Date(now) },
  });
}

/** One pass over the installed shops (SQLite: in this process, one shop after the other). */
export async function runShopJobs(now = Date.now()): Promise<void> {
  for (const shop of await installedShops()) {
    try {
      await maintainShop(shop, now, (domain) => scheduledMining(domain, now));
    } catch (error) {
      console.error(`[jobs] ${shop.domain}:`, error instanceof Error ? error.message : error);
    }
    await writeStorefrontFacts(shop.domain);
  }
}

/** Rewrites the checkout discount rules of every shop where an offer started or ended, or a write failed. */
export async function runDiscountJobs(now = Date.now()): Promise<void> {
  for (const shop of await shopsWithDiscountsDue(now)) {
    try {
      const admin = await adminApiFor(shop, null);
      await syncDiscounts(admin, shop, now);
    } catch (error) {
      console.error(`[jobs] discounts ${shop}:`, error instanceof Error ? error.message : error);
    }
  }
}

function every(ms: number, work: () => Promise<unknown>, label: string, delayFirstMs = 0): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await work();
    } catch (error) {
      console.error(`[jobs] ${label}:`, error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, delayFirstMs);
  first.unref();
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

/**
 * The jobs, for both backends. Every job of a shop carries `shop`: its queue runs one at a time per shop.
 */
export const JOBS: JobDefinitions = {
  // A stored webhook delivery processed after the answer (heavy topics, large payloads). A retry
  // after a worker died takes the delivery over from the attempt that was processing it.
  "webhook-delivery": {
    policy: "singleton",
    retryLimit: 6,
    retryDelaySeconds: 5,
    expireInSeconds: 15 * 60,
    heartbeatSeconds: 10,
    concurrency: 4,
    run: async (data, { retryCount }) => {
      const outcome = await processDelivery(topicRegistry, String(data.deliveryId), { takeOver: retryCount > 0 });
      if (outcome === "failed") throw new Error("the webhook's processing failed (see the delivery's error)");
    },
  },
  // One mining run of a shop; a request while one waits is merged into it.
  mining: {
    policy: "stately",
    retryLimit: 2,
    retryDelaySeconds: 60,
    expireInSeconds: 60 * 60,
    heartbeatSeconds: 30,
    concurrency: 1,
    run: async (data) => {
      const shop = String(data.shop);
      // One mining job per shop runs at a time: a run still "running" belongs to a worker that died.
      await db.miningRun.updateMany({
        where: { shop, status: "running" },
        data: { status: "failed", error: INTERRUPTED_RUN_ERROR, finishedAt: new Date() },
      });
      if (data.trigger === "schedule") await scheduledMining(shop, Date.now());
      else {
        const result = await runMiningJob(shop, { trigger: String(data.trigger ?? "manual") });
        await result.followUps;
      }
    },
  },
  // A shop's periodic work (PostgreSQL: sent for every shop by "shops").
  "shop-maintenance": {
    policy: "stately",
    retryLimit: 3,
    retryDelaySeconds: 30,
    expireInSeconds: 30 * 60,
    heartbeatSeconds: 30,
    concurrency: 2,
    run: async (data) => {
      const shop = await db.shop.findUnique({
        where: { domain: String(data.shop) },
        select: { domain: true, minedAt: true, ordersSyncedAt: true, uninstalledAt: true },
      });
      if (!shop || shop.uninstalledAt) return;
      await maintainShop(shop, Date.now(), async (domain) => {
        await enqueueJob("mining", { shop: domain, trigger: "schedule" });
      });
      await writeStorefrontFacts(shop.domain);
    },
  },
  shops: {
    policy: "stately",
    retryLimit: 1,
    retryDelaySeconds: 30,
    expireInSeconds: 5 * 60,
    concurrency: 1,
    cron: "*/10 * * * *",
    run: async () => {
      for (const shop of await installedShops()) await enqueueJob("shop-maintenance", { shop: shop.domain });
    },
  },
  "pending-deliveries": {
    policy: "stately",
    retryLimit: 1,
    retryDelaySeconds: 10,
    expireInSeconds: 10 * 60,
    concurrency: 1,
    cron: "* * * * *",
    run: async () => {
      await processPendingDeliveries(topicRegistry);
    },
  },
  discounts: {
    policy: "stately",
    retryLimit: 1,
    retryDelaySeconds: 10,
    expireInSeconds: 10 * 60,
    concurrency: 1,
    cron: "* * * * *",
    run: () => runDiscountJobs(),
  },
  "prune-rate-buckets": {
    policy: "stately",
    retryLimit: 1,
    retryDelaySeconds: 60,
    expireInSeconds: 10 * 60,
    concurrency: 1,
    cron: "17 * * * *",
    run: async () => {
      await pruneRateBuckets();
    },
  },
};

const onPostgres = () => databaseProvider(databaseUrl()) === "postgresql";

/** Whether this database is served by one process (SQLite), which may take over whatever it finds half-done at start. */
export function singleProcess(): boolean {
  return !onPostgres();
}

let starting: Promise<JobQueue> | null = null;

async function startPostgres(work: boolean): Promise<JobQueue> {
  await clusterBus.start(databaseUrl());
  const queue = await PgBossQueue.start(JOBS, {
    url: databaseUrl(),
    work,
    superviseIntervalSeconds: Number(process.env.PAIRWISE_JOBS_SUPERVISE_SECONDS) || undefined,
  });
  setJobQueue(queue);
  return queue;
}

async function stopQueue(): Promise<void> {
  const queue = jobQueue();
  setJobQueue(null);
  starting = null;
  await queue?.stop();
  await clusterBus.stop();
}

/**
 * The web process's background work. SQLite: the timers run here and jobs run in this process
 * (`remine`: shops whose mining run was interrupted by a restart, mined again now). PostgreSQL: the
 * queue is started to send jobs and the cache invalidations are listened to; workers run the jobs.
 */
export function startBackgroundJobs({ remine = [] }: { remine?: string[] } = {}): () => void {
  // what the theme blocks know follows a change made through this process within seconds
  const stopFacts = writeFactsOnChange(writeStorefrontFacts);
  if (onPostgres()) {
    starting = startPostgres(false);
    starting.catch((error: unknown) => console.error("[jobs] the job queue did not start:", error));
    return () => {
      stopFacts();
      void stopQueue();
    };
  }
  setJobQueue(new InProcessQueue(JOBS));
  for (const shop of remine) {
    runMiningJob(shop, { trigger: "recovery" }).catch((error: unknown) => {
      console.error(
        `[jobs] mining ${shop} again after an interruption:`,
        error instanceof Error ? error.message : error,
      );
    });
  }
  const stops = [
    every(DELIVERIES_EVERY_MS, () => processPendingDeliveries(topicRegistry), "pending deliveries"),
    every(SHOPS_EVERY_MS, () => runShopJobs(), "shops", SHOPS_EVERY_MS),
    every(DISCOUNTS_EVERY_MS, () => runDiscountJobs(), "discounts", DISCOUNTS_EVERY_MS),
  ];
  return () => {
    stopFacts();
    stops.forEach((stop) => stop());
    const queue = jobQueue();
    setJobQueue(null);
    void queue?.stop();
  };
}

/** `npm run worker` (PostgreSQL only): runs the jobs and the schedules until stopped. */
export async function startWorker(): Promise<{ stop: () => Promise<void> }> {
  if (!onPostgres())
    throw new Error("`npm run worker` is for PostgreSQL; on SQLite the web process runs the background work itself.");
  await startPostgres(true);
  // mining runs and imports change what the theme blocks know: rewritten from here too
  const stopFacts = writeFactsOnChange(writeStorefrontFacts);
  // imports left "importing" by processes that died: resumed now, then by each shop's maintenance
  resumeOrphanedImports().then(
    (n) => n > 0 && console.log(`[jobs] ${n} interrupted import(s) resumed`),
    (error: unknown) =>
      console.error("[jobs] resuming interrupted imports:", error instanceof Error ? error.message : error),
  );
  return {
    stop: async () => {
      stopFacts();
      await stopQueue();
    },
  };
}
