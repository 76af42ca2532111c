// The dashboard's setup checklist for a new shop in Shopify admin: each step comes from the shop's
// real state — orders held, a mining run, storefront events from the blocks and the cart embed —
// and the discounts step from what Shopify last confirmed of the app's automatic discount (written
// through the Admin API stand-in, which validates every document against the real 2026-10 schema).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { adminRequest, installShop, routeArgs, useTestShopifyEnv } from "../../support/shopify";
import { startAdminApiStandin, STANDIN_SHOP, type AdminApiStandin } from "../../support/admin-api-standin";

useTestShopifyEnv();
useFreshDatabase();
const api: AdminApiStandin = await startAdminApiStandin();
api.server.listen({ onUnhandledRequest: "error" });
const { default: db } = await import("../../../app/db.server");
const dashboard = await import("../../../app/routes/app._index");
const bundlesRoute = await import("../../../app/routes/app.bundles");
const { refreshDiscountStatus } = await import("../../../app/services/discounts/index.server");

beforeAll(async () => {
  await installShop(STANDIN_SHOP);
  await db.session.updateMany({ where: { shop: STANDIN_SHOP }, data: { accessToken: "standin-token" } });
  for (const id of ["101", "102"]) {
    const product = await db.product.create({
      data: { shop: STANDIN_SHOP, shopifyId: id, title: `Product ${id}`, handle: `p-${id}` },
    });
    await db.variant.create({ data: { shop: STANDIN_SHOP, shopifyId: `9${id}`, productId: product.id, price: 1000 } });
  }
}, 120_000);
afterAll(() => api?.server.close());

type Step = { id: string; done: boolean | null; detail: string };
const steps = async () =>
  (
    (await dashboard.loader(routeArgs(await adminRequest("/app", { shop: STANDIN_SHOP })))) as unknown as {
      setup: Step[];
    }
  ).setup;
const checklist = async () => Object.fromEntries((await steps()).map((s) => [s.id, s.done]));

describe("the setup checklist", () => {
  it("starts with everything to do and checks each step off from the shop's real state", async () => {
    expect(await checklist()).toEqual({
      orders: false,
      mined: false,
      extension: false,
      blocks: false,
      embed: false,
      discounts: false,
    });

    await db.shop.update({
      where: { domain: STANDIN_SHOP },
      data: { ordersSyncedAt: new Date(), minedAt: new Date() },
    });
    const event = (placement: string, n: number) => ({
      shop: STANDIN_SHOP,
      clientEventId: `evt-${placement}-${n}`,
      placement,
      type: "impression",
      productId: "1",
      visitorId: "v",
      occurredAt: new Date(),
    });
    await db.event.create({ data: event("product", 1) });
    let done = await checklist();
    expect(done).toMatchObject({
      orders: true,
      mined: true,
      extension: true,
      blocks: true,
      embed: false,
      discounts: false,
    });

    await db.event.create({ data: event("cart", 2) });
    // nothing gives a saving yet: the app has no discount in Shopify, and the step says why
    expect((await steps()).find((s) => s.id === "discounts")).toMatchObject({
      done: false,
      detail: expect.stringMatching(/No offer or bundle with a discount/),
    });
    // the first discounted bundle creates the app's automatic discount in Shopify
    const bundle = {
      title: "Kit",
      discountType: "percent",
      discountValue: "10",
      components: [
        { productId: "101", quantity: 1 },
        { productId: "102", quantity: 1 },
      ],
    };
    const res = (await bundlesRoute.action(
      routeArgs(await adminRequest("/app/bundles", { shop: STANDIN_SHOP, json: { intent: "create", bundle } })),
    )) as Response;
    expect(res.status).toBe(200);
    expect(api.state.discounts.size).toBe(1);
    done = await checklist();
    expect(done).toEqual({ orders: true, mined: true, extension: true, blocks: true, embed: true, discounts: true });
    // the merchant deactivates it in Shopify admin: the scheduled status check reads it back
    for (const d of api.state.discounts.values()) d.status = "EXPIRED";
    await refreshDiscountStatus(api.admin, STANDIN_SHOP);
    expect((await steps()).find((s) => s.id === "discounts")).toMatchObject({
      done: false,
      detail: expect.stringMatching(/deactivated in Shopify admin/),
    });
    expect(api.state.problems).toEqual([]);
  });
});
