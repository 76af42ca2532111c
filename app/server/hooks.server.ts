import { prepareDemo } from "../demo/prepare.server";
import { mountDemoRoutes } from "../demo/demo-routes.server";
import { startBackgroundJobs } from "../services/jobs.server";
import { recoverInterruptedWork } from "../services/mining.server";

export const serverHooks = { startBackgroundJobs, prepareDemo, mountDemoRoutes, recoverInterruptedWork };
export type ServerHooks = typeof serverHooks;
