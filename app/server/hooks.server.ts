import { prepareDemo } from "../demo/prepare.server";
import { mountDemoRoutes } from "../demo/demo-routes.server";
import { startBackgroundJobs } from "../services/jobs.server";
import { recoverInterruptedWork, runMiningJob } from "../services/mining/mining-job.server";
import { offersAnswer } from "../services/storefront/offers-endpoint.server";

export const serverHooks = { startBackgroundJobs, prepareDemo, mountDemoRoutes, recoverInterruptedWork, runMiningJob, offersAnswer };
export type ServerHooks = typeof serverHooks;
