import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalCdf, normalQuantile, sampleSizePerVariant, twoProportionZTest } from "../../../app/domain/experiments";

describe("normal distribution helpers", () => {
  it("match standard table values", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-2.5758)).toBeCloseTo(0.005, 5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it("are inverse of each other (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.0005, max: 0.9995, noNaN: true }), (p) => {
        expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
      }),
    );
  });
});

describe("sample size per variant", () => {
  it("asks for ~350–400 conversions per variant for a 20 % lift on a 10 % rate, as docs/metrics.md says", () => {
    const s = sampleSizePerVariant({ baselineRate: 0.1, minimumDetectableEffect: 0.2 });
    // Same as R's power.prop.test(p1 = 0.10, p2 = 0.12, power = 0.8): n = 3840.6.
    expect(s.perVariant).toBe(3841);
    expect(s.conversionsPerVariant).toBeGreaterThanOrEqual(350);
    expect(s.conversionsPerVariant).toBeLessThanOrEqual(400);
    expect(s.treatmentRate).toBeCloseTo(0.12, 12);
  });

  it("accepts an absolute effect and needs more visitors for smaller effects", () => {
    const big = sampleSizePerVariant({ baselineRate: 0.05, minimumDetectableEffect: 0.02, absolute: true });
    const small = sampleSizePerVariant({ baselineRate: 0.05, minimumDetectableEffect: 0.01, absolute: true });
    expect(small.perVariant).toBeGreaterThan(big.perVariant * 3);
  });

  it("refuses impossible rates", () => {
    expect(() => sampleSizePerVariant({ baselineRate: 0.9, minimumDetectableEffect: 0.2 })).toThrow(RangeError);
    expect(() => sampleSizePerVariant({ baselineRate: 0, minimumDetectableEffect: 0.2 })).toThrow(RangeError);
  });
});

describe("two-proportion z-test", () => {
  it("matches R's prop.test without continuity correction", () => {
    // prop.test(c(250, 200), c(1000, 1000), correct = FALSE): X-squared = 7.1685, p = 0.007419.
    const t = twoProportionZTest({ conversions: 200, trials: 1000 }, { conversions: 250, trials: 1000 });
    expect(t.z * t.z).toBeCloseTo(7.1685, 3);
    expect(t.pValue).toBeCloseTo(0.007419, 5);
    expect(t.significant).toBe(true);
    expect(t.difference).toBeCloseTo(0.05, 12);
    expect(t.relativeLift).toBeCloseTo(0.25, 12);
    // Wald 95 % interval: 0.05 ± 1.96·√(.2·.8/1000 + .25·.75/1000)
    const se = Math.sqrt((0.2 * 0.8) / 1000 + (0.25 * 0.75) / 1000);
    expect(t.ci[0]).toBeCloseTo(0.05 - 1.959964 * se, 5);
    expect(t.ci[1]).toBeCloseTo(0.05 + 1.959964 * se, 5);
  });

  it("is not significant for identical arms and handles empty arms", () => {
    expect(twoProportionZTest({ conversions: 30, trials: 300 }, { conversions: 30, trials: 300 }).pValue).toBeCloseTo(
      1,
      6,
    );
    const empty = twoProportionZTest({ conversions: 0, trials: 0 }, { conversions: 5, trials: 10 });
    expect(empty.pValue).toBe(1);
    expect(empty.significant).toBe(false);
  });

  it("is symmetric: swapping arms flips the difference and keeps the p-value (property)", () => {
    const arm = fc
      .integer({ min: 1, max: 5000 })
      .chain((trials) => fc.record({ trials: fc.constant(trials), conversions: fc.integer({ min: 0, max: trials }) }));
    fc.assert(
      fc.property(arm, arm, (a, b) => {
        const ab = twoProportionZTest(a, b);
        const ba = twoProportionZTest(b, a);
        expect(ab.pValue).toBeCloseTo(ba.pValue, 9);
        expect(ab.difference).toBeCloseTo(-ba.difference, 12);
        expect(ab.pValue).toBeGreaterThanOrEqual(0);
        expect(ab.pValue).toBeLessThanOrEqual(1);
        expect(ab.ci[0]).toBeLessThanOrEqual(ab.difference + 1e-12);
        expect(ab.ci[1]).toBeGreaterThanOrEqual(ab.difference - 1e-12);
      }),
    );
  });
});
