// The widget costs the page nothing a shopper or Google can measure: on the demo's product page,
// cart page and cart drawer (the blocks and the embed loaded as Shopify loads them, from their
// schemas), no request of ours blocks rendering and the offers fill their reserved space without
// a layout shift. The probe is Chromium's own: renderBlockingStatus of each resource timing entry,
// and layout-shift entries. A control page with a render-blocking stylesheet of ours proves the
// probe can fail. Run `npm run build` first.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoLayoutShift } from "../../support/browser";
import { launch, shopper, startStorefrontDemo, visitor } from "./support";

const TENT = "/storefront/products/trailhead-2-person-tent";
// offers answer after the first paint, as from a real app proxy (earlier shifts would not count)
const SLOW_MS = 700;

let server: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  server = await startStorefrontDemo(3000);
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Probe {
  ours: Array<{ url: string; status: string }>;
}

const probe = (page: Page): Promise<Probe> =>
  page.evaluate(() => ({
    ours: (
      performance.getEntriesByType("resource") as Array<PerformanceResourceTiming & { renderBlockingStatus?: string }>
    )
      .filter((e) => /\/storefront\/assets\/|\/apps\/pairwise\//.test(e.name))
      .map((e) => ({ url: new URL(e.name).pathname, status: e.renderBlockingStatus ?? "unknown" })),
  }));

async function fillCart(page: Page): Promise<void> {
  await page.goto(server.url + TENT + "?pairwise=off");
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

describe("what the widget costs a page", () => {
  it.each([
    ["product page, phone", TENT, true, false, "#pw-ymal .pw-item:not(.pw-sk)"],
    ["product page, desktop", TENT, false, false, "#pw-fbt .pw-item:not(.pw-sk)"],
    ["cart page, phone", "/storefront/cart", true, true, "#pw-cart-ymal .pw-item:not(.pw-sk)"],
    ["cart drawer (home page), phone", "/storefront", true, true, "cart-drawer #pw-cart-embed .pw-item:not(.pw-sk)"],
  ])("%s: no render-blocking request of ours, no layout shift", async (_name, path, mobile, cart, filled) => {
    const { context, page } = await shopper(browser, { visitorId: visitor(false), mobile, slowOffersMs: SLOW_MS });
    if (cart) await fillCart(page);
    await page.goto(server.url + path);
    await page.waitForSelector(filled, { state: "attached" });
    await page.waitForTimeout(300);
    const { ours } = await probe(page);
    // the page did load the widget (the probe saw our requests) and none of them blocked rendering
    expect(ours.map((o) => o.url)).toContain("/storefront/assets/pairwise.js");
    expect(ours.some((o) => o.url.startsWith("/apps/pairwise/offers"))).toBe(true);
    expect(ours.filter((o) => o.status !== "non-blocking")).toEqual([]);
    expect(
      await page
        .locator('head link[rel="stylesheet"]')
        .evaluateAll((ls) =>
          ls.map((l) => (l as HTMLLinkElement).href).filter((h) => /\/storefront\/assets\//.test(h)),
        ),
    ).toEqual([]);
    // nothing of ours is a script the parser runs: the core comes from the blocks' inline boot, which
    // inserts it after the first frame that follows the parsed document (so it cannot delay the LCP)
    const html = await (await page.request.get(server.url + path)).text();
    expect(html.match(/<script[^>]*\ssrc="[^"]*\/storefront\/assets\/[^"]*"/g) ?? []).toEqual([]);
    expect(
      await page.evaluate(() =>
        [...document.scripts].filter((s) => s.src.endsWith("/storefront/assets/pairwise.js")).map((s) => s.async),
      ),
    ).toEqual([true]);
    await expectNoLayoutShift(page);
    await context.close();
  });

  it("reports a render-blocking stylesheet of ours (the probe can fail)", async () => {
    const { context, page } = await shopper(browser, { visitorId: visitor(false) });
    await context.route(/\/storefront\/assets\/control\.css$/, (route) =>
      route.fulfill({ status: 200, contentType: "text/css", body: ".pw{outline:0}" }),
    );
    await context.route(/\/storefront\/products\//, async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(
        "</head>",
        '<link rel="stylesheet" href="/storefront/assets/control.css"></head>',
      );
      await route.fulfill({ response: res, body: html });
    });
    await page.goto(server.url + TENT);
    await page.waitForSelector("#pw-ymal .pw-item:not(.pw-sk)");
    const { ours } = await probe(page);
    expect(ours.filter((o) => o.status === "blocking").map((o) => o.url)).toEqual(["/storefront/assets/control.css"]);
    await context.close();
  });
});
