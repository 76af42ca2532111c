import { describe, expect, it } from "vitest";
import { auc, fitLogistic, predictLogistic, solveSpd } from "../../../app/domain/customers/logistic";

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

describe("logistic regression", () => {
  it("recovers the coefficients of data drawn from a known model", () => {
    const r = lcg(7);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 8000; i++) {
      const a = r() * 4 - 2;
      const b = r() * 10;
      const z = 1.5 * a - 0.3 * b + 0.5;
      rows.push([a, b]);
      y.push(r() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
    }
    const m = fitLogistic(["a", "b"], rows, y, { l2: 0 });
    expect(m.converged).toBe(true);
    const raw = m.weights.map((w, i) => w / m.scale[i]);
    expect(raw[0]).toBeCloseTo(1.5, 0);
    expect(raw[1]).toBeCloseTo(-0.3, 1);
    // probabilities follow the generating model
    expect(predictLogistic(m, [1, 2])).toBeCloseTo(1 / (1 + Math.exp(-(1.5 - 0.6 + 0.5))), 1);
  });

  it("converges on rare positives and nearly separable data (the line search keeps Newton from overshooting)", () => {
    const r = lcg(3);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const a = r();
      rows.push([a, r()]);
      y.push(a > 0.995 ? 1 : 0);
    }
    const m = fitLogistic(["a", "noise"], rows, y, { l2: 1 });
    expect(m.converged).toBe(true);
    expect(m.weights.every(Number.isFinite)).toBe(true);
    expect(predictLogistic(m, [0.999, 0.5])).toBeGreaterThan(predictLogistic(m, [0.5, 0.5]));
  });

  it("shrinks weights with the L2 penalty, and refuses bad input", () => {
    const rows = [[0], [1], [2], [3], [4], [5]];
    const y = [0, 0, 1, 0, 1, 1];
    const loose = fitLogistic(["x"], rows, y, { l2: 0 });
    const tight = fitLogistic(["x"], rows, y, { l2: 50 });
    expect(Math.abs(tight.weights[0])).toBeLessThan(Math.abs(loose.weights[0]));
    expect(() => fitLogistic(["x"], [], [])).toThrow(/no rows/);
    expect(() => fitLogistic(["x"], [[1, 2]], [1])).toThrow(/expected 1/);
  });

  it("solves a symmetric positive definite system", () => {
    expect(
      solveSpd(
        [
          [4, 2],
          [2, 3],
        ],
        [2, 5],
      ).map((v) => Number(v.toFixed(6))),
    ).toEqual([-0.5, 2]);
  });
});

describe("AUC", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one, ½ for ties, NaN without both classes", () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.5, 0.5, 0.5], [0, 1, 0])).toBe(0.5);
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});
