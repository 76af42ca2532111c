// The checkout UI extension's REAL built bundles (npm run build) in the demo's stand-in host, in
// Chromium: the checkout page's "complete your order" adds a line carrying the `_pairwise`
// attributes, the order is attributed, the thank-you block suggests what comes next, and a
// holdout shopper sees nothing. Run `npm run build` first.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "../../support/browser";
import {
  cartOf,
  DEMO_SHOP,
  payAndDeclinePostPurchase,
  shopper,
  useStorefrontDemo,
  visitor,
} from "../storefront/support";

const TENT = "/storefront/products/trailhead-2-person-tent";

const demo = useStorefrontDemo();

async function tentInCart(page: Page, vid: string): Promise<void> {
  await page.goto(demo.url + TENT);
  await page.click('#product-form [name="add"]');
  await expect.poll(async () => (await cartOf(page)).attributes._pairwise_visitor).toBe(vid);
}

describe("checkout extension in the demo checkout", () => {
  it("adds a checkout offer with one tap, carrying the _pairwise attributes, and the order is attributed; the thank-you block follows", async () => {
    const vid = visitor(false);
    const { context, page } = await shopper(demo.browser, { visitorId: vid });
    await tentInCart(page, vid);
    const [offersRequest] = await Promise.all([
      page.waitForRequest((r) => r.url().includes("/api/checkout/offers")),
      page.goto(demo.url + "/storefront/checkout"),
    ]);
    expect(offersRequest.headers().authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const asked = new URL(offersRequest.url()).searchParams;
    expect(asked.get("placement")).toBe("checkout");
    expect(asked.get("visitor_id")).toBe(vid);
    const frame = page.frameLocator("#pairwise-checkout-extension");
    await frame.locator("s-section s-button").first().waitFor();
    const buttons = frame.locator("s-section s-button");
    const count = await buttons.count();
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(3);
    await screenshot(page, "checkout-extension-offers");

    await buttons.first().click();
    await expect.poll(async () => (await cartOf(page)).items.filter((i) => i.properties._pairwise).length).toBe(1);
    const added = (await cartOf(page)).items.find((i) => i.properties._pairwise)!;
    expect(added.properties._pairwise_token).toMatch(/^[0-9a-z]{1,10}\.[0-9a-z]{1,4}\.[A-Za-z0-9_-]{22}$/);
    await expect.poll(() => buttons.first().textContent()).toBe("Added");
    await page.locator("#checkout-lines .offer-tag").waitFor();
    await screenshot(page, "checkout-extension-added");
    const events = await demo.db.event.findMany({ where: { shop: DEMO_SHOP, visitorId: vid, placement: "checkout" } });
    expect(events.filter((e) => e.type === "impression").length).toBe(count);
    await expect
      .poll(async () =>
        demo.db.event.count({ where: { shop: DEMO_SHOP, visitorId: vid, placement: "checkout", type: "add" } }),
      )
      .toBe(1);

    await payAndDeclinePostPurchase(page);
    const name = (await page.textContent("#order-name"))!;
    const order = await demo.db.order.findFirstOrThrow({
      where: { shop: DEMO_SHOP, name },
      include: { attributions: true },
    });
    expect(order.visitorId).toBe(vid);
    expect(order.attributions.map((a) => a.productId)).toEqual([String(added.product_id)]);
    expect(order.attributions[0].revenue).toBe(added.line_price);
    expect(order.attributions[0].offerId).toBe(
      added.properties._pairwise === "auto" ? null : added.properties._pairwise,
    );

    const thanks = page.frameLocator("#pairwise-thank-you-extension");
    await thanks.locator("s-banner").waitFor();
    expect(await thanks.locator("s-banner").textContent()).toContain("COMEBACK10");
    const links = thanks.locator("s-link");
    if ((await links.count()) > 0) {
      expect(await links.first().getAttribute("href")).toMatch(/\/products\/[\w-]+$/);
      await expect
        .poll(async () =>
          demo.db.event.count({
            where: { shop: DEMO_SHOP, visitorId: vid, placement: "thank_you", type: "impression" },
          }),
        )
        .toBe(await links.count());
    }
    await screenshot(page, "thank-you-extension");
    await context.close();
  }, 120_000);

  it("renders nothing in checkout for a shopper in the holdout group", async () => {
    const vid = visitor(true);
    const { context, page } = await shopper(demo.browser, { visitorId: vid });
    await tentInCart(page, vid);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/checkout/offers")),
      page.goto(demo.url + "/storefront/checkout"),
    ]);
    expect(await response.json()).toMatchObject({ holdout: true, offer: null });
    const frame = page.frameLocator("#pairwise-checkout-extension");
    await frame.locator("body[data-pairwise-host=ready]").waitFor({ state: "attached" });
    await page.waitForTimeout(200);
    expect(await frame.locator("body").innerHTML()).toBe("");
    expect(await page.locator("#pairwise-checkout-extension").evaluate((f) => f.getBoundingClientRect().height)).toBe(
      0,
    );
    await screenshot(page, "checkout-extension-holdout");
    await context.close();
  });
});
