// Customer segments (docs/metrics.md): first-time buyers, returning, high-value; and the shop's
// "problem customers" whose return rate is above the shop's highReturnRate.
import type { Audience } from "../types";

export interface CustomerFacts {
  ordersCount: number;
  /** cents */
  totalSpent: number;
  /** refunded lines / purchased lines, 0..1 */
  returnRate: number;
  ownedProductIds: readonly string[];
}

export interface Segments {
  firstTime: boolean;
  returning: boolean;
  highValue: boolean;
  /** the most specific segment, for reporting: high_value > returning > first_time */
  primary: Exclude<Audience, "all">;
}

/** Segments of a customer (null = anonymous visitor = first-time): first_time 0 orders, returning ≥1, high_value totalSpent ≥ threshold. */
export function customerSegments(
  customer: CustomerFacts | null | undefined,
  highValueThreshold: number | null | undefined,
): Segments {
  const orders = customer?.ordersCount ?? 0;
  const firstTime = orders <= 0;
  const highValue =
    !!customer && highValueThreshold != null && highValueThreshold > 0 && customer.totalSpent >= highValueThreshold;
  const returning = !firstTime;
  return {
    firstTime,
    returning,
    highValue,
    primary: highValue ? "high_value" : returning ? "returning" : "first_time",
  };
}

/** True when an offer's audience includes the customer ("returning" includes high-value customers). */
export function matchesAudience(audience: Audience, segments: Segments): boolean {
  switch (audience) {
    case "all":
      return true;
    case "first_time":
      return segments.firstTime;
    case "returning":
      return segments.returning;
    case "high_value":
      return segments.highValue;
  }
}

/** The top-decile spend threshold: the smallest total spent among the top 10 % of customers (null when none). */
export function topDecileThreshold(totalsSpent: readonly number[]): number | null {
  const positive = totalsSpent.filter((x) => x > 0).sort((a, b) => b - a);
  if (positive.length === 0) return null;
  return positive[Math.max(0, Math.ceil(positive.length * 0.1) - 1)];
}

/** True when a customer returns more than the shop tolerates (a "problem customer"). */
export function isProblemCustomer(customer: CustomerFacts | null | undefined, highReturnRate: number): boolean {
  return !!customer && customer.returnRate > highReturnRate;
}
