import { describe, expect, it } from "vitest";
import { readExperiment, type ArmSummary, type ReadoutInput, type VariantData } from "../../../app/domain/experiments";

const bin = (n: number, k: number): ArmSummary => ({ n, sum: k, sumSq: k });
const orders = (n: number, mean: number): ArmSummary => ({ n, sum: n * mean, sumSq: n * (mean * mean + 400 * 400) });

function variant(key: string, visitors: number, conversions: number, extra: Partial<VariantData> = {}): VariantData {
  // three daily looks, the last one the totals
  const looks = [1, 2, 3].map((d) => bin(Math.round((visitors * d) / 3), Math.round((conversions * d) / 3)));
  return {
    key,
    name: key,
    weight: 50,
    visitors,
    looks,
    lines: 100,
    refundedLines: 5,
    orders: orders(500, 6000),
    ...extra,
  };
}

const input = (variants: VariantData[], over: Partial<ReadoutInput> = {}): ReadoutInput => ({
  metric: "acceptance_rate",
  variants,
  minimumDetectableEffect: 0.1,
  plannedPerVariant: 10_000,
  guardrails: ["refund_rate", "aov"],
  ...over,
});

describe("experiment readout", () => {
  it("names the winner when the always-valid p-value crosses alpha, with lift and intervals", () => {
    const r = readExperiment(input([variant("control", 5000, 500), variant("b", 5000, 650)]));
    expect(r.verdict).toMatchObject({ code: "variant_wins", winner: "b" });
    const b = r.variants[1];
    expect(b.comparison!.lift).toBeCloseTo(0.3, 10);
    expect(b.comparison!.ci[0]).toBeGreaterThan(0);
    expect(b.interval[0]).toBeLessThan(0.13);
    expect(b.interval[1]).toBeGreaterThan(0.13);
    expect(r.progress).toBeCloseTo(0.5, 10);
  });

  it("says 'not a result yet' for a difference a fixed-horizon z-test would already call significant", () => {
    // z ≈ 2.1, p ≈ 0.035 for a one-look test; the sequential test does not stop on it
    const r = readExperiment(input([variant("control", 3000, 300), variant("b", 3000, 350)]));
    expect(r.verdict.code).toBe("keep_running");
    expect(r.variants[1].comparison!.significant).toBe(false);
  });

  it("calls the control the winner when every variant is worse, and no difference when all are within the planned effect", () => {
    expect(readExperiment(input([variant("control", 5000, 650), variant("b", 5000, 500)])).verdict.code).toBe(
      "control_wins",
    );
    const flat = readExperiment(input([variant("control", 400_000, 40_000), variant("b", 400_000, 40_100)]));
    expect(flat.verdict.code).toBe("no_difference");
  });

  it("refuses a verdict when the split is broken (sample ratio mismatch)", () => {
    const r = readExperiment(input([variant("control", 5000, 500), variant("b", 5600, 800)]));
    expect(r.srm.mismatch).toBe(true);
    expect(r.verdict.code).toBe("srm");
    expect(r.verdict.winner).toBeNull();
  });

  it("does not let a variant that raises refunds win", () => {
    const r = readExperiment(
      input([
        variant("control", 5000, 500, { lines: 2000, refundedLines: 60 }),
        variant("b", 5000, 650, { lines: 2000, refundedLines: 200 }),
      ]),
    );
    expect(r.variants[1].guardrails.find((g) => g.name === "refund_rate")!.breached).toBe(true);
    expect(r.verdict.code).toBe("control_wins");
  });

  it("splits alpha across three variants and picks the best significant one", () => {
    const r = readExperiment(
      input(
        [variant("control", 6000, 600), variant("b", 6000, 760), variant("c", 6000, 820)].map((v) => ({
          ...v,
          weight: 1,
        })),
      ),
    );
    expect(r.alphaPerComparison).toBeCloseTo(0.025, 12);
    expect(r.verdict.winner).toBe("c");
  });

  it("reads revenue per visitor as a mean per unit", () => {
    const rpv = (n: number, mean: number): ArmSummary => ({ n, sum: n * mean, sumSq: n * (mean * mean + 3000 * 3000) });
    const v = (key: string, mean: number): VariantData => ({ ...variant(key, 20_000, 0), looks: [rpv(20_000, mean)] });
    const r = readExperiment(input([v("control", 500), v("b", 650)], { metric: "revenue_per_visitor" }));
    expect(r.variants[1].mean).toBeCloseTo(650, 10);
    expect(r.verdict.code).toBe("variant_wins");
  });
});
