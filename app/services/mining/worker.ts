// The mining worker thread: runs one mining run (run.server.ts) off the server's event loop, with its
// own database connection. Protocol: workerData {shop, runId, now}; posts {type:"done", result (with the worker's threadId)} or
// {type:"error", message}, then exits.
import { setPriority } from "node:os";
import { parentPort, threadId, workerData } from "node:worker_threads";
import db from "../../db.server";
import { computeFollowUpsAfterMining } from "../customers/follow-ups.server";
import { mineShop } from "./run.server";

const { shop, runId, now } = workerData as { shop: string; runId: string; now: number };
// Background work yields the CPU to the server's thread: on Linux the nice value is per thread, so
// this lowers the priority of this worker only, not of the requests the server answers.
try {
  setPriority(19);
} catch {
  // not permitted here: mining runs at normal priority
}
try {
  const result = await mineShop(shop, runId, new Date(now));
  parentPort!.postMessage({ type: "done", result: { ...result, threadId } });
  // Then next best offers per customer, from the same orders and the fresh upsell rows (the run is
  // done: re-mining is not blocked meanwhile).
  await computeFollowUpsAfterMining(shop, new Date(now));
  parentPort!.postMessage({ type: "follow-ups" });
} catch (error) {
  parentPort!.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
} finally {
  await db.$disconnect();
}
