// Debian's Chromium driven by playwright-core (no browser download), with the flags that keep it
// quiet on a closed network. Pages present a regular Chrome user agent: the Shopify library
// answers "HeadlessChrome" (a bot user agent) with 410 Gone. playwright-core gives each launch a
// fresh profile of its own (it refuses a --user-data-dir argument).
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { BROWSER_UA } from "./shopify";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = resolve("test-results/screenshots");
export const PHONE_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export async function newContext(browser: Browser, options: { mobile?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext(
    options.mobile
      ? {
          viewport: { width: 390, height: 844 },
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
          userAgent: PHONE_UA,
        }
      : { viewport: { width: 1280, height: 900 }, userAgent: BROWSER_UA },
  );
  // Nothing leaves this machine: requests to other hosts (fonts, CDN images) are answered empty.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.fulfill({ status: 204, body: "" }));
  // A step that cannot finish fails on its own, naming itself, well before the test's timeout.
  context.setDefaultTimeout(25_000);
  return context;
}

export async function newPage(
  browser: Browser,
  options: { mobile?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, options);
  return { context, page: await context.newPage() };
}

/**
 * Records every layout shift not caused by input (the shifts CLS sums), with the elements that
 * moved, from before the page's first script runs. Install with `addInitScript`.
 */
export const LAYOUT_SHIFT_PROBE = `window.__shifts = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shifts.push({ value: e.value, at: Math.round(e.startTime), moved: (e.sources || []).map((s) => { const n = s.node; if (!n || !n.nodeType) return "?"; if (n.nodeType !== 1) return (n.parentElement ? n.parentElement.tagName.toLowerCase() : "") + " text"; return n.tagName.toLowerCase() + (n.id ? "#" + n.id : "") + (n.className && typeof n.className === "string" ? "." + n.className.trim().split(/\\s+/).join(".") : ""); }) }); }).observe({ type: "layout-shift", buffered: true });`;

export interface LayoutShift {
  /** the page's cumulative layout shift so far */
  cls: number;
  /** each shift: how much, when (ms after navigation) and which elements moved */
  shifts: Array<{ value: number; at: number; moved: string[] }>;
}

/** The layout shifts the probe recorded; `String(shift)`-friendly for assertion messages. */
export async function layoutShift(page: Page): Promise<LayoutShift> {
  const shifts = await page.evaluate(() => (window as unknown as { __shifts?: LayoutShift["shifts"] }).__shifts ?? []);
  return { cls: shifts.reduce((sum, s) => sum + s.value, 0), shifts };
}

/** Asserts that nothing on the page has shifted, saying what moved when something did. */
export async function expectNoLayoutShift(page: Page, label = ""): Promise<void> {
  const { cls, shifts } = await layoutShift(page);
  if (cls !== 0)
    throw new Error(`${label ? label + ": " : ""}layout shifted (CLS ${cls.toFixed(4)}): ${JSON.stringify(shifts)}`);
}

/**
 * How far the page scrolls sideways, in CSS pixels: 0 when it fits its screen. On a phone the
 * layout viewport (`innerWidth`) widens to a page wider than the screen; the root's `clientWidth`
 * stays the device's width.
 */
export const sidewaysScroll = (page: Page): Promise<number> =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * An init script's loop that runs `record` (a statement) in each frame the browser renders until
 * `until` (an expression) holds after one of them, and whenever <html> resizes later: in a
 * ResizeObserver's callback, which a frame runs after its animation callbacks and its layout,
 * just before it paints. The observer is made anew in each frame's animation callback, so it comes
 * after every observer the page made before (the widget's stub decides the blocks on screen in
 * one of its own, boot-stub.ts), and a frame lays the page out again before it paints when their
 * callbacks change it: `record` sees the page as that frame paints it.
 */
const frameLoop = (record: string, until: string): string => `(() => {
  let ro;
  (function f() {
    requestAnimationFrame(() => {
      ro?.disconnect();
      ro = new ResizeObserver(() => { ${record} });
      ro.observe(document.documentElement); // reported in this frame
      if (!(${until})) f();
    });
  })();
})();`;

/** An init script that runs `record` in each frame while the document is parsed and in the first one after (frameLoop). */
export const eachFrame = (record: string): string => frameLoop(record, `document.readyState !== "loading"`);

/**
 * An init script for a shopper who scrolls to the widget's blocks as soon as a frame has laid one
 * out: in the next frame's animation callback the page scrolls to the first block's top, and in
 * each frame from then on `record` (a statement, `el` bound) runs once for each block matching
 * `selector`, as that frame paints it (frameLoop); `window.__seenAll` is set once the document is
 * parsed and every block is recorded. A block below the fold may be decided after the first frame
 * (boot-stub.ts), but before a frame can show it.
 */
export const whenSeen = (selector: string, record: string): string => `(() => {
  const done = new Set();
  let scroll = 0; // 1: asked for the next frame, 2: scrolled
  ${frameLoop(
    `const els = [...document.querySelectorAll(${JSON.stringify(selector)})];
    if (scroll === 2) {
      for (const el of els) if (!done.has(el)) { done.add(el); ${record} }
      if (document.readyState !== "loading") window.__seenAll = true;
    } else if (!scroll && els.length) {
      scroll = 1;
      requestAnimationFrame(() => {
        scrollTo(0, els[0].getBoundingClientRect().top + scrollY);
        scroll = 2;
      });
    }`,
    "window.__seenAll",
  )}
})();`;

/** Saves a screenshot under test-results/screenshots (kept as a CI artifact). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
