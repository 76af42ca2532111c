import { prepareDemo } from "../demo/prepare.server";
import { mountDemoRoutes } from "../demo/demo-routes.server";
import { startBackgroundJobs } from "../services/jobs.server";
import { recoverInterruptedWork, runMiningJob } from "../services/mining/mining-job.server";

export const serverHooks = { startBackgroundJobs, prepareDemo, mountDemoRoutes, recoverInterruptedWork, runMiningJob };
export type ServerHooks = typeof serverHooks;
