// `npm run bench:pagespeed [-- --runs 5] [-- --baseline absent|blocked] [-- --pages product,cart,drawer] [-- --before <git ref>]`:
// what the storefront widget costs a shop in Lighthouse (12, mobile, simulated throttling, Debian's
// Chromium), on the demo's product page, cart page and cart drawer, with the widget and without it,
// runs interleaved (each round starting with the next variant, so that none always runs first or
// last), medians compared. Then how soon the first offer appears (real time, no throttling; then
// with a 4× CPU slowdown, the proxy answering in 250 ms and the core in the browser's cache), and
// what a later view (the core in the cache, loaded at the first frame) costs the largest paint in
// real time: Lighthouse measures first views only.
//
// "Without" is, by default, the same page as a shop without the app renders it (`?pairwise=off`:
// no blocks, no embed, no assets) with every Pairwise URL blocked as well; `--baseline blocked`
// loads the page with the blocks but blocks the widget's files (--blocked-url-patterns), as the
// first measurement did.
// Beside the deltas, for each run with the widget: how many of our requests (scripts included) ended,
// or of our scripts were evaluated, before the page's largest paint in the unthrottled trace — what
// Lighthouse's simulation can put on the LCP's path; it does not depend on the machine's load.
// The first offer is timed for the widget as the blocks load it (on a first view the core after
// the first contentful paint; on a later view, the core in the cache, at the first frame) and, in the same run, interleaved, for the same widget loaded the way it was before
// (a deferred script in <head>, as a schema "javascript" file).
// With `--before <ref>`, the widget as it was at that commit (its extensions/pairwise-theme, served by
// a second demo server) is measured too, interleaved in the same runs, and its first offer is timed
// against today's instead of the deferred-in-<head> variant: a before/after at the same machine load.
// Beside the Lighthouse figures, each run's trace says how long our own tasks were (unthrottled) and
// what our work adds to that run's Total Blocking Time in Lighthouse's own simulation
// (ourBlockingTime): a figure of each run alone, which the page's own run-to-run variance does not reach.
// The demo servers run at the lowest CPU priority (nice 19), as a shop's server is not on the
// shopper's phone.
// Last line: score_delta=… lcp_delta_ms=… tbt_delta_ms=… cls=…   (the worst page: with − without; cls with the widget)
// It reports; it never fails on absolute times.
import { execSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import lighthouse from "lighthouse";
import { Audit } from "lighthouse/core/audits/audit.js";
import { MainThreadTasks } from "lighthouse/core/computed/main-thread-tasks.js";
import { FirstContentfulPaint } from "lighthouse/core/computed/metrics/first-contentful-paint.js";
import { Interactive } from "lighthouse/core/computed/metrics/interactive.js";
import { TotalBlockingTime } from "lighthouse/core/computed/metrics/total-blocking-time.js";
import * as Lantern from "lighthouse/core/lib/lantern/lantern.js";
import { chromium, type BrowserContext } from "playwright-core";
import { isInHoldout } from "../app/domain/experiments/bucketing";
import { median } from "../app/domain/mining/stats";
import { MEMORY_COOKIE } from "../extensions/pairwise-theme/src/storage";
import { medianDifferenceInterval } from "./lib/bootstrap";

const CHROMIUM = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const QUIET_FLAGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];
const DEMO_SHOP = "pairwise-demo.myshopify.com";
const HOLDOUT_PERCENT = 10;
/** Everything of ours a storefront can load: the extension's assets and the app proxy. */
const OUR_URLS = ["*/storefront/assets/*", "*/apps/pairwise/*"];
const OURS = /\/storefront\/assets\/|\/apps\/pairwise\//;
const TENT = "/storefront/products/trailhead-2-person-tent";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const RUNS = Math.max(1, Number(arg("runs", "5")));
const BASELINE = arg("baseline", "absent") === "blocked" ? "blocked" : "absent";
const PAGES = arg("pages", "product,cart,drawer").split(",");
const OFFER_RUNS = Math.max(1, Number(arg("offer-runs", "9")));
const BEFORE = arg("before", "");

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startDemo(
  opts: { port?: number; db?: string; extensionDir?: string } = {},
): Promise<{ child: ChildProcess; url: string }> {
  mkdirSync(".cache/bench-pagespeed", { recursive: true });
  const port = opts.port || (await freePort());
  // at the lowest priority: a shop's server is not on the shopper's phone. On this machine's two
  // cores, a demo answering the widget's offers request while the page loads took CPU from the
  // browser in the runs with the widget, and whatever else it did meanwhile from every run
  const child = spawn("nice", ["-n", "19", "npx", "tsx", "scripts/demo.ts"], {
    env: {
      ...process.env,
      ...(opts.extensionDir ? { PAIRWISE_EXTENSION_DIR: opts.extensionDir } : {}),
      PORT: String(port),
      NODE_ENV: "development",
      DATABASE_URL: `file:./.cache/bench-pagespeed/${opts.db ?? "demo"}.sqlite`,
      PAIRWISE_DEMO_ORDERS: process.env.PAIRWISE_DEMO_ORDERS ?? "10000",
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    },
    // the demo's request log (a 404 for /favicon.ico and the like) stays out of the figures
    stdio: ["ignore", "pipe", "ignore"],
    detached: true,
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.includes("demo shop is running")) return { child, url: `http://127.0.0.1:${port}` };
  }
  throw new Error("the demo server exited before it was ready");
}

/** A cart with two products; returns its cookie. */
async function makeCart(url: string): Promise<string> {
  const ids: number[] = [];
  for (const path of [TENT, "/storefront/products/aluminum-tent-stakes-10-pack"]) {
    const html = await (await fetch(url + path)).text();
    const m = /name="id" value="(\d+)"/.exec(html);
    if (m) ids.push(Number(m[1]));
  }
  if (!ids.length) throw new Error("no product found for the cart");
  const res = await fetch(url + "/cart/add.js", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ items: ids.map((id) => ({ id, quantity: 1 })) }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  if (!res.ok || !cookie.startsWith("cart=")) throw new Error(`could not create a cart: ${res.status}`);
  return cookie;
}

/** One headless Chromium with its own fresh profile, for one Lighthouse run. */
async function launchChrome(): Promise<{ port: number; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "pairwise-lh-"));
  const child = spawn(
    CHROMIUM,
    [
      "--headless=new",
      "--no-sandbox",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      ...QUIET_FLAGS,
      "about:blank",
    ],
    // its own process group, so closing it ends its helper processes too (they write to the profile)
    { stdio: ["ignore", "ignore", "pipe"], detached: true },
  );
  const close = async () => {
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
    await exited;
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch {
      /* a helper still writing: the temporary profile stays behind, the figures do not depend on it */
    }
  };
  for await (const line of createInterface({ input: child.stderr! })) {
    const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(line);
    if (m) return { port: Number(m[1]), close };
  }
  await close();
  throw new Error("Chromium did not start");
}

interface Figures {
  score: number;
  fcp: number;
  lcp: number;
  tbt: number;
  si: number;
  cls: number;
  /** render-blocking requests of ours Lighthouse found */
  blocking: number;
  /** our files and requests that ended, or were evaluated, before the observed largest paint (each URL once) */
  early: number;
  /** the longest main-thread task our files ran in (unthrottled, as traced; Lighthouse multiplies it by 4) */
  oursMax: number;
  /** main-thread time of the tasks our files ran in, and of the blocks' inline boot scripts (unthrottled) */
  oursTotal: number;
  /** of which the blocks' inline stubs (run while the page is parsed), the boot they run, and the cart embed's loader */
  boot: number;
  /** what our work adds to the run's Total Blocking Time in Lighthouse's simulation (see ourBlockingTime) */
  oursTbt: number;
  /** of which the inline boot's (the blocks' stubs, the boot, the embed's loader) */
  bootTbt: number;
  /** the run's Total Blocking Time summed again from Lantern's node timings (equals `tbt`: the sum is Lantern's) */
  tbtCheck: number;
  /** what the longest of our tasks ran: the file and the task's first piece of work (EvaluateScript, TimerFire…) */
  oursLongest: string;
  /**
   * Lighthouse's own long tasks (its "long-tasks" audit, durations from its simulation) that it
   * attributes to a file of ours: how many, and what they exceed 50 ms by in all. Tasks it
   * attributes to the page (the inline boot, the frames that lay out our offers) are not among them.
   */
  lhOursN: number;
  lhOurs: number;
}

type AuditContext = Parameters<typeof Audit.makeMetricComputationDataInput>[1];

/** Lighthouse's CPU slowdown for mobile (simulated throttling): the traced durations it multiplies. */
const CPU_SLOWDOWN = 4;

interface Task {
  event: { name: string; args?: { data?: { url?: string; lineNumber?: number } } };
  duration: number;
  parent?: Task;
  children: Task[];
  attributableURLs: string[];
}

/** Lantern's timing of one simulated main-thread task (ms). */
interface Timing {
  startTime: number;
  endTime: number;
  duration: number;
}
/** A Lantern estimate: the metric and every node's simulated timing. */
interface Estimate {
  timeInMs: number;
  nodeTimings: Map<{ type: string; event?: unknown }, Timing>;
}
const estimates = (m: unknown) => m as { optimisticEstimate: Estimate; pessimisticEstimate: Estimate };

/**
 * Our work in one load's trace, and what it adds to that load's Total Blocking Time in Lighthouse's
 * own simulation. Lighthouse's TBT is the mean of two Lantern simulations (optimistic, pessimistic),
 * each summing what every simulated main-thread task exceeds 50 ms by between a simulated first
 * contentful paint and time to interactive. Here each simulated task is shortened by our part of it,
 * scaled as Lantern scaled the task (4× the traced time, 2× for a task that ran a layout), and the
 * sum taken again: what the run's TBT would have been without our work, all else the same (later
 * tasks not moved earlier). Ours: every task our files ran in (the core, a part, their timers and
 * callbacks), and, inside the page's tasks (the HTML parser's, a frame's, a style's load event), the
 * blocks' stubs, the boot with its later callbacks (the core's loader), and the embed's loader.
 * Unlike Lighthouse's attribution of a task's blocking time to its parts, this counts the boot in
 * full when it lengthens a frame that straddles the first paint. Read from the run's own trace, it
 * does not carry the variance of the page's own tasks from one run to the next, which the difference
 * of two runs' medians does.
 */
async function ourBlockingTime(
  artifacts: Parameters<typeof Audit.makeMetricComputationDataInput>[0],
  settings: unknown,
  pageUrl: string,
  bootLines: Set<number>,
): Promise<Pick<Figures, "oursMax" | "oursTotal" | "boot" | "oursTbt" | "bootTbt" | "oursLongest" | "tbtCheck">> {
  const context = { computedCache: new Map(), settings, options: {} } as unknown as AuditContext;
  const data = Audit.makeMetricComputationDataInput(artifacts, context);
  const tbt = estimates(await TotalBlockingTime.request(data, context));
  const fcp = estimates(await FirstContentfulPaint.request(data, context));
  const tti = estimates(await Interactive.request(data, context));
  const tasks = (await MainThreadTasks.request(data.trace, context)) as unknown as Task[];
  const figures = { oursMax: 0, oursTotal: 0, boot: 0, oursTbt: 0, bootTbt: 0, oursLongest: "", tbtCheck: 0 };
  const page = pageUrl.split("#")[0];
  // a stub run by the parser, the boot its animation callback runs (a call of the stub's function),
  // the cart embed's loader (its style's load handler); and every later call of a function of the
  // boot (the core's loader: its frame callback, paint observer, timers): the stub inserts the boot
  // as a script without a URL, so its functions' calls carry none (a page's own scripts carry the
  // page's or their file's; the output says in how many runs without the widget nothing counted)
  const bootTime = (t: Task): number =>
    ((t.event.name === "EvaluateScript" || t.event.name === "FunctionCall") &&
      t.event.args?.data?.url === page &&
      bootLines.has(t.event.args.data.lineNumber ?? -1)) ||
    (t.event.name === "FunctionCall" && t.event.args?.data?.url === "")
      ? t.duration
      : t.children.reduce((sum, c) => sum + bootTime(c), 0);
  // our traced time in each top-level task (and the boot's alone), and the task's
  const ours = new Map<unknown, number>();
  const boots = new Map<unknown, number>();
  const traced = new Map<unknown, number>();
  for (const t of tasks) {
    if (t.parent) continue;
    traced.set(t.event, t.duration);
    const url = t.attributableURLs.find((u) => OURS.test(u));
    if (url) {
      if (t.duration > figures.oursMax) {
        const work = [...t.children].sort((a, b) => b.duration - a.duration)[0]?.event.name ?? t.event.name;
        figures.oursLongest = `${url.replace(/^.*\//, "").replace(/\?.*$/, "")} ${work}`;
      }
      figures.oursMax = Math.max(figures.oursMax, t.duration);
      figures.oursTotal += t.duration;
      ours.set(t.event, t.duration);
    } else {
      const boot = bootTime(t);
      figures.boot += boot;
      figures.oursTotal += boot;
      ours.set(t.event, boot);
      boots.set(t.event, boot);
    }
  }
  // each simulation's window, as Lantern's TBT takes them: the opposite FCP estimate, the same TTI one
  const sum = (e: Estimate, from: number, to: number, without?: Map<unknown, number>) =>
    Lantern.Metrics.TBTUtils.calculateSumOfBlockingTime(
      [...e.nodeTimings]
        .filter(([node]) => node.type === "cpu")
        .map(([node, t]) => {
          const ms = traced.get(node.event);
          const cut = without && ms ? ((without.get(node.event) ?? 0) * t.duration) / ms : 0;
          return { start: t.startTime, end: t.endTime - cut, duration: t.duration - cut };
        }),
      from,
      to,
    );
  const total = (without?: Map<unknown, number>) =>
    (sum(tbt.optimisticEstimate, fcp.pessimisticEstimate.timeInMs, tti.optimisticEstimate.timeInMs, without) +
      sum(tbt.pessimisticEstimate, fcp.optimisticEstimate.timeInMs, tti.pessimisticEstimate.timeInMs, without)) /
    2;
  figures.tbtCheck = total();
  figures.oursTbt = figures.tbtCheck - total(ours);
  figures.bootTbt = figures.tbtCheck - total(boots);
  return figures;
}

/** 1-based lines of the page's HTML on which a block's inline boot, or the cart embed's loader, starts. */
async function bootLinesOf(url: string, cookie?: string): Promise<Set<number>> {
  const html = await (await fetch(url, { headers: cookie ? { Cookie: cookie } : {} })).text();
  const lines = new Set<number>();
  html.split("\n").forEach((line, i) => {
    if (/<(script|style)[^>]* data-src=/.test(line)) lines.add(i + 1); // (a block's stub is on its boot's line)
  });
  return lines;
}

async function measure(url: string, opts: { cookie?: string; block: boolean }): Promise<Figures> {
  const chrome = await launchChrome();
  try {
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance"],
        blockedUrlPatterns: opts.block ? OUR_URLS : [],
        extraHeaders: opts.cookie ? { Cookie: opts.cookie } : undefined,
      },
      undefined,
    );
    if (!result) throw new Error("Lighthouse returned nothing");
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(lhr.runtimeError.message);
    const value = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    const blockingItems =
      (lhr.audits["render-blocking-resources"]?.details as { items?: Array<{ url: string }> } | undefined)?.items ?? [];
    // what of ours happened before the largest paint of the real (unthrottled) load
    const observed = (lhr.audits.metrics?.details as { items?: Array<Record<string, number>> } | undefined)?.items?.[0];
    const requests =
      (
        lhr.audits["network-requests"]?.details as
          { items?: Array<{ url: string; networkEndTime: number; resourceType?: string }> } | undefined
      )?.items ?? [];
    // every request of ours that ended before the observed LCP, scripts too: Lantern drops a script
    // request from the LCP's path only when it finds the script's evaluation, after the paint, in its
    // graph, and it prunes tasks under 10 ms (the core's evaluation), so a preloaded core stayed on it;
    // and every script of ours evaluated before it
    const lcpMs = observed?.observedLargestContentfulPaint ?? 0;
    const lcpTs = observed?.observedLargestContentfulPaintTs ?? 0;
    const early = new Set(
      [
        ...requests.filter((r) => r.networkEndTime <= lcpMs).map((r) => r.url),
        ...result.artifacts.Trace.traceEvents
          .filter((e) => e.name === "EvaluateScript" && e.ts <= lcpTs)
          .map((e) => String((e.args as { data?: { url?: string } }).data?.url ?? "")),
      ].filter((u) => OURS.test(u)),
    ).size;
    const ours = await ourBlockingTime(
      result.artifacts,
      lhr.configSettings,
      lhr.finalDisplayedUrl,
      await bootLinesOf(url, opts.cookie),
    );
    const longTasks = (
      lhr.audits["long-tasks"]?.details as
        { debugData?: { urls?: string[]; tasks?: Array<{ urlIndex: number; duration: number }> } } | undefined
    )?.debugData;
    const lhOurs = (longTasks?.tasks ?? []).filter((t) => OURS.test(longTasks?.urls?.[t.urlIndex] ?? ""));
    return {
      ...ours,
      lhOursN: lhOurs.length,
      lhOurs: lhOurs.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
      score: Math.round((lhr.categories.performance.score ?? 0) * 100),
      fcp: value("first-contentful-paint"),
      lcp: value("largest-contentful-paint"),
      tbt: value("total-blocking-time"),
      si: value("speed-index"),
      cls: value("cumulative-layout-shift"),
      blocking: blockingItems.filter((i) => OURS.test(i.url)).length,
      early,
    };
  } finally {
    await chrome.close();
  }
}

const KEYS: Array<keyof Figures> = [
  "score",
  "fcp",
  "lcp",
  "tbt",
  "si",
  "cls",
  "blocking",
  "early",
  "oursMax",
  "oursTotal",
  "boot",
  "oursTbt",
  "bootTbt",
  "lhOursN",
  "lhOurs",
];
const medians = (runs: Figures[]): Figures =>
  Object.fromEntries(KEYS.map((k) => [k, median(runs.map((r) => r[k] as number))])) as unknown as Figures;

function visitor(): string {
  for (;;) {
    const id = crypto.randomUUID();
    if (!isInHoldout(id, DEMO_SHOP, HOLDOUT_PERCENT)) return id;
  }
}

/**
 * The product page as it was before the core loaded after the first paint: the blocks' inline boot
 * (and the preload earlier blocks printed) removed, the core a deferred script in <head> (what a
 * schema "javascript" file is).
 */
const deferredInHead = (html: string): string =>
  html
    .replace(
      /<script(?: type="text\/x-pairwise")? data-src="[^"]*">[\s\S]*?<\/script>(?:<script>[\s\S]*?<\/script>)?/g,
      "",
    )
    .replace(/<style data-src="[^"]*" onload="[^"]*"><\/style>/g, "") // the cart embed's loader
    .replace(/<link href="\/storefront\/assets\/pairwise\.js" rel="preload"[^>]*>/g, "")
    .replace("</head>", '<script src="/storefront/assets/pairwise.js" defer></script></head>');

/** A shopper's phone, roughly, for the first offer: the slowdown of Lighthouse's mobile runs, a real proxy's answer. */
const PHONE = { cpu: CPU_SLOWDOWN, proxyMs: 250 };

const launchQuiet = () =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", ...QUIET_FLAGS],
  });

/**
 * An init script: a visitor Pairwise knows (the id in localStorage, the memory cookie), not in the
 * holdout; `window.__firstOffer` when the first offer is in the DOM, `window.__lcp` the largest
 * contentful paint's time.
 */
const knownVisitor = () => `localStorage.setItem("pairwise:vid", ${JSON.stringify(visitor())});
  document.cookie = "${MEMORY_COOKIE};path=/";
  new MutationObserver((_, o) => {
    if (document.querySelector(".pw-body .pw-item:not(.pw-sk)")) { window.__firstOffer = performance.now(); o.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime; })
    .observe({ type: "largest-contentful-paint", buffered: true });`;

/** Holds the app proxy's offers answers `ms` (a real app proxy's round trip). */
const holdOffers = (context: BrowserContext, ms: number) =>
  context.route(/\/apps\/pairwise\/offers/, async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  });

/**
 * A later view of the product page on a desktop (its block on screen): the page loaded once before
 * in the same browser (the core and the page's files in its cache, the core's URL kept), then again
 * with the CPU slowdown and the proxy's answers held as for PHONE: the largest contentful paint's
 * time with the widget and without it (`?pairwise=off`), real time, interleaved, and the first
 * offer. Lighthouse measures a first view only (it clears the cache and the storage first); this is
 * the view where the boot loads the core at the first frame (boot.ts).
 */
async function laterView(url: string): Promise<{ with: number[]; without: number[]; offer: number[] }> {
  const browser = await launchQuiet();
  const out = { with: [] as number[], without: [] as number[], offer: [] as number[] };
  try {
    for (let i = 0; i <= OFFER_RUNS; i++) {
      for (const variant of i % 2 ? (["without", "with"] as const) : (["with", "without"] as const)) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await context.addInitScript(knownVisitor());
        await holdOffers(context, PHONE.proxyMs);
        const page = await context.newPage();
        const view = async () => {
          await page.goto(variant === "with" ? url + TENT : `${url}${TENT}?pairwise=off`, { waitUntil: "load" });
          if (variant === "with")
            await page.waitForFunction(() => (window as unknown as { __firstOffer?: number }).__firstOffer, null, {
              timeout: 10_000,
            });
          await page.waitForTimeout(300); // a late candidate of the largest paint
        };
        await view();
        await page.goto("about:blank");
        const cdp = await context.newCDPSession(page);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: PHONE.cpu });
        await view();
        const { lcp, offer } = await page.evaluate(() => {
          const w = window as unknown as { __lcp: number; __firstOffer?: number };
          return { lcp: w.__lcp, offer: w.__firstOffer };
        });
        if (i > 0) {
          out[variant].push(lcp); // the first loads warm the server's caches
          if (offer !== undefined) out.offer.push(offer);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}

/**
 * Milliseconds from navigation start to the first offer in the DOM, real time, desktop, no
 * throttling: the widget as the blocks load it ("now") and loaded as before ("before"), interleaved.
 * `path`: the product page, or the cart page with each server's cart (`cookies`). With `slow`: each
 * page loaded once before in the same browser (the core in its cache, revalidated: the demo serves
 * it with no-cache), then again with DevTools' CPU slowdown `cpu` and the app proxy's answers held
 * `proxyMs` (a real app proxy's round trip; the demo's answers take milliseconds).
 */
async function firstOffer(
  url: string,
  beforeUrl?: string,
  path = TENT,
  cookies?: { now: string; before?: string },
  slow?: { cpu: number; proxyMs: number },
): Promise<{ now: number[]; before: number[] }> {
  const browser = await launchQuiet();
  const times = { now: [] as number[], before: [] as number[] };
  try {
    for (let i = 0; i <= OFFER_RUNS; i++) {
      for (const variant of ["now", "before"] as const) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await context.addInitScript(knownVisitor());
        // both variants' pages pass through the same interception, so its cost falls on both alike
        const base = variant === "before" && beforeUrl ? beforeUrl : url;
        const cookie = variant === "before" && beforeUrl ? cookies?.before : cookies?.now;
        if (cookie) {
          const at = cookie.indexOf("=");
          const [name, value] = [cookie.slice(0, at), cookie.slice(at + 1)];
          await context.addCookies([{ name, value, url: base }]);
        }
        await context.route(base + path, async (route) => {
          const res = await route.fetch();
          const html = await res.text();
          await route.fulfill({ response: res, body: variant === "now" || beforeUrl ? html : deferredInHead(html) });
        });
        const page = await context.newPage();
        const untilOffer = async () => {
          await page.goto(base + path);
          await page.waitForFunction(() => (window as unknown as { __firstOffer?: number }).__firstOffer, null, {
            timeout: 10_000,
          });
        };
        if (slow) {
          await holdOffers(context, slow.proxyMs);
          await untilOffer();
          await page.goto("about:blank");
          const cdp = await context.newCDPSession(page);
          await cdp.send("Emulation.setCPUThrottlingRate", { rate: slow.cpu });
        }
        await untilOffer();
        const t = await page.evaluate(() => (window as unknown as { __firstOffer: number }).__firstOffer);
        if (i > 0) times[variant].push(t); // the first loads warm the server's caches
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return times;
}

/** Lighthouse's long tasks of our files, the median and each run's. */
const lhOursLine = (m: Figures, runs: Figures[]) =>
  `Lighthouse's long tasks of our files (its simulation; tasks it puts on the page, such as the boot and the frames laying out our offers, not included): ${m.lhOurs.toFixed(0)} ms beyond 50 ms (median; runs: ${runs.map((r) => `${r.lhOurs.toFixed(0)}/${r.lhOursN}`).join(" ")}, ms/tasks)`;
const fmt = (f: Figures) =>
  `score ${f.score.toFixed(0).padStart(3)}  FCP ${f.fcp.toFixed(0).padStart(5)} ms  LCP ${f.lcp.toFixed(0).padStart(5)} ms  TBT ${f.tbt.toFixed(0).padStart(4)} ms  SI ${f.si.toFixed(0).padStart(5)} ms  CLS ${f.cls.toFixed(3)}  blocking(ours) ${f.blocking}  ours before LCP ${f.early}`;

async function main(): Promise<void> {
  console.log(
    `bench:pagespeed — Lighthouse 12 mobile (simulated throttling), ${RUNS} runs per page and variant, baseline "${BASELINE}"`,
  );
  console.log(`node ${process.version}, load average at start: ${load()}`);
  const { child, url } = await startDemo({ port: Number(process.env.PORT) || undefined });
  const servers = [child];
  const stop = () => {
    for (const c of servers)
      try {
        process.kill(-c.pid!, "SIGTERM");
      } catch {
        /* already gone */
      }
  };
  process.on("SIGINT", () => {
    stop();
    process.exit(130);
  });
  try {
    // the widget as it was at BEFORE, served by a second demo (its own database and cart)
    let before: { url: string; cookie: string } | null = null;
    if (BEFORE) {
      const dir = `.cache/bench-pagespeed/before`;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      execSync(`git archive ${JSON.stringify(BEFORE)} extensions/pairwise-theme | tar -x -C ${dir}`);
      const demo = await startDemo({ db: "demo-before", extensionDir: `${dir}/extensions/pairwise-theme` });
      servers.push(demo.child);
      before = { url: demo.url, cookie: await makeCart(demo.url) };
      console.log(
        `before: extensions/pairwise-theme at ${BEFORE} (${execSync(`git rev-parse --short ${JSON.stringify(BEFORE)}`)
          .toString()
          .trim()})`,
      );
    }
    const cookie = await makeCart(url);
    const pages: Record<string, { path: string; cookie?: string; what: string }> = {
      product: { path: TENT, what: "product page, empty cart: Frequently bought together + You may also like" },
      cart: { path: "/storefront/cart", cookie, what: "cart page, 2 products: You may also like (cart)" },
      drawer: {
        path: "/storefront",
        cookie,
        what: "home page, 2 products in the cart: the Cart offers embed in the closed drawer",
      },
    };
    // warm the server (first render of each page, snapshot, recommendations)
    for (const name of PAGES) {
      await fetch(url + pages[name].path, { headers: pages[name].cookie ? { Cookie: pages[name].cookie } : {} });
      if (before)
        await fetch(before.url + pages[name].path, { headers: pages[name].cookie ? { Cookie: before.cookie } : {} });
    }

    const deltas: Array<{ score: number; lcp: number; tbt: number; cls: number }> = [];
    for (const name of PAGES) {
      const page = pages[name];
      if (!page) throw new Error(`unknown page ${name}`);
      const withRuns: Figures[] = [];
      const withoutRuns: Figures[] = [];
      const beforeRuns: Figures[] = [];
      const sep = page.path.includes("?") ? "&" : "?";
      const withoutUrl = BASELINE === "absent" ? `${url}${page.path}${sep}pairwise=off` : url + page.path;
      const variants: Array<() => Promise<void>> = [
        async () => void withRuns.push(await measure(url + page.path, { cookie: page.cookie, block: false })),
        async () => void withoutRuns.push(await measure(withoutUrl, { cookie: page.cookie, block: true })),
      ];
      if (before)
        variants.push(
          async () =>
            void beforeRuns.push(
              await measure(before.url + page.path, { cookie: page.cookie && before.cookie, block: false }),
            ),
        );
      // interleaved, each round starting with the next variant: no variant always runs first or last
      for (let i = 0; i < RUNS; i++)
        for (let k = 0; k < variants.length; k++) await variants[(i + k) % variants.length]();
      const w = medians(withRuns);
      const wo = medians(withoutRuns);
      console.log(`\n${name}: ${page.what}   (load ${load()})`);
      console.log(`  with the widget     ${fmt(w)}`);
      console.log(`  without             ${fmt(wo)}`);
      console.log(
        `  difference          score ${(w.score - wo.score).toFixed(0)}  LCP ${(w.lcp - wo.lcp).toFixed(0)} ms  TBT ${(w.tbt - wo.tbt).toFixed(0)} ms  SI ${(w.si - wo.si).toFixed(0)} ms  CLS ${w.cls.toFixed(3)}`,
      );
      const [tbtLo, tbtHi] = medianDifferenceInterval(
        withRuns.map((r) => r.tbt),
        withoutRuns.map((r) => r.tbt),
      );
      const [lcpLo, lcpHi] = medianDifferenceInterval(
        withRuns.map((r) => r.lcp),
        withoutRuns.map((r) => r.lcp),
      );
      console.log(
        `  90% intervals (bootstrap) of the difference: LCP ${lcpLo.toFixed(0)} to ${lcpHi.toFixed(0)} ms, TBT ${tbtLo.toFixed(0)} to ${tbtHi.toFixed(0)} ms`,
      );
      console.log(
        `  runs with:    LCP ${withRuns.map((r) => r.lcp.toFixed(0)).join(" ")}  TBT ${withRuns.map((r) => r.tbt.toFixed(0)).join(" ")}  score ${withRuns.map((r) => r.score).join(" ")}  CLS ${withRuns.map((r) => r.cls.toFixed(3)).join(" ")}  ours before LCP ${withRuns.map((r) => r.early).join(" ")}`,
      );
      console.log(
        `  our work (traced, unthrottled; medians): longest task ${w.oursMax.toFixed(1)} ms (×${CPU_SLOWDOWN} = ${(w.oursMax * CPU_SLOWDOWN).toFixed(0)} ms), all tasks ${w.oursTotal.toFixed(1)} ms, of which inline boot ${w.boot.toFixed(1)} ms; what it adds to Lighthouse's TBT: ${w.oursTbt.toFixed(0)} ms, of which the inline boot ${w.bootTbt.toFixed(0)} ms (runs: ${withRuns.map((r) => `${r.oursTbt.toFixed(0)}/${r.bootTbt.toFixed(0)}`).join(" ")}; longest: ${withRuns.map((r) => `${r.oursMax.toFixed(1)} (${r.oursLongest})`).join(", ")}; Lantern's tasks summed again give Lighthouse's TBT in ${withRuns.filter((r) => Math.abs(r.tbtCheck - r.tbt) < 1).length} of ${withRuns.length} runs${BASELINE === "absent" ? `; nothing counted as ours in ${withoutRuns.filter((r) => r.oursTotal === 0).length} of the ${withoutRuns.length} runs without the widget` : ""})`,
      );
      console.log(`  ${lhOursLine(w, withRuns)}`);
      console.log(
        `  runs without: LCP ${withoutRuns.map((r) => r.lcp.toFixed(0)).join(" ")}  TBT ${withoutRuns.map((r) => r.tbt.toFixed(0)).join(" ")}  score ${withoutRuns.map((r) => r.score).join(" ")}  CLS ${withoutRuns.map((r) => r.cls.toFixed(3)).join(" ")}`,
      );
      if (beforeRuns.length) {
        const b = medians(beforeRuns);
        console.log(`  before (${BEFORE})    ${fmt(b)}`);
        console.log(
          `  before − without    score ${(b.score - wo.score).toFixed(0)}  LCP ${(b.lcp - wo.lcp).toFixed(0)} ms  TBT ${(b.tbt - wo.tbt).toFixed(0)} ms  SI ${(b.si - wo.si).toFixed(0)} ms  CLS ${b.cls.toFixed(3)}`,
        );
        console.log(
          `  runs before:  LCP ${beforeRuns.map((r) => r.lcp.toFixed(0)).join(" ")}  TBT ${beforeRuns.map((r) => r.tbt.toFixed(0)).join(" ")}  score ${beforeRuns.map((r) => r.score).join(" ")}  CLS ${beforeRuns.map((r) => r.cls.toFixed(3)).join(" ")}`,
        );
        console.log(
          `  our work before (medians): longest task ${b.oursMax.toFixed(1)} ms, all tasks ${b.oursTotal.toFixed(1)} ms, of which inline boot ${b.boot.toFixed(1)} ms; what it adds to Lighthouse's TBT: ${b.oursTbt.toFixed(0)} ms (runs: ${beforeRuns.map((r) => r.oursTbt.toFixed(0)).join(" ")}; longest: ${beforeRuns.map((r) => `${r.oursMax.toFixed(1)} (${r.oursLongest})`).join(", ")})`,
        );
        console.log(`  ${lhOursLine(b, beforeRuns)}`);
      }
      deltas.push({
        score: w.score - wo.score,
        lcp: w.lcp - wo.lcp,
        tbt: w.tbt - wo.tbt,
        cls: Math.max(...withRuns.map((r) => r.cls)),
      });
    }

    const spread = (xs: number[]) =>
      `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
    const report = (page: string, offers: { now: number[]; before: number[] }, now: string, how = "no throttling") => {
      console.log(
        `\nfirst offer on the ${page} (real time, desktop, ${how}, ${offers.now.length} loads each, interleaved)   (load ${load()})`,
      );
      console.log(`  ${now.padEnd(46)}${spread(offers.now)}`);
      console.log(
        before
          ? `  before (the widget at ${BEFORE})${" ".repeat(Math.max(1, 15 - BEFORE.length))}${spread(offers.before)}`
          : `  before (core deferred in <head>)              ${spread(offers.before)}`,
      );
      console.log(
        `  difference of the medians                     ${(median(offers.now) - median(offers.before)).toFixed(0)} ms`,
      );
    };
    report("product page", await firstOffer(url, before?.url), "now (core after the first contentful paint)");
    report(
      "product page",
      await firstOffer(url, before?.url, TENT, undefined, PHONE),
      "now (core in the cache: at the first frame)",
      `${PHONE.cpu}× CPU slowdown, the proxy answering in ${PHONE.proxyMs} ms, the core from the browser's cache`,
    );
    const later = await laterView(url);
    const [lo, hi] = medianDifferenceInterval(later.with, later.without);
    console.log(
      `\nlater view of the product page (real time, desktop, ${PHONE.cpu}× CPU slowdown, the proxy answering in ${PHONE.proxyMs} ms, loaded once before: the core from the cache at the first frame; ${later.with.length} loads each, interleaved)   (load ${load()})`,
    );
    console.log(`  largest contentful paint, with the widget   ${spread(later.with)}`);
    console.log(`  without (?pairwise=off)                     ${spread(later.without)}`);
    console.log(
      `  difference of the medians                   ${(median(later.with) - median(later.without)).toFixed(0)} ms (90% interval ${lo.toFixed(0)} to ${hi.toFixed(0)} ms)`,
    );
    console.log(`  first offer                                 ${spread(later.offer)}`);
    // the cart page's core waits for the page's load event and its images on screen (boot.ts)
    if (before && PAGES.includes("cart"))
      report(
        "cart page",
        await firstOffer(url, before.url, pages.cart.path, { now: cookie, before: before.cookie }),
        "now",
      );
    console.log(`load average at end: ${load()}`);
    const worst = {
      score: Math.min(...deltas.map((d) => d.score)),
      lcp: Math.max(...deltas.map((d) => d.lcp)),
      tbt: Math.max(...deltas.map((d) => d.tbt)),
      cls: Math.max(...deltas.map((d) => d.cls)),
    };
    console.log(
      `score_delta=${worst.score} lcp_delta_ms=${worst.lcp.toFixed(0)} tbt_delta_ms=${worst.tbt.toFixed(0)} cls=${worst.cls.toFixed(3)}`,
    );
  } finally {
    stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
