// Dashboard, settings, insights and bundles loaders/actions with real signed requests on SQLite:
// figures computed from stored rows with the definitions of docs/metrics.md, validation, shop isolation.
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { adminRequest, installShop, routeArgs, SHOP_A, SHOP_B, useTestShopifyEnv } from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const dashboard = await import("../../../app/routes/app._index");
const settings = await import("../../../app/routes/app.settings");
const insights = await import("../../../app/routes/app.insights/route");
const bundles = await import("../../../app/routes/app.bundles");

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are asserted field by field
type Json = any;

async function outcome(promise: Promise<unknown>): Promise<{ status: number; body: Json }> {
  try {
    const result = await promise;
    if (result instanceof Response) {
      const text = await result.text();
      try {
        return { status: result.status, body: JSON.parse(text) };
      } catch {
        return { status: result.status, body: text };
      }
    }
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() };
    throw thrown;
  }
}

const DAY = 86_400_000;
const rec = (
  shop: string,
  a: string,
  b: string,
  lift: number,
  confidence: number,
  count: number,
  kind = "cross_sell",
) => ({
  shop,
  productId: a,
  recommendedProductId: b,
  kind,
  source: "mined",
  count,
  support: count / 100,
  confidence,
  lift,
  attachRate: 0.5,
  score: lift / 10,
  rank: 1,
  computedAt: new Date(),
  gapDaysMedian: kind === "sequential" ? 14 : null,
});
let offerA: string;
let bundleB: string;

beforeAll(async () => {
  await installShop(SHOP_A);
  await installShop(SHOP_B);
  for (const shop of [SHOP_A, SHOP_B]) {
    for (const [id, title, price] of [
      ["1", "Espresso Machine", 50000],
      ["2", "Milk Pitcher", 2000],
      ["3", "Tamper", 3000],
    ] as const) {
      const p = await db.product.create({
        data: { shop, shopifyId: id, title: `${title}`, handle: title.toLowerCase(), tags: '["coffee"]' },
      });
      await db.variant.create({ data: { shop, shopifyId: `${id}0`, productId: p.id, price } });
    }
  }
  offerA = (await db.offer.create({ data: { shop: SHOP_A, name: "Pitcher with machine", status: "active" } })).id;
  const offerB = (await db.offer.create({ data: { shop: SHOP_B, name: "B offer", status: "active" } })).id;
  const recent = new Date(Date.now() - 3 * DAY);
  // Shop A: 4 orders in the last 30 days, one with an accepted offer line (2 × 20.00 − 5.00 = 35.00).
  const subtotals = [54000, 50000, 3000, 2000];
  for (let i = 0; i < 4; i++) {
    const o = await db.order.create({
      data: { shop: SHOP_A, shopifyId: `a${i}`, createdAt: recent, subtotal: subtotals[i] },
    });
    await db.orderLine.create({ data: { shop: SHOP_A, orderId: o.id, productId: "1", quantity: 1, price: 50000 } });
    if (i === 0)
      await db.orderLine.create({
        data: { shop: SHOP_A, orderId: o.id, productId: "2", quantity: 2, price: 2000, discount: 500, offerId: offerA },
      });
  }
  // An old order (outside 30 days) with an offer line: counted in 90 days only.
  const old = await db.order.create({
    data: { shop: SHOP_A, shopifyId: "old", createdAt: new Date(Date.now() - 60 * DAY), subtotal: 2000 },
  });
  await db.orderLine.create({
    data: { shop: SHOP_A, orderId: old.id, productId: "2", quantity: 1, price: 2000, offerId: offerA },
  });
  for (let i = 0; i < 10; i++)
    await db.event.create({
      data: {
        shop: SHOP_A,
        clientEventId: `i${i}`,
        offerId: offerA,
        placement: "product",
        type: i < 8 ? "impression" : "add",
        visitorId: `v${i}`,
        occurredAt: recent,
      },
    });
  // Shop B: lots of offer revenue and events that must never show up for A.
  for (let i = 0; i < 3; i++) {
    const o = await db.order.create({ data: { shop: SHOP_B, shopifyId: `b${i}`, createdAt: recent, subtotal: 99900 } });
    await db.orderLine.create({
      data: { shop: SHOP_B, orderId: o.id, productId: "3", quantity: 3, price: 33300, offerId: offerB },
    });
    await db.event.create({
      data: {
        shop: SHOP_B,
        clientEventId: `b${i}`,
        offerId: offerB,
        placement: "cart",
        type: "accept",
        visitorId: "vb",
        occurredAt: recent,
      },
    });
  }
  await db.recommendation.createMany({
    data: [
      rec(SHOP_A, "1", "2", 3.2, 0.4, 12),
      rec(SHOP_A, "2", "1", 3.2, 0.3, 12),
      rec(SHOP_A, "1", "3", 2.5, 0.3, 8),
      rec(SHOP_A, "3", "1", 2.5, 0.5, 8),
      rec(SHOP_A, "2", "3", 1.8, 0.2, 5),
      rec(SHOP_A, "3", "2", 1.8, 0.2, 5),
      rec(SHOP_A, "1", "3", 0, 0.4, 6, "sequential"),
      rec(SHOP_B, "1", "2", 9.9, 0.9, 50),
    ],
  });
  bundleB = (
    await db.bundle.create({
      data: { shop: SHOP_B, title: "B bundle", components: { create: [{ productId: "1" }, { productId: "2" }] } },
    })
  ).id;
});

describe("dashboard", () => {
  it("computes the KPIs of the period from the caller's orders and events only", async () => {
    const { body } = await outcome(dashboard.loader(routeArgs(await adminRequest("/app?days=30", { shop: SHOP_A }))));
    expect(body.orders).toBe(5);
    expect(body.kpis.ordersInPeriod).toBe(4);
    expect(body.kpis.attributedRevenue.net).toBe(3500);
    expect(body.kpis.acceptanceRate).toBeCloseTo(2 / 8);
    expect(body.kpis.crossSell).toEqual({ orders: 4, withOffer: 1, rate: 0.25 });
    expect(body.kpis.aovWithOffer).toBe(54000);
    expect(body.kpis.aovWithoutOffer).toBeCloseTo((50000 + 3000 + 2000) / 3);
    expect(body.topOffers.map((o: { name: string }) => o.name)).toEqual(["Pitcher with machine"]);
    expect(body.series.length).toBe(30);
    expect(body.series.reduce((s: number, p: { revenue: number }) => s + p.revenue, 0)).toBe(3500);
  });

  it("widens with the chosen period", async () => {
    const { body } = await outcome(dashboard.loader(routeArgs(await adminRequest("/app?days=90", { shop: SHOP_A }))));
    expect(body.kpis.ordersInPeriod).toBe(5);
    expect(body.kpis.attributedRevenue.net).toBe(5500);
  });

  it("warns that recommendations were never mined", async () => {
    const { body } = await outcome(dashboard.loader(routeArgs(await adminRequest("/app", { shop: SHOP_A }))));
    expect(body.warnings.map((w: { title: string }) => w.title)).toContain("Recommendations have not been mined yet");
  });
});

describe("settings", () => {
  it("saves valid settings, the free-shipping threshold in cents", async () => {
    const json = {
      relevanceThreshold: "0.3",
      maxSuggestions: 4,
      lowStockThreshold: "5",
      marginPreference: 0.5,
      frequencyCapPerDay: "3",
      holdoutPercent: 20,
      excludedProductIds: ["3"],
      excludedTags: ["gift-card"],
      freeShippingThreshold: "49.99",
      highReturnRate: "0.25",
    };
    const res = await outcome(settings.action(routeArgs(await adminRequest("/app/settings", { shop: SHOP_A, json }))));
    expect(res.body).toMatchObject({ ok: true });
    const a = await db.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    expect(a).toMatchObject({
      relevanceThreshold: 0.3,
      maxSuggestions: 4,
      holdoutPercent: 20,
      freeShippingThreshold: 4999,
      highReturnRate: 0.25,
      excludedTags: '["gift-card"]',
      excludedProductIds: '["3"]',
    });
    const b = await db.shop.findUniqueOrThrow({ where: { domain: SHOP_B } });
    expect(b).toMatchObject({ relevanceThreshold: 0.15, holdoutPercent: 10, freeShippingThreshold: null });
    const loaded = await outcome(settings.loader(routeArgs(await adminRequest("/app/settings", { shop: SHOP_A }))));
    expect(loaded.body.excluded).toEqual([{ id: "3", title: "Tamper" }]);
  });

  it("answers 400 with a message per out-of-range field", async () => {
    const json = {
      relevanceThreshold: "2",
      maxSuggestions: 9,
      lowStockThreshold: "-1",
      marginPreference: 0.5,
      frequencyCapPerDay: "101",
      holdoutPercent: 80,
      highReturnRate: "0.3",
    };
    const res = await outcome(settings.action(routeArgs(await adminRequest("/app/settings", { shop: SHOP_B, json }))));
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors).sort()).toEqual([
      "frequencyCapPerDay",
      "holdoutPercent",
      "lowStockThreshold",
      "maxSuggestions",
      "relevanceThreshold",
    ]);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: SHOP_B } })).relevanceThreshold).toBe(0.15);
  });

  it("refuses a save without a valid session token", async () => {
    const res = await outcome(
      settings.action(
        routeArgs(await adminRequest("/app/settings", { shop: SHOP_B, json: { holdoutPercent: 0 }, token: null })),
      ),
    );
    expect(res.status).not.toBe(200);
  });
});

describe("insights", () => {
  it("lists the caller's mined pairs with their figures, sorted and filtered by product", async () => {
    const byLift = await outcome(
      insights.loader(routeArgs(await adminRequest("/app/insights?sort=confidence&dir=desc", { shop: SHOP_A }))),
    );
    expect(byLift.body.pairs.total).toBe(6);
    const confidences = byLift.body.pairs.pairs.map((p: { confidence: number }) => p.confidence);
    expect(confidences).toEqual([...confidences].sort((x: number, y: number) => y - x));
    expect(byLift.body.pairs.pairs.some((p: { lift: number }) => p.lift === 9.9)).toBe(false);
    const filtered = await outcome(
      insights.loader(routeArgs(await adminRequest("/app/insights?product=tamper", { shop: SHOP_A }))),
    );
    expect(filtered.body.pairs.total).toBe(4);
    expect(
      filtered.body.pairs.pairs.every((p: { productTitle: string; recommendedTitle: string }) =>
        [p.productTitle, p.recommendedTitle].includes("Tamper"),
      ),
    ).toBe(true);
  });

  it("lists sequential patterns with their typical gap", async () => {
    const res = await outcome(
      insights.loader(routeArgs(await adminRequest("/app/insights?tab=sequences", { shop: SHOP_A }))),
    );
    expect(res.body.sequences).toMatchObject([
      { productTitle: "Espresso Machine", recommendedTitle: "Tamper", gapDaysMedian: 14 },
    ]);
  });

  it("re-mines the caller's shop in the background and records the run", async () => {
    const res = await outcome(
      insights.action(routeArgs(await adminRequest("/app/insights", { shop: SHOP_A, json: { intent: "mine" } }))),
    );
    expect(res.body).toMatchObject({ ok: true });
    await expect
      .poll(async () => (await db.miningRun.findFirst({ where: { shop: SHOP_A } }))?.status, { timeout: 10_000 })
      .toBe("succeeded");
    const run = await db.miningRun.findFirstOrThrow({ where: { shop: SHOP_A } });
    expect(run.orders).toBe(5);
    expect(await db.miningRun.count({ where: { shop: SHOP_B } })).toBe(0);
    expect(await db.recommendation.count({ where: { shop: SHOP_B, lift: 9.9 } })).toBe(1);
  });

  it("refuses a second run while one is in progress", async () => {
    const running = await db.miningRun.create({ data: { shop: SHOP_B, status: "running" } });
    const res = await outcome(
      insights.action(routeArgs(await adminRequest("/app/insights", { shop: SHOP_B, json: { intent: "mine" } }))),
    );
    expect(res.status).toBe(409);
    await db.miningRun.delete({ where: { id: running.id } });
  });
});

describe("bundles", () => {
  it("creates a fixed bundle and prices it with the bundle discount", async () => {
    const bundle = {
      title: "Coffee kit",
      discountType: "percent",
      discountValue: "15",
      components: [
        { productId: "1", quantity: 1 },
        { productId: "2", quantity: 2 },
      ],
    };
    const res = await outcome(
      bundles.action(
        routeArgs(await adminRequest("/app/bundles", { shop: SHOP_A, json: { intent: "create", bundle } })),
      ),
    );
    expect(res.body).toMatchObject({ ok: true });
    const { body } = await outcome(bundles.loader(routeArgs(await adminRequest("/app/bundles", { shop: SHOP_A }))));
    const kit = body.bundles.find((b: { title: string }) => b.title === "Coffee kit");
    // 500.00 + 2 × 20.00 = 540.00, 15 % off = 459.00
    expect(kit.price).toMatchObject({ total: 54000, discounted: 45900, saving: 8100 });
    expect(body.bundles.some((b: { title: string }) => b.title === "B bundle")).toBe(false);
  });

  it("rejects a bundle of one product", async () => {
    const bundle = { title: "Solo", discountType: "none", components: [{ productId: "1", quantity: 1 }] };
    const res = await outcome(
      bundles.action(
        routeArgs(await adminRequest("/app/bundles", { shop: SHOP_A, json: { intent: "create", bundle } })),
      ),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.components).toMatch(/at least 2/);
  });

  it("proposes frequently-bought-together sets from strong mined pairs, not already saved ones", async () => {
    // (the re-mine above replaced A's recommendations: put strong pairs back)
    await db.recommendation.deleteMany({ where: { shop: SHOP_A } });
    await db.recommendation.createMany({
      data: [
        rec(SHOP_A, "1", "2", 3.2, 0.4, 12),
        rec(SHOP_A, "1", "3", 2.5, 0.3, 8),
        rec(SHOP_A, "3", "2", 1.8, 0.2, 5),
        rec(SHOP_A, "2", "3", 1.2, 0.05, 5),
      ],
    });
    const { body } = await outcome(bundles.loader(routeArgs(await adminRequest("/app/bundles", { shop: SHOP_A }))));
    const sets = body.proposals.map((p: { productIds: string[] }) => [...p.productIds].sort().join(","));
    // 1–2 is saved already ("Coffee kit"); 1–3 grows to 1–3–2 because 2 pairs strongly with both.
    expect(sets).toEqual(["1,2,3"]);
    for (const p of body.proposals) expect(p.productIds.length).toBeGreaterThanOrEqual(2);
  });

  it("is a 404 when shop A pauses or deletes shop B's bundle", async () => {
    for (const intent of ["pause", "delete"]) {
      const res = await outcome(
        bundles.action(routeArgs(await adminRequest("/app/bundles", { shop: SHOP_A, json: { intent, id: bundleB } }))),
      );
      expect(res.status).toBe(404);
    }
    expect(await db.bundle.findUniqueOrThrow({ where: { id: bundleB } })).toMatchObject({ status: "active" });
  });
});
