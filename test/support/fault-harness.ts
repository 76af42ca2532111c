// The harness of `npm run test:faults`: the built app as a real server process (so it can be
// killed with SIGKILL and started again on the same database), requests signed as Shopify signs
// them sent over loopback HTTP at a given concurrency, and a tally of what was acknowledged, lost
// and duplicated that the suite prints at the end. A new attack or fault run is a test file in
// test/faults/ that uses these pieces.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { TEST_API_KEY, TEST_API_SECRET, webhookRequest, type WebhookInit } from "./shopify";

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown, no flush, exactly like a crash or an OOM kill */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `npm start`'s server (scripts/serve.ts, the production build) on a free loopback port. */
export async function startAppProcess(databaseUrl: string, { timeoutMs = 90_000 } = {}): Promise<AppProcess> {
  const build = `${process.env.PAIRWISE_BUILD_DIR ?? "build"}/server/index.js`;
  if (!existsSync(build)) throw new Error(`No build at ${build}: run npm run build first`);
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: "0",
      HOST: "127.0.0.1",
      SHOPIFY_API_KEY: TEST_API_KEY,
      SHOPIFY_API_SECRET: TEST_API_SECRET,
      SHOPIFY_APP_URL: "https://pairwise.test",
      PAIRWISE_DEMO: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stderr: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 200) stderr.shift();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the app did not start within ${timeoutMs} ms:\n${stderr.join("")}`)),
      timeoutMs,
    );
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (${code}) before listening:\n${stderr.join("")}`));
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { url, child, kill9: () => signal("SIGKILL"), stop: () => signal("SIGTERM") };
}

export type Outcome = number | "no answer";

/** Sends a webhook as Shopify does (HMAC over the raw body) to the server over HTTP. */
export async function sendWebhook(url: string, init: WebhookInit): Promise<Outcome> {
  const request = webhookRequest(init);
  try {
    const response = await fetch(`${url}/webhooks`, {
      method: "POST",
      headers: request.headers,
      body: await request.text(),
      signal: AbortSignal.timeout(15_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return "no answer"; // connection refused or reset: the server died, nothing was acknowledged
  }
}

/**
 * Sends like Shopify retries: again while there is no answer or a 5xx (Shopify tries 8 times over 4
 * hours; here up to 5 times at once). The last outcome, and any 5xx seen on the way, are returned.
 */
export async function sendUntilAnswered(
  url: string,
  init: WebhookInit,
  attempts = 5,
): Promise<{ outcome: Outcome; serverErrors: number }> {
  let serverErrors = 0;
  let outcome: Outcome = "no answer";
  for (let i = 0; i < attempts; i++) {
    outcome = await sendWebhook(url, init);
    if (typeof outcome === "number" && outcome >= 500) serverErrors++;
    else if (outcome !== "no answer") break;
  }
  return { outcome, serverErrors };
}

/** Runs the tasks with at most `concurrency` in flight; results in task order. */
export async function withConcurrency<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

export interface TallyRow {
  run: string;
  sent: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  "5xx": number;
  note?: string;
}

const rows: TallyRow[] = [];

export function record(row: TallyRow): void {
  rows.push(row);
}

/** The table `npm run test:faults` prints. */
export function printTally(): void {
  if (!rows.length) return;
  const header = ["run", "sent", "acknowledged", "lost", "duplicated", "5xx", "note"] as const;
  const cells = rows.map((r) => header.map((h) => String(r[h] ?? "")));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]) =>
    c.map((v, i) => (i > 0 && i < 6 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join("  ");
  console.log(["", "Fault runs:", line(header), ...cells.map(line), ""].join("\n"));
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  { timeoutMs = 60_000, everyMs = 50 } = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
