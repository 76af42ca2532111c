// Statistics for A/B tests on conversion-type metrics (acceptance rate, conversion):
// sample size for a two-proportion test read once, and the two-proportion z-test (the holdout figures).

import { normalQuantile } from "../mining/stats";

/** Standard normal CDF Φ(x) (Zelen & Severo, A&S 26.2.17; absolute error < 7.5e-8, ample for p-values). */
export function normalCdf(x: number): number {
  if (!Number.isFinite(x)) return x > 0 ? 1 : 0;
  const z = Math.abs(x);
  const t = 1 / (1 + 0.2316419 * z);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const upper = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return x >= 0 ? 1 - upper : upper;
}

/** Inverse standard normal CDF (shared with mining's noise guard). */
export { normalQuantile };

export interface SampleSizeInput {
  /** control conversion rate, 0..1 */
  baselineRate: number;
  /** smallest effect worth detecting: relative (0.2 = +20 %) unless `absolute` */
  minimumDetectableEffect: number;
  absolute?: boolean;
  /** two-sided significance level, default 0.05 */
  alpha?: number;
  /** default 0.8 */
  power?: number;
}

export interface SampleSize {
  /** visitors (trials) needed per variant */
  perVariant: number;
  /** conversions expected per variant at the baseline rate */
  conversionsPerVariant: number;
  treatmentRate: number;
}

/** Visitors per variant for a two-sided two-proportion z-test (Fleiss without continuity correction). */
export function sampleSizePerVariant(input: SampleSizeInput): SampleSize {
  const p1 = input.baselineRate;
  const p2 = input.absolute ? p1 + input.minimumDetectableEffect : p1 * (1 + input.minimumDetectableEffect);
  if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1 && p1 !== p2)) throw new RangeError("rates must be in (0,1) and differ");
  const za = normalQuantile(1 - (input.alpha ?? 0.05) / 2);
  const zb = normalQuantile(input.power ?? 0.8);
  const pBar = (p1 + p2) / 2;
  const num = za * Math.sqrt(2 * pBar * (1 - pBar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const perVariant = Math.ceil((num * num) / ((p2 - p1) * (p2 - p1)));
  return { perVariant, conversionsPerVariant: Math.round(perVariant * p1), treatmentRate: p2 };
}

export interface ArmCounts {
  conversions: number;
  trials: number;
}

export interface ZTestResult {
  rateA: number;
  rateB: number;
  /** rateB − rateA */
  difference: number;
  /** rateB / rateA − 1, null when rateA is 0 */
  relativeLift: number | null;
  z: number;
  /** two-sided */
  pValue: number;
  /** confidence interval of the difference (unpooled standard error) */
  ci: [number, number];
  significant: boolean;
}

/** Two-proportion z-test of arm B against arm A (A = control): pooled z, two-sided p, Wald CI of the difference. */
export function twoProportionZTest(a: ArmCounts, b: ArmCounts, alpha = 0.05): ZTestResult {
  const rateA = a.trials > 0 ? a.conversions / a.trials : 0;
  const rateB = b.trials > 0 ? b.conversions / b.trials : 0;
  const difference = rateB - rateA;
  const pooled = a.trials + b.trials > 0 ? (a.conversions + b.conversions) / (a.trials + b.trials) : 0;
  const sePooled = a.trials > 0 && b.trials > 0 ? Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials)) : 0;
  const z = sePooled > 0 ? difference / sePooled : 0;
  const pValue = sePooled > 0 ? Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) : 1;
  const se =
    a.trials > 0 && b.trials > 0 ? Math.sqrt((rateA * (1 - rateA)) / a.trials + (rateB * (1 - rateB)) / b.trials) : 0;
  const zc = normalQuantile(1 - alpha / 2);
  return {
    rateA,
    rateB,
    difference,
    relativeLift: rateA > 0 ? rateB / rateA - 1 : null,
    z,
    pValue,
    ci: [difference - zc * se, difference + zc * se],
    significant: pValue < alpha,
  };
}

// The verdict of a running experiment is sequential (valid at every look): readout.ts.
