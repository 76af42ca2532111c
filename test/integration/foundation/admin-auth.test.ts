import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { adminRequest, installShop, routeArgs, SHOP_A, SHOP_B, useTestShopifyEnv } from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const dashboard = await import("../../../app/routes/app._index");

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    const result = await promise;
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

beforeAll(async () => {
  await installShop(SHOP_A);
  await installShop(SHOP_B);
  for (const [shop, n] of [
    [SHOP_A, 3],
    [SHOP_B, 5],
  ] as const) {
    for (let i = 0; i < n; i++) {
      await db.product.create({ data: { shop, shopifyId: String(100 + i), title: `P${i}`, handle: `p${i}` } });
      await db.order.create({ data: { shop, shopifyId: String(500 + i), createdAt: new Date() } });
    }
  }
});

describe("admin authentication and shop isolation", () => {
  it("shows each shop only its own catalog and orders", async () => {
    const a = await dashboard.loader(routeArgs(await adminRequest("/app", { shop: SHOP_A })));
    const b = await dashboard.loader(routeArgs(await adminRequest("/app", { shop: SHOP_B })));
    expect([a.products, a.orders]).toEqual([3, 3]);
    expect([b.products, b.orders]).toEqual([5, 5]);
  });

  it("refuses a request without a session token", async () => {
    const request = await adminRequest("/app", { shop: SHOP_A, token: null });
    expect(await status(dashboard.loader(routeArgs(request)))).not.toBe(200);
  });

  it("refuses a session token signed with another secret", async () => {
    const request = await adminRequest("/app", { shop: SHOP_A, secret: "not-the-app-secret" });
    expect(await status(dashboard.loader(routeArgs(request)))).toBe(401);
  });

  it("refuses an expired session token", async () => {
    const { mintSessionToken } = await import("../../../app/demo/session-token.server");
    const { TEST_API_KEY, TEST_API_SECRET } = await import("../../support/shopify");
    const token = await mintSessionToken({
      shop: SHOP_A,
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
      now: Math.floor(Date.now() / 1000) - 3600,
    });
    const request = await adminRequest("/app", { shop: SHOP_A, token });
    expect(await status(dashboard.loader(routeArgs(request)))).toBe(401);
  });
});
