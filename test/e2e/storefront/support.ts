// Shared pieces of the storefront preview's browser tests: the shared Chromium and demo server
// helpers, shoppers' browsers, and visitors on either side of the holdout.
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { isInHoldout } from "../../../app/domain/experiments/bucketing";
import { MEMORY_COOKIE } from "../../../extensions/pairwise-theme/src/storage";
import { afterAll, beforeAll, expect } from "vitest";
import type { PrismaClient } from "../../../app/generated/prisma/client";
import { launchBrowser, LAYOUT_SHIFT_PROBE, newContext } from "../../support/browser";
import { BROWSER_UA } from "../../support/shopify";

export const DEMO_SHOP = "pairwise-demo.myshopify.com";
/** the demo shop's holdout share (Shop.holdoutPercent default) */
export const HOLDOUT_PERCENT = 10;

export async function startStorefrontDemo(orders: number): Promise<{ url: string; close: () => Promise<void> }> {
  const { startDemoServer } = await import("../../support/server");
  return startDemoServer({ orders });
}

export { launchBrowser as launch } from "../../support/browser";

/** The demo shop and a browser shared by one test file's tests. */
export interface StorefrontDemo {
  /** the demo server's address */
  url: string;
  browser: Browser;
  /** the demo's database */
  db: PrismaClient;
}

/**
 * Starts the demo shop (3,000 orders) and Debian's Chromium before the file's tests and stops them
 * after; the fields are set once the file's first `beforeAll` has run.
 */
export function useStorefrontDemo(timeoutMs = 180_000): StorefrontDemo {
  const demo = {} as StorefrontDemo;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const server = await startStorefrontDemo(3000);
    close = server.close;
    demo.url = server.url;
    demo.db = (await import("../../../app/db.server")).default;
    demo.browser = await launchBrowser();
  }, timeoutMs);
  afterAll(async () => {
    await demo.browser?.close();
    await close?.();
  });
  return demo;
}

/** A visitor id on the chosen side of the demo shop's holdout. */
export function visitor(holdout: boolean): string {
  for (;;) {
    const id = randomUUID();
    if (isInHoldout(id, DEMO_SHOP, HOLDOUT_PERCENT) === holdout) return id;
  }
}

/**
 * A shopper's browser: its own cookies (cart, customer) and a stored widget visitor id.
 * `slowOffersMs` delays the app proxy's offers so they arrive after the first paint, as on a
 * real storefront (layout shifts before the first paint do not count).
 */
export async function shopper(
  browser: Browser,
  opts: { visitorId: string; mobile?: boolean; slowOffersMs?: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { mobile: opts.mobile });
  if (opts.slowOffersMs)
    await context.route(/\/apps\/pairwise\/offers/, async (route) => {
      await new Promise((r) => setTimeout(r, opts.slowOffersMs));
      await route.continue();
    });
  await context.addInitScript(
    // a visitor Pairwise knows: the id in localStorage, and the cookie that says it is there
    `localStorage.setItem("pairwise:vid", ${JSON.stringify(opts.visitorId)}); document.cookie = "${MEMORY_COOKIE};path=/"; ${LAYOUT_SHIFT_PROBE}`,
  );
  const page = await context.newPage();
  return { context, page };
}

export interface CartLine {
  variant_id: number;
  product_id: number;
  quantity: number;
  price: number;
  line_price: number;
  title: string;
  properties: Record<string, string>;
}

export interface Cart {
  items: CartLine[];
  total_price: number;
  item_count: number;
  attributes: Record<string, string>;
}

/** Puts the tent in the page's cart (from its page without the app: the shopper's first step). */
export async function fillCart(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl + "/storefront/products/trailhead-2-person-tent?pairwise=off");
  const id = await page.inputValue('#product-form [name="id"]');
  await page.evaluate(
    (v) =>
      fetch("/cart/add.js", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ items: [{ id: Number(v), quantity: 1 }] }),
      }),
    id,
  );
}

export const cartOf = (page: Page): Promise<Cart> => page.evaluate(() => fetch("/cart.js").then((r) => r.json()));

export interface OffersAnswer {
  holdout: boolean;
  slots: Array<{ offerId: string | null; headline: string; items: Array<{ productId: string; title: string }> }>;
  bundle: null | {
    offerId: string | null;
    anchor: { productId: string };
    items: Array<{ productId: string; title: string; variantId: string }>;
  };
  freeShipping: null | { threshold: number; remaining: number };
}

/** The app proxy's answer, asked from the page (its cookies: the logged-in demo customer). */
export const offersFor = (page: Page, productId: string, visitorId: string): Promise<OffersAnswer> =>
  page.evaluate(
    ([p, v]) => fetch(`/apps/pairwise/offers?context=product&product_id=${p}&visitor_id=${v}`).then((r) => r.json()),
    [productId, visitorId],
  );

export const offeredTitles = (a: OffersAnswer): string[] => [
  ...new Set([...a.slots.flatMap((s) => s.items.map((i) => i.title)), ...(a.bundle?.items.map((i) => i.title) ?? [])]),
];

/**
 * Checks out the cart: the demo's checkout goes on to the post-purchase page, which shows an offer
 * or goes straight to the thank-you page; an offer shown is declined here, so the order stays as
 * it was placed.
 */
export async function checkOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/storefront\/checkout$/), page.click("#checkout")]);
  await payAndDeclinePostPurchase(page);
}

/**
 * "Pay now" on the checkout page, pressed from the keyboard, until the next page (post-purchase or
 * thank-you) starts to load. Payment places the order and sends its signed webhook before the
 * redirect, which a loaded machine may take tens of seconds over, so the wait allows a minute. Not
 * a mouse click: the checkout extension's frame above the button grows when its offers arrive, and
 * a click aimed just before that lands on the frame instead (a CI run waited out the minute so).
 */
export async function pay(page: Page): Promise<void> {
  await page.focus("#pay");
  await Promise.all([
    page.waitForURL(/\/storefront\/(post-purchase|thank-you)\//, { timeout: 60_000, waitUntil: "commit" }),
    page.keyboard.press("Enter"),
  ]);
}

/**
 * Pays (`pay`), then goes past the post-purchase page to the thank-you page: an offer shown there
 * is declined, so the order stays as it was placed.
 */
export async function payAndDeclinePostPurchase(page: Page): Promise<void> {
  const wait = { timeout: 60_000 };
  await pay(page);
  await page.locator("#order-name, #pp-root .pp-button").first().waitFor(wait);
  if (page.url().includes("/post-purchase/")) {
    await Promise.all([
      page.waitForURL(/\/storefront\/thank-you\//, { ...wait, waitUntil: "commit" }),
      page.getByRole("button", { name: "Decline this offer" }).click(),
    ]);
  }
  await page.locator("#order-name").waitFor(wait);
}

/**
 * Saves the demo shop's settings through the admin's own action (as the settings page does), as
 * they are but for `change`: the app's snapshot and storefront facts are rebuilt.
 */
export async function saveDemoSettings(
  demo: StorefrontDemo,
  page: Page,
  change: { holdoutPercent?: number; postPurchaseLimit?: number; frequencyCapPerDay?: number } = {},
): Promise<void> {
  const shop = await demo.db.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
  const res = await page.request.post(`${demo.url}/app/settings?_data=${encodeURIComponent("routes/app.settings")}`, {
    headers: { "User-Agent": BROWSER_UA },
    data: {
      relevanceThreshold: shop.relevanceThreshold,
      maxSuggestions: shop.maxSuggestions,
      lowStockThreshold: shop.lowStockThreshold,
      marginPreference: shop.marginPreference,
      frequencyCapPerDay: change.frequencyCapPerDay ?? shop.frequencyCapPerDay,
      holdoutPercent: change.holdoutPercent ?? shop.holdoutPercent,
      excludedProductIds: JSON.parse(shop.excludedProductIds),
      excludedTags: JSON.parse(shop.excludedTags),
      freeShippingThreshold: shop.freeShippingThreshold == null ? "" : shop.freeShippingThreshold / 100,
      highReturnRate: shop.highReturnRate,
      postPurchaseLimit: change.postPurchaseLimit ?? shop.postPurchaseLimit,
    },
  });
  expect(res.status(), await res.text()).toBe(200);
}
