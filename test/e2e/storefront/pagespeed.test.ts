// The widget costs the page nothing a shopper or Google can measure: on the demo's product page,
// cart page and cart drawer (the blocks and the embed loaded as Shopify loads them, from their
// schemas), no request of ours blocks rendering and the offers fill their reserved space without
// a layout shift. The probe is Chromium's own: renderBlockingStatus of each resource timing entry,
// and layout-shift entries. A control page with a render-blocking stylesheet of ours proves the
// probe can fail. Run `npm run build` first.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoLayoutShift, screenshot } from "../../support/browser";
import { fillCart, launch, shopper, startStorefrontDemo, visitor } from "./support";

const TENT = "/storefront/products/trailhead-2-person-tent";
// offers answer after the first paint, as from a real app proxy (earlier shifts would not count)
const SLOW_MS = 700;

let server: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  server = await startStorefrontDemo(3000);
  browser = await launch();
}, 180_000);

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

/**
 * The tent page's "You may also like" block with its boot and stub, under the id `id`, added to the
 * page as a theme's quick-add dialog adds a product section: its scripts as new script elements,
 * which run when they are inserted.
 */
async function quickAdd(page: Page, id: string): Promise<void> {
  const html = await (await page.request.get(server.url + TENT)).text();
  const block =
    /<section[^>]*id="pw-ymal"[\s\S]*?<\/section>\s*(?:\{%[^%]*%\}\s*)?<script type="text\/x-pairwise"[^>]*>[\s\S]*?<\/script><script>[\s\S]*?<\/script>/
      .exec(html)![0]
      .replace(/pw-ymal/g, id);
  await page.evaluate((markup) => {
    const box = document.createElement("div");
    box.innerHTML = markup;
    for (const old of box.querySelectorAll("script")) {
      const s = document.createElement("script");
      for (const a of old.attributes) s.setAttribute(a.name, a.value);
      s.textContent = old.textContent;
      old.replaceWith(s);
    }
    (document.querySelector("main") ?? document.body).prepend(box); // its stub runs now
  }, block);
}

/** The fields of a Chromium trace event these tests read. */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { functionName?: string; lineNumber?: number; url?: string } };
}

/** Loads `path` in `page` while Chromium traces it, until `selector` is in the page: the trace's events. */
async function traced(
  page: Page,
  path: string,
  selector: string,
  categories = "devtools.timeline,loading",
): Promise<TraceEvent[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send("Tracing.start", { categories, transferMode: "ReportEvents" });
  await page.goto(server.url + path);
  await page.waitForSelector(selector, { state: "attached" });
  const done = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
  await cdp.send("Tracing.end");
  await done;
  return events;
}

/** Whether event `e` of the trace started on the thread of `outer`, while `outer` ran. */
const within = (outer: TraceEvent, e: TraceEvent): boolean =>
  outer.pid === e.pid && outer.tid === e.tid && e.ts >= outer.ts && e.ts <= outer.ts + (outer.dur ?? 0);

/** Whether an event of the trace happened inside one of the parser's tasks (ParseHTML). */
const inParser = (events: TraceEvent[]) => {
  const parses = events.filter((e) => e.name === "ParseHTML" && e.ph === "X" && e.dur !== undefined);
  return (e: TraceEvent) => parses.some((p) => within(p, e));
};

/** How many copies of the core the page carries. */
const coresOn = (page: Page): Promise<number> =>
  page.evaluate(() => [...document.scripts].filter((s) => s.src.endsWith("/storefront/assets/pairwise.js")).length);

describe("what the widget costs a page", () => {
  it.each([
    ["product page, phone", TENT, true, false, "#pw-ymal .pw-item:not(.pw-sk)"],
    ["product page, desktop", TENT, false, false, "#pw-fbt .pw-item:not(.pw-sk)"],
    ["cart page, phone", "/storefront/cart", true, true, "#pw-cart-ymal .pw-item:not(.pw-sk)"],
    ["cart drawer (home page), phone", "/storefront", true, true, "cart-drawer #pw-cart-embed .pw-item:not(.pw-sk)"],
  ])("%s: no render-blocking request of ours, no layout shift", async (_name, path, mobile, cart, filled) => {
    const { context, page } = await shopper(browser, { visitorId: visitor(false), mobile, slowOffersMs: SLOW_MS });
    if (cart) await fillCart(page, server.url);
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
    // and no request of ours starts before the page's first contentful paint (no preload either:
    // Lighthouse's simulation puts a request of ours that ended before the largest paint on its path)
    expect(html).not.toMatch(/rel="preload"[^>]*pairwise|pairwise[^>]*rel="preload"/);
    const { fcp, first } = await page.evaluate(() => ({
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
      first: Math.min(
        ...performance
          .getEntriesByType("resource")
          .filter((e) => /\/storefront\/assets\/|\/apps\/pairwise\//.test(e.name))
          .map((e) => e.startTime),
      ),
    }));
    expect(fcp).not.toBeNull();
    expect(Number.isFinite(first)).toBe(true);
    expect(first).toBeGreaterThanOrEqual(fcp!);
    expect(
      await page.evaluate(() =>
        [...document.scripts].filter((s) => s.src.endsWith("/storefront/assets/pairwise.js")).map((s) => s.async),
      ),
    ).toEqual([true]);
    await expectNoLayoutShift(page);
    await context.close();
  });

  // when the core's script element is added to the document, against the page's load event
  const coreAddedAt = `new MutationObserver((_, o) => {
    if (document.querySelector('script[src$="/storefront/assets/pairwise.js"]')) {
      window.__coreAt = performance.now(); o.disconnect();
      window.__fcpAtCore = performance.getEntriesByName("first-contentful-paint").length;
    }
  }).observe(document, { childList: true, subtree: true });`;

  it("loads the core after the first contentful paint and the images on screen when a product page's block is on screen; else after the page's load event and the images on screen (the drawer's embed, the cart page)", async () => {
    const timing = (page: Page) =>
      page.evaluate(() => ({
        core: (window as unknown as { __coreAt?: number }).__coreAt ?? null,
        // whether the page's first contentful paint was out (its entry) when the core was added
        fcpOut: (window as unknown as { __fcpAtCore?: number }).__fcpAtCore === 1,
        load: performance
          .getEntriesByType("navigation")
          .map((n) => (n as PerformanceNavigationTiming).loadEventStart)[0],
      }));

    const drawer = await shopper(browser, { visitorId: visitor(false), mobile: true });
    await drawer.context.addInitScript(coreAddedAt);
    await fillCart(drawer.page, server.url);
    // the page has an image that comes late, so its load event is well after its first frames
    await drawer.context.route(/\/storefront$/, async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace("</body>", '<img src="/late.svg" width="1" height="1" alt=""></body>');
      await route.fulfill({ response: res, body: html });
    });
    await drawer.context.route(/\/late\.svg$/, async (route) => {
      await new Promise((r) => setTimeout(r, 1000));
      await route.fulfill({
        status: 200,
        contentType: "image/svg+xml",
        body: "<svg xmlns='http://www.w3.org/2000/svg'/>",
      });
    });
    await drawer.page.goto(server.url + "/storefront");
    await drawer.page.waitForSelector("cart-drawer #pw-cart-embed .pw-item:not(.pw-sk)", { state: "attached" });
    const late = await timing(drawer.page);
    expect(late.core).not.toBeNull();
    expect(late.load).toBeGreaterThan(0);
    expect(late.core!).toBeGreaterThanOrEqual(late.load);
    await drawer.context.close();

    // the cart page on a phone: its block is on screen, but its largest paint is a cart line's image;
    // the core waits for the page's load event and then for the images on screen still coming
    // (the cart line's image, held here for a second after the load event)
    const cart = await shopper(browser, { visitorId: visitor(false), mobile: true });
    await cart.context.addInitScript(coreAddedAt);
    await cart.context.addInitScript(`addEventListener("load", () => { window.__loadAt = performance.now(); });`);
    await fillCart(cart.page, server.url);
    let releaseLine: () => void = () => {};
    const lineHeld = new Promise<void>((r) => (releaseLine = r));
    await cart.context.route(/\/demo-images\//, async (route) => {
      await lineHeld;
      await route.continue();
    });
    await cart.page.goto(server.url + "/storefront/cart", { waitUntil: "domcontentloaded" });
    await cart.page.waitForFunction(() => (window as unknown as { __loadAt?: number }).__loadAt !== undefined);
    const comingImages = await cart.page.evaluate(
      () => [...document.images].filter((i) => !i.complete && i.getBoundingClientRect().top < innerHeight).length,
    );
    expect(comingImages).toBeGreaterThan(0);
    await cart.page.waitForTimeout(1000);
    const whileHeld = await timing(cart.page);
    expect(whileHeld.load).toBeGreaterThan(0);
    expect(whileHeld.core).toBeNull(); // a second after the load event, the line's image still coming
    const releasedAt = await cart.page.evaluate(() => performance.now());
    releaseLine();
    await cart.page.waitForSelector("#pw-cart-ymal .pw-item:not(.pw-sk)", { state: "attached" });
    const afterImages = await timing(cart.page);
    expect(afterImages.core!).toBeGreaterThan(releasedAt);
    // it came because the image came, not at the 3 s bound after the load event
    expect(afterImages.core! - releasedAt).toBeLessThan(1000);
    expect(afterImages.core! - whileHeld.load).toBeLessThan(3000);
    await cart.context.close();

    // the product page on a desktop: Frequently bought together is on screen; the core waits for the
    // page's first contentful paint and the images on screen still coming (the product's image,
    // held here for a second), not for the page's load event (an image at the page's end, off
    // screen, held until the offers are shown)
    const product = await shopper(browser, { visitorId: visitor(false) });
    await product.context.addInitScript(coreAddedAt);
    await product.context.route(/\/storefront\/products\/trailhead-2-person-tent$/, async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace("</body>", '<img src="/late.svg" width="1" height="1" alt=""></body>');
      await route.fulfill({ response: res, body: html });
    });
    let releaseLate: () => void = () => {};
    const lateHeld = new Promise<void>((r) => (releaseLate = r));
    await product.context.route(/\/late\.svg$/, async (route) => {
      await lateHeld;
      await route.fulfill({
        status: 200,
        contentType: "image/svg+xml",
        body: "<svg xmlns='http://www.w3.org/2000/svg'/>",
      });
    });
    let releaseImage: () => void = () => {};
    const imageHeld = new Promise<void>((r) => (releaseImage = r));
    await product.context.route(/\/demo-images\//, async (route) => {
      await imageHeld;
      await route.continue();
    });
    await product.page.goto(server.url + TENT, { waitUntil: "domcontentloaded" });
    const onScreenComing = await product.page.evaluate(
      () =>
        [...document.images].filter(
          (i) => !i.complete && i.getBoundingClientRect().top < innerHeight && !i.src.endsWith("/late.svg"),
        ).length,
    );
    expect(onScreenComing).toBeGreaterThan(0);
    await product.page.waitForTimeout(1000);
    const imageComing = await timing(product.page);
    expect(imageComing.core).toBeNull(); // the product's image still coming
    const imageAt = await product.page.evaluate(() => performance.now());
    releaseImage();
    await product.page.waitForSelector("#pw-fbt .pw-item:not(.pw-sk)", { state: "attached" });
    const early = await timing(product.page);
    releaseLate();
    expect(early.core).not.toBeNull();
    expect(early.core!).toBeGreaterThan(imageAt);
    expect(early.core! - imageAt).toBeLessThan(1000); // because the image came, not at the 3 s bound
    expect(early.load).toBe(0); // the page has not loaded: the image at its end is still held
    // and the first contentful paint was out (presented), not only drawn
    expect(early.fcpOut).toBe(true);
    await product.context.close();
  });

  it("on a later view, with the core in the browser's cache, loads it and asks for the offers at the first frame: the offers do not wait for the page's images (a new version of the core waits as on a first view)", async () => {
    const { context, page } = await shopper(browser, { visitorId: visitor(false) });
    const shown = "#pw-fbt .pw-item:not(.pw-sk)";
    // the first view loads the core after the first paint and keeps its URL
    await page.goto(server.url + TENT);
    await page.waitForSelector(shown, { state: "attached" });
    const core = await page.evaluate(() =>
      [...document.scripts].find((s) => s.src.includes("/storefront/assets/pairwise.js"))!.getAttribute("src"),
    );
    expect(await page.evaluate(() => localStorage.getItem("pairwise:core"))).toBe(core);

    // the next views with the product's image held (a new URL each view: not from the cache): the
    // offers come while it is still coming
    let view = 0;
    await context.route(/\/storefront\/products\/trailhead-2-person-tent$/, async (route) => {
      const res = await route.fetch();
      view++;
      const html = (await res.text()).replace(/(\/demo-images\/[\w-]+\.svg)/g, `$1?view=${view}`);
      await route.fulfill({ response: res, body: html });
    });
    let release: () => void = () => {};
    let held = new Promise<void>((r) => (release = r));
    await context.route(/\/demo-images\//, async (route) => {
      await held;
      await route.continue();
    });
    const imageComing = () =>
      page.evaluate(
        () => [...document.images].filter((i) => !i.complete && i.getBoundingClientRect().top < innerHeight).length,
      );
    await context.addInitScript(coreAddedAt);
    await page.goto(server.url + TENT, { waitUntil: "domcontentloaded" });
    await page.waitForSelector(shown, { state: "attached" });
    expect(await imageComing()).toBeGreaterThan(0);
    expect(await coresOn(page)).toBe(1);
    // added in the first frame after the parsed document, not after the image nor at the 3 s bound
    // that ends the wait for it
    const { core: at, parsed } = await page.evaluate(() => ({
      core: (window as unknown as { __coreAt: number }).__coreAt,
      parsed: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
    }));
    expect(at).toBeGreaterThanOrEqual(parsed);
    expect(at - parsed).toBeLessThan(1500);
    release();

    // an extension deployed since: another core URL, not in the cache, waits for the image
    held = new Promise<void>((r) => (release = r));
    await page.evaluate(() => localStorage.setItem("pairwise:core", "https://cdn.example/pairwise.js?v=1"));
    await page.goto(server.url + TENT, { waitUntil: "domcontentloaded" });
    await page.waitForTimeout(1000);
    expect(await imageComing()).toBeGreaterThan(0);
    expect(await coresOn(page)).toBe(0);
    expect(await page.locator(shown).count()).toBe(0);
    release();
    await page.waitForSelector(shown, { state: "attached" });
    expect(await page.evaluate(() => localStorage.getItem("pairwise:core"))).toBe(core);
    await expectNoLayoutShift(page);
    await context.close();
  });

  it("adds the core once: an app block whose boot runs after the cart embed's loader added it (a quick-add dialog running a product section's scripts) is handed to the core", async () => {
    const { context, page } = await shopper(browser, { visitorId: visitor(false), mobile: true });
    await fillCart(page, server.url);
    // the home page: only the cart embed, whose loader adds the core
    await page.goto(server.url + "/storefront");
    await page.waitForSelector("cart-drawer #pw-cart-embed .pw-item:not(.pw-sk)", { state: "attached" });
    // then a product section's "You may also like" block and its boot, as a quick-add dialog runs them
    await quickAdd(page, "pw-ymal");
    await page.waitForSelector("#pw-ymal .pw-item:not(.pw-sk)", { state: "attached", timeout: 10_000 });
    expect(await coresOn(page)).toBe(1);
    await context.close();
  });

  it("hands a block that comes after the core (a quick-add dialog on a product page) to the core, which fills it", async () => {
    const { context, page } = await shopper(browser, { visitorId: visitor(false), mobile: true });
    await page.goto(server.url + TENT);
    await page.waitForSelector("#pw-ymal .pw-item:not(.pw-sk)", { state: "attached" });
    // the product section's "You may also like" block once more, under another id
    await quickAdd(page, "pw-quick");
    await page.waitForSelector("#pw-quick .pw-item:not(.pw-sk)", { state: "attached", timeout: 10_000 });
    expect(await coresOn(page)).toBe(1);
    await context.close();
  });

  it("prints the cart embed with no styles and no skeleton: the cart part brings the styles when it places the embed, with its offers", async () => {
    const { context, page } = await shopper(browser, { visitorId: visitor(false), mobile: true });
    await fillCart(page, server.url);
    const html = await (await page.request.get(server.url + "/storefront")).text();
    expect(html).toContain('id="pw-cart-embed"');
    expect(html).not.toMatch(/<style>\.pw\{|pw-sk/);
    await page.goto(server.url + "/storefront");
    await page.waitForSelector("cart-drawer #pw-cart-embed .pw-item", { state: "attached" });
    await page.click("#cart-icon-bubble");
    await page.waitForTimeout(500); // the drawer's transition
    const look = await page.evaluate(() => {
      const item = document.querySelector("#pw-cart-embed .pw-item")!;
      const img = item.querySelector(".pw-img")!.getBoundingClientRect();
      return {
        sheets: document.querySelectorAll("#pw-css").length,
        display: getComputedStyle(item).display,
        listStyle: getComputedStyle(item.parentElement!).listStyleType,
        img: [Math.round(img.width), Math.round(img.height)],
        button: getComputedStyle(item.querySelector(".pw-btn")!).display,
      };
    });
    // styled as the app blocks are (without the styles: a bulleted list, a 160 px image)
    expect(look.sheets).toBe(1);
    expect(look.display).toBe("grid");
    expect(look.listStyle).toBe("none");
    expect(look.img[0]).toBe(look.img[1]);
    expect(look.img[0]).toBeLessThan(80);
    expect(look.button).toBe("block"); // a button is inline-block by itself
    await screenshot(page, "cart-embed-drawer-phone", false); // the open drawer, as the shopper sees it
    await context.close();
  });

  it("keeps the cart embed hidden without its styles in a theme whose CSS sets display on sections (it is never placed with an empty cart)", async () => {
    const { context, page } = await shopper(browser, { visitorId: visitor(false), mobile: true });
    await context.route(/\/storefront$/, async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace("</head>", "<style>section{display:block}</style></head>");
      await route.fulfill({ response: res, body: html });
    });
    await page.goto(server.url + "/storefront");
    await page.waitForLoadState("load");
    await page.waitForTimeout(1000); // the core and the cart part have come: the cart is empty
    const embed = await page.evaluate(() => {
      const el = document.getElementById("pw-cart-embed")!;
      return {
        height: el.getBoundingClientRect().height,
        hidden: el.hidden,
        styled: !!document.getElementById("pw-css"),
      };
    });
    expect(embed).toEqual({ height: 0, hidden: true, styled: false });
    await context.close();
  });

  it("leaves offers far below the fold unrendered (no style, layout or paint) until the shopper comes near them, and scrolling to them shifts nothing", async () => {
    const { context, page } = await shopper(browser, {
      visitorId: visitor(false),
      mobile: true,
      slowOffersMs: SLOW_MS,
    });
    // a theme with a long product description above "You may also like" (Chromium renders what
    // content-visibility skips once it is within a few screens of the viewport)
    await context.route(new RegExp(TENT + "$"), async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(
        /<section(?=[^>]*id="pw-ymal")/,
        '<div style="height:3000px"></div><section',
      );
      await route.fulfill({ response: res, body: html });
    });
    await page.goto(server.url + TENT);
    const offer = page.locator("#pw-ymal .pw-item:not(.pw-sk)").first();
    await offer.waitFor({ state: "attached" });
    await page.waitForTimeout(300);
    const state = () =>
      offer.evaluate((el) => ({
        rendered: el.checkVisibility({ contentVisibilityAuto: true }),
        // what a screen reader or find-in-page reads is there all along
        title: el.querySelector(".pw-title")?.textContent ?? "",
      }));
    const before = await state();
    expect(before.title).not.toBe("");
    expect(before.rendered).toBe(false);
    await page.locator("#pw-ymal").evaluate((el) => el.scrollIntoView({ block: "center" })); // a script's scroll: no input excuses a shift
    await expect.poll(async () => (await state()).rendered).toBe(true);
    await expect
      .poll(() =>
        page
          .locator("#pw-ymal img.pw-img")
          .first()
          .evaluate((i) => (i as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    await screenshot(page, "offers-scrolled-into-view-phone", false);
    await expectNoLayoutShift(page);
    await context.close();
  });

  it("asks for a product page's offers with the core, not after it: one request, sent before the core has run, which the core takes (a browser without AbortSignal.timeout leaves it to the core)", async () => {
    // each offers request the page sends, and whether the core had run (its registry) when it was sent
    const watchOffers = `window.__offers = [];
      const send = window.fetch;
      window.fetch = function (url, init) {
        if (String(url).includes("/apps/pairwise/offers")) window.__offers.push({ core: "PairwiseWidget" in window });
        return send.call(this, url, init);
      };`;
    const requests = (page: Page) =>
      page.evaluate(() => (window as unknown as { __offers: Array<{ core: boolean }> }).__offers);
    for (const old of [false, true]) {
      const { context, page } = await shopper(browser, { visitorId: visitor(false), slowOffersMs: SLOW_MS });
      await context.addInitScript(watchOffers);
      if (old) await context.addInitScript("delete AbortSignal.timeout;");
      await page.goto(server.url + TENT);
      // both blocks filled from the one answer (the same query: the product, the bundle's companions)
      await page.waitForSelector("#pw-fbt .pw-item:not(.pw-sk)", { state: "attached" });
      await page.waitForSelector("#pw-ymal .pw-item:not(.pw-sk)", { state: "attached" });
      expect(await requests(page)).toEqual([{ core: old }]);
      const sent = await page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .filter((e) => e.name.includes("/apps/pairwise/offers"))
          .map((e) => new URL(e.name).searchParams.get("bundle")),
      );
      expect(sent).toEqual(["2"]);
      await context.close();
    }
  });

  it("sends the core's request, the offers request and each part's script request from tasks of their own (a request costs the main thread milliseconds; Lighthouse counts a task beyond 50 ms at 4× slowdown)", async () => {
    const { context, page } = await shopper(browser, { visitorId: visitor(false), mobile: true });
    const events = await traced(
      page,
      TENT,
      "#pw-fbt .pw-item:not(.pw-sk)",
      "devtools.timeline,disabled-by-default-devtools.timeline,loading",
    );
    const sent = (re: RegExp) =>
      events.find((e) => e.name === "ResourceSendRequest" && re.test(e.args?.data?.url ?? ""));
    const requests = [
      /\/apps\/pairwise\/offers\?/,
      /\/pairwise\.js/,
      /\/pairwise-bundle\.js/,
      /\/pairwise-cart\.js/,
    ].map(sent);
    expect(requests.every(Boolean)).toBe(true);
    const tasks = events.filter((e) => e.name === "RunTask" && e.ph === "X" && e.dur !== undefined);
    const taskOf = (r: TraceEvent) => tasks.find((t) => within(t, r));
    const owners = requests.map((r) => taskOf(r!));
    expect(owners.every(Boolean)).toBe(true);
    expect(new Set(owners).size).toBe(4);
    await context.close();
  });

  it("renders one block's offers per frame: the frame that lays out and paints one block's offers does not do another's too", async () => {
    // the offers come late, so the bundle part is in by then and both blocks are ready together
    const { context, page } = await shopper(browser, {
      visitorId: visitor(false),
      mobile: true,
      slowOffersMs: SLOW_MS,
    });
    // the number of frames begun when each block's first offer entered the page
    await context.addInitScript(`(() => {
      let frames = 0;
      const tick = () => { frames++; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      window.__filled = {};
      new MutationObserver(() => {
        for (const id of ["pw-fbt", "pw-ymal"])
          if (!(id in window.__filled) && document.querySelector("#" + id + " .pw-item:not(.pw-sk)")) window.__filled[id] = frames;
      }).observe(document, { childList: true, subtree: true });
    })();`);
    await page.goto(server.url + TENT);
    await page.waitForSelector("#pw-fbt .pw-item:not(.pw-sk)", { state: "attached" });
    await page.waitForSelector("#pw-ymal .pw-item:not(.pw-sk)", { state: "attached" });
    const filled = await page.evaluate(() => (window as unknown as { __filled: Record<string, number> }).__filled);
    expect(Object.keys(filled).sort()).toEqual(["pw-fbt", "pw-ymal"]);
    expect(filled["pw-fbt"]).not.toBe(filled["pw-ymal"]);
    await expectNoLayoutShift(page);
    await context.close();
  });

  it("uses no element while the page is parsed: a block's boot runs after the parser's task, after the first frame when no block is on screen in it, and finds the blocks then; the cart embed's loader waits for the load event", async () => {
    // every read of document.currentScript and of an element's dataset, with the document's state
    // and whether the boot was set up then (the first use of these interfaces is what costs the
    // parser's task most, traced)
    const probeReads = `(() => {
      window.__reads = [];
      const note = (what) => window.__reads.push({ what, loading: document.readyState === "loading", setUp: typeof window.PairwiseBootQ === "function" });
      for (const [proto, key] of [[Document.prototype, "currentScript"], [HTMLElement.prototype, "dataset"]]) {
        const d = Object.getOwnPropertyDescriptor(proto, key);
        Object.defineProperty(proto, key, { configurable: true, get() { note(key); return d.get.call(this); } });
      }
    })();`;
    for (const [path, filled, cart] of [
      [TENT, "#pw-ymal .pw-item:not(.pw-sk)", false],
      ["/storefront", "cart-drawer #pw-cart-embed .pw-item:not(.pw-sk)", true],
    ] as const) {
      const { context, page } = await shopper(browser, { visitorId: visitor(false), mobile: true });
      if (cart) await fillCart(page, server.url);
      await context.addInitScript(probeReads);
      const events = await traced(page, path, filled);
      const reads = await page.evaluate(
        () => (window as unknown as { __reads: Array<{ what: string; loading: boolean; setUp: boolean }> }).__reads,
      );
      // the probe saw our reads (the boot's setup, or the loader after the load event) ...
      expect(reads.length, path).toBeGreaterThan(0);
      // ... and none while the page was parsed before the boot was set up
      expect(
        reads.filter((r) => r.loading && !r.setUp),
        path,
      ).toEqual([]);
      if (cart) {
        await context.close();
        continue;
      }
      // the boot (the script the first stub's function inserts, which has no URL of its own) ran
      // once, outside the parser's tasks, where the stubs and the page's own scripts ran ...
      const url = server.url + path;
      const inParse = inParser(events);
      const stubCalls = events.filter((e) => e.name === "FunctionCall" && e.args?.data?.url === url);
      const boot = events.filter(
        (e) => e.name === "EvaluateScript" && e.args?.data?.url === "" && stubCalls.some((c) => within(c, e)),
      );
      expect(boot).toHaveLength(1);
      expect(boot.filter(inParse)).toEqual([]);
      expect(
        events.filter((e) => e.name === "EvaluateScript" && e.args?.data?.url === url && inParse(e)).length,
      ).toBeGreaterThan(2);
      // ... and, no block being on screen in the frame after the first stub (a phone: the blocks
      // are below the fold), not in that frame: the stub's observer callback there looked and left
      // the boot to a task of its own (a timer), or to the next frame's animation callback if that
      // came first (first-view.test.ts: the blocks are decided before a frame shows them)
      const callbacks = events.filter(
        (e) => (e.name === "TimerFire" || e.name === "FireAnimationFrame") && e.ph === "X",
      );
      // (the first stub's functions: on the line of the one that ran the boot)
      const line = stubCalls.find((c) => within(c, boot[0]))!.args!.data!.lineNumber;
      const watched = stubCalls.filter(
        (c) => c.args?.data?.lineNumber === line && !inParse(c) && !callbacks.some((t) => within(t, c)),
      );
      expect(watched).toHaveLength(1);
      expect(within(watched[0], boot[0])).toBe(false);
      expect(watched[0].ts).toBeLessThan(boot[0].ts);
      expect(callbacks.some((t) => within(t, boot[0]))).toBe(true);
      await context.close();
    }
  });

  it("runs no script of ours while a page without an app block is parsed: the cart embed's loader is its style's load handler, run in a task of its own", async () => {
    const { context, page } = await shopper(browser, { visitorId: visitor(false), mobile: true });
    await fillCart(page, server.url);
    const html = await (await page.request.get(server.url + "/storefront")).text();
    // the page's scripts are the theme's (the drawer's); ours is the embed's <style>, before </body>
    expect([...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].filter((m) => /PairwiseBootQ/.test(m[1]))).toEqual(
      [],
    );
    const styleLine = html.slice(0, html.indexOf("<style data-src=")).split("\n").length; // 1-based, as traced
    expect(html.indexOf("<style data-src=")).toBeGreaterThan(html.lastIndexOf("<script"));
    const events = await traced(page, "/storefront", "cart-drawer #pw-cart-embed .pw-item:not(.pw-sk)");
    const url = server.url + "/storefront";
    const inParse = inParser(events);
    // the loader ran (it added the core, which filled the embed), as the <style>'s handler ...
    const handler = events.filter(
      (e) => e.name === "FunctionCall" && e.args?.data?.functionName === "onload" && e.args.data.url === url,
    );
    expect(handler.map((e) => e.args!.data!.lineNumber)).toEqual([styleLine]);
    // ... outside the parser's tasks, where the page's own scripts ran
    expect(handler.filter(inParse)).toEqual([]);
    expect(
      events.filter((e) => e.name === "EvaluateScript" && e.args?.data?.url === url && inParse(e)).length,
    ).toBeGreaterThan(0);
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
