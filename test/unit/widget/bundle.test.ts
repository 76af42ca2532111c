import { describe, expect, it } from "vitest";
import { applyDiscount, bundleTotals } from "../../../extensions/pairwise-theme/src/bundle";

describe("'Frequently bought together' total and saving", () => {
  const lines = [
    { price: 89900, selected: true },
    { price: 2999, selected: true },
    { price: 4500, selected: true },
  ];

  it("applies a percent bundle discount when the whole set is selected", () => {
    expect(bundleTotals(lines, { type: "percent", value: 15 })).toEqual({
      count: 3,
      subtotal: 97399,
      total: 82789,
      saving: 14610,
      complete: true,
    });
  });

  it("charges regular prices and shows no saving when a companion is unticked", () => {
    const partial = lines.map((l, i) => ({ ...l, selected: i !== 2 }));
    expect(bundleTotals(partial, { type: "percent", value: 15 })).toMatchObject({
      count: 2,
      total: 92899,
      saving: 0,
      complete: false,
    });
  });

  it("takes a fixed bundle discount off the set, never below zero", () => {
    expect(bundleTotals(lines, { type: "fixed", value: 1000 })).toMatchObject({ total: 96399, saving: 1000 });
    expect(
      bundleTotals(
        [
          { price: 300, selected: true },
          { price: 200, selected: true },
        ],
        { type: "fixed", value: 5000 },
      ),
    ).toMatchObject({ total: 0, saving: 500 });
  });

  it("shows zero when nothing is selected", () => {
    expect(
      bundleTotals(
        lines.map((l) => ({ ...l, selected: false })),
        { type: "percent", value: 15 },
      ),
    ).toMatchObject({ count: 0, total: 0, saving: 0 });
  });

  it("prices a single offered item with its offer's discount", () => {
    expect(applyDiscount(2999, { type: "percent", value: 10 })).toBe(2699);
    expect(applyDiscount(2999, { type: "fixed", value: 500 })).toBe(2499);
    expect(applyDiscount(2999, { type: "none", value: 0 })).toBe(2999);
  });
});
