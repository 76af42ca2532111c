// The post-purchase endpoints with tokens signed as Shopify signs the extension's inputData.token
// (HS256, the app secret, iss "shopify", sub = the purchase's reference id, no exp), and the
// attribution of the line the accepted offer adds, reported by orders/updated.
import { randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import {
  BROWSER_UA,
  checkoutRequest,
  installShop,
  routeArgs,
  SHOP_A,
  SHOP_B,
  TEST_API_KEY,
  TEST_API_SECRET,
  useTestShopifyEnv,
  webhookRequest,
} from "../../support/shopify";
import { callRoute, catalogProduct, type Json } from "../../support/routes";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const offerRoute = await import("../../../app/routes/api.post-purchase.offer");
const signRoute = await import("../../../app/routes/api.post-purchase.sign-changeset");
const eventRoute = await import("../../../app/routes/api.post-purchase.event");
const webhooks = await import("../../../app/routes/webhooks");

const product = (shop: string, id: string, title: string, price: number) =>
  catalogProduct(shop, id, title, price, { imageUrl: `https://cdn.test/${id}.png` });

interface Line {
  productId: string;
  variantId: string;
  quantity?: number;
  total?: string;
}

/** inputData.token as Shopify signs it for the post-purchase extension points. */
async function inputToken(
  shop: string,
  referenceId: string,
  lines: Line[],
  opts: { customerId?: number; secret?: string; iat?: number; exp?: number; sub?: string; iss?: string } = {},
) {
  const jwt = new SignJWT({
    input_data: {
      extensionPoint: "Checkout::PostPurchase::ShouldRender",
      initialPurchase: {
        referenceId,
        ...(opts.customerId ? { customerId: opts.customerId } : {}),
        totalPriceSet: {
          shopMoney: { amount: "100.00", currencyCode: "USD" },
          presentmentMoney: { amount: "100.00", currencyCode: "USD" },
        },
        lineItems: lines.map((l) => ({
          product: {
            id: Number(l.productId),
            title: "x",
            variant: { id: Number(l.variantId), title: "", metafields: [] },
            metafields: [],
          },
          quantity: l.quantity ?? 1,
          totalPriceSet: {
            shopMoney: { amount: l.total ?? "199.00", currencyCode: "USD" },
            presentmentMoney: { amount: l.total ?? "199.00", currencyCode: "USD" },
          },
        })),
      },
      locale: "en",
      shop: { id: 1, domain: shop, metafields: [] },
      version: "unstable",
    },
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(opts.iss ?? "shopify")
    .setSubject(opts.sub ?? referenceId)
    .setIssuedAt(opts.iat ?? Math.floor(Date.now() / 1000));
  if (opts.exp) jwt.setExpirationTime(opts.exp);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? TEST_API_SECRET));
}

function extensionRequest(path: string, token: string | null, body?: unknown, method = "POST"): Request {
  const headers = new Headers({
    "User-Agent": BROWSER_UA,
    Origin: "https://extensions.shopifycdn.com",
    "Content-Type": "application/json",
  });
  if (token) headers.set("Authorization", `Bearer ${token}`);
  return new Request(`https://pairwise.test${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const askOffers = (token: string | null, referenceId = "ref") =>
  callRoute(() => offerRoute.action(routeArgs(extensionRequest("/api/post-purchase/offer", token, { referenceId }))));
const sign = (token: string, body: unknown) =>
  callRoute(() => signRoute.action(routeArgs(extensionRequest("/api/post-purchase/sign-changeset", token, body))));
const event = (token: string, body: unknown) =>
  callRoute(() => eventRoute.action(routeArgs(extensionRequest("/api/post-purchase/event", token, body))));

async function recommend(shop: string, from: string, to: string, score: number, rank: number, kind = "cross_sell") {
  await db.recommendation.create({
    data: {
      shop,
      productId: from,
      recommendedProductId: to,
      kind,
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

const TENT: Line = { productId: "101", variantId: "9101" };
let offerA = "";

beforeAll(async () => {
  await installShop(SHOP_A);
  await installShop(SHOP_B);
  for (const shop of [SHOP_A, SHOP_B])
    await db.shop.update({
      where: { domain: shop },
      data: { holdoutPercent: 0, relevanceThreshold: 0.1, postPurchaseLimit: 2 },
    });
  await product(SHOP_A, "101", "Trail Tent", 19900);
  await product(SHOP_A, "102", "Sleeping Bag", 8900);
  await product(SHOP_A, "103", "Tent Stakes", 1500);
  await product(SHOP_A, "104", "Camp Lantern", 2500);
  await recommend(SHOP_A, "101", "102", 0.9, 1);
  await recommend(SHOP_A, "101", "103", 0.8, 2);
  await recommend(SHOP_A, "101", "104", 0.85, 1, "sequential");
  const offer = await db.offer.create({
    data: {
      shop: SHOP_A,
      name: "After the tent",
      status: "active",
      triggerType: "any",
      offerSource: "recommended",
      placements: '["post_purchase"]',
      discountType: "percent",
      discountValue: 10,
      headline: "Complete your kit",
      priority: 5,
    },
  });
  offerA = offer.id;
  // Shop B: a product with the same id, other companions, its own post-purchase offer.
  await product(SHOP_B, "101", "Espresso Machine", 49900);
  await product(SHOP_B, "201", "Coffee Beans", 1800);
  await recommend(SHOP_B, "101", "201", 0.9, 1);
  await db.offer.create({
    data: {
      shop: SHOP_B,
      name: "Beans",
      status: "active",
      triggerType: "any",
      offerSource: "manual",
      offeredProductIds: '["201"]',
      placements: '["post_purchase"]',
      discountType: "fixed",
      discountValue: 500,
    },
  });
});

describe("authentication of the extension's requests", () => {
  it("answers the CORS preflight with 204 and open CORS headers", async () => {
    const { status, headers } = await callRoute(() =>
      offerRoute.loader(routeArgs(extensionRequest("/api/post-purchase/offer", null, undefined, "OPTIONS"))),
    );
    expect(status).toBe(204);
    expect(headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(headers.get("Access-Control-Allow-Headers")).toMatch(/Authorization/);
  });

  it("refuses a missing, forged, expired, stale or mismatched token with 401 and computes nothing", async () => {
    const before = await db.postPurchaseOffer.count();
    expect((await askOffers(null)).status).toBe(401);
    expect((await askOffers(await inputToken(SHOP_A, "ref-1", [TENT], { secret: "not-the-app-secret" }))).status).toBe(
      401,
    );
    expect(
      (await askOffers(await inputToken(SHOP_A, "ref-1", [TENT], { exp: Math.floor(Date.now() / 1000) - 60 }))).status,
    ).toBe(401);
    expect(
      (await askOffers(await inputToken(SHOP_A, "ref-1", [TENT], { iat: Math.floor(Date.now() / 1000) - 2 * 3600 })))
        .status,
    ).toBe(401);
    expect((await askOffers(await inputToken(SHOP_A, "ref-1", [TENT], { sub: "another-purchase" }))).status).toBe(401);
    expect((await askOffers(await inputToken(SHOP_A, "ref-1", [TENT], { iss: "someone" }))).status).toBe(401);
    const forged = await callRoute(() =>
      signRoute.action(routeArgs(extensionRequest("/api/post-purchase/sign-changeset", "x.y.z", {}))),
    );
    expect(forged.status).toBe(401);
    expect(await db.postPurchaseOffer.count()).toBe(before);
  });
});

describe("POST /api/post-purchase/offer", () => {
  it("offers companions and sequential patterns of the order's own lines with the merchant's discount, one shop only", async () => {
    const token = await inputToken(SHOP_A, "ref-offers", [TENT]);
    const { status, body, headers } = await askOffers(token, "ref-offers");
    expect(status).toBe(200);
    expect(headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(body.render).toBe(true);
    // the merchant's limit is 2: the best companion, then the sequential pattern (scored above the stakes)
    expect(body.offers.map((o: Json) => o.productId)).toEqual(["102", "104"]);
    const first = body.offers[0];
    expect(first).toMatchObject({
      offerId: offerA,
      headline: "Complete your kit",
      price: 8900,
      discountedPrice: 8010,
      discount: { value: 10, valueType: "percentage" },
      variantId: "9102",
    });
    // Asked again (a reload): the same offers, not a second set.
    const again = await askOffers(token, "ref-offers");
    expect(again.body.offers.map((o: Json) => o.key)).toEqual(body.offers.map((o: Json) => o.key));
  });

  it("serves shop B's offer for shop B's token and never shop A's", async () => {
    const { body } = await askOffers(await inputToken(SHOP_B, "ref-b", [TENT]), "ref-b");
    expect(body.offers.map((o: Json) => o.productId)).toEqual(["201"]);
    expect(body.offers[0].discount).toMatchObject({ value: 5, valueType: "fixed_amount" });
  });

  it("renders nothing when there is nothing to offer or the merchant's limit is 0", async () => {
    const nothing = await askOffers(
      await inputToken(SHOP_A, "ref-none", [{ productId: "103", variantId: "9103" }]),
      "ref-none",
    );
    expect(nothing.status).toBe(200);
    expect(nothing.body).toMatchObject({ render: false, offers: [] });
    await db.shop.update({ where: { domain: SHOP_A }, data: { postPurchaseLimit: 0 } });
    const off = await askOffers(await inputToken(SHOP_A, "ref-off", [TENT]), "ref-off");
    await db.shop.update({ where: { domain: SHOP_A }, data: { postPurchaseLimit: 2 } });
    expect(off.body).toMatchObject({ render: false, offers: [] });
  });
});

describe("POST /api/post-purchase/sign-changeset", () => {
  it("signs Shopify's changeset JWT once, and refuses what was not offered or configured", async () => {
    const ref = "ref-sign";
    const token = await inputToken(SHOP_A, ref, [TENT]);
    const offered = (await askOffers(token, ref)).body.offers as Json[];
    const o = offered[0];
    const request = {
      referenceId: ref,
      key: o.key,
      variantId: o.variantId,
      quantity: 2,
      discount: { value: 10, valueType: "percentage" },
    };

    const notOffered = await sign(token, { ...request, variantId: "9101" });
    expect(notOffered.status).toBe(403);
    expect(notOffered.body.error).toMatch(/variant was not offered/);
    const tampered = await sign(token, { ...request, discount: { value: 90, valueType: "percentage" } });
    expect(tampered.status).toBe(403);
    expect(tampered.body.error).toMatch(/discount/);
    const otherPurchase = await sign(await inputToken(SHOP_A, "ref-other", [TENT]), {
      ...request,
      referenceId: "ref-other",
    });
    expect(otherPurchase.status).toBe(403);
    const otherShop = await sign(await inputToken(SHOP_B, ref, [TENT]), request);
    expect(otherShop.status).toBe(403);
    expect((await sign(token, { ...request, quantity: "lots" })).status).toBe(400);

    const signed = await sign(token, request);
    expect(signed.status).toBe(200);
    const { payload, protectedHeader } = await jwtVerify(signed.body.token, new TextEncoder().encode(TEST_API_SECRET), {
      algorithms: ["HS256"],
    });
    expect(protectedHeader.alg).toBe("HS256");
    expect(payload.iss).toBe(TEST_API_KEY);
    expect(payload.sub).toBe(ref);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs((payload.iat as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(payload.changes).toEqual([
      {
        type: "add_variant",
        variantId: 9102,
        quantity: 2,
        discount: { value: 10, valueType: "percentage", title: "Complete your kit" },
      },
    ]);
    await expect(jwtVerify(signed.body.token, new TextEncoder().encode("another-secret"))).rejects.toThrow();

    const replay = await sign(token, request);
    expect(replay.status).toBe(409);
  });
});

describe("events and attribution", () => {
  it("records a decline and never offers that product again to the customer", async () => {
    const customerId = 5551;
    const token = await inputToken(SHOP_A, "ref-decline-1", [TENT], { customerId });
    const first = (await askOffers(token, "ref-decline-1")).body.offers as Json[];
    expect((await event(token, { referenceId: "ref-decline-1", key: first[0].key, type: "impression" })).status).toBe(
      200,
    );
    const declined = await event(token, { referenceId: "ref-decline-1", key: first[0].key, type: "decline" });
    expect(declined.body).toMatchObject({ ok: true, recorded: true });
    expect(
      (await event(token, { referenceId: "ref-decline-1", key: first[0].key, type: "decline" })).body.recorded,
    ).toBe(false);
    expect((await event(token, { referenceId: "ref-decline-1", key: first[0].key, type: "accept" })).status).toBe(409);
    const stored = await db.event.findMany({
      where: { shop: SHOP_A, customerId: String(customerId), placement: "post_purchase" },
    });
    expect(stored.map((e) => e.type).sort()).toEqual(["decline", "impression"]);

    const next = (await askOffers(await inputToken(SHOP_A, "ref-decline-2", [TENT], { customerId }), "ref-decline-2"))
      .body.offers as Json[];
    expect(next.map((o) => o.productId)).not.toContain(first[0].productId);
  });

  it("attributes the line added after payment (orders/updated) to the offer, net of discount, then of refunds", async () => {
    const ref = "c0ffee00c0ffee00c0ffee00c0ffee00";
    const token = await inputToken(SHOP_A, ref, [TENT], { customerId: 7001 });
    const o = ((await askOffers(token, ref)).body.offers as Json[])[0];
    const signed = await sign(token, {
      referenceId: ref,
      key: o.key,
      variantId: o.variantId,
      quantity: 2,
      discount: o.discount && { value: o.discount.value, valueType: o.discount.valueType },
    });
    expect(signed.status).toBe(200);
    expect((await event(token, { referenceId: ref, key: o.key, type: "accept" })).body.recorded).toBe(true);

    const order = (lines: Json[], refunds: Json[] = []) => ({
      id: 880001,
      checkout_token: ref,
      name: "#1201",
      created_at: new Date().toISOString(),
      currency: "USD",
      customer: { id: 7001 },
      line_items: lines,
      refunds,
    });
    const tentLine = {
      id: 1,
      product_id: 101,
      variant_id: 9101,
      title: "Trail Tent",
      quantity: 1,
      price: "199.00",
      discount_allocations: [],
    };
    const created = await callRoute(() =>
      webhooks.action(routeArgs(webhookRequest({ topic: "orders/create", shop: SHOP_A, payload: order([tentLine]) }))),
    );
    expect(created.status).toBe(200);
    expect(await db.attribution.count({ where: { shop: SHOP_A, offerId: offerA } })).toBe(0);

    const added = {
      id: 2,
      product_id: Number(o.productId),
      variant_id: Number(o.variantId),
      title: "Added",
      quantity: 2,
      price: (o.price / 100).toFixed(2),
      discount_allocations: [{ amount: ((o.price * 2 * 0.1) / 100).toFixed(2) }],
    };
    await callRoute(() =>
      webhooks.action(
        routeArgs(webhookRequest({ topic: "orders/updated", shop: SHOP_A, payload: order([tentLine, added]) })),
      ),
    );
    const attribution = await db.attribution.findFirstOrThrow({ where: { shop: SHOP_A, offerId: offerA } });
    expect(attribution).toMatchObject({
      quantity: 2,
      revenue: Math.round(o.price * 2 * 0.9),
      refundedRevenue: 0,
      productId: o.productId,
    });
    expect(await db.attribution.count({ where: { shop: SHOP_A, order: { shopifyId: "880001" } } })).toBe(1);
    // the offer's page counts it like any attributed line
    const { offerFigures } = await import("../../../app/services/admin/offers.server");
    expect((await offerFigures(SHOP_A, [offerA])).get(offerA)!.revenue).toBe(Math.round(o.price * 2 * 0.9));

    await callRoute(() =>
      webhooks.action(
        routeArgs(
          webhookRequest({
            topic: "orders/updated",
            shop: SHOP_A,
            payload: order([tentLine, added], [{ id: 77, refund_line_items: [{ line_item_id: 2, quantity: 1 }] }]),
          }),
        ),
      ),
    );
    const refunded = await db.attribution.findFirstOrThrow({ where: { shop: SHOP_A, offerId: offerA } });
    expect(refunded.refundedRevenue).toBe(Math.round(o.price * 0.9));
    expect((await offerFigures(SHOP_A, [offerA])).get(offerA)!.revenue).toBe(Math.round(o.price * 0.9));
  });

  it("does not attribute a line of the same variant in another shop's order with the same checkout token", async () => {
    const payload = {
      id: 990001,
      checkout_token: "c0ffee00c0ffee00c0ffee00c0ffee00",
      name: "#9",
      created_at: new Date().toISOString(),
      currency: "USD",
      line_items: [{ id: 3, product_id: 102, variant_id: 9102, title: "x", quantity: 1, price: "89.00" }],
    };
    await callRoute(() =>
      webhooks.action(
        routeArgs(webhookRequest({ topic: "orders/updated", shop: SHOP_B, payload, eventId: randomUUID() })),
      ),
    );
    expect(await db.attribution.count({ where: { shop: SHOP_B } })).toBe(0);
  });
});

const checkoutOffers = await import("../../../app/routes/api.checkout.offers");
const { invalidateShop } = await import("../../../app/services/storefront/shop-snapshot.server");
const { assignVariant } = await import("../../../app/domain/experiments");

describe("post-purchase experiment arms follow the storefront's visitor", () => {
  let experimentId: string;
  const armOf = (visitor: string) =>
    assignVariant(visitor, experimentId, [
      { key: "control", weight: 50 },
      { key: "b", weight: 50 },
    ]);

  beforeAll(async () => {
    const e = await db.experiment.create({
      data: {
        shop: SHOP_A,
        name: "Post-purchase headline",
        offerId: offerA,
        status: "running",
        startedAt: new Date(Date.now() - 60_000),
        variants: {
          create: [
            { key: "control", name: "Control", weight: 50, config: "{}" },
            { key: "b", name: "B", weight: 50, config: JSON.stringify({ headline: "Variant B headline" }) },
          ],
        },
      },
    });
    experimentId = e.id;
    invalidateShop(SHOP_A);
  });

  it("uses the visitor the checkout reported for this checkout token, so the arm is the cart's", async () => {
    // a storefront visitor in arm b whose purchase identity (purchase-<ref>) would be in the control
    let i = 0;
    let visitor = "";
    let ref = "";
    for (; !visitor; i++) {
      const v = `storefront-${String(i).padStart(4, "0")}`;
      const r = `ref-arm-${String(i).padStart(4, "0")}`;
      if (armOf(v) === "b" && armOf(`purchase-${r}`) === "control") [visitor, ref] = [v, r];
    }
    // the checkout extension asks for offers with its checkout token and the cart's visitor id
    const asked = (await checkoutOffers.loader(
      routeArgs(
        await checkoutRequest("/api/checkout/offers", {
          shop: SHOP_A,
          query: { placement: "checkout", variant_ids: "9101", visitor_id: visitor, checkout_token: ref },
        }),
      ) as never,
    )) as Response;
    expect(asked.status).toBe(200);
    const { body } = await askOffers(await inputToken(SHOP_A, ref, [TENT]), ref);
    expect(body.offers[0]).toMatchObject({ offerId: offerA, headline: "Variant B headline" });
    expect(await db.postPurchaseOffer.findFirst({ where: { shop: SHOP_A, referenceId: ref } })).toMatchObject({
      visitorId: visitor,
    });
  });

  it("falls back to the purchase's own identity when no visitor is known", async () => {
    let ref = "";
    for (let i = 0; !ref; i++) {
      const r = `ref-unknown-${String(i).padStart(4, "0")}`;
      if (armOf(`purchase-${r}`) === "b") ref = r;
    }
    const { body } = await askOffers(await inputToken(SHOP_A, ref, [TENT]), ref);
    expect(body.offers[0]).toMatchObject({ offerId: offerA, headline: "Variant B headline" });
    expect(await db.postPurchaseOffer.findFirst({ where: { shop: SHOP_A, referenceId: ref } })).toMatchObject({
      visitorId: `purchase-${ref}`,
    });
    // and a control purchase identity sees the offer's own headline
    let control = "";
    for (let i = 0; !control; i++) {
      const r = `ref-control-${String(i).padStart(4, "0")}`;
      if (armOf(`purchase-${r}`) === "control") control = r;
    }
    const plain = await askOffers(await inputToken(SHOP_A, control, [TENT]), control);
    expect(plain.body.offers[0]).toMatchObject({ offerId: offerA, headline: "Complete your kit" });
  });
});
