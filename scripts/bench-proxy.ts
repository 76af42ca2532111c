// `npm run bench:proxy [-- --quick]`: throughput and tail latency of the app proxy's offers
// endpoint (GET /proxy/offers, signed as Shopify signs it, varied products and visitors),
// measured with autocannon against the built app in production mode, and against a bare
// node:http server answering the same JSON body (each server in its own process), measured in the
// same run on the same machine.
// Last line: rps=… p99_ms=… baseline_rps=… ratio=…   (p99 at a fixed 500 requests/s; ratio = rps / baseline_rps)
// It reports; it never fails on absolute times.
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { signAppProxyParams } from "../app/demo/app-proxy-signature.server";
import { DEMO_SHOP } from "../app/lib/config.server";

const quick = process.argv.includes("--quick");
const DURATION = quick ? 3 : 10;
const CONNECTIONS = 20;
const RATE = 500;
// At a fixed rate, fewer connections keep autocannon's own scheduling out of the tail
// (measured against the bare server: p99 1–6 ms with 1–10 connections, 27 ms with 50).
const RATE_CONNECTIONS = 10;
const SECRET = "bench-secret";
export const BUILD_DIR = process.env.PAIRWISE_BUILD_DIR ?? "build";

function log(line: string) {
  console.log(line);
}

async function startApp(): Promise<{ child: ChildProcess; url: string; products: string[] }> {
  mkdirSync(".cache/bench-proxy", { recursive: true });
  const db = ".cache/bench-proxy/proxy.sqlite";
  if (process.argv.includes("--fresh")) rmSync(db, { force: true });
  const child = spawn("npx", ["tsx", "scripts/lib/bench-proxy-server.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: `file:./${db}`,
      SHOPIFY_API_KEY: "bench-api-key",
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: "http://127.0.0.1",
      BENCH_ORDERS: quick ? "5000" : "20000",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith("READY ")) {
      const [, url, ids] = line.split(" ");
      return { child, url, products: ids.split(",").filter(Boolean) };
    }
  }
  throw new Error("the app server exited before it was ready");
}

/** A bare node:http server answering the same JSON body, in a child process. */
async function startBaseline(body: string): Promise<{ child: ChildProcess; url: string }> {
  const file = ".cache/bench-proxy/baseline-body.json";
  writeFileSync(file, body);
  const source = `
    const body = require("node:fs").readFileSync(${JSON.stringify(file)});
    const server = require("node:http").createServer((req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "private, max-age=15" });
      res.end(body);
    });
    server.listen(0, "127.0.0.1", () => console.log("READY http://127.0.0.1:" + server.address().port));`;
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith("READY ")) return { child, url: line.slice(6) };
  }
  throw new Error("the baseline server exited before it was ready");
}

function signedPaths(products: string[], count = 400): string[] {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const query = new URLSearchParams({ context: "product", product_id: products[i % products.length], visitor_id: `bench-visitor-${i % 97}` });
    paths.push(`/proxy/offers?${signAppProxyParams(query, { shop: DEMO_SHOP, secret: SECRET }).toString()}`);
  }
  return paths;
}

async function measure(url: string, paths: string[], overallRate?: number) {
  const result = await autocannon({
    url,
    connections: overallRate ? RATE_CONNECTIONS : CONNECTIONS,
    duration: DURATION,
    overallRate,
    requests: paths.map((path) => ({ method: "GET", path })),
    timeout: 10,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx + result.timeouts, total: result.requests.total };
}

async function main() {
  if (!existsSync(`${BUILD_DIR}/server/index.js`)) throw new Error(`no build in ${BUILD_DIR} (npm run bench:proxy builds it)`);
  const app = await startApp();
  try {
    const sample = await fetch(`${app.url}${signedPaths(app.products, 1)[0]}`);
    const body = await sample.text();
    if (sample.status !== 200) throw new Error(`the offers endpoint answered ${sample.status}: ${body}`);
    const offered = (JSON.parse(body) as { slots: { items: unknown[] }[] }).slots.reduce((n, s) => n + s.items.length, 0);
    log(`app: ${app.products.length} products with recommendations; sample answer ${body.length} bytes, ${offered} items`);

    // The baseline runs in its own process too, so that neither server shares an event loop with autocannon.
    const baseline = await startBaseline(body);
    const baselineUrl = baseline.url;

    // Warm up both, then measure. Paths are signed just before each run (signatures expire after 90 s).
    await measure(app.url, signedPaths(app.products)).catch(() => undefined);
    const appMax = await measure(app.url, signedPaths(app.products));
    const appRated = await measure(app.url, signedPaths(app.products), RATE);
    const baseMax = await measure(baselineUrl, signedPaths(app.products));
    const baseRated = await measure(baselineUrl, signedPaths(app.products), RATE);
    baseline.child.kill("SIGTERM");

    log(`app      max: ${appMax.rps.toFixed(0)} req/s (p50 ${appMax.p50} ms, p99 ${appMax.p99} ms, ${appMax.errors} errors of ${appMax.total})`);
    log(`app  @${RATE}/s: p50 ${appRated.p50} ms, p99 ${appRated.p99} ms (${appRated.errors} errors of ${appRated.total})`);
    log(`bare     max: ${baseMax.rps.toFixed(0)} req/s (p50 ${baseMax.p50} ms, p99 ${baseMax.p99} ms)`);
    log(`bare @${RATE}/s: p50 ${baseRated.p50} ms, p99 ${baseRated.p99} ms`);
    log(`machine: ${(await import("node:os")).cpus().length} cores, node ${process.version}, ${new Date().toISOString()}${quick ? " (quick)" : ""}`);
    log(`rps=${appMax.rps.toFixed(0)} p99_ms=${appRated.p99} baseline_rps=${baseMax.rps.toFixed(0)} ratio=${(appMax.rps / baseMax.rps).toFixed(3)}`);
  } finally {
    app.child.kill("SIGTERM");
  }
}

await main();
