// The demo's post-purchase page in Chromium: the checkout goes on to a stand-in of Shopify's
// post-purchase page that runs the extension's real built bundle (npm run build) against the
// app's real /api/post-purchase/* endpoints, with an input token signed with the demo secret.
// Accepting adds the line to the order (signed orders/updated) and the admin shows it as the
// offer's attributed revenue; declining leaves the order as placed; with nothing to offer the
// customer goes straight to the thank-you page and nothing is rendered. The pages carry a regular
// browser user agent: the Shopify library answers a headless one (a bot) with 410.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { formatMoney } from "../../../app/lib/money";
import { newPage, screenshot } from "../../support/browser";
import { DEMO_SHOP, pay, saveDemoSettings, useStorefrontDemo } from "./support";

const TENT = "/storefront/products/trailhead-2-person-tent";
const OFFER_NAME = "One more for the road (post-purchase)";

const demo = useStorefrontDemo();
/** On to the thank-you page: the page's server work (a signed webhook) may take tens of seconds on a loaded machine. */
const TO_THANK_YOU = { timeout: 60_000, waitUntil: "commit" as const };

beforeAll(async () => {
  // The page's host script is built by npm run build, not on a shopper's first visit.
  const host = await fetch(`${demo.url}/storefront/post-purchase-assets/host.js`);
  expect(host.status).toBe(200);
  await host.text();
}, 180_000);

/** Saves the settings through the admin's own action, changing only `change` (and no frequency cap to speak of). */
const saveSettings = (page: Page, change: { holdoutPercent?: number; postPurchaseLimit?: number }) =>
  saveDemoSettings(demo, page, { frequencyCapPerDay: 100, ...change });

/** A tent in the cart, then the checkout: resolves on the post-purchase page or the thank-you page. */
async function buyTent(page: Page): Promise<void> {
  await page.goto(demo.url + TENT);
  await page.click('#product-form [name="add"]');
  await expect
    .poll(async () => (await page.evaluate(() => fetch("/cart.js").then((r) => r.json()))).item_count)
    .toBeGreaterThan(0);
  await page.goto(demo.url + "/storefront/cart");
  await Promise.all([page.waitForURL(/\/storefront\/checkout$/), page.click("#checkout")]);
  await pay(page);
  await page.waitForLoadState("load");
}

describe("post-purchase page", () => {
  it("shows one offer from the order's own lines and, accepted, adds it to the order as the offer's attributed revenue", async () => {
    const { context, page } = await newPage(demo.browser);
    await saveSettings(page, { holdoutPercent: 0, postPurchaseLimit: 1 });
    await buyTent(page);
    expect(page.url()).toMatch(/\/storefront\/post-purchase\/\d+$/);
    const orderId = page.url().split("/").pop()!;
    await page.locator("#pp-root .pp-heading").waitFor();
    const title = (await page.textContent("#pp-root .pp-heading"))!;
    expect(title).not.toBe("Trailhead 2-Person Tent"); // never what was just bought
    expect(await page.textContent("#pp-root .pp-callout h2")).toBe("Add this to your order: 15% off");
    await expect.poll(() => page.textContent("#pp-root")).toMatch(/Total charged now/);
    await screenshot(page, "post-purchase-offer-desktop");

    const served = await demo.db.postPurchaseOffer.findFirstOrThrow({
      where: { shop: DEMO_SHOP, status: "offered" },
      orderBy: { servedAt: "desc" },
    });
    const unit = served.price;
    const expected = Math.round(unit * 2 * 0.85);
    await page.selectOption("#pp-root select", "2");
    await expect
      .poll(() => page.textContent("#pp-root"))
      .toContain(`Total charged now: ${formatMoney(expected, "${{amount}}")}`);
    // accepting applies the changeset, which sends the signed orders/updated webhook first
    await Promise.all([
      page.waitForURL(/\/storefront\/thank-you\//, TO_THANK_YOU),
      page.getByRole("button", { name: /Pay now/ }).click(),
    ]);
    const row = (await page.locator(".thanks tr", { hasText: title }).textContent())!;
    expect(row).toContain("× 2");
    expect(row).toContain("offer");
    await screenshot(page, "post-purchase-accepted-thank-you");

    const offer = await demo.db.offer.findFirstOrThrow({ where: { shop: DEMO_SHOP, name: OFFER_NAME } });
    const order = await demo.db.order.findUniqueOrThrow({
      where: { shop_shopifyId: { shop: DEMO_SHOP, shopifyId: orderId } },
      include: { attributions: true, lines: true },
    });
    expect(order.lines).toHaveLength(2);
    expect(order.attributions.map((a) => ({ offerId: a.offerId, quantity: a.quantity, revenue: a.revenue }))).toEqual([
      { offerId: offer.id, quantity: 2, revenue: expected },
    ]);
    expect(
      (await demo.db.event.findMany({ where: { shop: DEMO_SHOP, placement: "post_purchase", offerId: offer.id } }))
        .map((e) => e.type)
        .sort(),
    ).toEqual(["accept", "impression"]);

    await page.goto(`${demo.url}/app/offers/${offer.id}`);
    await page.getByText("Attributed revenue").first().waitFor();
    expect(await page.textContent("body")).toContain(formatMoney(expected, "${{amount}}"));
    await screenshot(page, "post-purchase-offer-admin");
    await context.close();
  }, 120_000);

  it("declined, goes on to the thank-you page with the order as placed and records the decline", async () => {
    const { context, page } = await newPage(demo.browser, { mobile: true });
    await buyTent(page);
    await page.locator("#pp-root .pp-button").first().waitFor();
    const orderId = page.url().split("/").pop()!;
    await screenshot(page, "post-purchase-offer-phone");
    await Promise.all([
      page.waitForURL(/\/storefront\/thank-you\//, TO_THANK_YOU),
      page.getByRole("button", { name: "Decline this offer" }).click(),
    ]);
    const order = await demo.db.order.findUniqueOrThrow({
      where: { shop_shopifyId: { shop: DEMO_SHOP, shopifyId: orderId } },
      include: { attributions: true, lines: true },
    });
    expect(order.lines).toHaveLength(1);
    const declined = await demo.db.postPurchaseOffer.findFirstOrThrow({
      where: { shop: DEMO_SHOP },
      orderBy: { servedAt: "desc" },
    });
    expect(declined.status).toBe("declined");
    expect(
      await demo.db.event.count({
        where: { shop: DEMO_SHOP, placement: "post_purchase", type: "decline", productId: declined.productId },
      }),
    ).toBe(1);
    await context.close();
  }, 120_000);

  it("renders nothing and goes straight to the thank-you page when there is no offer", async () => {
    const { context, page } = await newPage(demo.browser);
    await saveSettings(page, { postPurchaseLimit: 0 });
    const calls: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/post-purchase/")) calls.push(new URL(r.url()).pathname);
    });
    const before = await demo.db.postPurchaseOffer.count();
    await buyTent(page);
    await page.waitForURL(/\/storefront\/thank-you\//);
    await page.locator("#order-name").waitFor();
    expect(calls).toEqual(["/api/post-purchase/offer"]); // ShouldRender asked; no impression, nothing rendered
    expect(await demo.db.postPurchaseOffer.count()).toBe(before);
    await screenshot(page, "post-purchase-none-thank-you");
    await context.close();
  }, 120_000);
});
