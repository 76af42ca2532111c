// The plan shown before an experiment starts: from an offer's baseline (what its metrics were over
// the last weeks), the units per variant the sequential test needs and the duration at that traffic.
import type { PrimaryMetric } from "./readout";
import { expectedDuration, sequentialSampleSize, type SequentialPlan } from "./sequential";

export interface MetricBaseline {
  /** units (visitors, or orders for AOV) in the window */
  units: number;
  mean: number;
  sd: number;
}

export interface OfferBaseline {
  offerId: string;
  /** days the baseline was read over */
  days: number;
  /** visitors shown the offer a day (the units an experiment on it would get) */
  dailyVisitors: number;
  acceptance_rate: MetricBaseline;
  revenue_per_visitor: MetricBaseline;
  aov: MetricBaseline;
  from: string;
  to: string;
}

export interface ExperimentPlan extends SequentialPlan {
  baselineMean: number;
  baselineSd: number;
  /** units a day for the whole experiment (visitors, or orders for AOV) */
  unitsPerDay: number;
  duration: { days: number; weeks: number } | null;
}

/**
 * The plan for an experiment on an offer whose metric has this baseline: units per variant for
 * the sequential test to find the minimum detectable effect with 80 % power, and the duration at
 * the offer's traffic. null when the baseline cannot carry a plan (no traffic, no conversions).
 */
export function planFor(
  baseline: OfferBaseline,
  metric: PrimaryMetric,
  mdePercent: number,
  weights: readonly number[],
): ExperimentPlan | null {
  const b = baseline[metric];
  if (b.units < 2 || !(b.mean > 0) || !(mdePercent > 0) || weights.length < 2) return null;
  const binary = metric === "acceptance_rate";
  try {
    const plan = sequentialSampleSize({
      baselineMean: b.mean,
      baselineSd: binary ? undefined : Math.max(b.sd, b.mean * 0.01),
      binary,
      minimumDetectableEffect: mdePercent / 100,
      variants: weights.length,
    });
    // AOV's units are the orders of the visitors shown the offer
    const unitsPerDay = metric === "aov" ? b.units / Math.max(1, baseline.days) : baseline.dailyVisitors;
    return {
      ...plan,
      baselineMean: b.mean,
      baselineSd: b.sd,
      unitsPerDay,
      duration: expectedDuration(plan.perVariant, unitsPerDay, weights),
    };
  } catch {
    return null;
  }
}
