import { singleProcess, startBackgroundJobs, startWorker } from "../services/jobs.server";
import { recoverInterruptedWork, runMiningJob } from "../services/mining/mining-job.server";
import { offersAnswer } from "../services/storefront/offers-endpoint.server";
import type { demoHooks } from "../demo/hooks.server";

/**
 * What the HTTP server reaches through the server build: background work of the production app,
 * and the storefront's offers endpoint it serves directly (app/server/storefront-api.server.ts).
 */
export const appHooks = {
  startBackgroundJobs,
  startWorker,
  singleProcess,
  recoverInterruptedWork,
  runMiningJob,
  offersAnswer,
};
export type ServerHooks = typeof appHooks & typeof demoHooks;
