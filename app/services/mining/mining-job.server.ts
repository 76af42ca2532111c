// The mining job of one shop, run off the server's event loop. Mining reads every order of the shop
// and counts co-occurrences: seconds of CPU for a large shop, which on the server's own thread
// stalled every request (storefront, admin, webhooks past Shopify's 5 s). So the run's row is created
// here, and the work (run.server.ts) runs in a worker thread (worker.ts) with its own
// database connection; this thread only waits for its message, then drops the shop's storefront
// snapshot so the new recommendations are served. Progress is in the MiningRun row (the admin polls
// it). A worker that dies marks its run failed; a server that dies leaves its run "running", which
// recoverInterruptedWork() (at start-up) marks interrupted and mines again.
// Runs after an orders sync, on a schedule, on demand from the admin, and when the demo starts.
import db from "../../db.server";
import type { MineShopResult } from "./run.server";
import { refreshShop } from "../storefront/shop-snapshot.server";
import { runWorker } from "../worker-thread.server";

export { loadBaskets, loadCatalog } from "./run.server";

export interface MiningRunResult extends MineShopResult {
  runId: string;
  /** the worker thread that mined */
  threadId: number;
  /** settles when the worker has computed the follow-ups and they were delivered to Shopify (never rejects) */
  followUps: Promise<void>;
}

export const INTERRUPTED_RUN_ERROR = "Interrupted: the server stopped during this run.";

const WORKER = "app/services/mining/worker.ts";
const FOLLOW_UPS_WORKER = "app/services/customers/follow-ups-worker.ts";

/** Runs the worker for one run; resolves with its result, rejects when it fails or dies. */
function runInWorker(shop: string, runId: string, now: Date): Promise<MineShopResult & { threadId: number }> {
  return runWorker<MineShopResult & { threadId: number }>(
    WORKER,
    { shop, runId, now: now.getTime() },
    { name: "the mining worker" },
  );
}

/** This server's run per shop; `runId` once its row is written (from then on the row tells whether it runs). */
const inFlight = new Map<string, { job: Promise<MiningRunResult>; runId?: string }>();

/**
 * Whether this server is starting a run for the shop whose row is not written yet. Afterwards the
 * run's row is the one truth: the worker marks it succeeded in the transaction that stores the
 * recommendations, a moment before this thread hears of it, and a shop whose row says so may
 * be mined again at once.
 */
export function miningStarting(shop: string): boolean {
  const entry = inFlight.get(shop);
  return entry != null && entry.runId === undefined;
}

/**
 * Mines the shop in a worker thread and stores its recommendations. One run per shop at a time:
 * a call while one runs joins it.
 */
export async function runMiningJob(
  shop: string,
  { trigger = "manual", now = new Date() }: { trigger?: string; now?: Date } = {},
): Promise<MiningRunResult> {
  const running = inFlight.get(shop);
  if (running) {
    if (running.runId === undefined || (await runStillRunning(running.runId))) return running.job;
    // Its row says it is over. Another request may have started the next run while this one
    // read the row: that run is this request's too (two clicks, one run).
    const next = inFlight.get(shop);
    if (next && next !== running) return next.job;
  }
  // the job refers to itself once it runs (after its first await)
  const self: { job?: Promise<MiningRunResult> } = {};
  const job = (async () => {
    const run = await db.miningRun.create({ data: { shop, trigger, startedAt: now } });
    const entry = inFlight.get(shop);
    if (entry && entry.job === self.job) entry.runId = run.id;
    try {
      const mined = await runInWorker(shop, run.id, now);
      // The run is over (its row says so): a new one may start from here on.
      if (inFlight.get(shop)?.job === self.job) inFlight.delete(shop);
      // The new recommendations replace the old ones once read, the storefront served meanwhile.
      await refreshShop(shop);
      // Then next best offers per customer, from the same orders and the fresh upsell rows, in a
      // worker of their own (the run is done: re-mining is not blocked meanwhile); they go to
      // Shopify (customer metafields, due tag) when computed.
      const followUps = runWorker<null>(
        FOLLOW_UPS_WORKER,
        { shop, now: now.getTime() },
        { name: "the follow-ups worker" },
      )
        .then(async () => {
          const { deliverFollowUps } = await import("../customers/index.server");
          await deliverFollowUps(shop);
        })
        .catch((error: unknown) => console.error(`delivering follow-ups for ${shop} failed:`, error));
      return { runId: run.id, ...mined, followUps };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db.miningRun.updateMany({
        where: { id: run.id, status: "running" },
        data: { status: "failed", error: message.slice(0, 2000), finishedAt: new Date() },
      });
      throw error;
    }
  })().finally(() => {
    if (inFlight.get(shop)?.job === self.job) inFlight.delete(shop);
  });
  self.job = job;
  inFlight.set(shop, { job });
  return job;
}

async function runStillRunning(runId: string): Promise<boolean> {
  const row = await db.miningRun.findUnique({ where: { id: runId }, select: { status: true } });
  return row?.status === "running";
}

/**
 * At start-up, before anything else runs: work the previous server process left half-done.
 * - mining runs still "running" died with it: marked interrupted; returns their shops, to mine again;
 * - webhook deliveries it was processing: back to the queue, retried at once (not after 10 minutes);
 * - bulk-operation imports it was writing: back to "running", so the next poll imports them again
 *   (imports are idempotent upserts).
 * Pairwise on SQLite runs one server process per database, so whatever is running at start-up
 * belongs to a process that no longer exists.
 */
export async function recoverInterruptedWork(
  now = new Date(),
): Promise<{ miningShops: string[]; deliveries: number; imports: number }> {
  const runs = await db.miningRun.findMany({ where: { status: "running" }, select: { shop: true } });
  await db.miningRun.updateMany({
    where: { status: "running" },
    data: { status: "failed", error: INTERRUPTED_RUN_ERROR, finishedAt: now },
  });
  const deliveries = await db.webhookDelivery.updateMany({
    where: { status: "processing" },
    data: { status: "failed", error: "interrupted" },
  });
  const imports = await db.syncJob.updateMany({ where: { status: "importing" }, data: { status: "running" } });
  return { miningShops: [...new Set(runs.map((r) => r.shop))], deliveries: deliveries.count, imports: imports.count };
}
