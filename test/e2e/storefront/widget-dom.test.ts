// The widget's DOM layer in Debian's Chromium: a plain HTML product page hosts the blocks the way
// the Liquid files print them (skeletons, data attributes), and a loopback stand-in answers the
// app proxy and Shopify's cart endpoints. Layout shift is measured with PerformanceObserver.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHROMIUM,
  eachFrame,
  expectNoLayoutShift,
  LAYOUT_SHIFT_PROBE,
  launchBrowser,
  layoutShift,
  screenshot,
} from "../../support/browser";
import { clone, productOffers } from "../../unit/widget/fixtures";

// The app answers after the page's first paint, as on a real storefront; shifts before the
// first paint do not count, so an earlier answer would make every CLS check pass trivially.
const ANSWER_MS = 1000;
const ASSETS = resolve("extensions/pairwise-theme/assets");

interface Mode {
  offers: "ok" | "error" | "slow" | "empty" | "hostile" | "holdout";
}
const mode: Mode = { offers: "ok" };
const seen = {
  adds: [] as unknown[],
  updates: [] as unknown[],
  events: [] as Array<{ visitorId: string; events: Array<{ type: string; productId: string }> }>,
  offers: [] as string[],
};
let cart: Array<{ variant_id: number; price: number }> = [];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const attrs = `data-proxy="/apps/pairwise" data-part-actions="/assets/pairwise-actions.js" data-part-cart="/assets/pairwise-cart.js" data-root="/" data-money-format="${esc("<span class=money>${{amount}}</span>")}" aria-busy="true"`;
// the styles each block prints inline (as the Liquid files do)
const STYLES = /<style>[\s\S]*?<\/style>/.exec(
  readFileSync(resolve("extensions/pairwise-theme/blocks/you-may-also-like.liquid"), "utf8"),
)![0];
// the inline boot and its stub each block prints right after itself (as the Liquid files do), with the core's URL
const BOOT = /<script type="text\/x-pairwise" data-src="[^"]*">[\s\S]*?<\/script><script>[\s\S]*?<\/script>/
  .exec(readFileSync(resolve("extensions/pairwise-theme/blocks/you-may-also-like.liquid"), "utf8"))![0]
  .replace("{{ 'pairwise.js' | asset_url }}", "/assets/pairwise.js");
const skeletonItems = (n: number) =>
  `<p class="pw-copy"></p><ul class="pw-list" role="list">${'<li class="pw-item pw-sk"><span class="pw-img"></span><span class="pw-info"><span class="pw-title"></span><span class="pw-price"></span><span class="pw-opt"></span><span class="pw-btn"></span></span></li>'.repeat(n)}</ul>`;

function productPage(q: URLSearchParams): string {
  const body = q.has("noskeleton") ? "" : skeletonItems(4);
  const drawer = q.has("drawer")
    ? `<cart-drawer><div class="drawer__inner"><div class="drawer__footer">Checkout</div></div></cart-drawer>
<script>customElements.define("cart-drawer", class extends HTMLElement {
  getSectionsToRender() { return [{ id: "cart-drawer", selector: "#CartDrawer" }, { id: "cart-icon-bubble" }]; }
  renderContents(state) { window.rendered = state; this.querySelector(".drawer__inner").innerHTML = state.sections["cart-drawer"]; }
});</script>`
    : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${STYLES}
<style>body{font-family:sans-serif;margin:0 auto;max-width:1000px;padding:1rem}.gallery{height:${q.get("gallery") ?? 120}px;background:#eee}.rest{height:900px;background:#ddd}</style></head><body>
<div class="gallery"></div>
<form action="/cart/add" method="post"><input type="hidden" name="id" value="45123456789000"></form>
<section class="pw pw--grid" id="ymal" style="--pw-cols: 4" data-pairwise-block data-mode="slots" data-context="product" data-product-id="${esc(q.get("product") ?? "8123456789000")}" data-count="4" data-offer-type="any" ${attrs}>
<h2 class="pw-h">You may also like</h2><div class="pw-body">${body}</div></section>${BOOT}
<div class="rest"></div>${drawer}
<section class="pw pw--list pw--cart" id="cart-offers" hidden style="display:none" data-pairwise-block data-mode="cart" data-context="cart" data-count="2" data-threshold="100000" data-mount="cart-drawer .drawer__footer" ${attrs}>
<h2 class="pw-h">Complete your order</h2><div class="pw-body"></div></section>${BOOT}
</body></html>`;
}

function offersAnswer(context: string): unknown {
  const r = clone(productOffers) as typeof productOffers;
  r.context = context;
  r.moneyFormat = "${{amount}}";
  if (mode.offers === "empty") return { ...r, slots: [], bundle: null };
  if (mode.offers === "holdout") return { ...r, holdout: true, slots: [], bundle: null };
  if (mode.offers === "hostile") {
    r.slots[0].items[0].title = '<img src=x onerror="window.pwned=1">Card';
    r.slots[0].items[0].url = "javascript:window.pwned=2";
  }
  return r;
}

let server: Server;
let browser: Browser;
let origin = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c));
    req.on("end", () => {
      const json = (code: number, v: unknown) => {
        res.writeHead(code, { "content-type": "application/json" });
        res.end(JSON.stringify(v));
      };
      if (url.pathname.startsWith("/assets/")) {
        res.writeHead(200, { "content-type": url.pathname.endsWith(".css") ? "text/css" : "text/javascript" });
        return res.end(readFileSync(resolve(ASSETS, url.pathname.slice(8))));
      }
      if (url.pathname === "/products/camera") {
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(productPage(url.searchParams));
      }
      if (url.pathname === "/apps/pairwise/offers") {
        seen.offers.push(url.search);
        if (mode.offers === "error") return json(502, { error: "upstream" });
        return setTimeout(
          () => json(200, offersAnswer(url.searchParams.get("context") ?? "")),
          mode.offers === "slow" ? 4000 : ANSWER_MS,
        );
      }
      if (url.pathname === "/apps/pairwise/events") {
        seen.events.push(JSON.parse(raw));
        res.writeHead(204);
        return res.end();
      }
      if (url.pathname === "/cart.js") {
        return json(200, { items: cart, item_count: cart.length, total_price: cart.reduce((s, i) => s + i.price, 0) });
      }
      if (url.pathname === "/cart/add.js") {
        const body = JSON.parse(raw) as { items: Array<{ id: number }>; sections?: string };
        seen.adds.push(body);
        for (const i of body.items) cart.push({ variant_id: i.id, price: 2999 });
        const sections = body.sections
          ? Object.fromEntries(
              body.sections.split(",").map((id) => [id, `<div class="drawer__footer">re-rendered ${id}</div>`]),
            )
          : undefined;
        return json(200, { items: body.items.map((i) => ({ ...i, key: `${i.id}:k` })), sections });
      }
      if (url.pathname === "/cart/update.js") {
        seen.updates.push(JSON.parse(raw));
        return json(200, {});
      }
      json(404, {});
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (existsSync(CHROMIUM)) browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

async function open(
  query: string,
  offers: Mode["offers"] = "ok",
  mobile = true,
): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  mode.offers = offers;
  const context = await browser.newContext(
    mobile
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 900 } },
  );
  // the block's height in the first frame the browser renders with it (before any answer can arrive)
  await context.addInitScript(
    eachFrame(
      `const el = document.getElementById("ymal"); if (el && !("__firstFrame" in window)) window.__firstFrame = el.getBoundingClientRect().height;`,
    ),
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.addInitScript(LAYOUT_SHIFT_PROBE);
  await page.goto(`${origin}/products/camera?${query}`);
  return { page, errors, close: () => context.close() };
}

/** Waits until the widget has handled the app's answer for the "You may also like" block. */
const answered = (page: Page) =>
  page.waitForFunction(() => !document.getElementById("ymal")!.hasAttribute("aria-busy"), null, { timeout: 15_000 });

const firstPaint = (page: Page) =>
  page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Infinity);

/** When the app's answer arrived (ms after navigation): the shifts it could cause count only after the first paint. */
const answerArrived = (page: Page) =>
  page.evaluate(
    () =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).find((e) =>
        e.name.includes("/apps/pairwise/offers"),
      )?.responseEnd ?? -Infinity,
  );

/** The block's height in the page's first frame (read once that frame is drawn: a page may finish loading before it). */
async function firstFrame(page: Page): Promise<number> {
  await page.waitForFunction(() => "__firstFrame" in window);
  return page.evaluate(() => (window as unknown as { __firstFrame: number }).__firstFrame);
}

describe.skipIf(!existsSync(CHROMIUM))("storefront widget in a browser", () => {
  it("fills the reserved box with offers without shifting the page, in the shop's money format", async () => {
    cart = [];
    const { page, errors, close } = await open("");
    await page.waitForSelector("#ymal .pw-item:not(.pw-sk)");
    await page.waitForTimeout(300);
    expect(await page.locator("#ymal .pw-item").count()).toBe(2);
    expect(await page.textContent("#ymal .pw-item .pw-price")).toBe("$26.99Regular price $34.99");
    expect(await page.getAttribute("#ymal img", "alt")).toBe("SD card 128 GB");
    expect(await page.textContent("#ymal .pw-h")).toBe("Complete the look");
    expect(await firstPaint(page)).toBeLessThan(await answerArrived(page));
    await expectNoLayoutShift(page);
    // the option picker arrives with the actions part, into its reserved row: no shift
    await page.waitForSelector("#ymal .pw-item >> nth=0 >> select.pw-sel");
    expect(
      await page.locator("#ymal .pw-item >> nth=0 >> select.pw-sel option:not([disabled])").allTextContents(),
    ).toEqual(["128 GB"]);
    expect(await page.getAttribute("#ymal .pw-item >> nth=0 >> label.pw-sr", "for")).toBe(
      await page.getAttribute("#ymal .pw-item >> nth=0 >> select.pw-sel", "id"),
    );
    await expectNoLayoutShift(page);
    expect(errors).toEqual([]);
    await close();
  });

  it("shifts the page when the skeleton is missing (the measurement can fail)", async () => {
    const { page, close } = await open("noskeleton");
    await page.waitForSelector("#ymal .pw-item");
    await page.waitForTimeout(300);
    expect(await firstPaint(page)).toBeLessThan(await answerArrived(page));
    expect((await layoutShift(page)).cls).toBeGreaterThan(0.05);
    await close();
  });

  it.each([
    ["answers an error", "error" as const],
    ["does not answer within 2.5 s", "slow" as const],
    ["has nothing to offer", "empty" as const],
  ])("shows nothing, throws nothing and shifts nothing when the app %s", async (_name, offers) => {
    const { page, errors, close } = await open("", offers);
    await answered(page);
    expect(await page.locator("#ymal .pw-item:not(.pw-sk)").count()).toBe(0);
    expect(await page.evaluate(() => getComputedStyle(document.getElementById("ymal")!).visibility)).toBe("hidden");
    await expectNoLayoutShift(page);
    expect(errors).toEqual([]);
    await close();
  });

  it("an empty block on screen takes no space once the shopper scrolls it out of view, and nothing shifts", async () => {
    const { page, close } = await open("", "empty");
    await answered(page);
    expect(await page.evaluate(() => document.getElementById("ymal")!.hidden)).toBe(false);
    const restTop = () => page.evaluate(() => document.querySelector(".rest")!.getBoundingClientRect().top + scrollY);
    const before = await restTop();
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => page.evaluate(() => document.getElementById("ymal")!.hidden)).toBe(true);
    // the gap is gone: what followed the block moved up by the block's height
    expect(await restTop()).toBeLessThan(before - 100);
    await expectNoLayoutShift(page);
    await close();
  });

  it("an empty block on screen takes no space right after the shopper's next click (not counted as layout shift)", async () => {
    const { page, close } = await open("", "empty");
    await answered(page);
    await page.click(".gallery");
    await expect.poll(() => page.evaluate(() => document.getElementById("ymal")!.hidden)).toBe(true);
    await expectNoLayoutShift(page);
    await close();
  });

  it("collapses an empty block that is below the fold", async () => {
    const { page, close } = await open("gallery=1200", "empty");
    await answered(page);
    await expect.poll(() => page.evaluate(() => document.getElementById("ymal")!.hidden)).toBe(true);
    await expectNoLayoutShift(page);
    await close();
  });

  it("an empty block above the fold reserves no box from the next page view on: decided before the first paint", async () => {
    const { page, close } = await open("", "empty");
    await answered(page);
    // the first view could not know: the box is there, invisible, until the shopper scrolls or clicks
    expect(await page.evaluate(() => document.getElementById("ymal")!.hidden)).toBe(false);
    const restTop = () => page.evaluate(() => document.querySelector(".rest")!.getBoundingClientRect().top);
    const withBox = await restTop();
    // the next view of this product: no box in the very first frame, nothing shifts when the answer comes
    await page.reload();
    expect(await firstFrame(page)).toBe(0);
    expect(await page.evaluate(() => document.getElementById("ymal")!.hidden)).toBe(true);
    expect(await restTop()).toBeLessThan(withBox - 100);
    await answered(page);
    expect(await page.evaluate(() => document.getElementById("ymal")!.hidden)).toBe(true);
    await screenshot(page, "widget-empty-block-above-fold-next-view");
    await expectNoLayoutShift(page);
    // another product still reserves its box (the memory is per product)
    await page.goto(`${origin}/products/camera?product=8123456789001`);
    expect(await firstFrame(page)).toBeGreaterThan(100);
    await close();
  });

  it("a visitor in the holdout gets no box on any later page, and a block that has offers again shows them on the next view", async () => {
    const { page, close } = await open("", "holdout");
    await answered(page);
    await page.goto(`${origin}/products/camera?product=8123456789001`);
    expect(await firstFrame(page)).toBe(0);
    await answered(page);
    await expectNoLayoutShift(page);
    const asked = seen.offers.length;
    // the visitor left the holdout and the product has offers: nothing appears on screen now (it
    // would shift the page), the next view reserves the box and fills it
    mode.offers = "ok";
    await page.reload();
    await expect.poll(() => seen.offers.length).toBeGreaterThan(asked);
    await answered(page); // the answer, and what the widget recorded of it
    expect(await page.evaluate(() => document.getElementById("ymal")!.hidden)).toBe(true);
    await expectNoLayoutShift(page);
    await page.reload();
    expect(await firstFrame(page)).toBeGreaterThan(100);
    await page.waitForSelector("#ymal .pw-item:not(.pw-sk)");
    await page.waitForTimeout(300);
    await expectNoLayoutShift(page);
    await screenshot(page, "widget-block-back-after-holdout");
    await close();
  });

  it("renders hostile titles as text and never follows a javascript: link", async () => {
    const { page, close } = await open("", "hostile");
    await page.waitForSelector("#ymal .pw-item:not(.pw-sk)");
    expect(await page.textContent("#ymal .pw-title")).toBe('<img src=x onerror="window.pwned=1">Card');
    expect(await page.getAttribute("#ymal .pw-title", "href")).toBe("#");
    await page.click("#ymal .pw-title");
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await close();
  });

  it("adds an offer with hidden attribution properties, announces it and tags the cart once", async () => {
    cart = [];
    seen.adds.length = 0;
    seen.updates.length = 0;
    const { page, close } = await open("");
    await page.waitForSelector("#ymal .pw-item:not(.pw-sk)");
    await page.click("#ymal .pw-item >> nth=0 >> .pw-btn");
    await expect.poll(() => page.textContent("#ymal [role=status]")).toBe("SD card 128 GB added to your cart");
    expect(seen.adds[0]).toEqual({
      items: [
        {
          id: 45123456789012,
          quantity: 1,
          properties: { _pairwise: "clx0offer0001", _pairwise_token: "t.eyJvIjoiY2x4MG9mZmVyMDAwMSJ9.sig" },
        },
      ],
    });
    await page.click("#ymal .pw-item >> nth=1 >> .pw-btn");
    await expect.poll(() => seen.adds.length).toBe(2);
    await page.waitForTimeout(200);
    expect(seen.updates).toHaveLength(1);
    expect(seen.updates[0]).toMatchObject({
      attributes: { _pairwise_visitor: expect.stringMatching(/^[\w-]{8,64}$/) },
    });
    await close();
  });

  it("forgets a declined product for good and reports impressions, add and decline in one batch", async () => {
    cart = [];
    seen.events.length = 0;
    const { page, close } = await open("");
    await page.waitForSelector("#ymal .pw-item:not(.pw-sk)");
    // the actions part (which records impressions and declines) has arrived with the option picker
    await page.waitForSelector("#ymal .pw-item >> nth=0 >> select.pw-sel");
    await page.click("#ymal .pw-item >> nth=1 >> .pw-x");
    await expect.poll(() => page.locator("#ymal .pw-item").count()).toBe(1);
    await page.reload();
    await page.waitForSelector("#ymal .pw-item:not(.pw-sk)");
    expect(await page.locator("#ymal .pw-item").count()).toBe(1);
    // this visitor's batches (a page an earlier test closed may still be sending its own)
    const vid = await page.evaluate(() => localStorage.getItem("pairwise:vid"));
    expect(vid).toMatch(/^[\w-]{8,64}$/);
    const mine = () => seen.events.filter((b) => b.visitorId === vid);
    await page.goto("about:blank");
    await expect.poll(() => mine().length).toBeGreaterThanOrEqual(2);
    const first = mine()[0].events.map((e) => `${e.type}:${e.productId}`);
    expect(first).toEqual(["impression:8123456789012", "impression:8123456789013", "decline:8123456789013"]);
    await close();
  });

  it("puts the cart offers into the theme's drawer and back after the theme re-renders it", async () => {
    cart = [{ variant_id: 45123456789000, price: 89900 }];
    seen.offers.length = 0;
    const { page, errors, close } = await open("drawer", "ok", false);
    await page.waitForSelector("#cart-offers .pw-item:not(.pw-sk)");
    expect(await page.evaluate(() => document.getElementById("cart-offers")!.parentElement!.className)).toBe(
      "drawer__inner",
    );
    expect(await page.textContent("#cart-offers .pw-ship p")).toBe("Add $101.00 more for free shipping");
    await page.click("#ymal .pw-item >> nth=0 >> .pw-btn");
    await expect.poll(() => seen.offers.filter((q) => q.includes("45123456789012")).length).toBe(1);
    expect(
      await page.evaluate(() => (window as unknown as { rendered?: { sections: object } }).rendered?.sections),
    ).toHaveProperty("cart-drawer");
    expect(await page.evaluate(() => document.getElementById("cart-offers")!.parentElement!.className)).toBe(
      "drawer__inner",
    );
    expect(errors).toEqual([]);
    await close();
  });
});
