import { describe, expect, it } from "vitest";
import type { Basket, ImportedOrder } from "../../../app/domain/types";
import { leaveOneOutCases, monthsBefore, timeSplit } from "../../../app/domain/evaluation";

const at = (iso: string) => Date.parse(iso);
const order = (
  id: string,
  iso: string | null,
  productIds: (string | null)[],
  extra: Partial<ImportedOrder> = {},
): ImportedOrder => ({
  id,
  name: `#${id}`,
  customerId: "7000000001",
  createdAt: iso === null ? undefined : at(iso),
  cancelledAt: null,
  currency: "USD",
  lines: productIds.map((productId, i) => ({
    id: `${id}${i}`,
    productId,
    variantId: productId ? `9${productId}` : null,
    title: `Item ${i}`,
    quantity: 1,
    price: 1500,
  })),
  ...extra,
});

describe("time split", () => {
  it("puts the cut whole calendar months before the end of the history", () => {
    expect(new Date(monthsBefore(at("2026-11-01T00:00:00Z"), 3)).toISOString()).toBe("2026-08-01T00:00:00.000Z");
    expect(new Date(monthsBefore(at("2026-01-15T12:30:00Z"), 2)).toISOString()).toBe("2025-11-15T12:30:00.000Z");
    // 31 May minus 3 months has no 31st: the last day of February.
    expect(new Date(monthsBefore(at("2026-05-31T00:00:00Z"), 3)).toISOString()).toBe("2026-02-28T00:00:00.000Z");
  });

  it("learns only from orders before the cut and tests on the orders from the cut on, read as the mining job reads them", () => {
    const orders = [
      order("1", "2026-07-31T23:59:59Z", ["A", "B"]),
      order("2", "2026-08-01T00:00:00Z", ["A", "C"]),
      order("3", "2026-09-10T10:00:00Z", ["B", null]),
      order("4", "2026-09-11T10:00:00Z", ["C", "D"], { cancelledAt: at("2026-09-12T10:00:00Z") }),
      order("5", null, ["A", "D"]),
      order("6", "2026-05-01T00:00:00Z", [null]),
      {
        ...order("7", "2026-06-01T00:00:00Z", ["E", "F"]),
        lines: [
          { productId: "E", quantity: 0 },
          { productId: "F", quantity: 2 },
        ],
      },
    ];
    const split = timeSplit(orders, { end: at("2026-11-01T00:00:00Z"), testMonths: 3 });
    expect(new Date(split.cutoff).toISOString()).toBe("2026-08-01T00:00:00.000Z");
    expect(split.train.map((b) => b.orderId)).toEqual(["1", "7"]);
    expect(split.train[1].items).toEqual([{ productId: "F", quantity: 2 }]);
    expect(split.test.map((b) => b.orderId)).toEqual(["2", "3"]);
    expect(split.test[1].items).toEqual([{ productId: "B", quantity: 1 }]);
  });

  it("refuses a test period that is not a positive whole number of months", () => {
    expect(() => timeSplit([], { end: 0, testMonths: 0 })).toThrow(/testMonths/);
    expect(() => timeSplit([], { end: 0, testMonths: 1.5 })).toThrow(/testMonths/);
  });
});

describe("hiding protocol", () => {
  const basket = (orderId: string, ids: string[]): Basket => ({
    orderId,
    createdAt: 0,
    items: ids.map((productId) => ({ productId, quantity: 1 })),
  });

  it("hides each distinct product of an order in turn and leaves the others as the cart", () => {
    expect(leaveOneOutCases([basket("1", ["A", "B", "A", "C"])])).toEqual([
      { orderId: "1", cart: ["B", "C"], hidden: "A" },
      { orderId: "1", cart: ["A", "C"], hidden: "B" },
      { orderId: "1", cart: ["A", "B"], hidden: "C" },
    ]);
  });

  it("skips orders with fewer than two distinct products", () => {
    expect(leaveOneOutCases([basket("1", ["A", "A"]), basket("2", ["B"]), basket("3", ["C", "D"])])).toEqual([
      { orderId: "3", cart: ["D"], hidden: "C" },
      { orderId: "3", cart: ["C"], hidden: "D" },
    ]);
  });
});
