// Offer figures cannot be inflated from outside: the reproduced event flood (one token from
// /proxy/offers, 200 batches of 50 adds under new visitor ids) against the real routes moves no
// admin figure; tokens count only for their visitor, within their lifetime, once per kind; limits
// hold per address whatever visitor ids a client invents; and a forged pattern is flagged.
import { randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventFloodAttack, freshTokenAttack, routeStorefront, type Json } from "../../support/attacks";
import { useFreshDatabase } from "../../support/db";
import {
  adminRequest,
  installShop,
  routeArgs,
  SHOP_A,
  TEST_API_SECRET,
  useTestShopifyEnv,
  webhookRequest,
} from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const dashboard = await import("../../../app/routes/app._index");
const offersList = await import("../../../app/routes/app.offers._index");
const offerPage = await import("../../../app/routes/app.offers.$id");
const webhooks = await import("../../../app/routes/webhooks");
const { invalidateShop } = await import("../../../app/services/storefront/shop-snapshot.server");
const { trackingToken, TOKEN_TTL_MS } = await import("../../../app/services/storefront/tracking-token.server");

const DAY = 86_400_000;
let tentOffer = "";
let coffeeOffer = "";

async function product(id: string, title: string, price: number) {
  const p = await db.product.create({
    data: { shop: SHOP_A, shopifyId: id, title, handle: title.toLowerCase().replace(/\W+/g, "-"), productType: "Gear" },
  });
  await db.variant.create({
    data: { shop: SHOP_A, shopifyId: `9${id}`, productId: p.id, price, inventoryQuantity: 50 },
  });
}

/** Honest history, stored as the app stores it: 200 impressions and 3 adds of the tent offer, and orders. */
async function honestHistory() {
  const at = Date.now() - 3 * DAY;
  const events = [
    ...Array.from({ length: 200 }, (_, i) => ({ type: "impression", visitor: `honest-${i}` })),
    ...Array.from({ length: 3 }, (_, i) => ({ type: "add", visitor: `honest-${i}` })),
  ].map((e, i) => ({
    shop: SHOP_A,
    clientEventId: `honest-event-${i}`,
    tokenKey: `honest-token-${e.visitor}`,
    offerId: tentOffer,
    placement: "product",
    type: e.type,
    productId: "102",
    visitorId: e.visitor,
    occurredAt: new Date(at + i * 1000),
  }));
  // The coffee offer: 90 adds, a third of them ordered (below).
  for (let i = 0; i < 90; i++)
    events.push({
      shop: SHOP_A,
      clientEventId: `coffee-${i}`,
      tokenKey: `coffee-token-${i}`,
      offerId: coffeeOffer,
      placement: "product",
      type: "add",
      productId: "202",
      visitorId: `coffee-${i}`,
      occurredAt: new Date(at + i * 1000),
    });
  await db.event.createMany({ data: events });
  const orders = [
    {
      id: 770001,
      lines: [
        { id: 1, product_id: 101, price: "199.00" },
        { id: 2, product_id: 102, price: "89.00", offer: tentOffer },
      ],
    },
    { id: 770002, lines: [{ id: 3, product_id: 101, price: "199.00" }] },
    ...Array.from({ length: 30 }, (_, i) => ({
      id: 780000 + i,
      lines: [{ id: 10_000 + i, product_id: 202, price: "18.00", offer: coffeeOffer }],
    })),
  ];
  for (const o of orders) {
    const payload = {
      id: o.id,
      name: `#${o.id}`,
      created_at: new Date(at + DAY / 2).toISOString(),
      currency: "USD",
      subtotal_price: o.lines.reduce((s, l) => s + Number(l.price), 0).toFixed(2),
      total_price: o.lines.reduce((s, l) => s + Number(l.price), 0).toFixed(2),
      line_items: o.lines.map((l) => ({
        id: l.id,
        product_id: l.product_id,
        variant_id: Number(`9${l.product_id}`),
        title: "x",
        quantity: 1,
        price: l.price,
        total_discount: "0.00",
        properties: "offer" in l ? [{ name: "_pairwise", value: l.offer }] : [],
      })),
    };
    const response = await webhooks.action(
      routeArgs(webhookRequest({ topic: "orders/create", shop: SHOP_A, payload })),
    );
    expect(response.status).toBe(200);
  }
}

/** Every figure the admin shows about offers and their acceptance, read through the real loaders. */
async function adminFigures() {
  const d = (await dashboard.loader(routeArgs(await adminRequest("/app?days=30", { shop: SHOP_A })))) as Json;
  const list = (await offersList.loader(routeArgs(await adminRequest("/app/offers", { shop: SHOP_A })))) as Json;
  const page = (await offerPage.loader(
    routeArgs(await adminRequest(`/app/offers/${tentOffer}`, { shop: SHOP_A }), { id: tentOffer }),
  )) as Json;
  return {
    kpis: {
      impressions: d.kpis.impressions,
      acceptances: d.kpis.acceptances,
      acceptanceRate: d.kpis.acceptanceRate,
      revenue: d.kpis.attributedRevenue.net,
      crossSell: d.kpis.crossSell.rate,
      aovWithOffer: d.kpis.aovWithOffer,
      aovLift: d.kpis.aovLift.lift,
    },
    topOffers: d.topOffers.map((o: Json) => [o.id, o.impressions, o.acceptances, o.acceptanceRate, o.revenue]),
    warnings: d.warnings.map((w: Json) => w.title),
    list: list.offers.map((o: Json) => [o.id, o.impressions, o.acceptances, o.acceptanceRate, o.revenue]),
    page: [page.figures, page.placements, page.forgedEvents],
  };
}

beforeAll(async () => {
  await installShop(SHOP_A);
  await db.shop.update({
    where: { domain: SHOP_A },
    data: { holdoutPercent: 0, relevanceThreshold: 0.1, frequencyCapPerDay: 0 },
  });
  await product("101", "Trail Tent", 19900);
  await product("102", "Sleeping Bag", 8900);
  await product("103", "Tent Stakes", 1500);
  await product("201", "Espresso Machine", 49900);
  await product("202", "Coffee Beans", 1800);
  const offer = (name: string, trigger: string, offered: string[]) =>
    db.offer.create({
      data: {
        shop: SHOP_A,
        name,
        status: "active",
        offerSource: "manual",
        triggerType: "products",
        triggerValues: JSON.stringify([trigger]),
        offeredProductIds: JSON.stringify(offered),
        placements: '["product"]',
      },
    });
  tentOffer = (await offer("Tent companions", "101", ["102", "103"])).id;
  coffeeOffer = (await offer("Beans for espresso machines", "201", ["202"])).id;
  await honestHistory();
});

beforeEach(() => invalidateShop(SHOP_A));

describe("the reproduced event flood", () => {
  it("200 batches of 50 adds with one token under new visitor ids move no admin figure", async () => {
    const before = await adminFigures();
    expect(before.list.find((o: unknown[]) => o[0] === tentOffer)).toEqual([tentOffer, 200, 3, 0.015, 8900]);

    const report = await eventFloodAttack(routeStorefront({ shop: SHOP_A, address: "198.51.100.23" }), {
      productId: "101",
    });
    expect(report.offerId).toBe(tentOffer);
    expect(report.sent).toBe(10_000);
    expect(report.accepted).toBe(0);
    // Each batch is refused: first for its tokens (served to another visitor), then by the address's limit.
    expect(Object.keys(report.statuses).map(Number).sort()).toEqual([200, 429]);
    expect(report.statuses[500]).toBeUndefined();

    expect(await adminFigures()).toEqual(before);
    expect(await db.event.count({ where: { shop: SHOP_A, visitorId: { startsWith: "attacker-" } } })).toBe(0);
  });

  it("from many addresses, still nothing counts: the token belongs to one visitor", async () => {
    const before = await adminFigures();
    let accepted = 0;
    for (let a = 0; a < 20; a++) {
      const report = await eventFloodAttack(routeStorefront({ shop: SHOP_A, address: `192.0.2.${a + 1}` }), {
        productId: "101",
        batches: 10,
      });
      accepted += report.accepted;
      expect(report.statuses[500]).toBeUndefined();
    }
    expect(accepted).toBe(0);
    expect(await adminFigures()).toEqual(before);
  });
});

describe("tracking tokens", () => {
  const storefront = routeStorefront({ shop: SHOP_A, address: "198.51.100.77" });

  async function served(visitorId: string) {
    const page = await storefront.offers({ context: "product", product_id: "101", visitor_id: visitorId });
    const slot = page.body.slots.find((s: Json) => s.offerId === tentOffer);
    return { slot, item: slot.items[0] };
  }
  const event = (slot: Json, item: Json, type: string, token = item.token, at = Date.now()) => ({
    id: randomUUID(),
    type,
    offerId: slot.offerId,
    productId: item.productId,
    placement: "product",
    token,
    at,
  });

  it("count once per token and kind for the visitor they were served to", async () => {
    const { slot, item } = await served("visitor-once-1");
    const first = await storefront.events(
      JSON.stringify({
        visitorId: "visitor-once-1",
        events: [
          event(slot, item, "impression"),
          event(slot, item, "impression"),
          event(slot, item, "add"),
          event(slot, item, "add"),
        ],
      }),
    );
    expect(first.body).toEqual({ accepted: 2, duplicates: 2, rejected: [] });
    const again = await storefront.events(
      JSON.stringify({ visitorId: "visitor-once-1", events: [event(slot, item, "add"), event(slot, item, "decline")] }),
    );
    expect(again.body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    const stored = await db.event.groupBy({
      by: ["type"],
      where: { shop: SHOP_A, visitorId: "visitor-once-1" },
      _count: { _all: true },
    });
    expect(Object.fromEntries(stored.map((s) => [s.type, s._count._all]))).toEqual({
      impression: 1,
      add: 1,
      decline: 1,
    });
  });

  it("the same visitor's next page view is a new serving with its own tokens", async () => {
    const a = await served("visitor-twice-1");
    await new Promise((r) => setTimeout(r, 1100)); // tokens carry whole seconds
    const b = await served("visitor-twice-1");
    expect(b.item.token).not.toBe(a.item.token);
    const result = await storefront.events(
      JSON.stringify({
        visitorId: "visitor-twice-1",
        events: [event(a.slot, a.item, "impression"), event(b.slot, b.item, "impression")],
      }),
    );
    expect(result.body.accepted).toBe(2);
  });

  it("do not count for another visitor, another offer or product, or after their lifetime", async () => {
    const { slot, item } = await served("visitor-owner-1");
    const other = await storefront.events(
      JSON.stringify({ visitorId: "visitor-thief-1", events: [event(slot, item, "add")] }),
    );
    expect(other.body.rejected).toEqual([{ id: expect.any(String), reason: "invalid token" }]);
    const wrongProduct = await storefront.events(
      JSON.stringify({ visitorId: "visitor-owner-1", events: [{ ...event(slot, item, "add"), productId: "103" }] }),
    );
    expect(wrongProduct.body.rejected[0].reason).toBe("invalid token");
    const wrongOffer = await storefront.events(
      JSON.stringify({ visitorId: "visitor-owner-1", events: [{ ...event(slot, item, "add"), offerId: coffeeOffer }] }),
    );
    expect(wrongOffer.body.rejected[0].reason).toBe("invalid token");

    // A token served seven hours ago, correctly signed, has expired.
    const servedAt = Date.now() - TOKEN_TTL_MS - 3_600_000;
    const old = trackingToken(
      {
        shop: SHOP_A,
        visitorId: "visitor-owner-1",
        servedAt,
        slot: "0",
        offerId: slot.offerId,
        productId: item.productId,
        placement: "product",
      },
      TEST_API_SECRET,
    );
    const expired = await storefront.events(
      JSON.stringify({ visitorId: "visitor-owner-1", events: [event(slot, item, "add", old, servedAt + 60_000)] }),
    );
    expect(expired.body.rejected[0].reason).toBe("token expired");
    // An event claiming to precede the serving of its item is refused.
    const early = await storefront.events(
      JSON.stringify({
        visitorId: "visitor-owner-1",
        events: [event(slot, item, "add", item.token, Date.now() - 3_600_000)],
      }),
    );
    expect(early.body.rejected[0].reason).toBe("time out of range");
    const forged = await storefront.events(
      JSON.stringify({
        visitorId: "visitor-owner-1",
        events: [event(slot, item, "add", "mzzzzz.0.AAAAAAAAAAAAAAAAAAAAAA")],
      }),
    );
    expect(forged.body.rejected[0].reason).toBe("invalid token");
    expect(
      await db.event.count({ where: { shop: SHOP_A, visitorId: { in: ["visitor-owner-1", "visitor-thief-1"] } } }),
    ).toBe(0);
  });

  it("anonymous visitors share one cached answer but never one token", async () => {
    const a = await served("visitor-cache-aaaa");
    const b = await served("visitor-cache-bbbb");
    expect(b.item.productId).toBe(a.item.productId);
    expect(b.item.token).not.toBe(a.item.token);
    const mine = await storefront.events(
      JSON.stringify({ visitorId: "visitor-cache-bbbb", events: [event(b.slot, b.item, "impression")] }),
    );
    expect(mine.body.accepted).toBe(1);
  });
});

describe("limits a client cannot reset by choosing another visitor id", () => {
  it("a fresh visitor and token for every forged add, from one address, adds at most 12", async () => {
    const report = await freshTokenAttack(routeStorefront({ shop: SHOP_A, address: "198.51.100.200" }), {
      productId: "101",
      visitors: 60,
    });
    expect(report.statuses[500]).toBeUndefined();
    const adds = await db.event.count({ where: { shop: SHOP_A, type: "add", visitorId: { startsWith: "patient-" } } });
    expect(adds).toBe(12);
    // the impressions of those page views still count: they happened
    expect(
      await db.event.count({ where: { shop: SHOP_A, type: "impression", visitorId: { startsWith: "patient-" } } }),
    ).toBe(60);
    await db.event.deleteMany({ where: { shop: SHOP_A, visitorId: { startsWith: "patient-" } } });
  });

  it("a flood from one address is refused with 429 whatever visitor ids it carries; other addresses are unaffected", async () => {
    const flood = await eventFloodAttack(routeStorefront({ shop: SHOP_A, address: "2001:db8:aa:bb::1" }), {
      productId: "101",
      batches: 20,
      type: "impression",
    });
    expect(flood.statuses[429]).toBeGreaterThan(0);
    // another address in the same /64 shares the limit …
    const sameNet = await eventFloodAttack(routeStorefront({ shop: SHOP_A, address: "2001:db8:aa:bb::99" }), {
      productId: "101",
      batches: 1,
      type: "impression",
    });
    expect(sameNet.statuses).toEqual({ 429: 1 });
    // … a shopper elsewhere is not affected
    const elsewhere = await eventFloodAttack(routeStorefront({ shop: SHOP_A, address: "203.0.113.5" }), {
      productId: "101",
      batches: 1,
      type: "impression",
    });
    expect(elsewhere.statuses).toEqual({ 200: 1 });
  });
});

describe("the admin flags forged event patterns", () => {
  it("an offer whose adds (from many addresses, with genuine tokens) are never followed by orders", async () => {
    const before = await adminFigures();
    expect(before.warnings.some((t: string) => /events look forged/.test(t))).toBe(false);
    expect(before.page[2]).toBeNull();
    // 4 visitors per address (an address's limit is 12 adds), 15 addresses: 60 forged adds with genuine tokens.
    for (let a = 0; a < 15; a++)
      await freshTokenAttack(routeStorefront({ shop: SHOP_A, address: `100.64.${a}.1` }), {
        productId: "101",
        visitors: 4,
      });
    const after = await adminFigures();
    expect(after.warnings).toContain("“Tent companions”: events look forged");
    expect(after.page[2]).toMatch(
      /adds were reported by shoppers’ browsers, but Shopify’s orders carry only 1 line from them/,
    );
    // Revenue comes from Shopify's orders: unmoved.
    expect(after.kpis.revenue).toBe(before.kpis.revenue);
    expect(after.kpis.aovLift).toBe(before.kpis.aovLift);
  });
});
