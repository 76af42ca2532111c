import { randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import {
  appProxyRequest,
  installShop,
  routeArgs,
  SHOP_A,
  SHOP_B,
  useTestShopifyEnv,
  webhookRequest,
} from "../../support/shopify";
import { callRoute, catalogProduct, type Json } from "../../support/routes";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const offersRoute = await import("../../../app/routes/proxy.offers");
const eventsRoute = await import("../../../app/routes/proxy.events");
const webhooks = await import("../../../app/routes/webhooks");
const { invalidateShop } = await import("../../../app/services/storefront/shop-snapshot.server");

const product = (shop: string, id: string, title: string, price: number, stock = 50) =>
  catalogProduct(shop, id, title, price, { stock });

const getOffers = (
  shop: string,
  query: Record<string, string>,
  extra: Partial<Parameters<typeof appProxyRequest>[1]> = {},
) => callRoute(() => offersRoute.loader(routeArgs(appProxyRequest("/proxy/offers", { shop, query, ...extra }))));
const postEvents = (shop: string, body: string) =>
  callRoute(() => eventsRoute.action(routeArgs(appProxyRequest("/proxy/events", { shop, body }))));

async function recommend(shop: string, from: string, to: string, score: number, rank: number) {
  await db.recommendation.create({
    data: {
      shop,
      productId: from,
      recommendedProductId: to,
      kind: "cross_sell",
      source: "mined",
      count: 20,
      support: 0.01,
      confidence: 0.3,
      lift: 4,
      attachRate: 0.3,
      score,
      rank,
      computedAt: new Date(),
    },
  });
}

const VISITOR = "visitor-0001";

beforeAll(async () => {
  await installShop(SHOP_A);
  await installShop(SHOP_B);
  for (const shop of [SHOP_A, SHOP_B])
    await db.shop.update({ where: { domain: shop }, data: { holdoutPercent: 0, relevanceThreshold: 0.1 } });
  await product(SHOP_A, "101", "Trail Tent", 19900);
  await product(SHOP_A, "102", "Sleeping Bag", 8900);
  await product(SHOP_A, "103", "Tent Stakes", 1500);
  await product(SHOP_A, "104", "Sold-out Lantern", 2500, 0);
  await recommend(SHOP_A, "101", "102", 0.9, 1);
  await recommend(SHOP_A, "101", "103", 0.8, 2);
  await recommend(SHOP_A, "101", "104", 0.85, 3);
  // Shop B has a product with the same id and other companions.
  await product(SHOP_B, "101", "Espresso Machine", 49900);
  await product(SHOP_B, "201", "Coffee Beans", 1800);
  await recommend(SHOP_B, "101", "201", 0.9, 1);
});

beforeEach(() => {
  invalidateShop(SHOP_A);
  invalidateShop(SHOP_B);
});

describe("app proxy: offers", () => {
  it("refuses an unsigned request with 401", async () => {
    const request = new Request(
      `https://pairwise.test/proxy/offers?shop=${SHOP_A}&context=product&product_id=101&visitor_id=${VISITOR}`,
    );
    const { status, body } = await callRoute(() => offersRoute.loader(routeArgs(request)));
    expect(status).toBe(401);
    expect(body.error).toMatch(/signature/);
  });

  it("refuses a forged signature and an expired one with 401", async () => {
    const forged = await getOffers(
      SHOP_A,
      { context: "product", product_id: "101", visitor_id: VISITOR },
      { secret: "not-our-secret" },
    );
    expect(forged.status).toBe(401);
    const expired = await getOffers(
      SHOP_A,
      { context: "product", product_id: "101", visitor_id: VISITOR },
      { timestamp: Math.floor(Date.now() / 1000) - 600 },
    );
    expect(expired.status).toBe(401);
  });

  it("answers a product page with the shop's in-stock companions, best first, ready to render", async () => {
    const { status, body } = await getOffers(SHOP_A, { context: "product", product_id: "101", visitor_id: VISITOR });
    expect(status).toBe(200);
    expect(body.holdout).toBe(false);
    expect(body.currency).toBe("USD");
    const items = body.slots.flatMap((s: Json) => s.items);
    expect(items.map((i: Json) => i.title)).toEqual(["Sleeping Bag", "Tent Stakes"]);
    expect(items[0]).toMatchObject({
      productId: "102",
      variantId: "9102",
      price: 8900,
      available: true,
      url: "/products/sleeping-bag",
    });
    expect(items[0].token).toMatch(/^[0-9a-z]+\.0\.[A-Za-z0-9_-]{22}$/);
    expect(body.bundle.anchor.title).toBe("Trail Tent");
    expect(body.bundle.total).toBe(19900 + 8900 + 1500);
  });

  it("serves each shop only its own data", async () => {
    const { body } = await getOffers(SHOP_B, { context: "product", product_id: "101", visitor_id: VISITOR });
    const titles = body.slots.flatMap((s: Json) => s.items).map((i: Json) => i.title);
    expect(titles).toEqual(["Coffee Beans"]);
    expect(body.bundle.anchor.title).toBe("Espresso Machine");
  });

  it("answers bad input with 400 and a message", async () => {
    const wrongContext = await getOffers(SHOP_A, { context: "checkout-page", product_id: "101", visitor_id: VISITOR });
    expect(wrongContext.status).toBe(400);
    expect(wrongContext.body.error).toMatch(/context/);
    const noProduct = await getOffers(SHOP_A, { context: "product", visitor_id: VISITOR });
    expect(noProduct.status).toBe(400);
    expect(noProduct.body.error).toMatch(/product_id/);
    const badVisitor = await getOffers(SHOP_A, { context: "product", product_id: "101", visitor_id: "x" });
    expect(badVisitor.status).toBe(400);
    const badVariants = await getOffers(SHOP_A, { context: "cart", variant_ids: "1,abc", visitor_id: VISITOR });
    expect(badVariants.status).toBe(400);
  });

  it("answers a cart with companions of its products, minus what is already in it, and the free-shipping gap", async () => {
    await db.shop.update({ where: { domain: SHOP_A }, data: { freeShippingThreshold: 50000 } });
    invalidateShop(SHOP_A);
    const { status, body } = await getOffers(SHOP_A, {
      context: "cart",
      variant_ids: "9101,9102",
      visitor_id: VISITOR,
    });
    expect(status).toBe(200);
    expect(body.slots.flatMap((s: Json) => s.items).map((i: Json) => i.productId)).toEqual(["103"]);
    expect(body.freeShipping).toEqual({ threshold: 50000, remaining: 50000 - 19900 - 8900 });
  });

  it("shows nothing to a visitor in the holdout group", async () => {
    await db.shop.update({ where: { domain: SHOP_A }, data: { holdoutPercent: 100 } });
    invalidateShop(SHOP_A);
    const { body } = await getOffers(SHOP_A, { context: "product", product_id: "101", visitor_id: VISITOR });
    expect(body.holdout).toBe(true);
    expect(body.slots).toEqual([]);
    await db.shop.update({ where: { domain: SHOP_A }, data: { holdoutPercent: 0 } });
  });

  it("never offers an excluded product", async () => {
    await db.shop.update({ where: { domain: SHOP_A }, data: { excludedProductIds: JSON.stringify(["102"]) } });
    invalidateShop(SHOP_A);
    const { body } = await getOffers(SHOP_A, { context: "product", product_id: "101", visitor_id: VISITOR });
    expect(body.slots.flatMap((s: Json) => s.items).map((i: Json) => i.productId)).toEqual(["103"]);
    await db.shop.update({ where: { domain: SHOP_A }, data: { excludedProductIds: "[]" } });
  });
});

describe("app proxy: the shop's snapshot", () => {
  const ids = (body: Json) => body.slots.flatMap((s: Json) => s.items).map((i: Json) => i.productId);
  const productPage = (visitor: string) =>
    getOffers(SHOP_A, { context: "product", product_id: "101", visitor_id: visitor });

  it("is kept until the shop changes: a merchant's offers and settings reach shoppers at once", async () => {
    const { createOffer, setOfferStatus, deleteOffers } = await import("../../../app/services/admin/offers.server");
    const { saveSettings, getSettings } = await import("../../../app/services/admin/settings.server");
    const { offerInputSchema } = await import("../../../app/lib/forms/offer");
    const { settingsInputSchema } = await import("../../../app/lib/forms/settings");
    expect(ids((await productPage("visitor-snap-1")).body)).toEqual(["102", "103"]);
    // a write that bypasses the app's services is not seen: the snapshot is served from memory
    await db.shop.update({ where: { domain: SHOP_A }, data: { excludedProductIds: JSON.stringify(["102"]) } });
    expect(ids((await productPage("visitor-snap-2")).body)).toEqual(["102", "103"]);
    await db.shop.update({ where: { domain: SHOP_A }, data: { excludedProductIds: "[]" } });

    // the admin creates an offer of product 104's neighbour 103 only: served on the next request
    const input = offerInputSchema.parse({
      name: "Stakes with the tent",
      type: "cross_sell",
      status: "active",
      triggerType: "products",
      triggerValues: ["101"],
      offerSource: "manual",
      offeredProductIds: ["103"],
      placements: ["product"],
      discountType: "none",
      audience: "all",
      headline: "Do not forget the stakes",
      priority: 100,
    });
    const offer = await createOffer(SHOP_A, input);
    let { body } = await productPage("visitor-snap-3");
    expect(body.slots.find((s: Json) => s.offerId === offer.id)?.headline).toBe("Do not forget the stakes");
    await setOfferStatus(SHOP_A, [offer.id], "paused");
    ({ body } = await productPage("visitor-snap-4"));
    expect(body.slots.some((s: Json) => s.offerId === offer.id)).toBe(false);
    await setOfferStatus(SHOP_A, [offer.id], "active");
    expect((await productPage("visitor-snap-5")).body.slots.some((s: Json) => s.offerId === offer.id)).toBe(true);
    await deleteOffers(SHOP_A, [offer.id]);
    expect((await productPage("visitor-snap-6")).body.slots.some((s: Json) => s.offerId === offer.id)).toBe(false);

    // settings: a product excluded, then allowed again
    const settings = await getSettings(SHOP_A);
    const form = (excludedProductIds: string[]) =>
      settingsInputSchema.parse({ ...settings, freeShippingThreshold: null, excludedProductIds, excludedTags: [] });
    await saveSettings(SHOP_A, form(["102"]));
    expect(ids((await productPage("visitor-snap-7")).body)).toEqual(["103"]);
    await saveSettings(SHOP_A, form([]));
    expect(ids((await productPage("visitor-snap-8")).body)).toEqual(["102", "103"]);
  });

  it("reads the visitors first seen together in one batch, each with its own declines", async () => {
    const { forgetVisitors, visitorReads } = await import("../../../app/services/storefront/visitor-cache.server");
    // a returning visitor who declined the sleeping bag on an earlier visit (another process stored it)
    await db.event.create({
      data: {
        shop: SHOP_A,
        clientEventId: randomUUID(),
        placement: "product",
        type: "decline",
        productId: "102",
        visitorId: "visitor-batch-returning",
        occurredAt: new Date(),
      },
    });
    forgetVisitors(SHOP_A);
    const before = { ...visitorReads };
    const visitors = ["visitor-batch-returning", ...Array.from({ length: 20 }, (_, i) => `visitor-batch-new-${i}`)];
    const answers = await Promise.all(visitors.map((v) => productPage(v)));
    // all 21 visitors read in one batch (two queries)
    expect(visitorReads.batches - before.batches).toBe(1);
    expect(visitorReads.visitors - before.visitors).toBe(21);
    expect(ids(answers[0].body)).toEqual(["103"]);
    for (const answer of answers.slice(1)) expect(ids(answer.body)).toEqual(["102", "103"]);
    // known now: not read again
    expect(ids((await productPage("visitor-batch-returning")).body)).toEqual(["103"]);
    expect(visitorReads.batches - before.batches).toBe(1);
  });

  it("takes a mining run's recommendations in once read, and reads none again product by product", async () => {
    const { refreshShop, recommendationReads } = await import("../../../app/services/storefront/shop-snapshot.server");
    expect(ids((await productPage("visitor-refresh-1")).body)).toEqual(["102", "103"]);
    // a mining run replaced the tent's companions: the stakes are no longer one
    await db.recommendation.deleteMany({ where: { shop: SHOP_A, productId: "101", recommendedProductId: "103" } });
    const reads = recommendationReads.queries;
    const refreshed = refreshShop(SHOP_A);
    // served from what was there while the new ones are read
    expect(ids((await productPage("visitor-refresh-1")).body)).toEqual(["102", "103"]);
    await refreshed;
    expect(ids((await productPage("visitor-refresh-3")).body)).toEqual(["102"]);
    // the products served so far were read again in one query, none by the requests after it
    expect(recommendationReads.queries - reads).toBe(1);
    await recommend(SHOP_A, "101", "103", 0.8, 2);
  });

  it("is rebuilt in the background once old, serving the old one meanwhile", async () => {
    const { getShopSnapshot, SNAPSHOT_MAX_AGE_MS } =
      await import("../../../app/services/storefront/shop-snapshot.server");
    const first = (await getShopSnapshot(SHOP_A))!;
    await db.shop.update({ where: { domain: SHOP_A }, data: { maxSuggestions: 1 } });
    const later = first.loadedAt + SNAPSHOT_MAX_AGE_MS - 1;
    expect(await getShopSnapshot(SHOP_A, later)).toBe(first); // young enough: no reload
    const old = first.loadedAt + SNAPSHOT_MAX_AGE_MS;
    expect(await getShopSnapshot(SHOP_A, old)).toBe(first); // old: served, while a new one loads
    const fresh = await (async () => {
      for (let i = 0; i < 200; i++) {
        const now = await getShopSnapshot(SHOP_A, old);
        if (now !== first) return now;
        await new Promise((r) => setTimeout(r, 10));
      }
      return null;
    })();
    expect(fresh?.settings.maxSuggestions).toBe(1);
    await db.shop.update({ where: { domain: SHOP_A }, data: { maxSuggestions: first.settings.maxSuggestions } });
  });
});

describe("app proxy: discounts", () => {
  it("shows regular prices while no discount function can grant an offer's discount at checkout", async () => {
    const offer = await db.offer.create({
      data: {
        shop: SHOP_A,
        name: "20 % off companions",
        status: "active",
        offerSource: "manual",
        triggerType: "products",
        triggerValues: '["101"]',
        offeredProductIds: '["103"]',
        placements: '["product"]',
        discountType: "percent",
        discountValue: 20,
      },
    });
    invalidateShop(SHOP_A);
    const { body } = await getOffers(SHOP_A, {
      context: "product",
      product_id: "101",
      visitor_id: "visitor-discount-1",
    });
    const slot = body.slots.find((s: Json) => s.offerId === offer.id);
    expect(slot.discount).toEqual({ type: "none", value: 0 });
    expect(slot.items[0]).toMatchObject({ productId: "103", price: 1500, discountedPrice: 1500 });
    await db.offer.delete({ where: { id: offer.id } });
  });

  it("shows an offer's saving exactly when the shop's discount is live and holds the offer", async () => {
    const { demoAdminApi } = await import("../../../app/demo/admin-api.server");
    const { syncDiscounts } = await import("../../../app/services/discounts/sync.server");
    const offer = await db.offer.create({
      data: {
        shop: SHOP_A,
        name: "20 % off companions",
        status: "active",
        offerSource: "manual",
        triggerType: "products",
        triggerValues: '["101"]',
        offeredProductIds: '["103"]',
        placements: '["product"]',
        discountType: "percent",
        discountValue: 20,
      },
    });
    const slotOf = async (visitor: string) => {
      invalidateShop(SHOP_A);
      const { body } = await getOffers(SHOP_A, { context: "product", product_id: "101", visitor_id: visitor });
      return body.slots.find((s: Json) => s.offerId === offer.id);
    };
    // written to the shop (here the demo's stand-in of the Admin API): live
    expect((await syncDiscounts(demoAdminApi, SHOP_A)).live).toBe(true);
    let slot = await slotOf("visitor-discount-2");
    expect(slot.discount).toEqual({ type: "percent", value: 20 });
    expect(slot.items[0]).toMatchObject({ productId: "103", price: 1500, discountedPrice: 1200 });

    // deactivated in Shopify admin: regular price, no badge
    await db.shop.update({ where: { domain: SHOP_A }, data: { discountStatus: "EXPIRED" } });
    slot = await slotOf("visitor-discount-3");
    expect(slot.discount).toEqual({ type: "none", value: 0 });
    expect(slot.items[0].discountedPrice).toBe(1500);
    await db.shop.update({ where: { domain: SHOP_A }, data: { discountStatus: "ACTIVE" } });

    // changed but not yet written to Shopify: the storefront promises what Shopify holds (20 %), not 50 %
    await db.offer.update({ where: { id: offer.id }, data: { discountValue: 50 } });
    slot = await slotOf("visitor-discount-4");
    expect(slot.items[0].discountedPrice).toBe(1200);

    // paused and written: gone from the rules, regular price
    await db.offer.update({ where: { id: offer.id }, data: { status: "paused" } });
    await syncDiscounts(demoAdminApi, SHOP_A);
    await db.offer.update({ where: { id: offer.id }, data: { status: "active" } });
    slot = await slotOf("visitor-discount-5");
    expect(slot.discount).toEqual({ type: "none", value: 0 });
    expect(slot.items[0].discountedPrice).toBe(1500);

    await db.offer.delete({ where: { id: offer.id } });
    await syncDiscounts(demoAdminApi, SHOP_A);
  });
});

describe("app proxy: events", () => {
  async function servedItem(visitor: string) {
    const { body } = await getOffers(SHOP_A, { context: "product", product_id: "101", visitor_id: visitor });
    return { slot: body.slots[0], item: body.slots[0].items[0] };
  }

  it("stores a batch once, however often it is sent, and does not offer a declined product again", async () => {
    const visitor = "visitor-decline-1";
    const { slot, item } = await servedItem(visitor);
    expect(item.productId).toBe("102");
    const batch = JSON.stringify({
      visitorId: visitor,
      events: [
        {
          id: randomUUID(),
          type: "impression",
          offerId: slot.offerId,
          productId: item.productId,
          placement: "product",
          token: item.token,
          at: Date.now(),
        },
        {
          id: randomUUID(),
          type: "decline",
          offerId: slot.offerId,
          productId: item.productId,
          placement: "product",
          token: item.token,
          at: Date.now(),
        },
      ],
    });
    const first = await postEvents(SHOP_A, batch);
    expect([first.status, first.body]).toEqual([200, { accepted: 2, duplicates: 0, rejected: [] }]);
    const again = await postEvents(SHOP_A, batch);
    expect(again.body).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(await db.event.count({ where: { shop: SHOP_A, visitorId: visitor } })).toBe(2);
    const next = await getOffers(SHOP_A, { context: "product", product_id: "101", visitor_id: visitor });
    expect(next.body.slots.flatMap((s: Json) => s.items).map((i: Json) => i.productId)).not.toContain("102");
  });

  it("rejects events whose tracking token was not issued for that item", async () => {
    const { slot, item } = await servedItem("visitor-token-1");
    const body = JSON.stringify({
      visitorId: "visitor-token-1",
      events: [
        {
          id: randomUUID(),
          type: "add",
          offerId: slot.offerId,
          productId: "103",
          placement: "product",
          token: item.token,
          at: Date.now(),
        },
      ],
    });
    const result = await postEvents(SHOP_A, body);
    expect(result.body.accepted).toBe(0);
    expect(result.body.rejected[0].reason).toBe("invalid token");
  });

  it("answers malformed, oversized and unsigned batches with clear 4xx errors", async () => {
    expect((await postEvents(SHOP_A, "{not json")).status).toBe(400);
    const invalid = await postEvents(SHOP_A, JSON.stringify({ visitorId: "visitor-xyz-1", events: [{ type: "buy" }] }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatch(/events/);
    const big = await postEvents(
      SHOP_A,
      JSON.stringify({ visitorId: "visitor-xyz-1", padding: "x".repeat(40_000), events: [] }),
    );
    expect(big.status).toBe(413);
    const unsigned = await callRoute(() =>
      eventsRoute.action(
        routeArgs(new Request(`https://pairwise.test/proxy/events?shop=${SHOP_A}`, { method: "POST", body: "{}" })),
      ),
    );
    expect(unsigned.status).toBe(401);
  });

  it("rate-limits one visitor who floods the endpoint", async () => {
    const { slot, item } = await servedItem("visitor-flood-1");
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const events = Array.from({ length: 50 }, () => ({
        id: randomUUID(),
        type: "click",
        offerId: slot.offerId,
        productId: item.productId,
        placement: "product",
        token: item.token,
        at: Date.now(),
      }));
      statuses.push((await postEvents(SHOP_A, JSON.stringify({ visitorId: "visitor-flood-1", events }))).status);
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses).toContain(429);
  });
});

describe("attribution", () => {
  it("turns order lines added through an offer into attributed revenue, net of discounts and refunds", async () => {
    const offer = await db.offer.create({
      data: { shop: SHOP_A, name: "Tent companions", status: "active", placements: '["product"]' },
    });
    const order = {
      id: 880001,
      name: "#1001",
      created_at: new Date().toISOString(),
      currency: "USD",
      total_price: "227.00",
      subtotal_price: "227.00",
      customer: { id: 4401 },
      note_attributes: [{ name: "_pairwise_visitor", value: VISITOR }],
      line_items: [
        {
          id: 1,
          product_id: 101,
          variant_id: 9101,
          title: "Trail Tent",
          quantity: 1,
          price: "199.00",
          total_discount: "0.00",
          properties: [],
        },
        {
          id: 2,
          product_id: 103,
          variant_id: 9103,
          title: "Tent Stakes",
          quantity: 2,
          price: "15.00",
          total_discount: "2.00",
          properties: [{ name: "_pairwise", value: offer.id }],
        },
        {
          id: 3,
          product_id: 102,
          variant_id: 9102,
          title: "Sleeping Bag",
          quantity: 1,
          price: "89.00",
          total_discount: "0.00",
          properties: [{ name: "_pairwise", value: "not-an-offer-of-this-shop" }],
        },
      ],
    };
    const created = await webhooks.action(
      routeArgs(webhookRequest({ topic: "orders/create", shop: SHOP_A, payload: order })),
    );
    expect(created.status).toBe(200);
    const rows = await db.attribution.findMany({ where: { shop: SHOP_A } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      offerId: offer.id,
      productId: "103",
      quantity: 2,
      revenue: 2800,
      refundedRevenue: 0,
    });
    const stored = await db.order.findUniqueOrThrow({
      where: { shop_shopifyId: { shop: SHOP_A, shopifyId: "880001" } },
    });
    expect(stored.exposure).toBe("exposed");

    const refund = {
      id: 9901,
      order_id: 880001,
      created_at: new Date().toISOString(),
      refund_line_items: [{ id: 1, line_item_id: 2, quantity: 1 }],
    };
    await webhooks.action(routeArgs(webhookRequest({ topic: "refunds/create", shop: SHOP_A, payload: refund })));
    const after = await db.attribution.findFirstOrThrow({ where: { shop: SHOP_A } });
    expect(after.refundedRevenue).toBe(1400);
  });
});
