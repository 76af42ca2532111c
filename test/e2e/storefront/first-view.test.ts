// A shopper's FIRST view of a product page, on the demo shop (the real blocks, as the app writes
// its facts into its app-data metafields and the blocks read them): the box a block reserves is
// decided before any frame shows it, with nothing remembered yet, even for a shopper who scrolls
// to the blocks (below the fold on a phone) in the frame right after the first one that laid them
// out — a visitor in the holdout and a product with nothing to offer get no box, and the visitors
// of a layout experiment's arm get the arm's layout (the control's visitors the block's own), which
// the offers then fill without a layout shift. Run `npm run build` first.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { assignVariant, isInHoldout } from "../../../app/domain/experiments";
import { expectNoLayoutShift, screenshot, whenSeen } from "../../support/browser";
import {
  DEMO_SHOP,
  HOLDOUT_PERCENT,
  offersFor,
  saveDemoSettings,
  shopper,
  useStorefrontDemo,
  visitor,
} from "./support";

const TENT = "/storefront/products/trailhead-2-person-tent";
// offers answer after the first paint, as from a real app proxy (earlier shifts would not count)
const SLOW_MS = 700;
// the height and layout of each block in the first frame that shows it, the shopper scrolling to
// the blocks as soon as they are laid out (before any answer)
const FIRST_SEEN =
  "window.__firstSeen = {};" +
  whenSeen(
    "[data-pairwise-block][data-context=product]",
    "window.__firstSeen[el.id] = { height: el.getBoundingClientRect().height, className: el.className };",
  );

const demo = useStorefrontDemo();

type Seen = Record<string, { height: number; className: string }>;

/** A new shopper (nothing stored but the visitor id) on `path`: the blocks as first seen, once the offers have been handled. */
async function firstView(vid: string, path: string): Promise<{ page: Page; seen: Seen; close: () => Promise<void> }> {
  const { context, page } = await shopper(demo.browser, { visitorId: vid, mobile: true, slowOffersMs: SLOW_MS });
  await context.addInitScript(FIRST_SEEN);
  await page.goto(demo.url + path);
  await page.waitForFunction(() => (window as unknown as { __seenAll?: boolean }).__seenAll);
  const seen = (await page.evaluate(() => (window as unknown as { __firstSeen: Seen }).__firstSeen)) as Seen;
  // back to the top before the offers come, which fill the blocks below the fold, as in
  // Lighthouse's load (on screen, the demo's bundle block on a phone moves what follows it by 4 px
  // and back in the next frame as it fills)
  await page.evaluate(() => scrollTo(0, 0));
  // every block has handled its answer (filled, or left empty)
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll("[data-pairwise-block][data-context=product]")].every(
        (el) => !el.hasAttribute("aria-busy") || (el as HTMLElement).hidden,
      ),
    null,
    { timeout: 15_000 },
  );
  await page.waitForTimeout(SLOW_MS + 300);
  return { page, seen, close: () => context.close() };
}

/** Re-reads the shop (the settings page's own action): the app's snapshot and facts are rebuilt. */
const refreshShop = (page: Page) => saveDemoSettings(demo, page);

describe("a product page's first view: the reserved box is decided before a frame shows it", () => {
  it("a visitor in the holdout gets no box at all, nothing shifts", async () => {
    const { page, seen, close } = await firstView(visitor(true), TENT);
    expect(Object.keys(seen).sort()).toEqual(["pw-fbt", "pw-ymal"]);
    expect(seen["pw-ymal"].height).toBe(0);
    expect(seen["pw-fbt"].height).toBe(0);
    expect(await page.locator("[data-pairwise-block][data-context=product]:visible").count()).toBe(0);
    await expectNoLayoutShift(page);
    await close();
  }, 120_000);

  it("a product with nothing to offer reserves no box; a product with offers reserves and fills its box", async () => {
    const vid = visitor(false);
    // the product pages' blocks of the whole catalog, as the demo prints them: the app's facts list the empty ones
    const { storefrontFacts } = await import("../../../app/services/storefront/storefront-facts.server");
    const started = performance.now();
    const facts = await storefrontFacts(DEMO_SHOP);
    console.info(
      `storefront facts of the demo shop: ${facts!.empty.length} empty blocks listed in ${Math.round(performance.now() - started)} ms (with the snapshot's load)`,
    );
    const products = await demo.db.product.findMany({
      where: { shop: DEMO_SHOP },
      select: { shopifyId: true, handle: true },
    });
    const emptyAll = products.find(
      (p) => facts!.empty.includes(`a:${p.shopifyId}`) && facts!.empty.includes(`b:${p.shopifyId}`),
    );
    expect(emptyAll, "the demo catalog has a product with nothing to offer").toBeTruthy();
    // the app proxy agrees: nothing for this product
    const { page, seen, close } = await firstView(vid, `/storefront/products/${emptyAll!.handle}`);
    const answer = await offersFor(page, emptyAll!.shopifyId, vid);
    expect(answer.holdout).toBe(false);
    expect(answer.slots.flatMap((s) => s.items)).toEqual([]);
    expect(answer.bundle).toBeNull();
    expect(seen["pw-ymal"].height).toBe(0);
    expect(seen["pw-fbt"].height).toBe(0);
    await screenshot(page, "first-view-product-without-offers");
    await expectNoLayoutShift(page);
    await close();

    const tent = await firstView(vid, TENT);
    expect(tent.seen["pw-ymal"].height).toBeGreaterThan(100);
    expect(await tent.page.locator("#pw-ymal .pw-item:not(.pw-sk)").count()).toBeGreaterThan(0);
    await expectNoLayoutShift(tent.page);
    await tent.close();
  }, 120_000);

  it("the visitors of a layout experiment's arm see its layout, the control's visitors the block's own, without a shift", async () => {
    const xp = await demo.db.experiment.create({
      data: {
        shop: DEMO_SHOP,
        name: "Product page: list or grid",
        placement: "product",
        status: "running",
        startedAt: new Date(Date.now() - 86_400_000),
        variants: {
          create: [
            { key: "control", name: "Grid", weight: 50, config: "{}" },
            { key: "b", name: "List", weight: 50, config: JSON.stringify({ layout: "list" }) },
          ],
        },
      },
    });
    try {
      const admin = await demo.browser.newContext();
      const adminPage = await admin.newPage();
      await refreshShop(adminPage);
      // the blocks are told once the facts are written (here: computed for the new snapshot)
      await expect
        .poll(async () => (await (await adminPage.request.get(demo.url + TENT)).text()).includes(xp.id), {
          timeout: 30_000,
        })
        .toBe(true);
      await admin.close();
      const arms = [
        { key: "control", weight: 50 },
        { key: "b", weight: 50 },
      ];
      const of = (arm: string) => {
        for (;;) {
          const id = visitor(false);
          if (!isInHoldout(id, DEMO_SHOP, HOLDOUT_PERCENT) && assignVariant(id, xp.id, arms) === arm) return id;
        }
      };
      for (const [arm, layout] of [
        ["b", "list"],
        ["control", "grid"],
      ] as const) {
        const vid = of(arm);
        const { page, seen, close } = await firstView(vid, TENT);
        // the box first seen already has the arm's layout, and the answer asks for the same
        expect(seen["pw-ymal"].className).toContain(`pw--${layout}`);
        expect(seen["pw-ymal"].height).toBeGreaterThan(100);
        const answer = await offersFor(page, (await page.getAttribute("#pw-ymal", "data-product-id"))!, vid);
        expect(answer.slots[0]).toMatchObject(arm === "b" ? { layout: "list" } : {});
        if (arm === "control") expect((answer.slots[0] as { layout?: string }).layout).toBeUndefined();
        await page.waitForSelector("#pw-ymal .pw-item:not(.pw-sk)");
        expect(await page.getAttribute("#pw-ymal", "class")).toContain(`pw--${layout}`);
        // list: one item a row; grid on a phone: two side by side
        const columns = await page.$eval(
          "#pw-ymal .pw-list",
          (el) => getComputedStyle(el).gridTemplateColumns.split(" ").length,
        );
        expect(columns).toBe(layout === "list" ? 1 : 2);
        await screenshot(page, `first-view-layout-${arm}`);
        await expectNoLayoutShift(page);
        await close();
      }
    } finally {
      await demo.db.experiment.delete({ where: { id: xp.id } });
      const admin = await demo.browser.newContext();
      await refreshShop(await admin.newPage());
      await admin.close();
    }
  }, 120_000);
});
