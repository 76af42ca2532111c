// The mining worker thread: runs one mining run (run.server.ts) off the server's event loop, with its
// own database connection. Protocol: workerData {shop, runId, now}; posts {type:"done", result (with the worker's threadId)} or
// {type:"error", message}, then exits.
import { parentPort, threadId, workerData } from "node:worker_threads";
import db from "../../db.server";
import { mineShop } from "./run.server";

const { shop, runId, now } = workerData as { shop: string; runId: string; now: number };
try {
  const result = await mineShop(shop, runId, new Date(now));
  parentPort!.postMessage({ type: "done", result: { ...result, threadId } });
} catch (error) {
  parentPort!.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
} finally {
  await db.$disconnect();
}
