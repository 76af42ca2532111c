// The follow-ups worker thread: after a mining run, computes each customer's next best offers
// (follow-ups.server.ts) off the server's event loop, with its own database connection
// (app/services/worker-thread.server.ts starts it). workerData {shop, now}.
import { workerData } from "node:worker_threads";
import db from "../../db.server";
import { answer, lowerPriority } from "../worker-thread.server";
import { computeFollowUpsAfterMining } from "./follow-ups.server";

const { shop, now } = workerData as { shop: string; now: number };
lowerPriority();
try {
  await answer(async () => {
    await computeFollowUpsAfterMining(shop, new Date(now));
    return null;
  });
} finally {
  await db.$disconnect();
}
