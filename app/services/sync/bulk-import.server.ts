// Importing a completed bulk operation's results (JSONL): parse each line, upsert in batches,
// count progress on the SyncJob row. Parsing hundreds of megabytes of JSON and writing them is
// seconds of CPU, so it runs in a worker thread (bulk-import-worker.ts, started by
// bulk-operations.server.ts through app/services/worker-thread.server.ts, the one mechanism for
// heavy jobs): the server's thread only downloads the file and streams its bytes to the worker.
import type { Readable } from "node:stream";
import db from "../../db.server";
import type { CatalogProduct, ParseIssue } from "../../domain/types";
import { parseBulkCatalogJsonl, parseBulkOrdersJsonl } from "../../lib/ingest/bulk-jsonl";
import { deleteProductsNotIn, importOrders, upsertCatalog } from "./ingest-orders.server";

export interface BulkImportTask {
  shop: string;
  jobId: string;
  kind: "catalog" | "orders";
  /** ms since the epoch: the moment stamped on what is imported */
  now: number;
  batchSize: number;
}

export interface BulkImportResult {
  processed: number;
  issueCount: number;
  firstIssue: ParseIssue | null;
}

async function* batches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Imports the results in `body` (null: the operation found nothing) and stamps the shop's sync time. */
export async function importBulkResults(task: BulkImportTask, body: Readable | null): Promise<BulkImportResult> {
  const { shop, jobId, kind } = task;
  let issueCount = 0;
  let firstIssue: ParseIssue | null = null;
  const onIssue = (i: ParseIssue) => {
    issueCount++;
    firstIssue ??= i;
  };
  const seen = new Set<string>(); // catalog: product ids in the export
  let processed = 0;
  const size = Math.max(1, task.batchSize);
  if (body) {
    if (kind === "catalog") {
      for await (const batch of batches<CatalogProduct>(parseBulkCatalogJsonl(body, onIssue), size)) {
        await upsertCatalog(shop, batch);
        for (const p of batch) seen.add(p.id);
        processed += batch.length;
        await db.syncJob.update({ where: { id: jobId }, data: { processed } });
      }
    } else {
      processed = await importOrders(shop, parseBulkOrdersJsonl(body, onIssue), {
        source: "bulk",
        now: new Date(task.now),
        batchSize: size,
        onProgress: async (written) => {
          await db.syncJob.update({ where: { id: jobId }, data: { processed: written } });
        },
      });
    }
  }
  // A completed catalog export lists every product: what it did not touch was deleted in Shopify.
  if (kind === "catalog") await deleteProductsNotIn(shop, seen);
  await db.shop.update({
    where: { domain: shop },
    data: kind === "catalog" ? { catalogSyncedAt: new Date(task.now) } : { ordersSyncedAt: new Date(task.now) },
  });
  return { processed, issueCount, firstIssue };
}
