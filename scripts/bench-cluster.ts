// `npm run bench:cluster [-- --web 3] [--seconds 20] [--no-kill]`: several web processes and a worker
// on one PostgreSQL database, under storefront and webhook load at once.
//
// A throwaway PostgreSQL server (scripts/postgres-temp.sh) gets the migrations and the demo shop
// (3,000 orders, mined). Then two phases with the same load for the same time:
//  1. baseline: one web process (`npm start`'s server, the production build) and one worker
//     (`npm run worker`'s);
//  2. cluster: N web processes (default 3) and one worker, which is killed with SIGKILL in the
//     middle of the run and started again a few seconds later.
// Load, spread round-robin over the web processes: storefront offers (GET /proxy/offers, signed as
// Shopify's app proxy signs it), the impressions of what was offered (POST /proxy/events) and
// orders/create webhooks (HMAC-signed; one in four larger than 64 KB, which the web process stores,
// acknowledges and leaves to the worker as a job). Afterwards: every acknowledged webhook must be
// an order in the database, exactly once, every acknowledged event exactly one row.
// Prints per phase and kind: requests, throughput, p50 / p99, acknowledged, lost, duplicated.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { signAppProxyParams } from "../app/demo/app-proxy-signature.server";
import { startAppProcess, type AppProcess } from "../test/support/fault-harness";
import { TEST_API_KEY, TEST_API_SECRET, webhookRequest } from "../test/support/shopify";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const WEB = Math.min(4, Math.max(2, arg("web", 3)));
const SECONDS = arg("seconds", 20);
const KILL = !process.argv.includes("--no-kill");
const BUILD = `${process.env.PAIRWISE_BUILD_DIR ?? "build"}/server/index.js`;
const CONCURRENCY = { offers: 16, events: 6, webhooks: 6 };

process.env.SHOPIFY_API_KEY = TEST_API_KEY;
process.env.SHOPIFY_API_SECRET = TEST_API_SECRET;
process.env.SHOPIFY_APP_URL = "https://pairwise.test";
delete process.env.PAIRWISE_DEMO;

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const pgDir = mkdtempSync(join(tmpdir(), "pairwise-bench-cluster-"));
const pgPort = String(56000 + Math.floor(Math.random() * 900));
let serverUrl = "";

function stopPostgres() {
  if (serverUrl) spawnSync("scripts/postgres-temp.sh", ["stop", pgDir], { stdio: "ignore" });
  rmSync(pgDir, { recursive: true, force: true });
}

function startPostgres(): string {
  const started = spawnSync("scripts/postgres-temp.sh", ["start", pgDir, pgPort], { encoding: "utf8" });
  if (started.status !== 0) throw new Error(`PostgreSQL did not start: ${started.stderr}`);
  serverUrl = started.stdout.trim().split("\n").pop()!;
  return serverUrl;
}

async function sql<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------------------------------------------------------------------------------------------
// Processes

interface Worker {
  child: ChildProcess;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

async function startWorker(url: string): Promise<Worker> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      // find a dead worker's jobs (missed heartbeats) within seconds
      PAIRWISE_JOBS_SUPERVISE_SECONDS: "5",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const errors: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => {
    errors.push(chunk.toString());
    if (errors.length > 100) errors.shift();
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.includes("running jobs")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the worker exited (${code}):\n${errors.join("")}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { child, kill9: () => signal("SIGKILL"), stop: () => signal("SIGTERM") };
}

// ---------------------------------------------------------------------------------------------
// Load

interface Kind {
  latencies: number[];
  requests: number;
  errors: number;
  refused: number;
}
const newKind = (): Kind => ({ latencies: [], requests: 0, errors: 0, refused: 0 });

interface Tally {
  offers: Kind;
  events: Kind;
  webhooks: Kind;
  /** order ids whose webhook was acknowledged (2xx) */
  ackedOrders: Set<number>;
  /** event ids the app said it accepted */
  ackedEvents: number;
  eventIds: string[];
}

let nextOrder = 8_800_000_000;
const SHOP = "pairwise-demo.myshopify.com";

function orderPayload(id: number, lines: number) {
  return {
    id,
    name: `#C${id}`,
    created_at: new Date().toISOString(),
    currency: "USD",
    total_price: (lines * 10).toFixed(2),
    subtotal_price: (lines * 10).toFixed(2),
    line_items: Array.from({ length: lines }, (_, i) => ({
      id: id * 1000 + i,
      product_id: 9_700_000_000 + (i % 50),
      variant_id: 9_800_000_000 + (i % 50),
      title: `Bench line ${i} with a long enough title to weigh what a real order line weighs`,
      quantity: 1,
      price: "10.00",
      total_discount: "0.00",
      properties: [],
    })),
  };
}

async function timed(kind: Kind, work: () => Promise<Response>): Promise<Response | null> {
  const started = performance.now();
  kind.requests++;
  try {
    const response = await work();
    kind.latencies.push(performance.now() - started);
    if (response.status === 429) kind.refused++;
    else if (response.status >= 400) kind.errors++;
    return response;
  } catch {
    kind.errors++;
    return null;
  }
}

function proxyUrl(base: string, path: string, query: Record<string, string>) {
  return `${base}${path}?${signAppProxyParams(new URLSearchParams(query), { shop: SHOP, secret: TEST_API_SECRET })}`;
}

async function drive(urls: string[], products: string[], seconds: number, tally: Tally): Promise<void> {
  const until = Date.now() + seconds * 1000;
  let turn = 0;
  const nextUrl = () => urls[turn++ % urls.length];
  const offered: { visitor: string; address: string; events: object[] }[] = [];

  const offersLoop = async (n: number) => {
    for (let i = n; Date.now() < until; i += CONCURRENCY.offers) {
      const visitor = `bench-visitor-${i % 5000}`;
      const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const response = await timed(tally.offers, () =>
        fetch(
          proxyUrl(nextUrl(), "/proxy/offers", {
            context: "product",
            product_id: products[i % products.length],
            visitor_id: visitor,
          }),
          { headers: { "X-Forwarded-For": address } },
        ),
      );
      if (!response?.ok) continue;
      const body = (await response.json()) as {
        slots: { offerId: string | null; items: { productId: string; token: string }[] }[];
      };
      const events = body.slots.flatMap((slot) =>
        slot.items.map((item) => ({
          id: randomUUID().replaceAll("-", ""),
          type: "impression",
          offerId: slot.offerId,
          productId: item.productId,
          placement: "product",
          token: item.token,
          at: Date.now(),
        })),
      );
      if (events.length && offered.length < 10_000) offered.push({ visitor, address, events });
    }
  };

  const eventsLoop = async () => {
    while (Date.now() < until) {
      const batch = offered.shift();
      if (!batch) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      const response = await timed(tally.events, () =>
        fetch(proxyUrl(nextUrl(), "/proxy/events", {}), {
          method: "POST",
          headers: { "Content-Type": "text/plain", "X-Forwarded-For": batch.address },
          body: JSON.stringify({ visitorId: batch.visitor, events: batch.events }),
        }),
      );
      if (response?.ok) {
        const result = (await response.json()) as { accepted: number };
        tally.ackedEvents += result.accepted;
        for (const e of batch.events) tally.eventIds.push((e as { id: string }).id);
      }
    }
  };

  const webhooksLoop = async () => {
    while (Date.now() < until) {
      const id = nextOrder++;
      // one in four above the 64 KB a web process processes itself: stored, acknowledged, queued
      const lines = id % 4 === 0 ? 320 : 2;
      const request = webhookRequest({ topic: "orders/create", shop: SHOP, payload: orderPayload(id, lines) });
      const url = nextUrl();
      const response = await timed(tally.webhooks, async () =>
        fetch(`${url}/webhooks`, { method: "POST", headers: request.headers, body: await request.text() }),
      );
      if (response?.ok) tally.ackedOrders.add(id);
      await response?.arrayBuffer().catch(() => {});
    }
  };

  await Promise.all([
    ...Array.from({ length: CONCURRENCY.offers }, (_, n) => offersLoop(n)),
    ...Array.from({ length: CONCURRENCY.events }, () => eventsLoop()),
    ...Array.from({ length: CONCURRENCY.webhooks }, () => webhooksLoop()),
  ]);
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

// ---------------------------------------------------------------------------------------------
// One phase

interface PhaseResult {
  label: string;
  rows: string[][];
  lost: number;
  duplicated: number;
  retriedJobs: number;
}

async function phase(label: string, webCount: number, kill: boolean): Promise<PhaseResult> {
  const name = `bench_${label}_${Date.now()}`;
  await sql(serverUrl, `CREATE DATABASE "${name}" TEMPLATE bench_template`);
  const url = databaseUrl(name);
  const webs: AppProcess[] = [];
  for (let i = 0; i < webCount; i++) webs.push(await startAppProcess(url, { timeoutMs: 180_000 }));
  let worker = await startWorker(url);
  const products = (
    await sql<{ productId: string }>(
      url,
      `SELECT DISTINCT "productId" FROM "Recommendation" WHERE shop = $1 AND kind = 'cross_sell' LIMIT 200`,
      [SHOP],
    )
  ).map((r) => r.productId);
  const tally: Tally = {
    offers: newKind(),
    events: newKind(),
    webhooks: newKind(),
    ackedOrders: new Set(),
    ackedEvents: 0,
    eventIds: [],
  };
  const load = drive(
    webs.map((w) => w.url),
    products,
    SECONDS,
    tally,
  );
  let killedAt: string | null = null;
  if (kill) {
    // SIGKILL the worker while it holds a job (or at 60 % of the run, whichever comes first)
    const startedAt = Date.now();
    let active = 0;
    while (Date.now() - startedAt < SECONDS * 600) {
      await new Promise((r) => setTimeout(r, 200));
      const [row] = await sql<{ n: string }>(url, `SELECT count(*) AS n FROM pgboss.job WHERE state = 'active'`);
      active = Number(row.n);
      if (active > 0 && Date.now() - startedAt > SECONDS * 250) break;
    }
    await worker.kill9();
    killedAt = `worker killed (SIGKILL) at ${((Date.now() - startedAt) / 1000).toFixed(0)} s holding ${active} running job(s)`;
    await new Promise((r) => setTimeout(r, SECONDS * 150));
    worker = await startWorker(url);
  }
  await load;
  // every acknowledged delivery processed (or given up on)
  const deadline = Date.now() + 180_000;
  for (;;) {
    const [pending] = await sql<{ n: string }>(
      url,
      `SELECT count(*) AS n FROM "WebhookDelivery" WHERE status <> 'processed' AND attempts < 8`,
    );
    if (Number(pending.n) === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const orders = await sql<{ shopifyId: string; n: string }>(
    url,
    `SELECT "shopifyId", count(*) AS n FROM "Order" WHERE shop = $1 AND source = 'webhook' GROUP BY "shopifyId"`,
    [SHOP],
  );
  const stored = new Map(orders.map((o) => [Number(o.shopifyId), Number(o.n)]));
  const lostOrders = [...tally.ackedOrders].filter((id) => !stored.has(id)).length;
  const duplicatedOrders = [...stored.values()].filter((n) => n > 1).length;
  const events = await sql<{ n: string; d: string }>(
    url,
    `SELECT count(*) AS n, count(*) - count(DISTINCT "clientEventId") AS d FROM "Event"
      WHERE shop = $1 AND "clientEventId" = ANY($2::text[])`,
    [SHOP, tally.eventIds],
  );
  const eventRows = Number(events[0].n);
  const lostEvents = Math.max(0, tally.ackedEvents - eventRows);
  const duplicatedEvents = Number(events[0].d) + Math.max(0, eventRows - tally.ackedEvents);
  const [jobs] = await sql<{ done: string; retried: string }>(
    url,
    `SELECT count(*) FILTER (WHERE state = 'completed') AS done, count(*) FILTER (WHERE retry_count > 0) AS retried
       FROM pgboss.job WHERE name = 'webhook-delivery'`,
  );
  await Promise.all([...webs.map((w) => w.stop()), worker.stop()]);
  const row = (kind: string, k: Kind, acked: number, lost: number, duplicated: number) => [
    kind,
    String(k.requests),
    (k.requests / SECONDS).toFixed(0),
    percentile(k.latencies, 50).toFixed(1),
    percentile(k.latencies, 99).toFixed(1),
    String(k.refused),
    String(k.errors),
    String(acked),
    String(lost),
    String(duplicated),
  ];
  const rows = [
    row("offers", tally.offers, tally.offers.requests - tally.offers.errors, 0, 0),
    row("events (rows)", tally.events, tally.ackedEvents, lostEvents, duplicatedEvents),
    row("webhooks (orders)", tally.webhooks, tally.ackedOrders.size, lostOrders, duplicatedOrders),
  ];
  console.log(
    `\n${label}: ${webCount} web process(es) + 1 worker, ${SECONDS} s${killedAt ? `; ${killedAt}, restarted ${(SECONDS * 0.15).toFixed(0)} s later` : ""}; ` +
      `queued webhook jobs completed ${jobs.done}, retried ${jobs.retried}`,
  );
  printTable(rows);
  return {
    label,
    rows,
    lost: lostOrders + lostEvents,
    duplicated: duplicatedOrders + duplicatedEvents,
    retriedJobs: Number(jobs.retried),
  };
}

function printTable(rows: string[][]) {
  const head = ["kind", "requests", "req/s", "p50 ms", "p99 ms", "429", "errors", "acknowledged", "lost", "duplicated"];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  for (const r of all) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(BUILD)) throw new Error(`no build at ${BUILD}: run npm run build`);
  const started = Date.now();
  console.log(
    `bench:cluster — ${new Date().toISOString()}, ${cpus().length} CPU (${cpus()[0]?.model.trim()}), Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  startPostgres();
  const [version] = await sql<{ server_version: string }>(serverUrl, "SHOW server_version");
  console.log(`PostgreSQL ${version.server_version} on port ${pgPort} (throwaway, fsync off)`);
  // the template: migrations, the demo shop (3,000 orders), mined
  await sql(serverUrl, `CREATE DATABASE bench_template`);
  const template = databaseUrl("bench_template");
  const migrated = spawnSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: template },
    encoding: "utf8",
  });
  if (migrated.status !== 0) throw new Error(`migrations failed: ${migrated.stderr}`);
  const seeded = spawnSync(process.execPath, ["--import", "tsx", "scripts/lib/bench-cluster-seed.ts"], {
    env: { ...process.env, DATABASE_URL: template },
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (seeded.status !== 0) throw new Error("seeding the demo shop failed");

  const results = [await phase("baseline", 1, false), await phase("cluster", WEB, KILL)];
  console.log(
    `\nload average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
  );
  const lost = results.reduce((n, r) => n + r.lost, 0);
  const duplicated = results.reduce((n, r) => n + r.duplicated, 0);
  const [base, cluster] = results.map((r) => r.rows.reduce((n, row) => n + Number(row[1]), 0) / SECONDS);
  console.log(
    `throughput (all requests): 1 web process ${base.toFixed(0)} req/s, ${WEB} web processes ${cluster.toFixed(0)} req/s (×${(cluster / base).toFixed(2)} on ${cpus().length} CPU shared with the load generator, the worker and PostgreSQL)`,
  );
  console.log(`lost=${lost} duplicated=${duplicated}`);
  if (lost || duplicated) process.exitCode = 1;
}

try {
  await main();
} finally {
  stopPostgres();
}
