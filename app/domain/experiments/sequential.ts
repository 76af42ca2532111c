// Sequential statistics for experiments a merchant may look at every day.
//
// The verdict uses the mixture sequential probability ratio test (mSPRT) of Johari, Pekelis and
// Walsh ("Always valid inference", 2017; the test behind Optimizely's Stats Engine) for the
// difference of two means under a normal approximation: with θ̂ = mean(B) − mean(A) and
// V = s²(A)/n(A) + s²(B)/n(B), mixing over θ ~ N(0, τ²) gives the likelihood ratio
//
//   Λ = sqrt(V / (V + τ²)) · exp(τ² θ̂² / (2 V (V + τ²)))
//
// and the always-valid p-value p_n = min(1, 1/Λ_1, …, 1/Λ_n): however often it is looked at,
// P(p_n ≤ α at any look | no difference) ≤ α. Inverting Λ ≥ 1/α gives a confidence sequence
// for θ (a confidence interval valid at every look).
//
// Every metric is a mean per unit — a rate is a mean of 0/1 — so each arm is summarised by
// n, Σx and Σx² (a conversion rate: n visitors, Σx = Σx² = conversions).
import { normalCdf, normalQuantile } from "./stats";

export interface ArmSummary {
  /** units: visitors (rates, revenue per visitor) or orders (AOV) */
  n: number;
  sum: number;
  sumSq: number;
}

export const binaryArm = (trials: number, conversions: number): ArmSummary => ({
  n: trials,
  sum: conversions,
  sumSq: conversions,
});

export function armMean(a: ArmSummary): number {
  return a.n > 0 ? a.sum / a.n : 0;
}

/** Sample variance (n − 1 in the denominator), 0 with fewer than two units. */
export function armVariance(a: ArmSummary): number {
  if (a.n < 2) return 0;
  const mean = a.sum / a.n;
  return Math.max(0, (a.sumSq - a.n * mean * mean) / (a.n - 1));
}

export interface SequentialResult {
  /** mean(B) − mean(A) */
  difference: number;
  /** variance of the difference, V */
  variance: number;
  /** mixture likelihood ratio Λ at this look */
  likelihoodRatio: number;
  /** min(1, 1/Λ) at this look (the always-valid p-value is the running minimum over looks) */
  pValue: number;
  /** confidence sequence for the difference at level 1 − alpha: valid whenever it is looked at */
  ci: [number, number];
}

/**
 * The mSPRT of arm B against arm A at one look. `tau` is the mixing standard deviation on the
 * difference's scale (the size of effect the test is tuned for; the minimum detectable effect).
 */
export function msprt(a: ArmSummary, b: ArmSummary, tau: number, alpha = 0.05): SequentialResult {
  if (!(tau > 0)) throw new RangeError("tau must be positive");
  const difference = armMean(b) - armMean(a);
  const variance = a.n >= 2 && b.n >= 2 ? armVariance(a) / a.n + armVariance(b) / b.n : 0;
  if (!(variance > 0)) return { difference, variance, likelihoodRatio: 1, pValue: 1, ci: [-Infinity, Infinity] };
  const t2 = tau * tau;
  const logLr =
    0.5 * Math.log(variance / (variance + t2)) + (t2 * difference * difference) / (2 * variance * (variance + t2));
  const likelihoodRatio = Math.exp(logLr);
  const half = Math.sqrt(
    ((variance * (variance + t2)) / t2) * (2 * Math.log(1 / alpha) + Math.log((variance + t2) / variance)),
  );
  return {
    difference,
    variance,
    likelihoodRatio,
    pValue: Math.min(1, Math.exp(-logLr)),
    ci: [difference - half, difference + half],
  };
}

/**
 * The smallest |θ̂| at which the mSPRT rejects for a given variance V of the difference: the
 * sequential boundary, |θ̂| ≥ sqrt(V (V + τ²) / τ² · (2 ln(1/α) + ln((V + τ²) / V))).
 */
export function msprtBoundary(variance: number, tau: number, alpha = 0.05): number {
  const t2 = tau * tau;
  return Math.sqrt(
    ((variance * (variance + t2)) / t2) * (2 * Math.log(1 / alpha) + Math.log((variance + t2) / variance)),
  );
}

/** Looks (cumulative summaries, in time order) → the always-valid p-value after each look. */
export function alwaysValidPValues(
  looks: readonly { a: ArmSummary; b: ArmSummary }[],
  tau: number,
  alpha = 0.05,
): number[] {
  let p = 1;
  return looks.map((l) => (p = Math.min(p, msprt(l.a, l.b, tau, alpha).pValue)));
}

// ---------------------------------------------------------------------------------------------
// Sample ratio mismatch

/** Upper tail of the χ² distribution for 1–3 degrees of freedom (closed forms; 2–4 variants). */
export function chiSquareSf(x: number, df: number): number {
  if (!(x > 0)) return 1;
  const z = Math.sqrt(x);
  switch (df) {
    case 1:
      return 2 * (1 - normalCdf(z));
    case 2:
      return Math.exp(-x / 2);
    case 3:
      return 2 * (1 - normalCdf(z)) + Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2);
    default:
      throw new RangeError("chiSquareSf supports 1 to 3 degrees of freedom");
  }
}

export interface SrmResult {
  chiSquare: number;
  pValue: number;
  /** p below the threshold: the split the visitors fell into is not the one configured */
  mismatch: boolean;
  expected: number[];
}

/**
 * Pearson's χ² goodness-of-fit of the visitors each variant received against the configured
 * weights. A sample ratio mismatch means assignment or tracking is broken and the comparison is not
 * to be trusted; the customary threshold is p < 0.001 (the check is run at every look).
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  weights: readonly number[],
  threshold = 0.001,
): SrmResult {
  if (observed.length !== weights.length || observed.length < 2)
    throw new RangeError("one weight per variant, at least two");
  const total = observed.reduce((s, x) => s + x, 0);
  const wTotal = weights.reduce((s, w) => s + w, 0);
  const expected = weights.map((w) => (total * w) / wTotal);
  if (total === 0) return { chiSquare: 0, pValue: 1, mismatch: false, expected };
  const chiSquare = observed.reduce((s, o, i) => s + ((o - expected[i]) * (o - expected[i])) / expected[i], 0);
  const pValue = chiSquareSf(chiSquare, observed.length - 1);
  return { chiSquare, pValue, mismatch: pValue < threshold, expected };
}

// ---------------------------------------------------------------------------------------------
// Intervals

/** Wilson score interval of a proportion (what SciPy's binomtest(...).proportion_ci(method="wilson") gives). */
export function wilsonInterval(conversions: number, trials: number, confidence = 0.95): [number, number] {
  if (trials <= 0) return [0, 1];
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = conversions / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Normal interval of a mean (revenue per visitor, AOV). */
export function meanInterval(a: ArmSummary, confidence = 0.95): [number, number] {
  const m = armMean(a);
  if (a.n < 2) return [m, m];
  const half = normalQuantile(1 - (1 - confidence) / 2) * Math.sqrt(armVariance(a) / a.n);
  return [m - half, m + half];
}

// ---------------------------------------------------------------------------------------------
// Planning: sample size and duration

export interface SequentialPlanInput {
  /** control mean (a rate 0..1, or revenue per visitor / AOV in cents) */
  baselineMean: number;
  /** per-unit standard deviation of the metric; for a rate leave it out (√(p(1 − p))) */
  baselineSd?: number;
  /** smallest effect worth detecting, relative to the baseline (0.1 = +10 %) */
  minimumDetectableEffect: number;
  alpha?: number;
  power?: number;
  /** number of variants including the control (2–4); comparisons are Bonferroni-corrected */
  variants?: number;
  binary?: boolean;
}

export interface SequentialPlan {
  /** units per variant by which the sequential test detects the effect with the given power */
  perVariant: number;
  /** the same for a fixed-horizon z-test looked at once (for comparison) */
  fixedHorizonPerVariant: number;
  /** mixing standard deviation the verdict uses: the absolute minimum detectable effect */
  tau: number;
  /** alpha per comparison against the control */
  alphaPerComparison: number;
}

/**
 * Units per variant for the mSPRT to reject with probability ≥ power when the true difference is
 * the minimum detectable effect δ: the smallest n with
 * P(|θ̂_n| ≥ boundary(V_n)) ≥ power, θ̂_n ~ N(δ, V_n). Looking earlier only adds chances to stop,
 * so this is an upper bound of the time to a verdict at that effect.
 */
export function sequentialSampleSize(input: SequentialPlanInput): SequentialPlan {
  const p = input.baselineMean;
  const binary = input.binary ?? input.baselineSd === undefined;
  const delta = Math.abs(p * input.minimumDetectableEffect);
  if (!(delta > 0)) throw new RangeError("the minimum detectable effect must be positive");
  if (binary && !(p > 0 && p < 1 && p + delta < 1)) throw new RangeError("rates must be in (0, 1)");
  const k = Math.max(2, Math.min(4, input.variants ?? 2));
  const alpha = (input.alpha ?? 0.05) / (k - 1);
  const power = input.power ?? 0.8;
  const varA = binary ? p * (1 - p) : (input.baselineSd ?? 0) ** 2;
  const varB = binary ? (p + delta) * (1 - p - delta) : varA;
  if (!(varA > 0)) throw new RangeError("the metric's standard deviation must be positive");
  const tau = delta;
  const powerAt = (n: number) => {
    const v = (varA + varB) / n;
    const b = msprtBoundary(v, tau, alpha);
    const s = Math.sqrt(v);
    return normalCdf((delta - b) / s) + normalCdf((-delta - b) / s);
  };
  let hi = 16;
  while (powerAt(hi) < power) {
    hi *= 2;
    if (hi > 1e12) throw new RangeError("effect too small to detect");
  }
  let lo = hi / 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (powerAt(mid) >= power) hi = mid;
    else lo = mid;
  }
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const fixed = Math.ceil(((za + zb) ** 2 * (varA + varB)) / (delta * delta));
  return { perVariant: hi, fixedHorizonPerVariant: fixed, tau, alphaPerComparison: alpha };
}

/**
 * Days to reach `perVariant` units in every variant when `unitsPerDay` eligible units arrive a day
 * and variant i gets weights[i] / Σweights of them. At least one full week (weekday cycles), and
 * rounded up to whole weeks. null when there is no traffic to estimate from.
 */
export function expectedDuration(
  perVariant: number,
  unitsPerDay: number,
  weights: readonly number[],
): { days: number; weeks: number } | null {
  if (!(unitsPerDay > 0) || weights.length === 0) return null;
  const total = weights.reduce((s, w) => s + w, 0);
  const smallest = Math.min(...weights) / total;
  if (!(smallest > 0)) return null;
  const days = Math.ceil(perVariant / (unitsPerDay * smallest));
  const weeks = Math.max(1, Math.ceil(days / 7));
  return { days, weeks };
}
