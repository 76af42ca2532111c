import { describe, expect, it } from "vitest";
import { mineBaskets } from "../../../app/domain/mining/baskets";
import type { Basket } from "../../../app/domain/types";

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
let n = 0;
const order = (customerId: string, day: number, ...products: string[]): Basket => ({
  orderId: String(++n),
  customerId,
  createdAt: T0 + day * DAY,
  items: products.map((productId) => ({ productId, quantity: 1 })),
});

const history: Basket[] = [
  order("c1", 0, "camera"),
  order("c1", 5, "lens"),
  order("c1", 40, "lens"),
  order("c2", 0, "camera"),
  order("c2", 10, "lens"),
  order("c3", 0, "camera"),
  order("c3", 31, "lens"), // outside a 30-day window
  order("c4", 0, "camera", "lens"), // same order: not "later"
  order("c5", 0, "lens"),
  order("c5", 2, "camera"),
  order("c6", 0, "coffee"),
  order("c6", 30, "coffee"),
  order("c6", 60, "coffee"),
  order("c7", 0, "coffee"),
  order("c7", 28, "coffee"),
  order("c8", 3, "coffee"),
  order("c9", 7, "camera"),
  order("c9", 7, "strap"), // a second order at the very same time is not "later"
];

const mine = (windowDays = 30) =>
  mineBaskets(history, { sequences: { windowDays, minCount: 1, minRepeatCustomers: 1, alpha: null } }).sequences!;

describe("sequential patterns", () => {
  it("counts customers who buy B in a later order within the window, with confidence over A's buyers and the median gap", () => {
    const rule = mine().rules.find((r) => r.antecedent === "camera" && r.consequent === "lens")!;
    // c1 (5 days) and c2 (10 days); not c3 (31 days), c4 (same order) or c5 (lens first)
    expect(rule.count).toBe(2);
    expect(rule.confidence).toBeCloseTo(2 / 6, 12);
    expect(rule.medianGapDays).toBe(7.5);
    // lens buyers: c1, c2, c3, c4, c5 of 9 customers
    expect(rule.lift).toBeCloseTo(2 / 6 / (5 / 9), 12);
  });

  it("widening the window admits later purchases", () => {
    const rule = mine(31).rules.find((r) => r.antecedent === "camera" && r.consequent === "lens")!;
    expect(rule.count).toBe(3);
    expect(rule.medianGapDays).toBe(10);
  });

  it("uses the nearest follow-up per customer and counts each customer once", () => {
    const rule = mine(60).rules.find((r) => r.antecedent === "camera" && r.consequent === "lens")!;
    expect(rule.count).toBe(3); // c1 counted once (5 days, not 40), c2, c3
    expect(rule.medianGapDays).toBe(10);
  });

  it("ignores orders placed at the same moment and purchases in the same order", () => {
    const rules = mine().rules;
    expect(rules.find((r) => r.antecedent === "camera" && r.consequent === "strap")).toBeUndefined();
    expect(rules.find((r) => r.antecedent === "lens" && r.consequent === "camera")).toMatchObject({
      count: 1,
      medianGapDays: 2,
    });
  });

  it("reports replenished products with repurchase rate and median interval", () => {
    const coffee = mine().replenishment.find((r) => r.productId === "coffee")!;
    expect(coffee).toEqual({
      productId: "coffee",
      customers: 3,
      repeatCustomers: 2,
      repurchaseRate: 2 / 3,
      medianIntervalDays: 30,
    });
    const lens = mine().replenishment.find((r) => r.productId === "lens")!;
    expect(lens).toMatchObject({ repeatCustomers: 1, medianIntervalDays: 35 });
    expect(mine().replenishment.find((r) => r.productId === "camera")).toBeUndefined();
  });

  it("applies minimum count and skips orders without customer or time", () => {
    const anonymous: Basket[] = [
      { orderId: "x1", createdAt: T0, items: [{ productId: "camera", quantity: 1 }] },
      { orderId: "x2", createdAt: T0 + DAY, items: [{ productId: "lens", quantity: 1 }] },
    ];
    const seq = mineBaskets([...history, ...anonymous], { sequences: { windowDays: 30 } }).sequences!;
    expect(seq.rules).toEqual([]);
    expect(seq.customers).toBe(9);
    expect(seq.skippedCustomers).toBe(0);
  });

  it("leaves out customers with more orders than the cap (resellers)", () => {
    const capped = mineBaskets(history, {
      sequences: { windowDays: 30, minCount: 1, alpha: null, maxOrdersPerCustomer: 2 },
    }).sequences!;
    // c1 (3 orders) and c6 (3 orders) are left out
    expect(capped.skippedCustomers).toBe(2);
    expect(capped.customers).toBe(7);
    expect(capped.rules.find((r) => r.antecedent === "camera" && r.consequent === "lens")).toMatchObject({
      count: 1,
      medianGapDays: 10,
    });
  });
});
