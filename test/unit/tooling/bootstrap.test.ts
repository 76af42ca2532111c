import { describe, expect, it } from "vitest";
import { medianDifferenceInterval } from "../../../scripts/lib/bootstrap";
import { mulberry32 } from "../../../scripts/lib/zipf-baskets";

/** n draws around `center`, spread uniformly ±`spread`, from a seed */
const runs = (n: number, center: number, spread: number, seed: number) => {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => center + (random() * 2 - 1) * spread);
};

describe("medianDifferenceInterval (bench:pagespeed's reading of a goal)", () => {
  it("is exactly the difference when the runs do not vary", () => {
    expect(medianDifferenceInterval([120, 120, 120], [90, 90, 90])).toEqual([30, 30]);
  });

  it("brackets a real difference and leaves out zero when the runs vary little", () => {
    const [lo, hi] = medianDifferenceInterval(runs(9, 200, 10, 1), runs(9, 100, 10, 2));
    expect(lo).toBeGreaterThan(80);
    expect(hi).toBeLessThan(120);
  });

  it("is too wide to show a 30 ms goal met or missed when the runs spread as TBT did on a busy machine", () => {
    // the same page in both arms, runs spread ±150 ms: the medians differ by chance
    const [lo, hi] = medianDifferenceInterval(runs(9, 250, 150, 3), runs(9, 250, 150, 4));
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(30);
  });

  it("narrows with more runs", () => {
    const width = (n: number) => {
      const [lo, hi] = medianDifferenceInterval(runs(n, 250, 150, 5), runs(n, 250, 150, 6));
      return hi - lo;
    };
    expect(width(81)).toBeLessThan(width(9) / 2);
  });

  it("gives the same interval for the same runs, and none without runs", () => {
    const a = runs(9, 300, 100, 7);
    const b = runs(9, 250, 100, 8);
    expect(medianDifferenceInterval(a, b)).toEqual(medianDifferenceInterval(a, b));
    expect(medianDifferenceInterval([], b).every(Number.isNaN)).toBe(true);
  });
});
