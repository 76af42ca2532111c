// What the widget keeps in a shopper's browser, and when it reads it. A first view opens no
// localStorage while the page is parsed (a first access opens the origin's storage: a cost the
// page would pay before its first paint); the visitor id it made is kept once the core is asked
// for, with the cookie that tells the next views' boot to read their memory before a frame shows
// their blocks. A visitor id kept before that cookie existed stays the visitor's. Run `npm run build` first.
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext, whenSeen } from "../../support/browser";
import { fillCart, useStorefrontDemo, visitor } from "./support";

const TENT = "/storefront/products/trailhead-2-person-tent";

const demo = useStorefrontDemo();

// every access to window.localStorage, with the document's state at that moment
const STORAGE_PROBE = `(() => {
  const d = Object.getOwnPropertyDescriptor(Window.prototype, "localStorage") ?? Object.getOwnPropertyDescriptor(window, "localStorage");
  window.__storage = [];
  Object.defineProperty(window, "localStorage", { configurable: true, get() { window.__storage.push(document.readyState); return d.get.call(window); } });
})();`;

// how many times localStorage was accessed before the first frame that shows the product page's
// "You may also like" block, the shopper scrolling to the blocks as soon as they are laid out (the
// boot reads the memory in the first frame that lays them out, after its layout, or right after it
// when none is on screen then)
const BLOCK_SEEN_PROBE = whenSeen(
  "[data-pairwise-block]",
  `if (el.id === "pw-ymal") window.__readsWhenSeen = window.__storage.length;`,
);

// every read of document.cookie, with the document's state at that moment
const COOKIE_PROBE = `(() => {
  const d = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  window.__cookieReads = [];
  Object.defineProperty(document, "cookie", { configurable: true, get() { window.__cookieReads.push(document.readyState); return d.get.call(document); }, set(v) { d.set.call(document, v); } });
})();`;

interface View {
  /** document.readyState at each access to localStorage */
  accesses: string[];
  /** accesses to localStorage before the first frame that showed the block */
  beforeBlockSeen: number;
  /** the visitor id the offers were asked for */
  asked: string;
  stored: string | null;
  cookie: string;
}

/** One view of the tent's page; `filled`: wait for its offers (a visitor in the holdout gets none). */
async function view(context: BrowserContext, page: Page, filled = true): Promise<View> {
  const offers = page.waitForRequest(/\/apps\/pairwise\/offers/);
  await page.goto(demo.url + TENT);
  const asked = new URL((await offers).url()).searchParams.get("visitor_id")!;
  if (filled) await page.waitForSelector("#pw-ymal .pw-item:not(.pw-sk)", { state: "attached" });
  else await page.waitForLoadState("load");
  return {
    accesses: await page.evaluate(() => (window as unknown as { __storage: string[] }).__storage),
    beforeBlockSeen: await page.evaluate(() => (window as unknown as { __readsWhenSeen: number }).__readsWhenSeen),
    asked,
    stored: await page.evaluate(() => window.localStorage.getItem("pairwise:vid")),
    cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; "),
  };
}

describe("the widget's memory in the shopper's browser", () => {
  it("a first view opens no storage while the page is parsed, keeps its visitor id after, and the next view reads it before a frame shows its blocks", async () => {
    const context = await newContext(demo.browser, { mobile: true });
    // the id the boot makes for a new visitor: one outside the holdout, so that offers come
    const made = visitor(false);
    await context.addInitScript(`crypto.randomUUID = () => ${JSON.stringify(made)};`);
    await context.addInitScript(STORAGE_PROBE);
    await context.addInitScript(BLOCK_SEEN_PROBE);
    const page = await context.newPage();

    const first = await view(context, page);
    expect(first.asked).toBe(made);
    expect(first.accesses).not.toContain("loading");
    expect(first.stored).toBe(first.asked); // the id was kept after the document was parsed
    expect(first.cookie).toContain("pairwise_mem=1");

    const next = await view(context, page);
    expect(next.beforeBlockSeen).toBeGreaterThan(0); // its memory read by the boot, before a frame showed the block
    expect(next.asked).toBe(first.asked);
    expect(next.stored).toBe(first.asked);
    await context.close();
  });

  it("a visitor id kept before the cookie existed stays the visitor's", async () => {
    const context = await newContext(demo.browser, { mobile: true });
    const kept = visitor(false);
    // (the id this view's boot makes decides its boxes before a frame shows them: one outside the holdout, as the kept one)
    await context.addInitScript(`crypto.randomUUID = () => ${JSON.stringify(visitor(false))};`);
    await context.addInitScript(
      `if (!localStorage.getItem("pairwise:vid")) localStorage.setItem("pairwise:vid", ${JSON.stringify(kept)});`,
    );
    await context.addInitScript(STORAGE_PROBE);
    await context.addInitScript(BLOCK_SEEN_PROBE);
    const page = await context.newPage();
    const first = await view(context, page);
    expect(first.accesses).not.toContain("loading");
    expect(first.asked).toBe(kept);
    expect(first.stored).toBe(kept);
    expect(first.cookie).toContain("pairwise_mem=1");
    await context.close();
  });

  it("a kept id that would have decided this view's boxes otherwise is asked with from the next view on", async () => {
    const context = await newContext(demo.browser, { mobile: true });
    const kept = visitor(true); // in the holdout: no box
    const made = visitor(false); // the id this view's boxes were decided with: boxes
    await context.addInitScript(
      `if (!localStorage.getItem("pairwise:vid")) localStorage.setItem("pairwise:vid", ${JSON.stringify(kept)});
      crypto.randomUUID = () => ${JSON.stringify(made)};`,
    );
    await context.addInitScript(STORAGE_PROBE);
    await context.addInitScript(BLOCK_SEEN_PROBE);
    const page = await context.newPage();
    // this view shows the boxes it reserved, and asks with the id that reserved them
    const first = await view(context, page);
    expect(first.asked).toBe(made);
    expect(first.stored).toBe(kept);
    expect(first.cookie).toContain("pairwise_mem=1");
    // the next one reads the kept id before a frame shows its blocks: the holdout's, no box
    const next = await view(context, page, false);
    expect(next.beforeBlockSeen).toBeGreaterThan(0);
    expect(next.asked).toBe(kept);
    expect(await page.locator("#pw-ymal").isHidden()).toBe(true);
    await context.close();
  });

  it("a page with only the cart embed reads no cookie and no storage while it is parsed; the core keeps the visitor id, which a product page then reads before a frame shows its blocks", async () => {
    const context = await newContext(demo.browser, { mobile: true });
    const made = visitor(false);
    await context.addInitScript(`crypto.randomUUID = () => ${JSON.stringify(made)};`);
    await context.addInitScript(STORAGE_PROBE);
    await context.addInitScript(BLOCK_SEEN_PROBE);
    await context.addInitScript(COOKIE_PROBE);
    const page = await context.newPage();
    // a cart, so that the embed (in the closed drawer) asks for offers
    await fillCart(page, demo.url);
    const offers = page.waitForRequest(/\/apps\/pairwise\/offers/);
    await page.goto(demo.url + "/storefront");
    const asked = new URL((await offers).url()).searchParams.get("visitor_id");
    await page.waitForSelector("cart-drawer #pw-cart-embed .pw-item:not(.pw-sk)", { state: "attached" });
    const home = await page.evaluate(() => ({
      storage: (window as unknown as { __storage: string[] }).__storage,
      cookie: (window as unknown as { __cookieReads: string[] }).__cookieReads,
      stored: window.localStorage.getItem("pairwise:vid"),
    }));
    expect(home.storage.length).toBeGreaterThan(0); // the core's, after the page loaded
    expect([...home.storage, ...home.cookie]).not.toContain("loading");
    expect(asked).toBe(made);
    expect(home.stored).toBe(made);
    expect((await context.cookies()).map((c) => `${c.name}=${c.value}`)).toContain("pairwise_mem=1");

    // the product page's boot reads the memory before a frame shows its blocks: the kept id, not one it would make
    await context.addInitScript(`crypto.randomUUID = () => ${JSON.stringify(visitor(false))};`);
    const next = await view(context, page);
    expect(next.beforeBlockSeen).toBeGreaterThan(0);
    expect(next.asked).toBe(made);
    await context.close();
  });
});
