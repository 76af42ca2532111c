// Statistics behind the noise guard and the rule score. Pure functions of counts.
//
// Why this guard (documented choice):
// - A minimum co-occurrence count drops coincidences seen once or twice.
// - Significance: Dunning's log-likelihood ratio G² on the 2×2 table (A / not A × B / not B),
//   signed by the direction of the deviation and turned into a one-sided z (√G²). Unlike
//   Pearson's χ² it stays reliable for the rare events that dominate order data, and it is O(1)
//   per pair. A pair passes when z ≥ z(α): observed co-occurrence beats independence.
// - Effect size: a bestseller in 30–40 % of all orders co-occurs with almost everything, so its
//   confidence is high but its lift is ≈ 1. We require the Wilson lower bound of the confidence
//   divided by Support(B) (a conservative lift, "lift lower bound") to exceed 1, and the score
//   used by ranking is confidenceLB × ln(liftLB): zero for chance-level pairs, growing with both
//   how often B follows A and how much more often than chance.

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** Wilson score interval lower bound for a proportion successes / n at normal quantile z. */
export function wilsonLowerBound(successes: number, n: number, z: number): number {
  if (n <= 0) return 0;
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - margin) / (1 + z2 / n));
}

function xlogx(k: number, e: number): number {
  return k > 0 ? k * Math.log(k / e) : 0;
}

/**
 * Signed square root of Dunning's G² for the 2×2 table of orders with/without A and B:
 * positive when A and B co-occur more than independence predicts. Approximately N(0,1) under
 * independence, so compare with a one-sided normal quantile.
 */
export function signedLogLikelihoodZ(both: number, withA: number, withB: number, orders: number): number {
  if (orders <= 0 || withA <= 0 || withB <= 0 || withA >= orders || withB >= orders) return 0;
  const k11 = both;
  const k12 = withA - both;
  const k21 = withB - both;
  const k22 = orders - withA - withB + both;
  const notA = orders - withA;
  const notB = orders - withB;
  const e11 = (withA * withB) / orders;
  const g2 =
    2 *
    (xlogx(k11, e11) +
      xlogx(k12, (withA * notB) / orders) +
      xlogx(k21, (notA * withB) / orders) +
      xlogx(k22, (notA * notB) / orders));
  const z = Math.sqrt(Math.max(0, g2));
  return k11 >= e11 ? z : -z;
}

/**
 * Ranking score of a rule A → B: Wilson lower bound of the confidence × ln(lift lower bound),
 * 0 when the lift lower bound is ≤ 1 (not reliably better than chance).
 */
export function ruleScore(confidenceLowerBound: number, supportB: number): number {
  if (supportB <= 0) return 0;
  const liftLB = confidenceLowerBound / supportB;
  return liftLB > 1 ? confidenceLowerBound * Math.log(liftLB) : 0;
}

/** Median of a list of numbers (mean of the two middle values for an even count); NaN if empty. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
