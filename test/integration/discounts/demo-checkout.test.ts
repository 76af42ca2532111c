// The demo checkout's totals come from the real discount function, bundled as Shopify CLI
// bundles it and run in QuickJS on the demo cart, with the rules the demo shop's discount holds
// (the demo's stand-in of the Admin API). The shopper sees the bundle saving; the order the
// checkout reports carries it, so attributed revenue is net of it. Abuse cases on a real cart:
// a forged `_pairwise` line without its trigger, overlapping bundles, quantities above one, a
// deleted offer.
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { installShop, routeArgs, useTestShopifyEnv, webhookRequest } from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { DEMO_SHOP } = await import("../../../app/lib/config.server");
const { demoAdminApi } = await import("../../../app/demo/admin-api.server");
const { syncDiscounts } = await import("../../../app/services/discounts/sync.server");
const { applyCheckoutDiscounts } = await import("../../../app/demo/storefront/checkout-totals.server");
const { addItems, cartJson, getCart } = await import("../../../app/demo/storefront/cart.server");
const { storeCatalog } = await import("../../../app/demo/storefront/catalog.server");
const { checkoutTotals, orderPayload } = await import("../../../app/demo/storefront/checkout.server");
const { checkoutSummary } = await import("../../../app/demo/storefront/pages.server");
const { themeText } = await import("../../../app/demo/storefront/theme-text");
const webhooks = await import("../../../app/routes/webhooks");

// tent 101 ($200), stakes 103 ($10), bag 102 ($80), pad 104 ($40)
const PRICES: Record<string, number> = { "101": 20000, "102": 8000, "103": 1000, "104": 4000 };
let offerId: string;
let deletedOfferId: string;

beforeAll(async () => {
  await installShop(DEMO_SHOP);
  for (const [id, price] of Object.entries(PRICES)) {
    const p = await db.product.create({
      data: { shop: DEMO_SHOP, shopifyId: id, title: `Product ${id}`, handle: `product-${id}`, productType: "Camping" },
    });
    await db.variant.create({
      data: { shop: DEMO_SHOP, shopifyId: `9${id}`, productId: p.id, price, inventoryQuantity: 50 },
    });
  }
  const offer = await db.offer.create({
    data: {
      shop: DEMO_SHOP,
      name: "Stakes with the tent",
      status: "active",
      triggerType: "products",
      triggerValues: '["101"]',
      offeredProductIds: '["103"]',
      discountType: "percent",
      discountValue: 20,
    },
  });
  offerId = offer.id;
  const deleted = await db.offer.create({
    data: {
      shop: DEMO_SHOP,
      name: "Gone",
      status: "active",
      triggerType: "products",
      triggerValues: '["101"]',
      offeredProductIds: '["104"]',
      discountType: "percent",
      discountValue: 50,
    },
  });
  deletedOfferId = deleted.id;
  await db.bundle.create({
    data: {
      shop: DEMO_SHOP,
      title: "Sleep set",
      discountType: "percent",
      discountValue: 10,
      components: {
        create: [
          { productId: "102", quantity: 1 },
          { productId: "104", quantity: 1, position: 1 },
        ],
      },
    },
  });
  await db.bundle.create({
    data: {
      shop: DEMO_SHOP,
      title: "Pad and stakes",
      discountType: "fixed",
      discountValue: 500,
      components: {
        create: [
          { productId: "104", quantity: 1 },
          { productId: "103", quantity: 2, position: 1 },
        ],
      },
    },
  });
  await syncDiscounts(demoAdminApi, DEMO_SHOP);
  await db.offer.delete({ where: { id: deletedOfferId } });
  await syncDiscounts(demoAdminApi, DEMO_SHOP);
}, 120_000);

async function checkout(items: { id: string; quantity: number; offer?: string }[]) {
  const catalog = await storeCatalog();
  const cart = getCart(null);
  addItems(
    cart,
    catalog,
    items.map((i) => ({ id: i.id, quantity: i.quantity, properties: i.offer ? { _pairwise: i.offer } : {} })),
  );
  return applyCheckoutDiscounts(cartJson(cart, catalog));
}
const lineOf = (cart: Awaited<ReturnType<typeof checkout>>, variant: number) =>
  cart.items.find((i) => i.variant_id === variant)!;

describe("demo checkout totals from the real discount function", () => {
  it("grants the offer's discount while the trigger is in the cart, one unit per trigger unit", async () => {
    const cart = await checkout([
      { id: "9101", quantity: 1 },
      { id: "9103", quantity: 3, offer: offerId },
    ]);
    expect(lineOf(cart, 9103)).toMatchObject({
      line_price: 3000,
      total_discount: 200,
      final_line_price: 2800,
      discounts: [{ amount: 200, title: "Bought together" }],
    });
    expect(cart.total_discount).toBe(200);
    expect(cart.total_price).toBe(23000 - 200);
  });

  it("gives nothing to a forged _pairwise attribute without the trigger, nor to a deleted offer's line", async () => {
    const forged = await checkout([
      { id: "9103", quantity: 2, offer: offerId },
      { id: "9102", quantity: 1, offer: offerId },
    ]);
    expect(forged.total_discount).toBe(0);
    const deleted = await checkout([
      { id: "9101", quantity: 1 },
      { id: "9104", quantity: 1, offer: deletedOfferId },
    ]);
    expect(deleted.total_discount).toBe(0);
  });

  it("grants a bundle per complete set with quantities above one, and overlapping bundles never share a unit", async () => {
    // two sleep sets (2 bags + 2 pads), the third pad with 2 stakes makes one "pad and stakes" set
    const cart = await checkout([
      { id: "9102", quantity: 2 },
      { id: "9104", quantity: 3 },
      { id: "9103", quantity: 2 },
    ]);
    const sleep = Math.round((2 * 8000 + 2 * 4000) * 0.1);
    expect(cart.total_discount).toBe(sleep + 500);
    expect(lineOf(cart, 9102).total_discount).toBe(1600);
    expect(cart.total_price).toBe(2 * 8000 + 3 * 4000 + 2 * 1000 - sleep - 500);
  });

  it("reports the saving in the order, so attributed revenue is net of it", async () => {
    const cart = await checkout([
      { id: "9101", quantity: 1 },
      { id: "9103", quantity: 1, offer: offerId },
    ]);
    const payload = orderPayload(cart, { id: 777001, name: "#1777", customerId: null, now: new Date() });
    expect(payload.total_discounts).toBe("2.00");
    const res = (await webhooks.action(
      routeArgs(webhookRequest({ topic: "orders/create", shop: DEMO_SHOP, payload })),
    )) as Response;
    expect(res.status).toBe(200);
    await expect
      .poll(
        async () => (await db.attribution.findMany({ where: { shop: DEMO_SHOP, offerId } })).map((a) => a.revenue),
        { timeout: 10_000 },
      )
      .toEqual([800]);
  });

  it("runs the cart transform: a bundle shown as one line is merged at checkout, priced as its parts, with the bundle's saving", async () => {
    const kit = await db.product.create({
      data: {
        shop: DEMO_SHOP,
        shopifyId: "105",
        title: "Camp kit",
        handle: "camp-kit",
        imageUrl: "/demo-images/camp-kit.svg",
      },
    });
    await db.variant.create({ data: { shop: DEMO_SHOP, shopifyId: "9105", productId: kit.id, price: 21000 } });
    await db.bundle.create({
      data: {
        shop: DEMO_SHOP,
        title: "Camp kit",
        discountType: "percent",
        discountValue: 10,
        presentation: "merged",
        mergedVariantId: "9105",
        components: {
          create: [
            { productId: "101", quantity: 1 },
            { productId: "103", quantity: 1, position: 1 },
          ],
        },
      },
    });
    await syncDiscounts(demoAdminApi, DEMO_SHOP);
    // one complete set and a spare stake: one merged line, the spare stays a line of its own
    const cart = await checkout([
      { id: "9101", quantity: 1 },
      { id: "9103", quantity: 2 },
    ]);
    expect(cart.checkout_lines).toEqual([
      expect.objectContaining({ title: "Product 103", quantity: 1, line_price: 1000, final_line_price: 1000 }),
      expect.objectContaining({
        title: "Camp kit",
        quantity: 1,
        line_price: 21000,
        final_line_price: 18900,
        image: "/demo-images/camp-kit.svg",
        components: [
          { title: "Product 101", quantity: 1 },
          { title: "Product 103", quantity: 1 },
        ],
      }),
    ]);
    // the order lists the components, each with its share of the saving
    expect(cart.total_discount).toBe(2100);
    expect(lineOf(cart, 9101).total_discount).toBe(2000);
    expect(lineOf(cart, 9103).total_discount).toBe(100);
    const page = checkoutSummary(cart, checkoutTotals(cart), "${{amount}}", themeText("en"));
    expect(page).toContain('class="merged-bundle"');
    expect(page).toMatch(/Camp kit × 1/);
    await db.bundle.deleteMany({ where: { shop: DEMO_SHOP, title: "Camp kit" } });
  });

  it("grants nothing once the offers and bundles are paused and the rules rewritten", async () => {
    await db.bundle.updateMany({ where: { shop: DEMO_SHOP }, data: { status: "paused" } });
    await db.offer.updateMany({ where: { shop: DEMO_SHOP }, data: { status: "paused" } });
    await syncDiscounts(demoAdminApi, DEMO_SHOP);
    const cart = await checkout([
      { id: "9102", quantity: 1 },
      { id: "9104", quantity: 1 },
    ]);
    expect(cart.total_discount).toBe(0);
  });
});
