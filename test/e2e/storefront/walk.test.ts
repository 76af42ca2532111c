// A new shopper's first walk through the demo shop, in a fresh browser: every product page shows
// its suggestions however many pages were seen (the frequency cap limits merchant campaigns, not
// the page's own suggestions), a product appears once per page, each product has its own image,
// and nothing shifts. Run `npm run build` first.
import { describe, expect, it } from "vitest";
import { expectNoLayoutShift, screenshot } from "../../support/browser";
import { offersFor, shopper, useStorefrontDemo, visitor } from "./support";

// Products of different departments; the walk counts those the demo's history gives a bundle for
// (asked as another visitor, so the shopper's own state is untouched) and needs at least five.
const PAGES = [
  "aluminum-tent-stakes-10-pack",
  "proshot-sd-card-64-gb",
  "keyline-wireless-keyboard",
  "forge-8-inch-chefs-knife",
  "trailhead-2-person-tent",
  "summit-3-season-sleeping-bag",
  "campfire-two-burner-stove",
  "aperture-x10-mirrorless-camera",
  "crema-home-espresso-machine",
  "stride-daily-trainer-running-shoes",
  "nimbus-13-laptop-8-gb",
  "beacon-400-headlamp",
];

const demo = useStorefrontDemo();

const shownIn = (block: string) => `${block} .pw-item:not(.pw-sk)`;

describe("a new shopper's walk through the demo shop", () => {
  it("shows suggestions on every product page in a row, each product once per page, without layout shift", async () => {
    for (const mobile of [false, true]) {
      const { context, page } = await shopper(demo.browser, { visitorId: visitor(false), mobile, slowOffersMs: 400 });
      const images = new Set<string>();
      const probe = visitor(false);
      let walked = 0;
      for (const handle of PAGES) {
        await page.goto(`${demo.url}/storefront/products/${handle}`);
        const id = await page.getAttribute("section.product", "data-product-id");
        const answer = await offersFor(page, id!, probe);
        if (!answer.bundle || answer.bundle.items.length < 2) continue;
        walked++;
        await page.waitForSelector(shownIn("#pw-fbt"));
        await page.waitForSelector(shownIn("#pw-ymal"));
        const bundle = await page.locator(`${shownIn("#pw-fbt")} .pw-title`).allTextContents();
        const more = await page.locator(`${shownIn("#pw-ymal")} .pw-title`).allTextContents();
        expect(bundle.length, handle).toBeGreaterThanOrEqual(2);
        expect(more.length, handle).toBeGreaterThanOrEqual(1);
        // once per page: nothing of the bundle (nor the viewed product) repeats below
        const inBundle = bundle.map((t) => t.replace(/^This item: /, ""));
        // (unless the page has nothing else to suggest: then the block repeats rather than stand empty)
        if (more.some((t) => !inBundle.includes(t)))
          expect(
            more.filter((t) => inBundle.includes(t)),
            `${handle}: ${bundle.join(" | ")} / ${more.join(" | ")}`,
          ).toEqual([]);
        for (const src of await page
          .locator(`${shownIn("#pw-fbt")} img.pw-img`)
          .evaluateAll((els) => els.map((e) => (e as HTMLImageElement).getAttribute("src")!)))
          images.add(src);
        await page.waitForTimeout(200);
        await expectNoLayoutShift(page, handle);
        if (walked === 5) await screenshot(page, `storefront-walk-fifth-page-${mobile ? "phone" : "desktop"}`);
      }
      expect(walked).toBeGreaterThanOrEqual(5);
      // every product has an image of its own
      expect(images.size).toBeGreaterThanOrEqual(walked);
      await context.close();
    }
  }, 180_000);

  it("draws each product's own image", async () => {
    const { context, page } = await shopper(demo.browser, { visitorId: visitor(false) });
    await page.goto(`${demo.url}/storefront`);
    const tent = await page.evaluate(() => fetch("/demo-images/trailhead-2-person-tent.svg").then((r) => r.text()));
    const bag = await page.evaluate(() => fetch("/demo-images/summit-3-season-sleeping-bag.svg").then((r) => r.text()));
    expect(tent).toContain("<title>Trailhead 2-Person Tent</title>");
    expect(bag).toContain("<title>Summit 3-Season Sleeping Bag</title>");
    expect(tent).not.toBe(bag);
    await page.goto(`${demo.url}/storefront/products/summit-3-season-sleeping-bag`);
    await page.waitForSelector(shownIn("#pw-fbt"));
    await screenshot(page, "storefront-sleeping-bag");
    await context.close();
  });
});
