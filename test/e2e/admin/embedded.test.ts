// The admin as served for Shopify (embedded, App Bridge instead of the demo's Polaris Frame):
// every page renders on the server for a request carrying a valid session token, with App
// Bridge's script and navigation menu, and none without one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProductionServer, type DemoServer } from "../../support/server";
import { BROWSER_UA, SHOP_A, TEST_API_KEY, TEST_API_SECRET } from "../../support/shopify";

let server: DemoServer;

beforeAll(async () => {
  server = await startProductionServer();
  const { installShop } = await import("../../support/shopify");
  await installShop(SHOP_A);
  const { default: db } = await import("../../../app/db.server");
  await db.offer.create({ data: { id: "embedded-offer", shop: SHOP_A, name: "Embedded offer", status: "active" } });
}, 180_000);
afterAll(async () => server?.close());

async function get(path: string, token: boolean) {
  const { mintSessionToken } = await import("../../../app/demo/session-token.server");
  const headers: Record<string, string> = { "User-Agent": BROWSER_UA };
  if (token)
    headers.Authorization = `Bearer ${await mintSessionToken({ shop: SHOP_A, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })}`;
  const res = await fetch(`${server.url}${path}`, { headers, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

describe("the embedded admin", () => {
  it.each([
    ["/app", "Dashboard"],
    ["/app/offers", "Embedded offer"],
    ["/app/offers/new", "New offer"],
    ["/app/offers/embedded-offer", "Embedded offer"],
    ["/app/bundles", "Bundles"],
    ["/app/experiments", "Experiments"],
    ["/app/experiments/new", "Before you start"],
    ["/app/insights", "Insights"],
    ["/app/customers", "Follow-up rules"],
    ["/app/settings", "Relevance threshold"],
  ])("renders %s with App Bridge", async (path, text) => {
    const { status, html } = await get(path, true);
    expect(status).toBe(200);
    expect(html).toContain(text);
    expect(html).toContain("app-bridge.js");
    expect(html).toContain("ui-nav-menu");
    expect(html).not.toContain("local demo");
  });

  it("answers another shop's offer id with a not-found page", async () => {
    const { default: db } = await import("../../../app/db.server");
    await db.shop.upsert({
      where: { domain: "other.myshopify.com" },
      create: { domain: "other.myshopify.com" },
      update: {},
    });
    await db.offer.create({ data: { id: "other-offer", shop: "other.myshopify.com", name: "Not yours" } });
    const { status, html } = await get("/app/offers/other-offer", true);
    expect(status).toBe(404);
    expect(html).not.toContain("Not yours");
  });

  it("renders nothing of the shop without a session token", async () => {
    const { status, html } = await get("/app/offers", false);
    expect(status).not.toBe(200);
    expect(html).not.toContain("Embedded offer");
  });
});
