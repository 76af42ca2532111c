import { prepareDemo } from "../demo/prepare.server";
import { mountDemoRoutes } from "../demo/demo-routes.server";
import { startBackgroundJobs } from "../services/jobs.server";

export const serverHooks = { startBackgroundJobs, prepareDemo, mountDemoRoutes };
export type ServerHooks = typeof serverHooks;
