import { startBackgroundJobs } from "../services/jobs.server";
import { recoverInterruptedWork, runMiningJob } from "../services/mining/mining-job.server";
import type { demoHooks } from "../demo/hooks.server";

/** What the HTTP server reaches through the server build: background work of the production app. */
export const appHooks = { startBackgroundJobs, recoverInterruptedWork, runMiningJob };
export type ServerHooks = typeof appHooks & typeof demoHooks;
