import { describe, expect, it } from "vitest";
import { replenishedProducts } from "../../../app/domain/mining/replenishment";
import { mineBaskets } from "../../../app/domain/mining";
import type { Basket } from "../../../app/domain/types";

const signal = (productId: string, customers: number, repeatCustomers: number) => ({
  productId,
  customers,
  repeatCustomers,
  repurchaseRate: repeatCustomers / customers,
  medianIntervalDays: 30,
});

describe("replenished products", () => {
  it("keeps consumables re-bought far more often than the shop's typical product, not durables bought twice by a few", () => {
    const signals = [
      signal("beans", 800, 500),
      signal("tent", 700, 140),
      signal("filters", 400, 180),
      signal("rare", 6, 4),
    ];
    const kept = replenishedProducts(signals, 0.12).map((s) => s.productId);
    expect(kept).toEqual(["beans", "filters"]);
  });

  it("needs enough customers: a high rate on a handful of buyers is not evidence", () => {
    expect(replenishedProducts([signal("new", 5, 4)], 0.1)).toEqual([]);
    expect(replenishedProducts([signal("new", 200, 160)], 0.1)).toHaveLength(1);
  });

  it("learns the shop's baseline from its own customers", () => {
    const DAY = 86_400_000;
    const baskets: Basket[] = [];
    let order = 0;
    for (let c = 0; c < 300; c++) {
      // every customer buys a durable once and beans every month for a while; a quarter buy a second durable
      baskets.push({
        orderId: `o${order++}`,
        customerId: `c${c}`,
        createdAt: 0,
        items: [{ productId: `durable-${c % 10}`, quantity: 1 }],
      });
      if (c % 4 === 0)
        baskets.push({
          orderId: `o${order++}`,
          customerId: `c${c}`,
          createdAt: 5 * DAY,
          items: [{ productId: `durable-${(c + 1) % 10}`, quantity: 1 }],
        });
      for (let m = 1; m <= (c % 3 === 0 ? 1 : 4); m++)
        baskets.push({
          orderId: `o${order++}`,
          customerId: `c${c}`,
          createdAt: m * 30 * DAY,
          items: [{ productId: "beans", quantity: 1 }],
        });
    }
    const mined = mineBaskets(baskets, { sequences: { windowDays: 60, minRepeatCustomers: 3 } });
    const seq = mined.sequences!;
    expect(seq.baselineRepurchaseRate).toBe(0);
    const kept = replenishedProducts(seq.replenishment, seq.baselineRepurchaseRate).map((s) => s.productId);
    expect(kept).toEqual(["beans"]);
  });
});
