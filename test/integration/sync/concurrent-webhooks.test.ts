// Two web processes can receive orders/create and orders/updated of one new order at the same
// moment. On PostgreSQL (READ COMMITTED) both transactions see no order and both insert it: the
// second must not fail (its delivery would stay unprocessed) nor write the order twice.
import { afterAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { readFixture } from "../../support/admin-api-standin";

useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { handleOrderUpsert } = await import("../../../app/services/sync/orders-webhooks.server");

afterAll(async () => {
  await db.$disconnect();
});

const payload = () => JSON.parse(readFixture("orders_create.json")) as Record<string, unknown>;

describe("the same new order written at once by three deliveries", () => {
  it("ends with one order, its lines once, and one customer, every delivery succeeding", async () => {
    for (let round = 0; round < 5; round++) {
      const shop = `race-${round}.myshopify.com`;
      await db.shop.create({ data: { domain: shop } });
      const results = await Promise.allSettled([
        handleOrderUpsert(shop, payload()),
        handleOrderUpsert(shop, payload()),
        handleOrderUpsert(shop, payload()),
      ]);
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      const orders = await db.order.findMany({ where: { shop }, include: { lines: true } });
      expect(orders).toHaveLength(1);
      expect(orders[0]!.lines.length).toBe((payload().line_items as unknown[]).length);
      expect(await db.customer.count({ where: { shop } })).toBe(1);
    }
  });
});
