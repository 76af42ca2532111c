// `npm run bench:proxy [-- --quick]`: throughput and tail latency of the app proxy's offers
// endpoint (GET /proxy/offers, signed as Shopify signs it, varied products and visitors),
// measured with autocannon against the built app in production mode (started as `npm start` starts
// it, on a shop seeded and mined beforehand by scripts/lib/bench-proxy-seed.ts), and against a bare
// node:http server answering the same JSON body (each server in its own process), measured in the
// same run on the same machine.
// Then storefront p99 at the same fixed rate with no re-mine and while the app re-mines the shop
// back to back (in its mining worker thread), in the same run.
// Maximum throughput is measured in interleaved rounds (app, bare, app, bare, …) and the ratio is
// the median of the rounds' ratios, so that a load that comes and goes hits both sides alike.
// Also each server's CPU time per request during those rounds (from /proc), whose ratio holds on
// a loaded machine where throughput measures the neighbours, and each one's peak resident memory.
// Last line: rps=… p99_ms=… baseline_rps=… ratio=… p99_quiet_ms=… p99_remining_ms=… cpu_ratio=…
//   (p99 at a fixed 500 requests/s; ratio = rps / baseline_rps; cpu_ratio = bare CPU/request ÷ app CPU/request)
// `--profile DIR`: the app server runs under `node --cpu-prof` and writes its profile into DIR.
// It reports; it never fails on absolute times.
import autocannon from "autocannon";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { createInterface } from "node:readline";
import { signAppProxyParams } from "../app/demo/app-proxy-signature.server";
import { DEMO_SHOP } from "../app/lib/config.server";

const quick = process.argv.includes("--quick");
const DURATION = quick ? 3 : 10;
const CONNECTIONS = 20;
const RATE = 500;
/** Interleaved maximum-throughput rounds of the app and the bare server, and each one's length. */
const ROUNDS = quick ? 3 : 7;
const ROUND_SECONDS = quick ? 2 : 4;
// At a fixed rate, fewer connections keep autocannon's own scheduling out of the tail
// (measured against the bare server: p99 1–6 ms with 1–10 connections, 27 ms with 50).
const RATE_CONNECTIONS = 10;
const SECRET = "bench-secret";
export const BUILD_DIR = process.env.PAIRWISE_BUILD_DIR ?? "build";

function log(line: string) {
  console.log(line);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function medianOrNull(xs: (number | null)[]): number | null {
  const known = xs.filter((x): x is number => x !== null);
  return known.length ? median(known) : null;
}

const us = (v: number | null) => (v === null ? "n/a" : v.toFixed(0));

interface AppProcess {
  child: ChildProcess;
  url: string;
  products: string[];
  /** the next line the app process prints that starts with `prefix` */
  line: (prefix: string) => Promise<string>;
}

async function startApp(): Promise<AppProcess> {
  mkdirSync(".cache/bench-proxy", { recursive: true });
  const db = ".cache/bench-proxy/proxy.sqlite";
  if (process.argv.includes("--fresh")) rmSync(db, { force: true });
  // node itself (not npx): a signal reaches the server, not a wrapper that leaves it running
  const profile = process.argv.indexOf("--profile");
  const profileArgs = profile > 0 ? ["--cpu-prof", `--cpu-prof-dir=${process.argv[profile + 1]}`] : [];
  const env = {
    ...process.env,
    DATABASE_URL: `file:./${db}`,
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    BENCH_ORDERS: quick ? "5000" : "20000",
  };
  // seeded in a process of its own: the server measured starts as `npm start` does
  const seeded = spawnSync(process.execPath, ["--import", "tsx", "scripts/lib/bench-proxy-seed.ts"], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (seeded.status !== 0) throw new Error("seeding the bench shop failed");
  const child = spawn(process.execPath, [...profileArgs, "--import", "tsx", "scripts/lib/bench-proxy-server.ts"], {
    env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting: { prefix: string; resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const i = waiting.findIndex((w) => line.startsWith(w.prefix));
    if (i >= 0) waiting.splice(i, 1)[0].resolve(line);
  });
  child.on("exit", () => waiting.splice(0).forEach((w) => w.reject(new Error("the app server exited"))));
  const line = (prefix: string) => new Promise<string>((resolve, reject) => waiting.push({ prefix, resolve, reject }));
  const [, url, ids] = (await line("READY ")).split(" ");
  return { child, url, products: ids.split(",").filter(Boolean), line };
}

/** Storefront latency at the fixed rate while the app re-mines the shop back to back. */
async function measureWhileMining(app: AppProcess) {
  app.child.stdin!.write("REMINE\n");
  await new Promise((r) => setTimeout(r, 300));
  const rated = await measure(app.url, signedPaths(app.products), RATE);
  app.child.stdin!.write("STOP\n");
  const [, runs, failed] = (await app.line("MINED ")).split(" ").map(Number);
  return { ...rated, runs, failed };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
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
    const query = new URLSearchParams({
      context: "product",
      product_id: products[i % products.length],
      visitor_id: `bench-visitor-${i % 97}`,
    });
    paths.push(`/proxy/offers?${signAppProxyParams(query, { shop: DEMO_SHOP, secret: SECRET }).toString()}`);
  }
  return paths;
}

/** CPU seconds a process has used so far, in user space and in the kernel (Linux /proc; null elsewhere). */
function cpuSeconds(pid: number | undefined): { user: number; sys: number } | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // utime, stime, in clock ticks of 1/100 s
    return { user: Number(fields[11]) / 100, sys: Number(fields[12]) / 100 };
  } catch {
    return null;
  }
}

/** A process's peak resident memory since it started, MB (Linux /proc; null elsewhere). */
function peakRssMb(pid: number | undefined): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Server CPU per request during a measurement: what one request costs the server whatever else
 * the machine runs (throughput on a loaded machine says more about the other processes).
 */
async function measureCpu(pid: number | undefined, url: string, paths: string[], seconds?: number) {
  const before = cpuSeconds(pid);
  const m = await measure(url, paths, undefined, seconds);
  const after = cpuSeconds(pid);
  const known = before !== null && after !== null && m.total > 0;
  const perRequest = (seconds: number) => (known ? (seconds * 1e6) / m.total : null);
  return {
    ...m,
    cpuUsPerRequest: known ? perRequest(after.user + after.sys - before.user - before.sys) : null,
    /** of which in the kernel (socket reads and writes, mostly) */
    sysUsPerRequest: known ? perRequest(after.sys - before.sys) : null,
  };
}

async function measure(url: string, paths: string[], overallRate?: number, seconds = DURATION) {
  const result = await autocannon({
    url,
    connections: overallRate ? RATE_CONNECTIONS : CONNECTIONS,
    duration: seconds,
    overallRate,
    requests: paths.map((path) => ({ method: "GET", path })),
    timeout: 10,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    total: result.requests.total,
  };
}

async function main() {
  if (!existsSync(`${BUILD_DIR}/server/index.js`))
    throw new Error(`no build in ${BUILD_DIR} (npm run bench:proxy builds it)`);
  const app = await startApp();
  try {
    const sample = await fetch(`${app.url}${signedPaths(app.products, 1)[0]}`);
    const body = await sample.text();
    if (sample.status !== 200) throw new Error(`the offers endpoint answered ${sample.status}: ${body}`);
    const offered = (JSON.parse(body) as { slots: { items: unknown[] }[] }).slots.reduce(
      (n, s) => n + s.items.length,
      0,
    );
    log(
      `app: ${app.products.length} products with recommendations; sample answer ${body.length} bytes, ${offered} items`,
    );

    // The baseline runs in its own process too, so that neither server shares an event loop with autocannon.
    const baseline = await startBaseline(body);
    const baselineUrl = baseline.url;

    // Warm up both, then measure in interleaved rounds: app, bare, app, bare… so that a change
    // of the machine's load hits both sides of a round alike; the ratio is each round's, the
    // median of the rounds reported. Paths are signed just before each run (they expire after 90 s).
    await measure(app.url, signedPaths(app.products)).catch(() => undefined);
    await measure(baselineUrl, signedPaths(app.products), undefined, 1).catch(() => undefined);
    const rounds: { app: Awaited<ReturnType<typeof measureCpu>>; bare: Awaited<ReturnType<typeof measureCpu>> }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const appRound = await measureCpu(app.child.pid, app.url, signedPaths(app.products), ROUND_SECONDS);
      const bareRound = await measureCpu(baseline.child.pid, baselineUrl, signedPaths(app.products), ROUND_SECONDS);
      rounds.push({ app: appRound, bare: bareRound });
      log(
        `round ${r + 1}/${ROUNDS}: app ${appRound.rps.toFixed(0)} req/s, ${us(appRound.cpuUsPerRequest)} µs CPU/request (${us(appRound.sysUsPerRequest)} in the kernel); bare ${bareRound.rps.toFixed(0)} req/s, ${us(bareRound.cpuUsPerRequest)} µs CPU/request (${us(bareRound.sysUsPerRequest)} in the kernel); ratio ${(appRound.rps / bareRound.rps).toFixed(3)} (load average ${loadavg()[0].toFixed(1)})`,
      );
    }
    const ratio = median(rounds.map((x) => x.app.rps / x.bare.rps));
    const appCpu = medianOrNull(rounds.map((x) => x.app.cpuUsPerRequest));
    const bareCpu = medianOrNull(rounds.map((x) => x.bare.cpuUsPerRequest));
    const appSys = medianOrNull(rounds.map((x) => x.app.sysUsPerRequest));
    const bareSys = medianOrNull(rounds.map((x) => x.bare.sysUsPerRequest));
    const appMax = rounds.reduce((best, x) => (x.app.rps > best.rps ? x.app : best), rounds[0].app);
    const baseMax = rounds.reduce((best, x) => (x.bare.rps > best.rps ? x.bare : best), rounds[0].bare);
    const appPeak = peakRssMb(app.child.pid);
    const barePeak = peakRssMb(baseline.child.pid);
    const appRated = await measure(app.url, signedPaths(app.products), RATE);
    const baseRated = await measure(baselineUrl, signedPaths(app.products), RATE);
    await stopProcess(baseline.child);
    // The storefront at the fixed rate with no re-mine, then while the app re-mines back to back.
    const appQuiet = await measure(app.url, signedPaths(app.products), RATE);
    const appMining = await measureWhileMining(app);

    log(
      `app      max: ${appMax.rps.toFixed(0)} req/s, best round (p50 ${appMax.p50} ms, p99 ${appMax.p99} ms, ${rounds.reduce((n, x) => n + x.app.errors, 0)} errors of ${rounds.reduce((n, x) => n + x.app.total, 0)} over the rounds)`,
    );
    log(
      `app  @${RATE}/s: p50 ${appRated.p50} ms, p99 ${appRated.p99} ms (${appRated.errors} errors of ${appRated.total})`,
    );
    log(`bare     max: ${baseMax.rps.toFixed(0)} req/s, best round (p50 ${baseMax.p50} ms, p99 ${baseMax.p99} ms)`);
    log(
      `ratio app / bare: median ${ratio.toFixed(3)} over ${ROUNDS} interleaved rounds (min ${Math.min(...rounds.map((x) => x.app.rps / x.bare.rps)).toFixed(3)}, max ${Math.max(...rounds.map((x) => x.app.rps / x.bare.rps)).toFixed(3)}); goal ≥ 0.3: ${ratio >= 0.3 ? "met" : "NOT met"}`,
    );
    log(`bare @${RATE}/s: p50 ${baseRated.p50} ms, p99 ${baseRated.p99} ms`);
    log(
      `app  @${RATE}/s, no re-mine: p50 ${appQuiet.p50} ms, p99 ${appQuiet.p99} ms (${appQuiet.errors} errors of ${appQuiet.total})`,
    );
    log(
      `app  @${RATE}/s, re-mining:    p50 ${appMining.p50} ms, p99 ${appMining.p99} ms (${appMining.errors} errors of ${appMining.total}; ` +
        `${appMining.runs} mining runs completed during the measurement${appMining.failed ? `, ${appMining.failed} failed` : ""})`,
    );
    const cpuRatio = appCpu && bareCpu ? bareCpu / appCpu : null;
    log(
      `server CPU per request (median of the rounds): app ${us(appCpu)} µs (${us(appSys)} in the kernel), bare ${us(bareCpu)} µs (${us(bareSys)} in the kernel) (ratio ${cpuRatio === null ? "n/a" : cpuRatio.toFixed(3)}: requests per core, app / bare)`,
    );
    log(
      `peak resident memory since each server started, read after the rounds: app ${appPeak === null ? "n/a" : appPeak.toFixed(0)} MB, bare ${barePeak === null ? "n/a" : barePeak.toFixed(0)} MB`,
    );
    const os = await import("node:os");
    log(
      `machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}, ${new Date().toISOString()}${quick ? " (quick)" : ""}`,
    );
    log(
      `rps=${appMax.rps.toFixed(0)} p99_ms=${appRated.p99} baseline_rps=${baseMax.rps.toFixed(0)} ratio=${ratio.toFixed(3)} ` +
        `p99_quiet_ms=${appQuiet.p99} p99_remining_ms=${appMining.p99} cpu_ratio=${cpuRatio === null ? "n/a" : cpuRatio.toFixed(3)}`,
    );
  } finally {
    await stopProcess(app.child);
  }
}

// Exit once the last line is out: nothing of autocannon's may keep the process alive.
await main().then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
process.stdout.write("", () => process.exit());
