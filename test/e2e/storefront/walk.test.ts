// A new shopper's first walk through the demo shop, in a fresh browser: every product page shows
// its suggestions however many pages were seen (the frequency cap limits merchant campaigns, not
// the page's own suggestions), a product appears once per page, each product has its own image,
// and nothing shifts. Run `npm run build` first.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { expectNoLayoutShift, screenshot, sidewaysScroll } from "../../support/browser";
import { cartOf, fillCart, offersFor, shopper, useStorefrontDemo, visitor } from "./support";

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
  it("shows suggestions on every product page in a row, each product once per page, without layout shift or sideways scrolling", async () => {
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
        expect(await sidewaysScroll(page), `${handle}: scrolls sideways`).toBe(0);
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

  // Chromium paints a page before it has parsed all of it when the HTML arrives in pieces, or when
  // the parser yields on a busy machine: a header painted half-parsed (the cart icon not yet there)
  // moves when the rest arrives. The theme holds its first paint until the header is whole, and its
  // quantity box has fixed columns: the number does not move when the "+" button arrives.
  it("paints the header and the product form whole when the page's HTML arrives in pieces", async () => {
    const path = "/storefront/products/aluminum-tent-stakes-10-pack";
    const html = await (await fetch(demo.url + path)).text();
    // cut inside the "Shopping as" options, inside the header's icons and inside the quantity box
    const cuts = [
      html.indexOf("</option>") + "</option>".length,
      html.indexOf('aria-label="Merchant admin"'),
      html.indexOf('name="plus"'),
    ];
    expect(cuts[0]).toBeGreaterThan(0);
    expect(cuts[1]).toBeGreaterThan(cuts[0]);
    expect(cuts[2]).toBeGreaterThan(cuts[1]);
    const proxy = await piecewiseProxy(
      demo.url,
      path,
      [0, ...cuts].map((at, i) => html.slice(at, cuts[i])),
    );
    try {
      for (const mobile of [false, true]) {
        const { context, page } = await shopper(demo.browser, { visitorId: visitor(false), mobile });
        try {
          await page.goto(proxy.url + path);
          await page.waitForSelector(shownIn("#pw-fbt"));
          await page.waitForTimeout(200);
          await expectNoLayoutShift(page, mobile ? "phone" : "desktop");
        } finally {
          await context.close();
        }
      }
    } finally {
      await proxy.close();
    }
  }, 120_000);

  // The cart's table has fixed columns: painted before its rows have all arrived, its columns do not
  // widen as the rest of the rows do.
  it("keeps the cart's columns in place when the cart page's HTML arrives in pieces", async () => {
    for (const mobile of [false, true]) {
      const { context, page } = await shopper(demo.browser, { visitorId: visitor(false), mobile });
      await fillCart(page, demo.url);
      await page.goto(`${demo.url}/storefront/products/summit-3-season-sleeping-bag?pairwise=off`);
      await page.click("#product-form [name=plus]");
      await page.click("#product-form [name=add]");
      await expect.poll(async () => (await cartOf(page)).item_count).toBe(3);
      // the HTML with this shopper's cart in it; cut inside the first row, between the rows and
      // before the footer
      const html = await page.evaluate(() => fetch("/storefront/cart").then((r) => r.text()));
      let at = html.indexOf("<tbody>");
      const cuts = ['class="cart-item__quantity"', "</tr>", 'class="cart__footer"'].map(
        (marker) => (at = html.indexOf(marker, at + 1)),
      );
      expect(cuts[0]).toBeGreaterThan(0);
      expect(cuts[2]).toBeGreaterThan(cuts[1]);
      const proxy = await piecewiseProxy(
        demo.url,
        "/storefront/cart",
        [0, ...cuts].map((from, i) => html.slice(from, cuts[i])),
      );
      try {
        await page.goto(proxy.url + "/storefront/cart");
        await page.waitForSelector("#checkout");
        await page.waitForTimeout(200);
        await expectNoLayoutShift(page, mobile ? "phone" : "desktop");
      } finally {
        await proxy.close();
        await context.close();
      }
    }
  }, 120_000);
});

/**
 * A proxy to the demo that answers `path` with `pieces` of its HTML, 400 ms apart, and passes every
 * other request through.
 */
async function piecewiseProxy(
  target: string,
  path: string,
  pieces: string[],
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url === path) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      pieces.forEach((piece, i) =>
        setTimeout(() => (i < pieces.length - 1 ? res.write(piece) : res.end(piece)), i * 400),
      );
      return;
    }
    const upstream = request(target + req.url, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
