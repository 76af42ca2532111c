// Offer loaders and actions with real signed requests on a real SQLite file: validation errors,
// figures computed from stored events and order lines, and shop isolation.
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { adminRequest, installShop, routeArgs, SHOP_A, SHOP_B, useTestShopifyEnv } from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const list = await import("../../../app/routes/app.offers._index");
const create = await import("../../../app/routes/app.offers.new");
const edit = await import("../../../app/routes/app.offers.$id");
const products = await import("../../../app/routes/app.api.products");
const recommendations = await import("../../../app/routes/app.api.recommendations");

async function outcome(promise: Promise<unknown>): Promise<{ status: number; body: unknown; location: string | null }> {
  try {
    const result = await promise;
    if (result instanceof Response) {
      const text = await result.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: result.status, body, location: result.headers.get("Location") };
    }
    return { status: 200, body: result, location: null };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, body: await thrown.text(), location: thrown.headers.get("Location") };
    throw thrown;
  }
}

const validOffer = {
  name: "Tent → stakes",
  type: "cross_sell",
  status: "active",
  triggerType: "products",
  triggerValues: ["101"],
  offerSource: "manual",
  offeredProductIds: ["102"],
  placements: ["product", "cart"],
  discountType: "fixed",
  discountValue: "2.50",
  headline: "Complete your {product}",
  body: "",
  audience: "returning",
  excludeHighReturn: true,
  startsAt: "2026-12-01",
  endsAt: "2026-12-31",
  priority: "5",
  maxSuggestions: "3",
};

let offerB: string;

beforeAll(async () => {
  await installShop(SHOP_A);
  await installShop(SHOP_B);
  for (const shop of [SHOP_A, SHOP_B]) {
    for (const [id, title] of [
      ["101", "Trail Tent"],
      ["102", "Tent Stakes"],
    ]) {
      const p = await db.product.create({
        data: { shop, shopifyId: id, title: `${title} ${shop === SHOP_A ? "A" : "B"}`, handle: title.toLowerCase() },
      });
      await db.variant.create({ data: { shop, shopifyId: `${id}0`, productId: p.id, price: 1999 } });
    }
  }
  offerB = (await db.offer.create({ data: { shop: SHOP_B, name: "B's offer", status: "active" } })).id;
});

describe("creating an offer", () => {
  it("stores a valid offer with money in cents and redirects to its page", async () => {
    const res = await outcome(
      create.action(routeArgs(await adminRequest("/app/offers/new", { shop: SHOP_A, json: validOffer }))),
    );
    expect(res.status).toBe(302);
    const id = res.location!.match(/\/app\/offers\/([^?]+)/)![1];
    const row = await db.offer.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      shop: SHOP_A,
      name: "Tent → stakes",
      discountType: "fixed",
      discountValue: 250,
      audience: "returning",
      priority: 5,
      maxSuggestions: 3,
    });
    expect(JSON.parse(row.placements)).toEqual(["product", "cart"]);
    expect(JSON.parse(row.triggerValues)).toEqual(["101"]);
    expect(row.startsAt?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("accepts a form-encoded submission with repeated placement fields", async () => {
    const form = {
      ...validOffer,
      excludeHighReturn: "on",
      name: "Form offer",
      placements: ["checkout", "thank_you"],
      triggerValues: ["101"],
      offeredProductIds: ["102"],
    };
    const res = await outcome(
      create.action(
        routeArgs(
          await adminRequest("/app/offers/new", { shop: SHOP_A, form: form as Record<string, string | string[]> }),
        ),
      ),
    );
    expect(res.status).toBe(302);
    const row = await db.offer.findFirstOrThrow({ where: { shop: SHOP_A, name: "Form offer" } });
    expect(JSON.parse(row.placements)).toEqual(["checkout", "thank_you"]);
  });

  it("answers 400 with an inline message per invalid field and stores nothing", async () => {
    const before = await db.offer.count();
    const bad = {
      ...validOffer,
      name: " ",
      placements: [],
      discountType: "percent",
      discountValue: "150",
      triggerValues: [],
      offeredProductIds: [],
      endsAt: "2026-11-01",
    };
    const res = await outcome(
      create.action(routeArgs(await adminRequest("/app/offers/new", { shop: SHOP_A, json: bad }))),
    );
    expect(res.status).toBe(400);
    const errors = (res.body as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual([
      "discountValue",
      "endsAt",
      "name",
      "offeredProductIds",
      "placements",
      "triggerValues",
    ]);
    expect(errors.discountValue).toMatch(/between 0 and 100/);
    expect(await db.offer.count()).toBe(before);
  });

  it("rejects a cart-subtotal trigger whose maximum is below its minimum", async () => {
    const bad = {
      ...validOffer,
      triggerType: "cart_subtotal",
      triggerValues: [],
      cartSubtotalMin: "80",
      cartSubtotalMax: "50",
    };
    const res = await outcome(
      create.action(routeArgs(await adminRequest("/app/offers/new", { shop: SHOP_A, json: bad }))),
    );
    expect(res.status).toBe(400);
    expect((res.body as { errors: Record<string, string> }).errors.cartSubtotalMax).toMatch(/at least the minimum/);
  });

  it("prefills the form from a mined pair", async () => {
    const res = await outcome(
      create.loader(routeArgs(await adminRequest("/app/offers/new?trigger=101&offer=102", { shop: SHOP_A }))),
    );
    const data = res.body as {
      initial: { name: string; triggerProducts: { title: string }[]; offeredProducts: { title: string }[] };
    };
    expect(data.initial.triggerProducts.map((p) => p.title)).toEqual(["Trail Tent A"]);
    expect(data.initial.offeredProducts.map((p) => p.title)).toEqual(["Tent Stakes A"]);
  });
});

describe("the offers list", () => {
  it("shows impressions, acceptance rate and attributed revenue computed from the store", async () => {
    const offer = await db.offer.create({ data: { shop: SHOP_A, name: "Measured", status: "active" } });
    const at = new Date("2026-11-01T10:00:00Z");
    const events = [
      ...Array.from({ length: 8 }, (_, i) => ({ type: "impression", i })),
      { type: "click", i: 8 },
      { type: "add", i: 9 },
      { type: "accept", i: 10 },
      { type: "decline", i: 11 },
    ];
    for (const e of events)
      await db.event.create({
        data: {
          shop: SHOP_A,
          clientEventId: `m-${e.i}`,
          offerId: offer.id,
          placement: "cart",
          type: e.type,
          visitorId: "v1",
          occurredAt: at,
        },
      });
    const order = await db.order.create({ data: { shop: SHOP_A, shopifyId: "9001", createdAt: at, subtotal: 5000 } });
    // 2 × 20.00 − 4.00 discount = 36.00, one of two units refunded → 18.00 net
    await db.orderLine.create({
      data: {
        shop: SHOP_A,
        orderId: order.id,
        productId: "102",
        quantity: 2,
        price: 2000,
        discount: 400,
        refundedQuantity: 1,
        offerId: offer.id,
      },
    });
    await db.orderLine.create({
      data: { shop: SHOP_A, orderId: order.id, productId: "101", quantity: 1, price: 1000 },
    });

    const res = await outcome(list.loader(routeArgs(await adminRequest("/app/offers", { shop: SHOP_A }))));
    const row = (
      res.body as {
        offers: { id: string; impressions: number; acceptances: number; acceptanceRate: number; revenue: number }[];
      }
    ).offers.find((o) => o.id === offer.id)!;
    expect(row).toMatchObject({ impressions: 8, acceptances: 2, acceptanceRate: 0.25, revenue: 1800 });
  });

  it("filters by status and never lists another shop's offers", async () => {
    const all = (await outcome(list.loader(routeArgs(await adminRequest("/app/offers", { shop: SHOP_A }))))).body as {
      offers: { id: string; status: string }[];
    };
    expect(all.offers.some((o) => o.id === offerB)).toBe(false);
    expect(all.offers.length).toBeGreaterThan(0);
    await db.offer.create({ data: { shop: SHOP_A, name: "Paused one", status: "paused" } });
    const paused = (
      await outcome(list.loader(routeArgs(await adminRequest("/app/offers?status=paused", { shop: SHOP_A }))))
    ).body as { offers: { status: string }[] };
    expect(paused.offers.length).toBe(1);
    expect(paused.offers.every((o) => o.status === "paused")).toBe(true);
  });

  it("bulk actions touch only the caller's rows", async () => {
    const mine = await db.offer.create({ data: { shop: SHOP_A, name: "Mine", status: "active" } });
    const paused = await outcome(
      list.action(
        routeArgs(
          await adminRequest("/app/offers", { shop: SHOP_A, form: { intent: "pause", ids: [mine.id, offerB] } }),
        ),
      ),
    );
    expect(paused.body).toMatchObject({ ok: true, count: 1 });
    expect((await db.offer.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe("paused");
    expect((await db.offer.findUniqueOrThrow({ where: { id: offerB } })).status).toBe("active");

    const deleted = await outcome(
      list.action(
        routeArgs(
          await adminRequest("/app/offers", { shop: SHOP_A, form: { intent: "delete", ids: [mine.id, offerB] } }),
        ),
      ),
    );
    expect(deleted.body).toMatchObject({ ok: true, count: 1 });
    expect(await db.offer.findUnique({ where: { id: mine.id } })).toBeNull();
    expect(await db.offer.findUnique({ where: { id: offerB } })).not.toBeNull();
  });

  it("refuses an unknown bulk action with a message", async () => {
    const res = await outcome(
      list.action(
        routeArgs(
          await adminRequest("/app/offers", { shop: SHOP_A, form: { intent: "archive-everything", ids: [offerB] } }),
        ),
      ),
    );
    expect(res.status).toBe(400);
  });
});

describe("one offer", () => {
  it("loads, saves, pauses and deletes the caller's own offer", async () => {
    const own = await db.offer.create({
      data: { shop: SHOP_A, name: "Own", status: "active", offeredProductIds: '["102"]', triggerValues: '["101"]' },
    });
    const loaded = await outcome(
      edit.loader(routeArgs(await adminRequest(`/app/offers/${own.id}`, { shop: SHOP_A }), { id: own.id })),
    );
    expect(loaded.status).toBe(200);
    expect(
      (loaded.body as { initial: { offeredProducts: { title: string }[] } }).initial.offeredProducts[0].title,
    ).toBe("Tent Stakes A");

    const saved = await outcome(
      edit.action(
        routeArgs(
          await adminRequest(`/app/offers/${own.id}`, {
            shop: SHOP_A,
            json: { intent: "save", ...validOffer, name: "Renamed" },
          }),
          { id: own.id },
        ),
      ),
    );
    expect(saved.body).toMatchObject({ ok: true });
    expect((await db.offer.findUniqueOrThrow({ where: { id: own.id } })).name).toBe("Renamed");

    await outcome(
      edit.action(
        routeArgs(await adminRequest(`/app/offers/${own.id}`, { shop: SHOP_A, json: { intent: "pause" } }), {
          id: own.id,
        }),
      ),
    );
    expect((await db.offer.findUniqueOrThrow({ where: { id: own.id } })).status).toBe("paused");

    const del = await outcome(
      edit.action(
        routeArgs(await adminRequest(`/app/offers/${own.id}`, { shop: SHOP_A, json: { intent: "delete" } }), {
          id: own.id,
        }),
      ),
    );
    expect(del.status).toBe(302);
    expect(await db.offer.findUnique({ where: { id: own.id } })).toBeNull();
  });

  it("is a 404 when shop A loads, edits, pauses or deletes shop B's offer", async () => {
    const load = await outcome(
      edit.loader(routeArgs(await adminRequest(`/app/offers/${offerB}`, { shop: SHOP_A }), { id: offerB })),
    );
    expect(load.status).toBe(404);
    for (const body of [
      { intent: "save", ...validOffer, name: "Hijacked" },
      { intent: "pause" },
      { intent: "delete" },
    ]) {
      const res = await outcome(
        edit.action(
          routeArgs(await adminRequest(`/app/offers/${offerB}`, { shop: SHOP_A, json: body }), { id: offerB }),
        ),
      );
      expect(res.status).toBe(404);
    }
    expect(await db.offer.findUniqueOrThrow({ where: { id: offerB } })).toMatchObject({
      name: "B's offer",
      status: "active",
    });
  });

  it("refuses requests without a valid session token", async () => {
    const noToken = await outcome(
      list.loader(routeArgs(await adminRequest("/app/offers", { shop: SHOP_A, token: null }))),
    );
    expect(noToken.status).not.toBe(200);
    const forged = await outcome(
      create.action(
        routeArgs(await adminRequest("/app/offers/new", { shop: SHOP_A, json: validOffer, secret: "wrong-secret" })),
      ),
    );
    expect(forged.status).toBe(401);
    const bulk = await outcome(
      list.action(
        routeArgs(
          await adminRequest("/app/offers", {
            shop: SHOP_B,
            form: { intent: "delete", ids: [offerB] },
            secret: "wrong-secret",
          }),
        ),
      ),
    );
    expect(bulk.status).toBe(401);
    expect(await db.offer.findUnique({ where: { id: offerB } })).not.toBeNull();
  });
});

describe("product search for the picker", () => {
  it("searches only the caller's catalog", async () => {
    const res = await outcome(
      products.loader(routeArgs(await adminRequest("/app/api/products?q=tent", { shop: SHOP_A }))),
    );
    const found = (res.body as { products: { title: string; priceText: string }[] }).products;
    expect(found.map((p) => p.title).sort()).toEqual(["Tent Stakes A", "Trail Tent A"]);
    expect(found[0].priceText).toBe("$19.99");
  });
});

describe("the recommended-products preview", () => {
  it("shows the caller's mined recommendations above the relevance threshold and minimum lift", async () => {
    const rec = (shop: string, score: number, lift: number) => ({
      shop,
      productId: "101",
      recommendedProductId: "102",
      kind: "cross_sell",
      source: "mined",
      score,
      lift,
      rank: 1,
      computedAt: new Date(),
    });
    await db.recommendation.createMany({ data: [rec(SHOP_A, 0.5, 3), rec(SHOP_B, 0.9, 8)] });
    const get = async (query: string, shop = SHOP_A) =>
      (
        (
          await outcome(
            recommendations.loader(routeArgs(await adminRequest(`/app/api/recommendations?${query}`, { shop }))),
          )
        ).body as { products: { title: string; lift: number }[] }
      ).products;
    expect(await get("products=101")).toEqual([expect.objectContaining({ title: "Tent Stakes A", lift: 3 })]);
    expect(await get("products=101&minLift=4")).toEqual([]);
    await db.shop.update({ where: { domain: SHOP_A }, data: { relevanceThreshold: 0.6 } });
    expect(await get("products=101")).toEqual([]);
    await db.shop.update({ where: { domain: SHOP_A }, data: { relevanceThreshold: 0.15 } });
    expect(await get("products=101&type=upsell")).toEqual([]);
  });
});

describe("refund warnings", () => {
  it("flags an offer whose sold units are refunded far above the shop's baseline, on its page and on the dashboard", async () => {
    const dashboard = await import("../../../app/routes/app._index");
    const offer = await db.offer.create({ data: { shop: SHOP_B, name: "Returns a lot", status: "active" } });
    const at = new Date(Date.now() - 5 * 86_400_000);
    for (let i = 0; i < 40; i++) {
      const o = await db.order.create({ data: { shop: SHOP_B, shopifyId: `r${i}`, createdAt: at, subtotal: 4000 } });
      // 40 offer units, half refunded; 200 other units, 4 refunded
      await db.orderLine.create({
        data: {
          shop: SHOP_B,
          orderId: o.id,
          productId: "102",
          quantity: 1,
          price: 2000,
          refundedQuantity: i % 2,
          offerId: offer.id,
        },
      });
      await db.orderLine.create({
        data: {
          shop: SHOP_B,
          orderId: o.id,
          productId: "101",
          quantity: 5,
          price: 400,
          refundedQuantity: i < 4 ? 1 : 0,
        },
      });
    }
    const page = await outcome(
      edit.loader(routeArgs(await adminRequest(`/app/offers/${offer.id}`, { shop: SHOP_B }), { id: offer.id })),
    );
    expect((page.body as { refunds: unknown }).refunds).toMatchObject({
      flagged: true,
      offerRate: 0.5,
      baselineRate: 0.02,
      offerUnits: 40,
    });
    const dash = await outcome(dashboard.loader(routeArgs(await adminRequest("/app", { shop: SHOP_B }))));
    expect((dash.body as { warnings: { title: string }[] }).warnings.map((w) => w.title)).toContain(
      "“Returns a lot” sells products that come back",
    );
    const other = await outcome(dashboard.loader(routeArgs(await adminRequest("/app", { shop: SHOP_A }))));
    expect(
      (other.body as { warnings: { title: string }[] }).warnings.some((w) => w.title.includes("Returns a lot")),
    ).toBe(false);
  });
});
