// A worker process for the PostgreSQL queue tests: `startWorker()` of app/services/jobs.server.ts
// from the sources (the tests need no build), on DATABASE_URL; prints "worker ready", stops on SIGTERM.
const { startWorker } = await import("../../app/services/jobs.server");
const worker = await startWorker();
console.log("worker ready");
process.on("SIGTERM", () => {
  void worker.stop().then(() => process.exit(0));
});
export {};
