import { describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { installShop, SHOP_A, SHOP_B, useTestShopifyEnv } from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { miningDue, runShopJobs } = await import("../../../app/services/jobs.server");

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 26);

describe("scheduled mining", () => {
  it("is due for a shop never mined, once a day, and after an orders sync newer than the last run", () => {
    expect(miningDue({ minedAt: null, ordersSyncedAt: null }, now)).toBe(true);
    expect(miningDue({ minedAt: new Date(now - DAY / 2), ordersSyncedAt: null }, now)).toBe(false);
    expect(miningDue({ minedAt: new Date(now - DAY - 1), ordersSyncedAt: null }, now)).toBe(true);
    expect(miningDue({ minedAt: new Date(now - 3_600_000), ordersSyncedAt: new Date(now - 60_000) }, now)).toBe(true);
    expect(miningDue({ minedAt: new Date(now - 60_000), ordersSyncedAt: new Date(now - 3_600_000) }, now)).toBe(false);
  });

  it("mines each installed shop with orders from its own orders, and leaves an uninstalled shop alone", async () => {
    await installShop(SHOP_A);
    await installShop(SHOP_B);
    await db.shop.update({ where: { domain: SHOP_B }, data: { uninstalledAt: new Date() } });
    for (const shop of [SHOP_A, SHOP_B]) {
      for (const id of ["1", "2"])
        await db.product.create({
          data: {
            shop,
            shopifyId: id,
            title: `P${id}`,
            handle: `p${id}`,
            variants: { create: { shop, shopifyId: `9${id}`, price: 1000 } },
          },
        });
      for (let i = 0; i < 30; i++) {
        await db.order.create({
          data: {
            shop,
            shopifyId: String(1000 + i),
            createdAt: new Date(now - i * DAY),
            lines: {
              create: [
                { shop, productId: "1", quantity: 1, price: 1000 },
                ...(i % 3 === 0 ? [] : [{ shop, productId: "2", quantity: 1, price: 1000 }]),
              ],
            },
          },
        });
      }
    }
    await runShopJobs(now);
    const a = await db.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    expect(a.minedAt).not.toBeNull();
    const run = await db.miningRun.findFirstOrThrow({ where: { shop: SHOP_A } });
    expect(run).toMatchObject({ trigger: "schedule", status: "succeeded", orders: 30 });
    expect(await db.miningRun.count({ where: { shop: SHOP_B } })).toBe(0);
    // Not due again right away.
    await runShopJobs(now + 60_000);
    expect(await db.miningRun.count({ where: { shop: SHOP_A } })).toBe(1);
  });
});
