// A real worker process (test/support/queue-worker.ts) on a PostgreSQL test database: what
// `npm run worker` runs, from the sources. The web process on PostgreSQL only sends jobs.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export async function startWorkerProcess(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/queue-worker.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const errors: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => errors.push(chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no worker within 60 s:\n${errors.join("")}`)), 60_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.includes("worker ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`the worker exited (${code}):\n${errors.join("")}`)));
  });
  return child;
}
