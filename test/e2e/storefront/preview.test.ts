// The demo's storefront preview in Chromium: Dawn-like pages hosting the theme app extension's
// real blocks and widget, the emulated Ajax Cart API, and a checkout that reports the order to
// the app through the signed orders/create webhook. Run `npm run build` first.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectNoLayoutShift, screenshot, sidewaysScroll } from "../../support/browser";
import { cartOf, checkOut, DEMO_SHOP, offeredTitles, offersFor, shopper, useStorefrontDemo, visitor } from "./support";

const TENT = "/storefront/products/trailhead-2-person-tent";
const COMPLEMENTS = [
  "Aluminum Tent Stakes 10-Pack",
  "Summit 3-Season Sleeping Bag",
  "Summit 4-Season Down Sleeping Bag",
];
// offers answer after the first paint, as they would from a real app proxy
const SLOW_MS = 700;

const demo = useStorefrontDemo();

const productIdOf = (page: Page) => page.getAttribute("section.product", "data-product-id") as Promise<string>;
const titles = (page: Page, block: string) => page.locator(`${block} .pw-item:not(.pw-sk) .pw-title`).allTextContents();

describe("storefront preview", () => {
  it("shows a tent's planted complements in both blocks, without any layout shift, on desktop and phone", async () => {
    for (const mobile of [false, true]) {
      const vid = visitor(false);
      const { context, page } = await shopper(demo.browser, { visitorId: vid, mobile, slowOffersMs: SLOW_MS });
      await page.goto(demo.url + TENT);
      await page.waitForSelector("#pw-fbt .pw-item:not(.pw-sk)");
      await page.waitForSelector("#pw-ymal .pw-item:not(.pw-sk)");
      const bundle = await titles(page, "#pw-fbt");
      expect(bundle[0]).toBe("This item: Trailhead 2-Person Tent");
      expect(
        bundle.slice(1).some((t) => COMPLEMENTS.includes(t)),
        bundle.join(" | "),
      ).toBe(true);
      // a product once per page: the two blocks together hold at least two of the tent's complements
      const more = await titles(page, "#pw-ymal");
      if (more.some((t) => !bundle.includes(t))) expect(more.filter((t) => bundle.includes(t))).toEqual([]);
      expect([...bundle, ...more].filter((t) => COMPLEMENTS.includes(t)).length).toBeGreaterThanOrEqual(2);
      // The demo shop's "Complete the camping kit" offer answers for tents with its own headline.
      const answer = await offersFor(page, await productIdOf(page), vid);
      const slot = answer.slots[0];
      expect(await page.textContent("#pw-ymal .pw-h")).toBe(slot.offerId ? slot.headline : "You may also like");
      await page.waitForTimeout(300);
      await expectNoLayoutShift(page);
      await screenshot(page, `storefront-product-${mobile ? "phone" : "desktop"}`);
      await context.close();
    }
  }, 120_000);

  it("adds the bundle with the chosen variant untagged and the offered lines tagged, then checks out an attributed order", async () => {
    const vid = visitor(false);
    const { context, page } = await shopper(demo.browser, { visitorId: vid, slowOffersMs: SLOW_MS });
    await page.goto(demo.url + TENT);
    await page.click("label:has-text('Sand')");
    const chosen = await page.inputValue('#product-form [name="id"]');
    await page.waitForSelector("#pw-fbt .pw-item:not(.pw-sk)");
    const answer = await offersFor(page, await productIdOf(page), vid);
    const offered = answer.bundle!.items.slice(0, 2);
    const offerTag = answer.bundle!.offerId ?? "auto";

    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith("/cart/add.js")),
      page.click("#pw-fbt button.pw-btn"),
    ]);
    const body = request.postDataJSON() as {
      items: Array<{ id: number; quantity: number; properties?: Record<string, string> }>;
    };
    expect(body.items[0]).toEqual({ id: Number(chosen), quantity: 1 });
    expect(body.items.slice(1)).toEqual(
      offered.map((i) => ({
        id: Number(i.variantId),
        quantity: 1,
        properties: {
          _pairwise: offerTag,
          _pairwise_token: expect.stringMatching(/^[0-9a-z]+\.[0-9a-z]+\.[\w-]{22}$/),
        },
      })),
    );
    await expect.poll(async () => (await cartOf(page)).attributes._pairwise_visitor).toBe(vid);
    const cart = await cartOf(page);
    expect(cart.items.map((i) => i.variant_id)).toEqual(body.items.map((i) => i.id));
    expect(cart.items[0].properties).toEqual({});
    expect(cart.items.slice(1).map((i) => i.properties._pairwise)).toEqual([offerTag, offerTag]);

    const [cartOffers] = await Promise.all([
      page.waitForRequest((r) => r.url().includes("/apps/pairwise/offers?context=cart")),
      page.goto(demo.url + "/storefront/cart"),
    ]);
    const asked = new URL(cartOffers.url()).searchParams;
    expect(asked.get("subtotal")).toBe(String(cart.total_price));
    expect(asked.get("variant_ids")!.split(",").sort()).toEqual(cart.items.map((i) => String(i.variant_id)).sort());
    await page.waitForSelector("#pw-cart-ymal .pw-item:not(.pw-sk)");
    expect(await page.textContent("#pw-cart-ymal .pw-ship")).toMatch(/ships free|more for free shipping/);
    await expectNoLayoutShift(page);
    await screenshot(page, "storefront-cart-desktop");

    await checkOut(page);
    const name = (await page.textContent("#order-name"))!;
    const order = await demo.db.order.findFirstOrThrow({
      where: { shop: DEMO_SHOP, name },
      include: { attributions: true, lines: true },
    });
    expect(order.visitorId).toBe(vid);
    expect(order.exposure).toBe("exposed");
    expect(order.lines).toHaveLength(3);
    const expected = cart.items
      .slice(1)
      .map((i) => ({ productId: String(i.product_id), revenue: i.line_price, offerId: answer.bundle!.offerId }));
    expect(
      order.attributions
        .map((a) => ({ productId: a.productId, revenue: a.revenue, offerId: a.offerId }))
        .sort((a, b) => a.productId!.localeCompare(b.productId!)),
    ).toEqual(expected.sort((a, b) => a.productId.localeCompare(b.productId)));
    expect((await cartOf(page)).item_count).toBe(0);
    await context.close();
  }, 120_000);

  it("opens Dawn's cart drawer on add, and next time shows the Cart offers embed inside it with free-shipping progress", async () => {
    const { context, page } = await shopper(demo.browser, { visitorId: visitor(false), slowOffersMs: SLOW_MS });
    await page.goto(demo.url + TENT);
    await page.click('#product-form [name="add"]');
    await page.waitForSelector("#CartDrawer.active .drawer__item");
    expect(await page.textContent("#CartDrawer .drawer__items")).toContain("Trailhead 2-Person Tent");
    expect(await page.textContent("#CartDrawer .drawer__item small")).toMatch(/· Qty 1$/); // the line's quantity
    // the embed mounts only into the closed drawer (inserting it into an open one would shift it)
    await page.reload();
    await page.waitForSelector("cart-drawer #pw-cart-embed .pw-item:not(.pw-sk)", { state: "attached" });
    await expectNoLayoutShift(page);
    await page.click("#cart-icon-bubble");
    await page.waitForSelector("#CartDrawer.active #pw-cart-embed .pw-ship");
    expect(await page.textContent("#pw-cart-embed .pw-ship")).toMatch(/ships free|more for free shipping/);
    expect((await titles(page, "#pw-cart-embed")).some((t) => COMPLEMENTS.includes(t))).toBe(true);
    await page.waitForTimeout(400);
    await screenshot(page, "storefront-cart-drawer-desktop");
    await context.close();
  }, 120_000);

  it("forgets a declined offer after a reload, and the app stops offering it", async () => {
    const vid = visitor(false);
    const { context, page } = await shopper(demo.browser, { visitorId: vid });
    await page.goto(demo.url + TENT);
    await page.waitForSelector("#pw-ymal .pw-item:not(.pw-sk)");
    const first = (await titles(page, "#pw-ymal"))[0];
    await page.click("#pw-ymal .pw-item >> nth=0 >> .pw-x");
    expect(await titles(page, "#pw-ymal")).not.toContain(first);
    await page.reload();
    await page.waitForSelector("#pw-ymal .pw-item:not(.pw-sk)");
    expect(await titles(page, "#pw-ymal")).not.toContain(first);
    expect(await titles(page, "#pw-fbt")).not.toContain(first);
    // the decline reached the app (sent on page hide), which refuses the product from now on
    const productId = await productIdOf(page);
    await expect
      .poll(async () => offeredTitles(await offersFor(page, productId, vid)), { timeout: 5000 })
      .not.toContain(first);
    expect(offeredTitles(await offersFor(page, productId, visitor(false)))).toContain(first);
    await context.close();
  }, 120_000);

  it("puts the visitor on the cart for holdout shoppers too, who see no offers and check out as control", async () => {
    const vid = visitor(true);
    const { context, page } = await shopper(demo.browser, { visitorId: vid });
    await page.goto(demo.url + TENT);
    expect((await offersFor(page, await productIdOf(page), vid)).holdout).toBe(true);
    await page.click('#product-form [name="add"]');
    await expect.poll(async () => (await cartOf(page)).attributes._pairwise_visitor).toBe(vid);
    await page.waitForSelector("#pw-fbt:not([aria-busy])", { state: "attached" });
    expect(await page.locator("#pw-fbt .pw-item:not(.pw-sk)").count()).toBe(0);
    await page.goto(demo.url + "/storefront/cart");
    await checkOut(page);
    const name = (await page.textContent("#order-name"))!;
    const order = await demo.db.order.findFirstOrThrow({
      where: { shop: DEMO_SHOP, name },
      include: { attributions: true },
    });
    expect(order.exposure).toBe("control");
    expect(order.attributions).toEqual([]);
    await context.close();
  }, 120_000);

  it("does not offer a logged-in customer what they already own", async () => {
    const vid = visitor(false);
    const { context, page } = await shopper(demo.browser, { visitorId: vid, mobile: true, slowOffersMs: SLOW_MS });
    await page.goto(demo.url + "/storefront");
    // the switcher's customers each own a product offered with another one (its "anchor")
    const choice = page.locator("#preview-customer option[data-anchor]").first();
    const [owner, anchor, owns] = await Promise.all([
      choice.getAttribute("value"),
      choice.getAttribute("data-anchor"),
      choice.getAttribute("data-owns"),
    ]);
    const owned = owns!.split(", ")[0];
    await page.goto(`${demo.url}/storefront/products/${anchor}`);
    const productId = await productIdOf(page);
    expect(offeredTitles(await offersFor(page, productId, vid))).toContain(owned);
    await Promise.all([page.waitForEvent("framenavigated"), page.selectOption("#preview-customer", owner!)]);
    await page.waitForLoadState("load");
    expect((await context.cookies()).find((c) => c.name === "pairwise_demo_customer")?.value).toBe(owner);
    expect(await page.textContent(".announcement-bar")).toContain(`Already owns: ${owned}`);
    await page.waitForSelector("#pw-ymal:not([aria-busy])", { state: "attached" });
    expect(await titles(page, "#pw-ymal")).not.toContain(owned);
    expect(offeredTitles(await offersFor(page, productId, vid))).not.toContain(owned);

    // the phone's cart page
    await page.click('#product-form [name="add"]');
    await expect.poll(async () => (await cartOf(page)).item_count).toBe(1);
    await page.goto(demo.url + "/storefront/cart");
    await page.waitForSelector("#pw-cart-ymal:not([aria-busy])", { state: "attached" });
    await page.waitForTimeout(300);
    await expectNoLayoutShift(page);
    // the header and the cart's lines fit the phone's screen: nothing scrolls sideways
    expect(await sidewaysScroll(page)).toBe(0);
    await screenshot(page, "storefront-cart-phone");
    await context.close();
  }, 120_000);

  it("lists the departments on the home page with images, and answers Shopify's cart errors", async () => {
    const { context, page } = await shopper(demo.browser, { visitorId: visitor(false) });
    await page.goto(demo.url + "/storefront");
    expect(await page.locator(".collection h2").allTextContents()).toEqual(
      expect.arrayContaining([
        "Camping & Hiking",
        "Photography",
        "Coffee",
        "Running",
        "Home Office",
        "Kitchen",
        "Everyday Essentials",
      ]),
    );
    const image = await page.evaluate(() =>
      fetch("/demo-images/coffee.svg").then(async (r) => [r.status, r.headers.get("content-type"), await r.text()]),
    );
    expect(image[0]).toBe(200);
    expect(image[1]).toContain("image/svg+xml");
    expect(image[2]).toMatch(/^<svg /);
    const missing = await page.evaluate(() =>
      fetch("/cart/add.js", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ items: [{ id: 1, quantity: 1 }] }),
      }).then(async (r) => [r.status, await r.json()]),
    );
    expect(missing).toEqual([404, { status: 404, message: "Cart Error", description: "Cannot find variant" }]);
    await context.close();
  });
});
