import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bundlePrice, discountedPrice, freeShippingProgress } from "../../../app/domain/offers";

describe("discounted price", () => {
  it("applies percent and fixed discounts in cents", () => {
    expect(discountedPrice(2999, { type: "percent", value: 15 })).toBe(2549);
    expect(discountedPrice(2999, { type: "fixed", value: 500 })).toBe(2499);
    expect(discountedPrice(2999, { type: "none", value: 50 })).toBe(2999);
    expect(discountedPrice(2999, null)).toBe(2999);
  });

  it("never goes below zero nor above the price (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom("none" as const, "percent" as const, "fixed" as const),
        fc.double({ min: -1000, max: 1e7, noNaN: true }),
        (price, type, value) => {
          const p = discountedPrice(price, { type, value });
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(price);
          expect(Number.isInteger(p)).toBe(true);
        },
      ),
    );
  });
});

describe("bundle pricing", () => {
  it("sums the components and shows the saving of 'buy together, save 15 %'", () => {
    const b = bundlePrice(
      [
        { price: 20000, quantity: 1 },
        { price: 2500, quantity: 2 },
      ],
      { type: "percent", value: 15 },
    );
    expect(b).toEqual({ total: 25000, discounted: 21250, saving: 3750, savingRate: 0.15 });
  });

  it("caps a fixed bundle discount at the bundle's total", () => {
    expect(bundlePrice([{ price: 1000, quantity: 1 }], { type: "fixed", value: 5000 })).toMatchObject({
      discounted: 0,
      saving: 1000,
    });
    expect(bundlePrice([], { type: "percent", value: 10 }).savingRate).toBe(0);
  });
});

describe("free-shipping progress", () => {
  it("tells how much is left to add", () => {
    const p = freeShippingProgress(6000, 7500);
    expect(p).toEqual({ threshold: 7500, subtotal: 6000, remaining: 1500, reached: false, progress: 0.8 });
  });

  it("reports the threshold reached with nothing left", () => {
    expect(freeShippingProgress(9000, 7500)).toMatchObject({ remaining: 0, reached: true, progress: 1 });
  });
});
