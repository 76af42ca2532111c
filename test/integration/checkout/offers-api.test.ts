// The checkout UI extension's endpoints with real checkout session tokens (HS256, app secret),
// verified by the library: forged/expired → 401, CORS preflight, shop scoping, events pipeline.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import {
  checkoutRequest,
  installShop,
  routeArgs,
  SHOP_A,
  SHOP_B,
  TEST_API_SECRET,
  useTestShopifyEnv,
  webhookRequest,
} from "../../support/shopify";
import { callRoute, catalogProduct, type Json } from "../../support/routes";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const offersRoute = await import("../../../app/routes/api.checkout.offers");
const eventsRoute = await import("../../../app/routes/api.checkout.events");
const { invalidateShop } = await import("../../../app/services/storefront/shop-snapshot.server");
const { mintCheckoutSessionToken } = await import("../../../app/demo/session-token.server");
const webhooks = await import("../../../app/routes/webhooks");
const { placementFiguresFor } = await import("../../../app/services/admin/placement-figures.server");
const { lastDays } = await import("../../../app/services/admin/rollups.server");

const product = (shop: string, id: string, title: string, price: number) =>
  catalogProduct(shop, id, title, price, { cost: null });

const VISITOR = "visitor-0001";
const getOffers = async (
  shop: string,
  query: Record<string, string>,
  extra: Partial<Parameters<typeof checkoutRequest>[1]> = {},
) =>
  callRoute(async () =>
    offersRoute.loader(routeArgs(await checkoutRequest("/api/checkout/offers", { shop, query, ...extra }))),
  );
const postEvents = async (shop: string, body: unknown) =>
  callRoute(async () =>
    eventsRoute.action(routeArgs(await checkoutRequest("/api/checkout/events", { shop, body: JSON.stringify(body) }))),
  );

async function recommend(shop: string, from: string, to: string, kind: string, score: number) {
  await db.recommendation.create({
    data: {
      shop,
      productId: from,
      recommendedProductId: to,
      kind,
      source: "mined",
      count: 20,
      support: 0.01,
      confidence: 0.4,
      lift: 4,
      attachRate: 0.3,
      score,
      rank: 1,
      computedAt: new Date(),
    },
  });
}

let checkoutOfferId = "";

beforeAll(async () => {
  await installShop(SHOP_A);
  await installShop(SHOP_B);
  for (const shop of [SHOP_A, SHOP_B])
    await db.shop.update({
      where: { domain: shop },
      data: { holdoutPercent: 0, relevanceThreshold: 0.1, frequencyCapPerDay: 0 },
    });
  await product(SHOP_A, "101", "Trail Tent", 19900);
  await product(SHOP_A, "102", "Sleeping Bag", 8900);
  await product(SHOP_A, "103", "Tent Stakes", 1500);
  await product(SHOP_A, "104", "Camp Mug", 900);
  await recommend(SHOP_A, "101", "102", "cross_sell", 0.9);
  await recommend(SHOP_A, "101", "104", "sequential", 0.6);
  const offer = await db.offer.create({
    data: {
      shop: SHOP_A,
      name: "Stakes at checkout",
      status: "active",
      triggerType: "products",
      triggerValues: JSON.stringify(["101"]),
      offeredProductIds: JSON.stringify(["103"]),
      placements: JSON.stringify(["checkout"]),
      headline: "Complete your {product}",
    },
  });
  checkoutOfferId = offer.id;
  // Shop B: the same ids, its own catalog, and its own checkout offer.
  await product(SHOP_B, "101", "Espresso Machine", 49900);
  await product(SHOP_B, "201", "Coffee Beans", 1800);
  await recommend(SHOP_B, "101", "201", "cross_sell", 0.9);
});

beforeEach(() => {
  invalidateShop(SHOP_A);
  invalidateShop(SHOP_B);
});

describe("GET /api/checkout/offers", () => {
  it("refuses a request without a token, with a forged token and with an expired token (401, readable by the extension)", async () => {
    const none = await getOffers(
      SHOP_A,
      { placement: "checkout", variant_ids: "9101", visitor_id: VISITOR },
      { token: null },
    );
    expect(none.status).toBe(401);
    const forged = await getOffers(
      SHOP_A,
      { placement: "checkout", variant_ids: "9101", visitor_id: VISITOR },
      { secret: "not-our-secret" },
    );
    expect(forged.status).toBe(401);
    expect(forged.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const expired = await getOffers(
      SHOP_A,
      { placement: "checkout", variant_ids: "9101", visitor_id: VISITOR },
      { issuedAt: Math.floor(Date.now() / 1000) - 900 },
    );
    expect(expired.status).toBe(401);
    // A token minted for an admin session (dest with https://, audience ours) still names a shop;
    // a token whose dest is not a shop domain is refused.
    const noShop = await getOffers(
      SHOP_A,
      { placement: "checkout", variant_ids: "9101", visitor_id: VISITOR },
      {
        token: await mintCheckoutSessionToken({
          shop: "not a shop",
          apiKey: "test-api-key",
          apiSecret: TEST_API_SECRET,
        }),
      },
    );
    expect(noShop.status).toBe(401);
  });

  it("answers the CORS preflight with 204 and the headers the extension's sandbox needs", async () => {
    const { status, headers } = await callRoute(async () =>
      offersRoute.action(
        routeArgs(await checkoutRequest("/api/checkout/offers", { shop: SHOP_A, method: "OPTIONS", token: null })),
      ),
    );
    expect(status).toBe(204);
    expect(headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(headers.get("Access-Control-Allow-Headers")).toMatch(/Authorization/);
  });

  it("serves the merchant's checkout offer for the checkout's lines, with CORS headers and tracking tokens", async () => {
    const { status, body, headers } = await getOffers(SHOP_A, {
      placement: "checkout",
      variant_ids: "9101",
      visitor_id: VISITOR,
      subtotal: "19900",
    });
    expect(status).toBe(200);
    expect(headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(body.offer.headline).toBe("Complete your Trail Tent");
    expect(body.offer.items.map((i: Json) => [i.productId, i.variantId, i.offerId])).toEqual([
      ["103", "9103", checkoutOfferId],
    ]);
    expect(body.offer.items[0].token).toMatch(/^[0-9a-z]{1,10}\.[0-9a-z]{1,4}\.[A-Za-z0-9_-]{22}$/);
  });

  it("serves thank-you suggestions from the sequential patterns, minus what was just bought, capped by max", async () => {
    const { status, body } = await getOffers(SHOP_A, {
      placement: "thank_you",
      variant_ids: "9101",
      visitor_id: VISITOR,
      max: "1",
    });
    expect(status).toBe(200);
    expect(body.offer.headline).toBe("Customers who bought Trail Tent often come back for");
    expect(body.offer.items.map((i: Json) => i.productId)).toEqual(["104"]);
    const notAtCheckout = await getOffers(SHOP_A, { placement: "checkout", variant_ids: "9102", visitor_id: VISITOR });
    expect(notAtCheckout.body.offer).toBeNull();
  });

  it("never serves another shop's offer: a shop B token sees shop B's catalog only", async () => {
    const { status, body } = await getOffers(SHOP_B, {
      placement: "checkout",
      variant_ids: "9101",
      visitor_id: VISITOR,
    });
    expect(status).toBe(200);
    const items = body.offer?.items ?? [];
    expect(items.map((i: Json) => i.title)).toEqual(["Coffee Beans"]);
    expect(items.some((i: Json) => i.offerId === checkoutOfferId)).toBe(false);
  });

  it("answers bad input with 400 and a message", async () => {
    const badPlacement = await getOffers(SHOP_A, { placement: "cart", variant_ids: "9101", visitor_id: VISITOR });
    expect(badPlacement.status).toBe(400);
    expect(badPlacement.body.error).toMatch(/placement/);
    const noLines = await getOffers(SHOP_A, { placement: "checkout", variant_ids: "", visitor_id: VISITOR });
    expect(noLines.status).toBe(400);
    const tooMany = await getOffers(SHOP_A, {
      placement: "checkout",
      variant_ids: "9101",
      visitor_id: VISITOR,
      max: "9",
    });
    expect(tooMany.status).toBe(400);
  });

  it("shows nothing to the holdout group", async () => {
    await db.shop.update({ where: { domain: SHOP_A }, data: { holdoutPercent: 100 } });
    invalidateShop(SHOP_A);
    const { body } = await getOffers(SHOP_A, { placement: "checkout", variant_ids: "9101", visitor_id: VISITOR });
    expect(body).toMatchObject({ holdout: true, offer: null });
    await db.shop.update({ where: { domain: SHOP_A }, data: { holdoutPercent: 0 } });
  });
});

describe("POST /api/checkout/events", () => {
  it("stores impressions and adds for items it served, and refuses tokens of another placement or shop", async () => {
    const { body } = await getOffers(SHOP_A, { placement: "checkout", variant_ids: "9101", visitor_id: VISITOR });
    const item = body.offer.items[0];
    const at = Date.now();
    const ok = await postEvents(SHOP_A, {
      visitorId: VISITOR,
      events: [
        {
          id: "evt-checkout-0001",
          type: "impression",
          offerId: item.offerId,
          productId: item.productId,
          placement: "checkout",
          token: item.token,
          at,
        },
        {
          id: "evt-checkout-0002",
          type: "add",
          offerId: item.offerId,
          productId: item.productId,
          placement: "checkout",
          token: item.token,
          at,
        },
        // The same token claimed for the thank-you page does not verify.
        {
          id: "evt-checkout-0003",
          type: "add",
          offerId: item.offerId,
          productId: item.productId,
          placement: "thank_you",
          token: item.token,
          at,
        },
      ],
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(ok.body.accepted).toBe(2);
    expect(ok.body.rejected).toEqual([{ id: "evt-checkout-0003", reason: "invalid token" }]);
    const stored = await db.event.findMany({
      where: { shop: SHOP_A, visitorId: VISITOR },
      orderBy: { clientEventId: "asc" },
    });
    expect(stored.map((e) => [e.type, e.placement, e.offerId])).toEqual([
      ["impression", "checkout", checkoutOfferId],
      ["add", "checkout", checkoutOfferId],
    ]);
    // Shop B cannot count events for shop A's offer.
    const other = await postEvents(SHOP_B, {
      visitorId: VISITOR,
      events: [
        {
          id: "evt-checkout-0004",
          type: "add",
          offerId: item.offerId,
          productId: item.productId,
          placement: "checkout",
          token: item.token,
          at,
        },
      ],
    });
    expect(other.body.accepted).toBe(0);
  });

  it("refuses storefront placements, forged tokens and bad bodies", async () => {
    const storefront = await postEvents(SHOP_A, {
      visitorId: VISITOR,
      events: [
        {
          id: "evt-checkout-0005",
          type: "add",
          offerId: null,
          productId: "102",
          placement: "cart",
          token: "x",
          at: Date.now(),
        },
      ],
    });
    expect(storefront.status).toBe(400);
    const forged = await callRoute(async () =>
      eventsRoute.action(
        routeArgs(
          await checkoutRequest("/api/checkout/events", { shop: SHOP_A, body: "{}", secret: "not-our-secret" }),
        ),
      ),
    );
    expect(forged.status).toBe(401);
    const notJson = await callRoute(async () =>
      eventsRoute.action(routeArgs(await checkoutRequest("/api/checkout/events", { shop: SHOP_A, body: "{nope" }))),
    );
    expect(notJson.status).toBe(400);
  });
});

describe("attribution of a checkout add", () => {
  it("attributes the order line carrying the _pairwise attributes and counts its revenue for the checkout placement", async () => {
    const order = {
      id: 990001,
      name: "#2001",
      created_at: new Date().toISOString(),
      currency: "USD",
      total_price: "214.00",
      subtotal_price: "214.00",
      note_attributes: [{ name: "_pairwise_visitor", value: VISITOR }],
      line_items: [
        {
          id: 11,
          product_id: 101,
          variant_id: 9101,
          title: "Trail Tent",
          quantity: 1,
          price: "199.00",
          total_discount: "0.00",
          properties: [],
        },
        {
          id: 12,
          product_id: 103,
          variant_id: 9103,
          title: "Tent Stakes",
          quantity: 1,
          price: "15.00",
          total_discount: "0.00",
          properties: [
            { name: "_pairwise", value: checkoutOfferId },
            { name: "_pairwise_token", value: "x" },
          ],
        },
      ],
    };
    const created = await webhooks.action(
      routeArgs(webhookRequest({ topic: "orders/create", shop: SHOP_A, payload: order })),
    );
    expect(created.status).toBe(200);
    const rows = await db.attribution.findMany({ where: { shop: SHOP_A } });
    expect(rows.map((r) => [r.offerId, r.productId, r.revenue])).toEqual([[checkoutOfferId, "103", 1500]]);
    const figures = await placementFiguresFor(SHOP_A, lastDays(2, Date.now() + 60_000));
    const checkout = figures.rows.find((r) => r.placement === "checkout")!;
    expect(checkout).toMatchObject({ impressions: 1, acceptances: 1, rate: 1 });
    expect(checkout.revenue.net).toBe(1500);
    expect(figures.rows.find((r) => r.placement === "product")!.revenue.net).toBe(0);
    expect(figures.unknownRevenue.lines).toBe(0);
  });
});

// Last: the events it stores would move the figures the tests above assert.
describe("limits a checkout client cannot reset", () => {
  it("counts at most 12 adds from one address whatever visitors it invents, as on the storefront; another address still counts", async () => {
    const forgedAdd = async (visitorId: string, socketAddress: string) => {
      const { body } = await getOffers(SHOP_A, { placement: "checkout", variant_ids: "9101", visitor_id: visitorId });
      const item = body.offer.items[0];
      const event = {
        id: `evt-${visitorId}`,
        type: "add",
        offerId: item.offerId,
        productId: item.productId,
        placement: "checkout",
        token: item.token,
        at: Date.now(),
      };
      const request = await checkoutRequest("/api/checkout/events", {
        shop: SHOP_A,
        body: JSON.stringify({ visitorId, events: [event] }),
      });
      return callRoute(async () => eventsRoute.action({ ...routeArgs(request), context: { socketAddress } }));
    };
    let counted = 0;
    for (let i = 0; i < 20; i++)
      counted += (await forgedAdd(`invented-${String(i).padStart(4, "0")}`, "203.0.113.9")).body.accepted;
    expect(counted).toBe(12);
    expect((await forgedAdd("another-shopper", "198.51.100.40")).body.accepted).toBe(1);
  });
});
