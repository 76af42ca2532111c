// Chromium for the admin e2e tests: the same flags as test/support/browser.ts, with the profile
// directory passed the way playwright-core accepts it (it refuses a --user-data-dir argument), and
// pages that present a regular desktop/phone Chrome user agent (the Shopify library answers
// "HeadlessChrome" — a bot user agent — with 410 Gone).
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM } from "../../support/browser";
import { BROWSER_UA } from "../../support/shopify";

const PHONE_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36";

export async function launchAdminBrowser(): Promise<Browser> {
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

export async function newAdminPage(browser: Browser, options: { mobile?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(
    options.mobile
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: PHONE_UA }
      : { viewport: { width: 1280, height: 900 }, userAgent: BROWSER_UA },
  );
  // Nothing leaves this machine: requests to other hosts (fonts, CDN images) are answered empty.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.fulfill({ status: 204, body: "" }));
  const page = await context.newPage();
  return { context, page };
}

/**
 * The demo server of test/support/server.ts, from PAIRWISE_BUILD_DIR when set (a copy of the build
 * that a concurrent `npm run build` cannot replace mid-test), else from build/.
 */
export async function startAdminDemo({ orders = 0 }: { orders?: number } = {}) {
  const dir = process.env.PAIRWISE_BUILD_DIR;
  if (!dir) {
    const { startDemoServer } = await import("../../support/server");
    return startDemoServer({ orders });
  }
  const { useFreshDatabase } = await import("../../support/db");
  useFreshDatabase();
  process.env.PAIRWISE_DEMO = "1";
  process.env.PAIRWISE_DEMO_ORDERS = String(orders);
  delete process.env.SHOPIFY_API_KEY;
  delete process.env.SHOPIFY_API_SECRET;
  const { startServer } = await import("../../../scripts/lib/start-server");
  const { url, close } = await startServer({ port: 0, demo: true, quiet: true, buildDir: dir });
  return { url, close };
}
