// `npm run worker`: a background worker on PostgreSQL. Runs the queued jobs (webhook processing
// after the answer, bulk syncs, mining and follow-ups, reconciliation) and the schedules, from the
// production build (npm run build), until SIGTERM / SIGINT; then lets running jobs finish (up to 10 s).
// Start as many as the work needs, next to the web processes (`npm start`). SQLite needs none.
import { loadBuild, serverHooks } from "../app/server/http.server";

const hooks = serverHooks(await loadBuild());
const worker = await hooks.startWorker();
console.log(`Pairwise worker ${process.pid} running jobs`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
