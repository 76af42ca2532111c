// The bulk import worker thread: imports one completed bulk operation's results
// (bulk-import.server.ts) off the server's event loop, with its own database connection. workerData
// is a BulkImportTask plus `hasBody`; the file's bytes arrive from the server (workerInput).
// Answers the import's result with the worker's threadId.
import { parentPort, threadId, workerData } from "node:worker_threads";
import db from "../../db.server";
import { answer, lowerPriority, workerInput } from "../worker-thread.server";
import { importBulkResults, type BulkImportTask } from "./bulk-import.server";

const task = workerData as BulkImportTask & { hasBody: boolean };
lowerPriority();
try {
  await answer(async () => ({ ...(await importBulkResults(task, task.hasBody ? workerInput() : null)), threadId }));
} finally {
  await db.$disconnect();
  parentPort?.close();
}
