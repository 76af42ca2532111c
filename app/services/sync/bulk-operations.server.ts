// Catalog and order-history sync through Admin API bulk operations, tracked in SyncJob rows.
//
//   startSync        → SyncJob (pending) → bulkOperationRunQuery → running, bulkOperationId stored
//                      (userErrors such as "a bulk operation is already running" → failed + message)
//   completeBulkOperation (bulk_operations/finish webhook, or pollSync when it never arrives)
//                    → COMPLETED: download the JSONL (streamed) and hand its bytes to a worker
//                      thread that parses, upserts in batches, counts progress in `processed` and
//                      stamps Shop.catalogSyncedAt / ordersSyncedAt (bulk-import.server.ts): the
//                      server's thread keeps answering while a large file is imported
//                    → FAILED / CANCELED / EXPIRED: failed + message, the admin can start again
//                    → still running: objectCount updated, nothing else
// SyncJob.status: pending | running | importing (results being written) | completed | failed.
// Completing twice is harmless: only one caller claims the import, later calls see it done.
import db from "../../db.server";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import type { SyncJob } from "../../generated/prisma/client";
import { toGid } from "../../lib/shopify-ids";
import { adminRequest, assertNoUserErrors, type AdminGraphql, type RequestOptions } from "../../graphql/client";
import {
  BULK_OPERATION_RUN_QUERY,
  type BulkOperationRunQueryData,
  type BulkOperationRunQueryVariables,
} from "../../graphql/bulk-operation-run";
import {
  BULK_OPERATION_STATUS_QUERY,
  type BulkOperationStatusData,
  type BulkOperationStatusVariables,
} from "../../graphql/bulk-operation-status";
import { CATALOG_BULK_QUERY } from "../../graphql/catalog-bulk-query";
import { ordersBulkQuery } from "../../graphql/orders-bulk-query";
import { takeLease } from "../../lib/process-lease.server";
import { runWorker } from "../worker-thread.server";
import type { BulkImportResult, BulkImportTask } from "./bulk-import.server";
import { DEFAULT_ORDER_HISTORY_DAYS, refreshShopInfo } from "./shop-info.server";

export type SyncKind = "catalog" | "orders";

export interface SyncOptions extends Pick<RequestOptions, "sleep" | "maxAttempts"> {
  now?: () => Date;
  /** downloads the result file; default global fetch */
  fetch?: typeof fetch;
  /** objects written per transaction; default 200 */
  batchSize?: number;
}

const DAY_MS = 86_400_000;
const ERROR_MAX = 2000;

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, ERROR_MAX);
}

export interface StartedSync {
  job: SyncJob;
  /** Orders before this moment are not visible (no read_all_orders scope); null = full history. */
  historyFrom: Date | null;
}

/** Starts a catalog or orders bulk export for the shop. Never throws for API failures: the job records them. */
export async function startSync(
  admin: AdminGraphql,
  shop: string,
  kind: SyncKind,
  options: SyncOptions = {},
): Promise<StartedSync> {
  const now = options.now ?? (() => new Date());
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
  const job = await db.syncJob.create({ data: { shop, kind, status: "pending", startedAt: now() } });
  let historyFrom: Date | null = null;
  try {
    // The shop's scopes decide how much order history Shopify lets us read; currency and money
    // format are refreshed on the way.
    const info = await refreshShopInfo(admin, shop, options);
    if (kind === "orders" && !info.allOrdersAccess)
      historyFrom = new Date(now().getTime() - DEFAULT_ORDER_HISTORY_DAYS * DAY_MS);
    const query = kind === "catalog" ? CATALOG_BULK_QUERY : ordersBulkQuery(historyFrom ?? undefined);
    const { data } = await adminRequest<BulkOperationRunQueryData>(admin, BULK_OPERATION_RUN_QUERY, {
      ...options,
      variables: { query } satisfies BulkOperationRunQueryVariables,
    });
    const payload = data.bulkOperationRunQuery;
    assertNoUserErrors(payload, "bulkOperationRunQuery");
    const op = payload?.bulkOperation;
    if (!op) throw new Error("bulkOperationRunQuery returned no bulk operation");
    const updated = await db.syncJob.update({
      where: { id: job.id },
      data: { status: "running", bulkOperationId: op.id },
    });
    return { job: updated, historyFrom };
  } catch (err) {
    const failed = await db.syncJob.update({
      where: { id: job.id },
      data: { status: "failed", error: message(err), finishedAt: now() },
    });
    return { job: failed, historyFrom };
  }
}

const BULK_IMPORT_WORKER = "app/services/sync/bulk-import-worker.ts";

/**
 * Brings a SyncJob up to date with its bulk operation; on COMPLETED imports the results.
 * `bulkOperationId` may be the global id or the numeric id (the webhook sends admin_graphql_api_id).
 * Returns the job as it now stands, or null when no job of this shop has that operation.
 */
export async function completeBulkOperation(
  admin: AdminGraphql,
  shop: string,
  bulkOperationId: string,
  options: SyncOptions = {},
): Promise<SyncJob | null> {
  const now = options.now ?? (() => new Date());
  const gid = toGid("BulkOperation", bulkOperationId);
  const job = await db.syncJob.findFirst({ where: { shop, bulkOperationId: gid }, orderBy: { startedAt: "desc" } });
  if (!job) return null;
  if (job.status !== "pending" && job.status !== "running") return job;

  let op: BulkOperationStatusData["bulkOperation"];
  try {
    const { data } = await adminRequest<BulkOperationStatusData>(admin, BULK_OPERATION_STATUS_QUERY, {
      ...options,
      variables: { id: gid } satisfies BulkOperationStatusVariables,
    });
    op = data.bulkOperation;
  } catch (err) {
    // Transient API trouble: leave the job running, the next poll or webhook retries.
    return db.syncJob.update({ where: { id: job.id }, data: { error: message(err) } });
  }
  if (!op) {
    return db.syncJob.update({
      where: { id: job.id },
      data: { status: "failed", error: "Shopify no longer knows this bulk operation", finishedAt: now() },
    });
  }
  const objectCount = Number(op.objectCount) || 0;
  if (op.status === "CREATED" || op.status === "RUNNING" || op.status === "CANCELING") {
    return db.syncJob.update({ where: { id: job.id }, data: { status: "running", objectCount } });
  }
  if (op.status !== "COMPLETED") {
    const reason = `Shopify bulk operation ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode})` : ""}`;
    return db.syncJob.update({
      where: { id: job.id },
      data: { status: "failed", error: reason, objectCount, finishedAt: now() },
    });
  }

  // On PostgreSQL the importing process holds the job's lease from before the claim until the end:
  // an "importing" job whose lease is free was left by a process that died, and the job queue's
  // recovery resumes it (resumeOrphanedImports). Another process importing it now holds the lease.
  const lease = await takeLease(importLeaseName(job.id));
  if (!lease) return db.syncJob.findUnique({ where: { id: job.id } });
  try {
    // Claim the import: of a webhook and a poll arriving together, one writes.
    const claimed = await db.syncJob.updateMany({
      where: { id: job.id, status: { in: ["pending", "running"] } },
      data: { status: "importing", objectCount, error: null },
    });
    if (claimed.count === 0) return await db.syncJob.findUnique({ where: { id: job.id } });
    return await importResults(job, shop, op.url, options, now);
  } finally {
    await lease.release();
  }
}

/** The lease an import of this job is written under (app/lib/process-lease.server.ts). */
export const importLeaseName = (jobId: string) => `import:${jobId}`;

/**
 * Imports left "importing" by a process that died (PostgreSQL: no live process holds their lease)
 * go back to "running": the next poll imports them again (imports are idempotent upserts). For one
 * shop, or for all. Returns how many were resumed. (SQLite: recoverInterruptedWork at start.)
 */
export async function resumeOrphanedImports(shop?: string): Promise<number> {
  const importing = await db.syncJob.findMany({
    where: { status: "importing", ...(shop ? { shop } : {}) },
    select: { id: true },
  });
  let resumed = 0;
  for (const { id } of importing) {
    const lease = await takeLease(importLeaseName(id));
    if (!lease) continue; // a live process is importing it
    try {
      const { count } = await db.syncJob.updateMany({
        where: { id, status: "importing" },
        data: { status: "running", error: null },
      });
      resumed += count;
    } finally {
      await lease.release();
    }
  }
  return resumed;
}

async function importResults(
  job: SyncJob,
  shop: string,
  url: string | null | undefined,
  options: SyncOptions,
  now: () => Date,
): Promise<SyncJob> {
  try {
    let body: Readable | null = null;
    if (url) {
      const res = await (options.fetch ?? fetch)(url);
      if (!res.ok || !res.body) throw new Error(`downloading the bulk operation results failed: HTTP ${res.status}`);
      body = Readable.fromWeb(res.body as NodeWebStream<Uint8Array>);
    }
    const task: BulkImportTask = {
      shop,
      jobId: job.id,
      kind: job.kind as SyncKind,
      now: now().getTime(),
      batchSize: Math.max(1, options.batchSize ?? 200),
    };
    const result = await runWorker<BulkImportResult & { threadId: number }>(
      BULK_IMPORT_WORKER,
      { ...task, hasBody: !!body },
      { input: body ?? undefined, name: "the bulk import worker" },
    );
    const note =
      result.issueCount && result.firstIssue
        ? `${result.issueCount} line(s) of the results were skipped, e.g. line ${result.firstIssue.line}: ${result.firstIssue.message}`
        : null;
    return db.syncJob.update({
      where: { id: job.id },
      data: { status: "completed", processed: result.processed, error: note, finishedAt: now() },
    });
  } catch (err) {
    return db.syncJob.update({
      where: { id: job.id },
      data: { status: "failed", error: message(err), finishedAt: now() },
    });
  }
}

/**
 * For when the bulk_operations/finish webhook never arrives: checks every unfinished job of the
 * shop and completes those whose operation is done. Returns the jobs as they now stand.
 */
export async function pollSync(
  admin: AdminGraphql,
  shop: string,
  options: SyncOptions & { staleImportMs?: number } = {},
): Promise<SyncJob[]> {
  // An import cut short by a restart stays "importing": after long enough, say so, so that the
  // admin can start the sync again (what was written stays; a new sync is idempotent).
  const now = options.now ?? (() => new Date());
  await db.syncJob.updateMany({
    where: {
      shop,
      status: "importing",
      startedAt: { lt: new Date(now().getTime() - (options.staleImportMs ?? 6 * 3_600_000)) },
    },
    data: { status: "failed", error: "The import was interrupted; start the sync again.", finishedAt: now() },
  });
  const open = await db.syncJob.findMany({
    where: { shop, status: { in: ["pending", "running"] }, bulkOperationId: { not: null } },
    orderBy: { startedAt: "asc" },
  });
  const out: SyncJob[] = [];
  for (const job of open) {
    const done = await completeBulkOperation(admin, shop, job.bulkOperationId!, options);
    if (done) out.push(done);
  }
  return out;
}

/** The latest job of each kind, for the admin's sync status. */
export async function latestSyncJobs(shop: string): Promise<Partial<Record<SyncKind, SyncJob>>> {
  const [catalog, orders] = await Promise.all(
    (["catalog", "orders"] as const).map((kind) =>
      db.syncJob.findFirst({ where: { shop, kind }, orderBy: { startedAt: "desc" } }),
    ),
  );
  return { ...(catalog ? { catalog } : {}), ...(orders ? { orders } : {}) };
}
