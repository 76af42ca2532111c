// Turns co-occurrence counts into association rules A → B (both directions of every pair),
// applying the user's thresholds and the noise guard (see stats.ts for the reasoning).
// Only pairs that pass the cheap count thresholds are materialised as objects.

import type { PairRule, ProductId } from "../types";
import { normalQuantile, ruleScore, signedLogLikelihoodZ, wilsonLowerBound } from "./stats";

export interface MiningOptions {
  /** minimum Support(A,B); default 0 */
  minSupport?: number;
  /** minimum number of orders containing both; default 3 (part of the noise guard) */
  minCount?: number;
  /** minimum Confidence(A→B); default 0 */
  minConfidence?: number;
  /** minimum Lift(A→B) (point estimate); default 0 */
  minLift?: number;
  /** keep at most this many rules per antecedent, best score first; default unlimited */
  topK?: number;
  /**
   * One-sided significance level of the noise guard (log-likelihood ratio test of lift > 1 and
   * Wilson lower bound of confidence); default 0.01. `null` switches the guard off, leaving
   * only minCount and the thresholds.
   */
  alpha?: number | null;
}

export interface MinedRule extends PairRule {
  /** Wilson lower bound of the confidence at the guard's level */
  confidenceLowerBound: number;
  /** confidenceLowerBound / Support(B) */
  liftLowerBound: number;
  /** signed √G² (log-likelihood ratio), ≈ N(0,1) under independence */
  significance: number;
  /** ranking score: confidenceLowerBound × ln(liftLowerBound), 0 when liftLowerBound ≤ 1 */
  score: number;
}

export interface MiningResult {
  orders: number;
  rules: MinedRule[];
}

/** What mineRules reads: CooccurrenceCounter, or the two-pass counts of frequent-pairs.ts. */
export interface PairCounts {
  orders: number;
  /** orders containing product i */
  itemOrders: ArrayLike<number>;
  /** units of product i sold */
  itemUnits: ArrayLike<number>;
  /** every pair (a ≠ b) seen together, each once; may leave out pairs in fewer than minPairCount orders */
  forEachPair(fn: (a: number, b: number, count: number, unitsA: number, unitsB: number) => void): void;
}

/** Default guard level when the caller gives none. */
export const DEFAULT_ALPHA = 0.01;
export const DEFAULT_MIN_COUNT = 3;

export interface RuleInput {
  orders: number;
  both: number;
  withA: number;
  withB: number;
  unitsA: number;
  /** units of B sold in orders containing A and B */
  unitsBWithA: number;
}

/** Figures of one rule A → B from raw counts, exactly as defined in docs/metrics.md. */
export function ruleFigures(x: RuleInput, z: number) {
  const support = x.both / x.orders;
  const confidence = x.both / x.withA;
  const supportB = x.withB / x.orders;
  const lift = confidence / supportB;
  const attachRate = x.unitsA > 0 ? x.unitsBWithA / x.unitsA : 0;
  const confidenceLowerBound = wilsonLowerBound(x.both, x.withA, z);
  return {
    count: x.both,
    support,
    confidence,
    lift,
    attachRate,
    confidenceLowerBound,
    liftLowerBound: confidenceLowerBound / supportB,
    significance: signedLogLikelihoodZ(x.both, x.withA, x.withB, x.orders),
    score: ruleScore(confidenceLowerBound, supportB),
  };
}

/** Fewest orders a pair needs to become a rule: minCount, and the minimum support in orders. */
export function minPairCount(orders: number, options: Pick<MiningOptions, "minCount" | "minSupport"> = {}): number {
  return Math.max(1, options.minCount ?? DEFAULT_MIN_COUNT, Math.ceil((options.minSupport ?? 0) * orders - 1e-9));
}

export function mineRules(
  counter: PairCounts,
  nameOf: (id: number) => ProductId,
  options: MiningOptions = {},
): MiningResult {
  const orders = counter.orders;
  if (orders === 0) return { orders, rules: [] };
  const minSupport = options.minSupport ?? 0;
  const minConfidence = options.minConfidence ?? 0;
  const minLift = options.minLift ?? 0;
  const alpha = options.alpha === undefined ? DEFAULT_ALPHA : options.alpha;
  const guard = alpha !== null;
  // Without the guard the Wilson bound is still reported, at the default level.
  const z = normalQuantile(1 - (guard ? alpha : DEFAULT_ALPHA));
  const minCount = minPairCount(orders, options);
  const { itemOrders, itemUnits } = counter;
  const rules: MinedRule[] = [];

  const consider = (a: number, b: number, both: number, unitsBWithA: number) => {
    const withA = itemOrders[a];
    const withB = itemOrders[b];
    const confidence = both / withA;
    if (confidence < minConfidence) return;
    if (confidence / (withB / orders) < minLift) return;
    const f = ruleFigures({ orders, both, withA, withB, unitsA: itemUnits[a], unitsBWithA }, z);
    if (f.support < minSupport) return;
    if (guard && (f.significance < z || !(f.liftLowerBound > 1))) return;
    rules.push({ antecedent: nameOf(a), consequent: nameOf(b), ...f });
  };

  counter.forEachPair((a, b, both, unitsA, unitsB) => {
    if (both < minCount) return;
    consider(a, b, both, unitsB);
    consider(b, a, both, unitsA);
  });
  return { orders, rules: rankRules(rules, options.topK) };
}

/** Best score first (ties: higher confidence, then ids); at most topK per antecedent. */
export function rankRules<R extends MinedRule>(rules: R[], topK?: number): R[] {
  rules.sort(
    (x, y) =>
      y.score - x.score ||
      y.confidence - x.confidence ||
      y.count - x.count ||
      (x.antecedent < y.antecedent ? -1 : x.antecedent > y.antecedent ? 1 : 0) ||
      (x.consequent < y.consequent ? -1 : x.consequent > y.consequent ? 1 : 0),
  );
  if (topK === undefined || !Number.isFinite(topK)) return rules;
  const kept = new Map<string, number>();
  return rules.filter((r) => {
    const n = kept.get(r.antecedent) ?? 0;
    if (n >= topK) return false;
    kept.set(r.antecedent, n + 1);
    return true;
  });
}
