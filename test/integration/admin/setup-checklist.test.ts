// The dashboard's setup checklist for a new shop in Shopify admin: each step comes from the shop's
// real state — orders held, a mining run, storefront events from the blocks and the cart embed —
// and the discounts step from the Admin API (a stand-in that validates the document against the
// real 2026-10 schema and answers in its shape).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { adminRequest, installShop, routeArgs, TEST_API_KEY, useTestShopifyEnv } from "../../support/shopify";
import { startAdminApiStandin, STANDIN_SHOP, type AdminApiStandin } from "../../support/admin-api-standin";

useTestShopifyEnv();
useFreshDatabase();
const api: AdminApiStandin = await startAdminApiStandin();
api.server.listen({ onUnhandledRequest: "error" });
const { default: db } = await import("../../../app/db.server");
const dashboard = await import("../../../app/routes/app._index");

beforeAll(async () => {
  await installShop(STANDIN_SHOP);
  await db.session.updateMany({ where: { shop: STANDIN_SHOP }, data: { accessToken: "standin-token" } });
}, 120_000);
afterAll(() => api?.server.close());

type Step = { id: string; done: boolean | null; detail: string };
const checklist = async () => {
  const data = (await dashboard.loader(routeArgs(await adminRequest("/app", { shop: STANDIN_SHOP })))) as unknown as { setup: Step[] };
  return Object.fromEntries(data.setup.map((s) => [s.id, s.done]));
};

describe("the setup checklist", () => {
  it("starts with everything to do and checks each step off from the shop's real state", async () => {
    expect(await checklist()).toEqual({ orders: false, mined: false, extension: false, blocks: false, embed: false, discounts: false });

    await db.shop.update({ where: { domain: STANDIN_SHOP }, data: { ordersSyncedAt: new Date(), minedAt: new Date() } });
    const event = (placement: string, n: number) => ({
      shop: STANDIN_SHOP, clientEventId: `evt-${placement}-${n}`, placement, type: "impression", productId: "1", visitorId: "v", occurredAt: new Date(),
    });
    await db.event.create({ data: event("product", 1) });
    let steps = await checklist();
    expect(steps).toMatchObject({ orders: true, mined: true, extension: true, blocks: true, embed: false, discounts: false });

    await db.event.create({ data: event("cart", 2) });
    // an automatic discount of another app does not count; this app's does
    api.state.discountNodes = [
      { id: "gid://shopify/DiscountAutomaticNode/1", discount: { __typename: "DiscountAutomaticApp", title: "Other app", status: "ACTIVE", appDiscountType: { appKey: "someone-else", functionId: "f1" } } },
    ];
    expect((await checklist()).discounts).toBe(false);
    api.state.discountNodes.push({ id: "gid://shopify/DiscountAutomaticNode/2", discount: { __typename: "DiscountAutomaticApp", title: "Pairwise offers", status: "ACTIVE", appDiscountType: { appKey: TEST_API_KEY, functionId: "f2" } } });
    steps = await checklist();
    expect(steps).toEqual({ orders: true, mined: true, extension: true, blocks: true, embed: true, discounts: true });
    expect(api.state.problems).toEqual([]);
  });
});
