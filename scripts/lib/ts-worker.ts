// Starts a worker thread on a TypeScript module: boots it through tsx's ESM loader, registered
// inside the worker (the scripts run under tsx, whose loader worker threads do not inherit).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

export function startTsWorker(entry: URL, workerData?: unknown): Worker {
  const tsxApi = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const boot = `import(${JSON.stringify(pathToFileURL(tsxApi).href)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
