// The mining worker thread: runs one mining run (run.server.ts) off the server's event loop, with its
// own database connection (app/services/worker-thread.server.ts starts it). workerData {shop, runId,
// now}; answers the run's result with the worker's threadId.
import { threadId, workerData } from "node:worker_threads";
import db from "../../db.server";
import { answer, lowerPriority } from "../worker-thread.server";
import { mineShop } from "./run.server";

const { shop, runId, now } = workerData as { shop: string; runId: string; now: number };
lowerPriority();
try {
  await answer(async () => ({ ...(await mineShop(shop, runId, new Date(now))), threadId }));
} finally {
  await db.$disconnect();
}
