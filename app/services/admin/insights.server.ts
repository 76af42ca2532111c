// Insights: the mined pairs and sequential patterns of a shop, its sync status, and starting a
// mining run (progress is recorded in MiningRun by the mining job).
import { z } from "zod";
import db from "../../db.server";
import { textContains } from "../../lib/dialect.server";
import { miningStarting, runMiningJob } from "../mining/mining-job.server";
import { recentJobs, requestMining } from "../queue.server";
import { latestSyncJobs, pollSync, startSync } from "../sync/bulk-operations.server";
import type { AdminGraphql } from "../../graphql/client";

export const PAIR_SORTS = ["lift", "confidence", "support", "attachRate", "count", "score"] as const;
export const PAGE_SIZE = 50;
/**
 * A run older than this still marked running is treated as abandoned. Runs of a server that died are
 * marked interrupted at the next start (recoverInterruptedWork); this covers a second process.
 */
const STALE_RUN_MS = 15 * 60_000;

export const pairQuerySchema = z.object({
  sort: z.enum(PAIR_SORTS).catch("lift"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  product: z.string().trim().max(120).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  tab: z.enum(["pairs", "sequences", "sync"]).catch("pairs"),
});
export type PairQuery = z.infer<typeof pairQuerySchema>;

async function titles(shop: string, ids: string[]) {
  const rows = await db.product.findMany({
    where: { shop, shopifyId: { in: [...new Set(ids)] } },
    select: { shopifyId: true, title: true },
  });
  return new Map(rows.map((r) => [r.shopifyId, r.title]));
}

/** Shopify product ids of the shop whose title matches the text. */
async function productIdsMatching(shop: string, text: string): Promise<string[]> {
  const rows = await db.product.findMany({
    where: { shop, OR: [{ title: textContains(text) }, { shopifyId: text }] },
    select: { shopifyId: true },
    take: 500,
  });
  return rows.map((r) => r.shopifyId);
}

/** Mined cross-sell pairs A → B with docs/metrics.md's support, confidence, lift and attach rate. */
export async function listPairs(shop: string, q: PairQuery) {
  const ids = q.product ? await productIdsMatching(shop, q.product) : null;
  const where = {
    shop,
    kind: "cross_sell",
    count: { gt: 0 },
    ...(ids ? { OR: [{ productId: { in: ids } }, { recommendedProductId: { in: ids } }] } : {}),
  };
  const [total, rows] = await Promise.all([
    db.recommendation.count({ where }),
    db.recommendation.findMany({
      where,
      orderBy: [{ [q.sort]: q.dir }, { id: "asc" }],
      skip: (q.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ]);
  const names = await titles(
    shop,
    rows.flatMap((r) => [r.productId, r.recommendedProductId]),
  );
  return {
    total,
    pairs: rows.map((r) => ({
      id: r.id,
      productId: r.productId,
      productTitle: names.get(r.productId) ?? `Product ${r.productId}`,
      recommendedProductId: r.recommendedProductId,
      recommendedTitle: names.get(r.recommendedProductId) ?? `Product ${r.recommendedProductId}`,
      count: r.count,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      attachRate: r.attachRate,
      score: r.score,
      source: r.source,
    })),
  };
}

/** Sequential patterns: customers who bought A later bought B, typically after gapDaysMedian days. */
export async function listSequences(shop: string, q: PairQuery) {
  const ids = q.product ? await productIdsMatching(shop, q.product) : null;
  const rows = await db.recommendation.findMany({
    where: {
      shop,
      kind: "sequential",
      ...(ids ? { OR: [{ productId: { in: ids } }, { recommendedProductId: { in: ids } }] } : {}),
    },
    orderBy: [{ score: "desc" }, { id: "asc" }],
    take: 200,
  });
  const names = await titles(
    shop,
    rows.flatMap((r) => [r.productId, r.recommendedProductId]),
  );
  return rows.map((r) => ({
    id: r.id,
    productId: r.productId,
    productTitle: names.get(r.productId) ?? `Product ${r.productId}`,
    recommendedProductId: r.recommendedProductId,
    recommendedTitle: names.get(r.recommendedProductId) ?? `Product ${r.recommendedProductId}`,
    repurchase: r.productId === r.recommendedProductId,
    customers: r.count,
    confidence: r.confidence,
    gapDaysMedian: r.gapDaysMedian,
  }));
}

/** What the admin calls each background job. */
export async function syncStatus(shop: string) {
  const [shopRow, jobs, runs, orders, products, background] = await Promise.all([
    db.shop.findUniqueOrThrow({
      where: { domain: shop },
      select: { catalogSyncedAt: true, ordersSyncedAt: true, minedAt: true, allOrdersAccess: true },
    }),
    latestSyncJobs(shop),
    db.miningRun.findMany({ where: { shop }, orderBy: { startedAt: "desc" }, take: 5 }),
    db.order.count({ where: { shop } }),
    db.product.count({ where: { shop } }),
    recentJobs(shop, 10),
  ]);
  const job = (j: (typeof jobs)["catalog"]) =>
    j
      ? {
          status: j.status,
          processed: j.processed,
          objectCount: j.objectCount,
          error: j.error,
          startedAt: j.startedAt.toISOString(),
          finishedAt: j.finishedAt?.toISOString() ?? null,
        }
      : null;
  return {
    catalogSyncedAt: shopRow.catalogSyncedAt?.toISOString() ?? null,
    ordersSyncedAt: shopRow.ordersSyncedAt?.toISOString() ?? null,
    minedAt: shopRow.minedAt?.toISOString() ?? null,
    /** without read_all_orders Shopify shows only the last 60 days of orders */
    allOrdersAccess: shopRow.allOrdersAccess,
    orders,
    products,
    catalogJob: job(jobs.catalog),
    ordersJob: job(jobs.orders),
    runs: runs.map((r) => ({
      id: r.id,
      // a run still "running" long after it started died with its process
      status: r.status === "running" && r.startedAt.getTime() < Date.now() - STALE_RUN_MS ? "abandoned" : r.status,
      trigger: r.trigger,
      phase: r.phase,
      processed: r.processed,
      total: r.total,
      orders: r.orders,
      rules: r.rules,
      error: r.error,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
    /** the shop's recent background jobs (their queue: PostgreSQL's, or this process's on SQLite) */
    jobs: background.map((j) => ({
      id: j.id,
      /** the job's kind; the page names it in the admin's language */
      name: j.name,
      state: j.state,
      attempts: j.attempts,
      maxAttempts: j.retryLimit + 1,
      lastError: j.lastError,
      createdAt: j.createdAt.toISOString(),
      finishedAt: j.finishedAt?.toISOString() ?? null,
    })),
  };
}

export async function miningInProgress(shop: string, now = Date.now()): Promise<boolean> {
  if (miningStarting(shop)) return true;
  // PostgreSQL: a mining job waiting for a worker counts as in progress
  const jobs = await recentJobs(shop, 10);
  if (jobs.some((j) => j.name === "mining" && (j.state === "created" || j.state === "retry" || j.state === "active")))
    return true;
  const running = await db.miningRun.findFirst({
    where: { shop, status: "running", startedAt: { gt: new Date(now - STALE_RUN_MS) } },
  });
  return running != null;
}

/**
 * Starts a mining run in the background (the page polls MiningRun for its progress). Refused
 * while one is running for the shop. Resolves once the run's row exists.
 */
export async function startMining(
  shop: string,
): Promise<{ started: boolean; reason?: string; done: Promise<unknown> }> {
  if (await miningInProgress(shop))
    return { started: false, reason: "A mining run is already in progress", done: Promise.resolve() };
  // PostgreSQL: a job a worker runs (the page shows it waiting, then the run's progress)
  if ((await requestMining(shop, "manual")) !== "local") return { started: true, done: Promise.resolve() };
  const before = await db.miningRun.count({ where: { shop } });
  const done = runMiningJob(shop, { trigger: "manual" }).catch((error: unknown) => {
    console.error(`mining run for ${shop} failed:`, error);
  });
  // Wait (briefly) for the job to record its run so the page's first poll sees it.
  for (let i = 0; i < 20 && (await db.miningRun.count({ where: { shop } })) === before; i++)
    await new Promise((r) => setTimeout(r, 25));
  return { started: true, done };
}

/** Starts a catalog or orders sync through an Admin API bulk operation (shops in Shopify admin). */
export async function startShopSync(admin: AdminGraphql, shop: string, kind: "catalog" | "orders") {
  const { job } = await startSync(admin, shop, kind);
  return { status: job.status, error: job.error };
}

const polling = new Set<string>();

/**
 * Checks the shop's unfinished bulk operations with Shopify (for when the bulk_operations/finish
 * webhook is late or lost) in the background; one check per shop at a time. The import's progress
 * shows in SyncJob.processed, which the page polls.
 */
export function pollShopSync(admin: AdminGraphql, shop: string): { started: boolean } {
  if (polling.has(shop)) return { started: false };
  polling.add(shop);
  void pollSync(admin, shop)
    .catch((error: unknown) => console.error(`sync poll for ${shop} failed:`, error))
    .finally(() => polling.delete(shop));
  return { started: true };
}
