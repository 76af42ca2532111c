// Re-sync from Insights for a shop in Shopify admin: the action starts a bulk export through the
// Admin API (a local stand-in validating against the real 2026-10 schema), the page's poll
// completes it, and the sync status shows the imported catalog.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { adminRequest, installShop, routeArgs, useTestShopifyEnv } from "../../support/shopify";
import { readFixture, startAdminApiStandin, STANDIN_SHOP, type AdminApiStandin } from "../../support/admin-api-standin";

useTestShopifyEnv();
useFreshDatabase();
// Listening before the app's modules load: the Shopify library keeps the fetch it finds at import.
const api: AdminApiStandin = await startAdminApiStandin();
api.server.listen({ onUnhandledRequest: "error" });
const { default: db } = await import("../../../app/db.server");
const insights = await import("../../../app/routes/app.insights/route");

beforeAll(async () => {
  await installShop(STANDIN_SHOP);
  // the offline token Shopify issued at install (the stand-in accepts only this one)
  await db.session.updateMany({ where: { shop: STANDIN_SHOP }, data: { accessToken: "standin-token" } });
}, 120_000);
afterAll(() => api?.server.close());

async function post(json: unknown) {
  const res = (await insights.action(
    routeArgs(await adminRequest("/app/insights", { shop: STANDIN_SHOP, json })),
  )) as Response;
  return { status: res.status, body: (await res.json()) as { ok: boolean; message?: string } };
}

describe("re-sync from the insights page", () => {
  it("starts a catalog export, completes it when polled, and reports the progress", async () => {
    const started = await post({ intent: "sync", kind: "catalog" });
    expect(started).toEqual({ status: 200, body: { ok: true, message: "Catalog sync started" } });
    const job = await db.syncJob.findFirstOrThrow({ where: { shop: STANDIN_SHOP, kind: "catalog" } });
    expect(job.status).toBe("running");

    const loaderStatus = async () => {
      const data = (await insights.loader(
        routeArgs(await adminRequest("/app/insights?tab=sync", { shop: STANDIN_SHOP })),
      )) as { status: { catalogJob: { status: string; processed: number } | null; products: number } };
      return data.status;
    };
    expect((await loaderStatus()).catalogJob?.status).toBe("running");

    api.finish(job.bulkOperationId!, { status: "COMPLETED", jsonl: readFixture("catalog_bulk.jsonl") });
    expect((await post({ intent: "poll" })).body.ok).toBe(true);
    await expect.poll(async () => (await loaderStatus()).catalogJob?.status, { timeout: 10_000 }).toBe("completed");
    const status = await loaderStatus();
    expect(status.catalogJob?.processed).toBe(3);
    expect(status.products).toBe(3);
    expect(api.state.problems).toEqual([]);
  });

  it("refuses an unknown action", async () => {
    expect((await post({ intent: "drop-tables" })).status).toBe(400);
  });
});

describe("order history without read_all_orders", () => {
  it("tells the merchant that only the last 60 days are visible, and stops saying so once the scope is granted", async () => {
    type Loaded = { status: { allOrdersAccess: boolean } };
    const load = async () =>
      (await insights.loader(
        routeArgs(await adminRequest("/app/insights?tab=sync", { shop: STANDIN_SHOP })),
      )) as Loaded;
    await db.shop.update({ where: { domain: STANDIN_SHOP }, data: { allOrdersAccess: false } });
    expect((await load()).status.allOrdersAccess).toBe(false);
    await db.shop.update({ where: { domain: STANDIN_SHOP }, data: { allOrdersAccess: true } });
    expect((await load()).status.allOrdersAccess).toBe(true);
  });
});
