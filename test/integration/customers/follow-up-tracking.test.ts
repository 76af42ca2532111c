// What follow-ups brought, through the real routes on a real database: follow-ups delivered to the
// Admin API stand-in (documents validated against the real 2026-10 schema) carry links with a
// `_pairwise` token and a one-use discount code of their own; orders arrive as HMAC-signed
// orders/create webhooks through the webhook route and are attributed to the follow-up by link or
// code, for the same customer only; a forged or unknown parameter attributes nothing; refunds come
// off; the holdout never gets a metafield, a link or a code; the Customers page loader shows it all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { adminRequest, installShop, routeArgs, useTestShopifyEnv, webhookRequest } from "../../support/shopify";
import { readFixture, startAdminApiStandin, STANDIN_SHOP, type AdminApiStandin } from "../../support/admin-api-standin";

useTestShopifyEnv();
useFreshDatabase();
const api: AdminApiStandin = await startAdminApiStandin();
api.server.listen({ onUnhandledRequest: "error" });
const { default: db } = await import("../../../app/db.server");
const { reconcileOrders } = await import("../../../app/services/sync/reconcile.server");
const { inFollowUpHoldout } = await import("../../../app/domain/customers");
const page = await import("../../../app/routes/app.customers");
const webhooks = await import("../../../app/routes/webhooks");

const DAY = 86_400_000;
const SHOP = STANDIN_SHOP;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loader data and metafield JSON are asserted field by field
type Json = any;

const PRODUCTS = [
  { id: "701", title: "Coffee filters", handle: "coffee-filters", price: 1200 },
  { id: "702", title: "Milk frother", handle: "milk-frother", price: 3500 },
  { id: "703", title: "Espresso cups", handle: "espresso-cups", price: 2400 },
];

/** Customer ids the shop's holdout split puts in the followed-up group (3) and in the holdout (1). */
const followed: string[] = [];
const held: string[] = [];
for (let id = 5000; followed.length < 3 || held.length < 1; id++) {
  const inHoldout = inFollowUpHoldout(String(id), SHOP, 10);
  if (inHoldout && held.length < 1) held.push(String(id));
  if (!inHoldout && followed.length < 3) followed.push(String(id));
}
const [alice, bob, carol] = followed;
const [hugo] = held;

async function load(): Promise<Json> {
  return page.loader(routeArgs(await adminRequest("/app/customers", { shop: SHOP })) as never);
}
async function act(form: Record<string, string>): Promise<{ status: number; body: Json }> {
  const res = (await page.action(
    routeArgs(await adminRequest("/app/customers", { shop: SHOP, form })) as never,
  )) as Response;
  return { status: res.status, body: await res.json() };
}

let orderSeq = 9100;
/** An orders/create webhook as Shopify signs and sends it, through the webhook route. */
async function placeOrder(p: {
  customer: string;
  createdAt?: Date;
  landingSite?: string | null;
  codes?: string[];
  lines: [productId: string, quantity: number][];
}): Promise<string> {
  const id = orderSeq++;
  const payload = {
    id,
    name: `#${id}`,
    created_at: (p.createdAt ?? new Date()).toISOString(),
    currency: "USD",
    customer: { id: Number(p.customer) },
    landing_site: p.landingSite ?? null,
    referring_site: "https://mail.example/",
    discount_codes: (p.codes ?? []).map((code) => ({ code, amount: "1.20", type: "percentage" })),
    line_items: p.lines.map(([productId, quantity], i) => ({
      id: id * 10 + i,
      product_id: Number(productId),
      variant_id: Number(productId) * 10,
      title: PRODUCTS.find((x) => x.id === productId)!.title,
      quantity,
      price: (PRODUCTS.find((x) => x.id === productId)!.price / 100).toFixed(2),
      discount_allocations: [],
    })),
    refunds: [],
  };
  const res = (await webhooks.action(
    routeArgs(webhookRequest({ topic: "orders/create", shop: SHOP, payload })) as never,
  )) as Response;
  expect(res.status).toBe(200);
  await expect.poll(() => db.order.count({ where: { shop: SHOP, shopifyId: String(id) } })).toBe(1);
  return String(id);
}

const metafieldOf = (customerId: string): Json => {
  const raw = api.state.customers.get(`gid://shopify/Customer/${customerId}`)?.metafields.get("pairwise.next_offers");
  return raw ? JSON.parse(raw) : null;
};

beforeAll(async () => {
  await installShop(SHOP);
  await db.session.updateMany({ where: { shop: SHOP }, data: { accessToken: "standin-token" } });
  for (const p of PRODUCTS)
    await db.product.create({ data: { shop: SHOP, shopifyId: p.id, title: p.title, handle: p.handle } });
  // Follow-ups as the computation leaves them: due since yesterday, with the contact it records.
  const contactAt = new Date(Date.now() - DAY);
  for (const customerId of [...followed, ...held]) {
    const offers = [
      {
        productId: "701",
        probability: 0.4,
        reasonKind: "replenishment",
        reason: "Replenishment",
        fromProductId: null,
        moment: "replenishment",
        contactAt: contactAt.toISOString(),
      },
      {
        productId: "702",
        probability: 0.2,
        reasonKind: "complement",
        reason: "Goes with",
        fromProductId: "703",
        moment: "day_7",
        contactAt: contactAt.toISOString(),
      },
    ];
    const holdout = held.includes(customerId);
    await db.customerFollowUp.create({
      data: {
        shop: SHOP,
        customerId,
        status: "due",
        contactAt,
        holdout,
        topProbability: 0.4,
        offers: JSON.stringify(offers),
        computedAt: contactAt,
      },
    });
    await db.followUpContact.create({
      data: {
        shop: SHOP,
        customerId,
        contactDay: contactAt.toISOString().slice(0, 10),
        contactAt,
        productIds: '["701","702"]',
        holdout,
      },
    });
  }
}, 120_000);
afterAll(() => api?.server.close());

describe("delivering follow-ups with tracking", () => {
  it("saves the attribution window and the discount percent with the rules, and rejects bad values", async () => {
    const rules = {
      intent: "rules",
      maxOffers: "3",
      minProbabilityPercent: "2",
      horizonDays: "30",
      contactCap: "2",
      contactPeriodDays: "30",
      quietDaysAfterRefund: "14",
      holdoutPercent: "10",
    };
    const bad = await act({ ...rules, attributionDays: "0", discountPercent: "80" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["attributionDays", "discountPercent"]);
    expect((await act({ ...rules, attributionDays: "14", discountPercent: "10" })).status).toBe(200);
    expect(await db.followUpTracking.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({
      attributionDays: 14,
      discountPercent: 10,
    });
  });

  it("writes links with the follow-up's `_pairwise` token and a code of its own; the holdout gets nothing", async () => {
    const res = await act({ intent: "sync" });
    expect(res.status).toBe(200);
    expect(api.state.problems).toEqual([]);
    const names = api.state.received.map((r) => r.operationName);
    expect(names).toContain("PairwiseMetafieldsSet");
    expect(names).not.toContain("PairwiseCustomerMetafieldsSet");
    for (const customerId of followed) {
      const value = metafieldOf(customerId);
      expect(value.tracking.param).toBe("_pairwise");
      expect(value.tracking.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(value.tracking.discount_code).toMatch(/^PW-[0-9A-F]{10}$/);
      expect(value.offers[0].url).toBe(`https://${SHOP}/products/coffee-filters?_pairwise=${value.tracking.token}`);
      const code = api.state.discountCodes.get(value.tracking.discount_code)!;
      expect(code.customers).toEqual([`gid://shopify/Customer/${customerId}`]);
      expect(code.productIds).toEqual(["gid://shopify/Product/701", "gid://shopify/Product/702"]);
      expect(code.percentage).toBe(0.1);
      expect(code.usageLimit).toBe(1);
    }
    // tokens differ per follow-up
    expect(new Set(followed.map((c) => metafieldOf(c).tracking.token)).size).toBe(3);
    expect(metafieldOf(hugo)).toBeNull();
    expect(api.state.customers.get(`gid://shopify/Customer/${hugo}`)?.tags.size ?? 0).toBe(0);
    expect(await db.followUpLink.count({ where: { shop: SHOP, customerId: hugo } })).toBe(0);
    expect(api.state.discountCodes.size).toBe(3);
    // a second sync changes nothing: same tokens, same codes, nothing sent
    const before = api.state.received.length;
    expect((await act({ intent: "sync" })).status).toBe(200);
    expect(api.state.received.length).toBe(before);
  });
});

describe("orders arriving through the webhook route", () => {
  let aliceOrder: string;

  it("attributes the customer's order placed through the link to the follow-up", async () => {
    const url = new URL(metafieldOf(alice).offers[0].url);
    aliceOrder = await placeOrder({
      customer: alice,
      landingSite: `${url.pathname}${url.search}&utm_source=shopify_email`,
      lines: [
        ["701", 2],
        ["703", 1],
      ],
    });
    await expect
      .poll(() => db.followUpOrder.findFirst({ where: { shop: SHOP, orderShopifyId: aliceOrder } }))
      .toMatchObject({ customerId: alice, matchedBy: "link" });
  });

  it("attributes an order with the follow-up's code, typed in any case", async () => {
    const code = metafieldOf(bob).tracking.discount_code as string;
    const id = await placeOrder({ customer: bob, codes: [code.toLowerCase()], lines: [["702", 1]] });
    await expect
      .poll(() => db.followUpOrder.findFirst({ where: { shop: SHOP, orderShopifyId: id } }))
      .toMatchObject({ customerId: bob, matchedBy: "code" });
  });

  it("attributes nothing for a forged or unknown `_pairwise` parameter, another customer's link or code, or an order placed before the follow-up", async () => {
    const forged = await placeOrder({
      customer: carol,
      landingSite: "/products/coffee-filters?_pairwise=AAAAAAAAAAAAAAAAAAAAAA",
      lines: [["701", 1]],
    });
    const junk = await placeOrder({
      customer: carol,
      landingSite: "/products/coffee-filters?_pairwise=%3Cscript%3Ealert(1)%3C/script%3E",
      codes: ["PW-0000000000", "x".repeat(300)],
      lines: [["701", 1]],
    });
    const aliceLink = new URL(metafieldOf(alice).offers[0].url);
    const borrowed = await placeOrder({
      customer: carol,
      landingSite: `${aliceLink.pathname}${aliceLink.search}`,
      codes: [metafieldOf(bob).tracking.discount_code],
      lines: [["701", 1]],
    });
    const early = await placeOrder({
      customer: carol,
      createdAt: new Date(Date.now() - 3 * DAY),
      landingSite: `/products/coffee-filters?_pairwise=${metafieldOf(carol).tracking.token}`,
      lines: [["701", 1]],
    });
    // the orders are stored (nothing acknowledged is lost) but none is a follow-up's
    await new Promise((r) => setTimeout(r, 300));
    expect(
      await db.followUpOrder.count({ where: { shop: SHOP, orderShopifyId: { in: [forged, junk, borrowed, early] } } }),
    ).toBe(0);
    expect(await db.followUpOrder.count({ where: { shop: SHOP } })).toBe(2);
  });

  it("shows the figures on the Customers page, refund-adjusted, against the holdout", async () => {
    await expect.poll(async () => (await load()).results.tracked.orders).toBe(2);
    const data = await load();
    expect(data.results.attributionDays).toBe(14);
    expect(data.results.tracked).toEqual({
      orders: 2,
      byLink: 1,
      byCode: 1,
      attributed: 2 * 1200 + 3500, // alice's filters, bob's frother
      orderRevenue: 2 * 1200 + 2400 + 3500,
      followUpsWithOrders: 2,
    });
    const c = data.results.comparison;
    expect(c.followedUp.customers).toBe(3);
    expect(c.holdout.customers).toBe(1);
    // carol's orders count for her group (all her orders after the follow-up moment), not as attributed
    expect(c.followedUp.revenue).toBe(2 * 1200 + 2400 + 3500 + 3 * 1200);
    expect(c.followedUp.converted).toBe(3);
    expect(c.holdout.revenue).toBe(0);

    // a refund of one filter comes off the attributed revenue
    const refund = {
      id: 77001,
      order_id: Number(aliceOrder),
      created_at: new Date().toISOString(),
      refund_line_items: [{ line_item_id: Number(aliceOrder) * 10, quantity: 1 }],
    };
    const res = (await webhooks.action(
      routeArgs(webhookRequest({ topic: "refunds/create", shop: SHOP, payload: refund })) as never,
    )) as Response;
    expect(res.status).toBe(200);
    await expect.poll(async () => (await load()).results.tracked.attributed).toBe(1200 + 3500);
  });

  it("erases a customer's links and attributed orders with customers/redact", async () => {
    const res = (await webhooks.action(
      routeArgs(
        webhookRequest({
          topic: "customers/redact",
          shop: SHOP,
          payload: { customer: { id: Number(alice) }, orders_to_redact: [Number(aliceOrder)] },
        }),
      ) as never,
    )) as Response;
    expect(res.status).toBe(200);
    await expect.poll(() => db.followUpLink.count({ where: { shop: SHOP, customerId: alice } })).toBe(0);
    expect(await db.followUpOrder.count({ where: { shop: SHOP, customerId: alice } })).toBe(0);
    expect(await db.followUpOrder.count({ where: { shop: SHOP } })).toBe(1);
  });
});

describe("orders arriving through the reconcile query (no webhook)", () => {
  it("attributes an order by the landing page of the customer's visit and by its code, read from the Admin API order", async () => {
    const fixture = readFixture("orders_bulk.jsonl")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const template = fixture.find((l) => l.id === "gid://shopify/Order/5512345678902")!;
    const items = fixture.filter((l) => l.__parentId === template.id).map(({ __parentId: _p, ...rest }) => rest);
    const node = (id: number, customer: string, landingPage: string | null, codes: string[]) => ({
      ...template,
      id: `gid://shopify/Order/${id}`,
      name: `#${id}`,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      customer: { id: `gid://shopify/Customer/${customer}` },
      discountCodes: codes,
      customerJourneySummary: { firstVisit: { landingPage: "https://mail.example/" }, lastVisit: { landingPage } },
      lineItems: { pageInfo: { hasNextPage: false }, nodes: items },
    });
    const link = new URL(metafieldOf(carol).offers[0].url, "https://shop.example");
    const byLink = 9_700_001;
    const byCode = 9_700_002;
    const forged = 9_700_003;
    api.state.orderPages = [
      {
        nodes: [
          node(byLink, carol, `https://shop.example${link.pathname}${link.search}`, []),
          node(byCode, carol, null, [String(metafieldOf(carol).tracking.discount_code).toLowerCase()]),
          node(forged, carol, "https://shop.example/products/x?_pairwise=AAAAAAAAAAAAAAAAAAAAAA", ["PW-0000000000"]),
        ],
      },
    ];
    const result = await reconcileOrders(api.admin, SHOP, new Date(Date.now() - DAY));
    expect(result).toMatchObject({ orders: 3, skipped: [] });
    expect(await db.followUpOrder.findFirst({ where: { shop: SHOP, orderShopifyId: String(byLink) } })).toMatchObject({
      customerId: carol,
      matchedBy: "link",
    });
    expect(await db.followUpOrder.findFirst({ where: { shop: SHOP, orderShopifyId: String(byCode) } })).toMatchObject({
      customerId: carol,
      matchedBy: "code",
    });
    expect(await db.followUpOrder.count({ where: { shop: SHOP, orderShopifyId: String(forged) } })).toBe(0);
    // a second run of the same page attributes nothing twice
    api.state.orderPages = [...api.state.orderPages];
    await reconcileOrders(api.admin, SHOP, new Date(Date.now() - DAY));
    expect(await db.followUpOrder.count({ where: { shop: SHOP, customerId: carol } })).toBe(2);
    expect(api.state.problems).toEqual([]);
  });
});
