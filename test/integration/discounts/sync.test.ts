// The shop's checkout discounts kept equal to its offers and bundles, through the real routes and
// the Admin API stand-in (every document validated against the real 2026-10 Admin schema): the
// automatic discount is created with the first discounted bundle or offer, the rules on the
// products it concerns are rewritten on every change (and removed from products no longer concerned), a paused, deleted or ended offer leaves the rules, the merchant's
// combination setting reaches combinesWith, a merged bundle creates the cart transform, and the
// state read back from Shopify (deactivated, deleted, function missing) is what the admin says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { adminRequest, installShop, routeArgs, useTestShopifyEnv } from "../../support/shopify";
import { startAdminApiStandin, STANDIN_SHOP, type AdminApiStandin } from "../../support/admin-api-standin";

useTestShopifyEnv();
useFreshDatabase();
const api: AdminApiStandin = await startAdminApiStandin();
api.server.listen({ onUnhandledRequest: "error" });
const { default: db } = await import("../../../app/db.server");
const bundlesRoute = await import("../../../app/routes/app.bundles");
const discountsRoute = await import("../../../app/routes/app.discounts");
const offerRoute = await import("../../../app/routes/app.offers.$id");
const { compileShopDiscounts, getDiscountState, refreshDiscountStatus } =
  await import("../../../app/services/discounts/index.server");
const { runDiscountJobs } = await import("../../../app/services/jobs.server");
const { functionConfigOf, readRules } = await import("../../../app/domain/discounts");

type Json = Record<string, unknown>;
const NS = "$app:pairwise";

async function call(route: { action: (args: never) => unknown }, path: string, json: unknown) {
  const res = (await route.action(
    routeArgs(await adminRequest(path, { shop: STANDIN_SHOP, json })) as never,
  )) as Response;
  return { status: res.status, body: (await res.json()) as { ok: boolean; message: string } };
}
/** The rules Shopify holds on each product and variant (what the discount function reads), by numeric id. */
const held = () =>
  Object.fromEntries(
    [...api.state.catalogMetafields].flatMap(([owner, fields]) => {
      const value = fields.get(`${NS}.rules`);
      return value ? [[owner.replace(/^gid:\/\/shopify\//, ""), readRules(JSON.parse(value))]] : [];
    }),
  );

beforeAll(async () => {
  await installShop(STANDIN_SHOP);
  await db.session.updateMany({ where: { shop: STANDIN_SHOP }, data: { accessToken: "standin-token" } });
  await db.product.createMany({
    data: ["101", "102", "103", "900"].map((id) => ({
      shop: STANDIN_SHOP,
      shopifyId: id,
      title: `Product ${id}`,
      handle: `p-${id}`,
      imageUrl: `https://cdn.example/${id}.png`,
    })),
  });
  for (const id of ["101", "102", "103", "900"]) {
    const product = await db.product.findFirstOrThrow({ where: { shop: STANDIN_SHOP, shopifyId: id } });
    await db.variant.create({ data: { shop: STANDIN_SHOP, shopifyId: `9${id}`, productId: product.id, price: 1000 } });
  }
}, 120_000);
afterAll(() => api?.server.close());

describe("checkout discounts kept equal to offers and bundles", () => {
  let bundleId: string;

  it("creates no discount in the shop while nothing gives a saving", async () => {
    const state = await getDiscountState(STANDIN_SHOP);
    expect(state.live).toBe(false);
    const res = await call(discountsRoute, "/app/discounts", { intent: "sync" });
    expect(res.status).toBe(200);
    expect(api.state.discounts.size).toBe(0);
    expect((await getDiscountState(STANDIN_SHOP)).reason).toMatch(/No offer or bundle with a discount/);
  });

  it("creates the automatic discount with the first discounted bundle, its rules in a metafield", async () => {
    const bundle = {
      title: "Kit",
      discountType: "percent",
      discountValue: "10",
      components: [
        { productId: "101", quantity: 1 },
        { productId: "102", quantity: 2 },
      ],
    };
    expect((await call(bundlesRoute, "/app/bundles", { intent: "create", bundle })).body.ok).toBe(true);
    bundleId = (await db.bundle.findFirstOrThrow({ where: { shop: STANDIN_SHOP } })).id;
    expect(api.state.discounts.size).toBe(1);
    const [discount] = [...api.state.discounts.values()];
    expect(discount).toMatchObject({
      functionHandle: "pairwise-discount",
      discountClasses: ["PRODUCT"],
      status: "ACTIVE",
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    });
    const compiled = await compileShopDiscounts(STANDIN_SHOP);
    expect(discount.metafields.get(`${NS}.config`)).toBe(JSON.stringify(functionConfigOf(compiled.config)));
    // the rules are on the bundle's products, one part each
    expect(Object.keys(held()).sort()).toEqual(["Product/101", "Product/102"]);
    expect(held()["Product/102"].b).toEqual([
      { k: compiled.config.b[0].k, ci: 1, q: 2, n: 2, kind: "%", value: 10, message: "Kit" },
    ]);
    const state = await getDiscountState(STANDIN_SHOP);
    expect(state).toMatchObject({ live: true, reason: null, status: "ACTIVE" });
    const page = (await bundlesRoute.loader(routeArgs(await adminRequest("/app/bundles", { shop: STANDIN_SHOP })))) as {
      bundles: Json[];
      discount: { live: boolean };
    };
    expect(page.discount.live).toBe(true);
    expect(page.bundles[0].checkout).toEqual({ live: true, reason: null });
  });

  it("rewrites the rules when a bundle is edited or paused, without a second discount", async () => {
    const bundle = {
      title: "Kit",
      discountType: "fixed",
      discountValue: "5",
      components: [
        { productId: "101", quantity: 1 },
        { productId: "103", quantity: 1 },
      ],
    };
    expect((await call(bundlesRoute, "/app/bundles", { intent: "update", id: bundleId, bundle })).body).toEqual({
      ok: true,
      message: "Bundle saved",
    });
    // 102 left the bundle: its rules are deleted; 103 joined
    expect(Object.keys(held()).sort()).toEqual(["Product/101", "Product/103"]);
    expect(held()["Product/103"].b).toEqual([
      expect.objectContaining({ ci: 1, q: 1, n: 2, kind: "$", value: 500, message: "Kit" }),
    ]);
    await call(bundlesRoute, "/app/bundles", { intent: "pause", id: bundleId });
    expect(held()).toEqual({});
    expect(api.state.discounts.size).toBe(1);
    const page = (await bundlesRoute.loader(routeArgs(await adminRequest("/app/bundles", { shop: STANDIN_SHOP })))) as {
      bundles: Json[];
    };
    expect(page.bundles[0].checkout).toEqual({ live: false, reason: "Paused: shoppers pay full price." });
    await call(bundlesRoute, "/app/bundles", { intent: "activate", id: bundleId });
  });

  it("holds live offers only: a paused, deleted or ended offer leaves the rules; a scheduled one enters when it starts", async () => {
    const base = {
      shop: STANDIN_SHOP,
      offerSource: "manual",
      triggerType: "products",
      triggerValues: '["101"]',
      offeredProductIds: '["103"]',
      discountType: "percent",
      discountValue: 15,
    };
    const live = await db.offer.create({ data: { ...base, name: "live", status: "active" } });
    const paused = await db.offer.create({ data: { ...base, name: "paused", status: "paused" } });
    await db.offer.create({
      data: { ...base, name: "ended", status: "active", endsAt: new Date(Date.now() - 60_000) },
    });
    const startsAt = new Date(Date.now() + 120_000);
    const later = await db.offer.create({ data: { ...base, name: "later", status: "active", startsAt } });
    await call(discountsRoute, "/app/discounts", { intent: "sync" });
    const keys = held()["Product/103"].e.map((e) => e.k);
    expect(keys).toHaveLength(1);
    expect(live.id.endsWith(keys[0])).toBe(true);
    expect(held()["Product/101"].t).toEqual(keys);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: STANDIN_SHOP } })).discountDueAt).toEqual(startsAt);

    // the offer's page says the truth about its discount
    const page = (await offerRoute.loader(
      routeArgs(await adminRequest(`/app/offers/${paused.id}`, { shop: STANDIN_SHOP }), { id: paused.id }),
    )) as { checkout: { live: boolean; reason: string } };
    expect(page.checkout).toEqual({ live: false, reason: "The offer is not active: shoppers see regular prices." });

    // the minute job rewrites the rules once the scheduled offer starts
    await runDiscountJobs(startsAt.getTime() + 1);
    expect(held()["Product/103"].e.some((e) => later.id.endsWith(e.k))).toBe(true);

    // deleting an offer through its page removes it from the rules
    const deleted = (await offerRoute.action(
      routeArgs(await adminRequest(`/app/offers/${live.id}`, { shop: STANDIN_SHOP, json: { intent: "delete" } }), {
        id: live.id,
      }),
    )) as Response;
    expect(deleted.status).toBe(302);
    expect(held()["Product/103"].e.some((e) => live.id.endsWith(e.k))).toBe(false);
  });

  it("passes the merchant's combination setting to combinesWith", async () => {
    const res = await call(discountsRoute, "/app/discounts", {
      intent: "save",
      combinesWithOrder: true,
      combinesWithProduct: false,
      combinesWithShipping: false,
    });
    expect(res.body.ok).toBe(true);
    expect([...api.state.discounts.values()][0].combinesWith).toEqual({
      orderDiscounts: true,
      productDiscounts: false,
      shippingDiscounts: false,
    });
  });

  it("creates the cart transform, with the bundles, once a bundle is shown as one line", async () => {
    const bundle = {
      title: "Kit",
      discountType: "percent",
      discountValue: "10",
      presentation: "merged",
      mergedProductId: "900",
      components: [
        { productId: "101", quantity: 1 },
        { productId: "102", quantity: 1 },
      ],
    };
    expect((await call(bundlesRoute, "/app/bundles", { intent: "update", id: bundleId, bundle })).body.ok).toBe(true);
    expect(api.state.cartTransforms).toHaveLength(1);
    const config = JSON.parse(api.state.cartTransforms[0].metafields.get(`${NS}.config`)!) as {
      b: { pv?: string; ti?: string; im?: string }[];
    };
    expect(config.b[0]).toMatchObject({ pv: "9900", ti: "Kit", im: "https://cdn.example/900.png" });
    // the bundle's own variant carries its part: a merged line is one complete set
    expect(held()["ProductVariant/9900"].b).toEqual([expect.objectContaining({ ci: -1, n: 2, kind: "%", value: 10 })]);
    // a bundle product among its own components is refused
    const selfish = { ...bundle, mergedProductId: "101" };
    expect((await call(bundlesRoute, "/app/bundles", { intent: "update", id: bundleId, bundle: selfish })).status).toBe(
      400,
    );
  });

  it("says the discount is not live once the merchant deactivates it in Shopify admin, and does not reactivate it", async () => {
    const [discount] = [...api.state.discounts.values()];
    discount.status = "EXPIRED";
    const state = await refreshDiscountStatus(api.admin, STANDIN_SHOP);
    expect(state.live).toBe(false);
    expect(state.reason).toMatch(/deactivated in Shopify admin/);
    await call(discountsRoute, "/app/discounts", { intent: "sync" });
    expect(discount.status).toBe("EXPIRED");
    expect((await getDiscountState(STANDIN_SHOP)).live).toBe(false);
    discount.status = "ACTIVE";
    await refreshDiscountStatus(api.admin, STANDIN_SHOP);
    expect((await getDiscountState(STANDIN_SHOP)).live).toBe(true);
  });

  it("recreates the discount deleted in Shopify admin on the next write, and records a missing function", async () => {
    api.state.discounts.clear();
    expect((await refreshDiscountStatus(api.admin, STANDIN_SHOP)).reason).toMatch(/deleted in Shopify admin/);
    api.state.functionHandles = ["pairwise-bundle"];
    const failed = await call(discountsRoute, "/app/discounts", { intent: "sync" });
    expect(failed.body.ok).toBe(false);
    expect(failed.body.message).toMatch(/Function not found/);
    expect((await getDiscountState(STANDIN_SHOP)).live).toBe(false);
    expect(
      (await db.shop.findUniqueOrThrow({ where: { domain: STANDIN_SHOP } })).discountDueAt!.getTime(),
    ).toBeGreaterThan(Date.now());
    api.state.functionHandles = ["pairwise-discount", "pairwise-bundle"];
    await call(discountsRoute, "/app/discounts", { intent: "sync" });
    expect(api.state.discounts.size).toBe(1);
    expect((await getDiscountState(STANDIN_SHOP)).live).toBe(true);
    expect(api.state.problems).toEqual([]);
  });
});
