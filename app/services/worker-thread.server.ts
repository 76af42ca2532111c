// Heavy background work runs in worker threads, off the server's event loop: one mechanism for
// every such job (mining, the import of bulk-operation results). `runWorker` starts a worker
// module (TypeScript, booted through tsx's loader like the server's scripts) with its data and,
// when given, streams bytes into it with flow control (a few chunks in flight, each acknowledged
// as the worker consumes it, so a large file never piles up in memory). The worker answers
// {type:"done", result} or {type:"error", message}; a worker that dies rejects the promise.
// Inside the worker, `workerInput()` is the streamed bytes as a Node stream and `lowerPriority()`
// lets the server's thread go first.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parentPort, Worker } from "node:worker_threads";

/** The worker's source file (a path from the repository root): next to the sources, or above the build. */
function workerFile(path: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, path);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const fromCwd = join(process.cwd(), path);
  if (existsSync(fromCwd)) return fromCwd;
  throw new Error(`the worker ${path} was not found`);
}

/** chunks sent ahead of what the worker has consumed */
const IN_FLIGHT = 8;

type FromWorker<T> = { type: "done"; result: T } | { type: "error"; message: string } | { type: "ack" };

/** Runs a worker module to completion; resolves with its result, rejects when it fails or dies. */
export function runWorker<T>(
  path: string,
  workerData: unknown,
  options: { input?: AsyncIterable<Uint8Array>; name?: string } = {},
): Promise<T> {
  // The worker is TypeScript, like the server's scripts: boot it through tsx's ESM loader.
  const tsxApi = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const entry = pathToFileURL(workerFile(path)).href;
  const boot = `import(${JSON.stringify(pathToFileURL(tsxApi).href)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const name = options.name ?? path;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const worker = new Worker(boot, { eval: true, workerData, env: process.env });
    let credits = IN_FLIGHT;
    let wake: (() => void) | null = null;
    worker.on("message", (m: FromWorker<T>) => {
      if (m.type === "ack") {
        credits++;
        wake?.();
        wake = null;
      } else if (m.type === "done") settle(() => resolve(m.result));
      else settle(() => reject(new Error(m.message)));
    });
    worker.on("error", (error) => settle(() => reject(error)));
    worker.on("exit", (code) => settle(() => reject(new Error(`${name} stopped (exit code ${code})`))));
    if (options.input) {
      const input = options.input;
      void (async () => {
        try {
          for await (const chunk of input) {
            if (settled) return;
            while (credits <= 0 && !settled) await new Promise<void>((r) => (wake = r));
            credits--;
            const copy = new Uint8Array(chunk); // its own buffer, handed over without a second copy
            worker.postMessage({ type: "chunk", data: copy }, [copy.buffer]);
          }
          worker.postMessage({ type: "end" });
        } catch (error) {
          worker.postMessage({ type: "fail", message: error instanceof Error ? error.message : String(error) });
        }
      })();
    }
  });
}

/** In a worker: the bytes the server streams in (`runWorker`'s `input`), as a Node stream. */
export function workerInput(): Readable {
  const port = parentPort!;
  const queue: ({ type: "chunk"; data: Uint8Array } | { type: "end" } | { type: "fail"; message: string })[] = [];
  let wake: (() => void) | null = null;
  port.on("message", (m: (typeof queue)[number]) => {
    queue.push(m);
    wake?.();
    wake = null;
  });
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      const m = queue.shift()!;
      if (m.type === "end") return;
      if (m.type === "fail") throw new Error(m.message);
      port.postMessage({ type: "ack" });
      yield m.data;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** In a worker: background work yields the CPU to the server's thread (on Linux the nice value is per thread). */
export function lowerPriority(): void {
  try {
    setPriority(19);
  } catch {
    // not permitted here: the work runs at normal priority
  }
}

/** In a worker: reports the outcome of `work` to the server and returns. */
export async function answer<T>(work: () => Promise<T>): Promise<void> {
  try {
    parentPort!.postMessage({ type: "done", result: await work() });
  } catch (error) {
    parentPort!.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
}
