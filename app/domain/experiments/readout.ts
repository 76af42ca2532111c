// An experiment's readout: per-variant figures, lift against the control, the sequential verdict
// (valid whenever the merchant looks), the sample-ratio-mismatch check and the guardrails.
import {
  alwaysValidPValues,
  armMean,
  meanInterval,
  msprt,
  sampleRatioMismatch,
  wilsonInterval,
  type ArmSummary,
  type SrmResult,
} from "./sequential";

export const PRIMARY_METRICS = ["acceptance_rate", "revenue_per_visitor", "aov"] as const;
export type PrimaryMetric = (typeof PRIMARY_METRICS)[number];

export const GUARDRAILS = ["refund_rate", "aov"] as const;
export type Guardrail = (typeof GUARDRAILS)[number];

export interface VariantData {
  key: string;
  name: string;
  weight: number;
  /** visitors assigned and shown the experiment (the unit of the split) */
  visitors: number;
  /** the primary metric per unit, cumulative after each day of the experiment (last = now) */
  looks: ArmSummary[];
  /** attributed offer lines and how many of them were refunded (refund-rate guardrail) */
  lines: number;
  refundedLines: number;
  /** orders of the variant's visitors: Σ and Σ² of order totals (AOV guardrail) */
  orders: ArmSummary;
}

export interface ReadoutInput {
  metric: PrimaryMetric;
  /** first variant is the control */
  variants: VariantData[];
  /** relative minimum detectable effect the test was planned for (0.1 = 10 %) */
  minimumDetectableEffect: number;
  /** units per variant planned before the start (sequentialSampleSize) */
  plannedPerVariant: number;
  guardrails: readonly Guardrail[];
  alpha?: number;
}

export interface VariantReadout {
  key: string;
  name: string;
  control: boolean;
  visitors: number;
  /** units of the primary metric (visitors, or orders for AOV) */
  units: number;
  /** conversions (acceptance rate), attributed revenue (RPV) or order revenue (AOV) */
  total: number;
  mean: number;
  /** 95 % interval of this variant's own mean (Wilson for rates) */
  interval: [number, number];
  /** against the control; null for the control */
  comparison: {
    difference: number;
    /** relative lift, null when the control's mean is 0 */
    lift: number | null;
    /** confidence sequence of the difference (always valid), and of the relative lift */
    ci: [number, number];
    liftCi: [number, number] | null;
    /** always-valid p-value (running minimum over daily looks) */
    pValue: number;
    significant: boolean;
  } | null;
  guardrails: {
    name: Guardrail;
    breached: boolean;
    detail: string;
    /** the figure the guardrail watches, of this variant and of the control: a refund rate (0..1) or an AOV (cents) */
    variantValue: number;
    controlValue: number;
  }[];
}

export type ReadoutVerdictCode =
  "srm" | "variant_wins" | "control_wins" | "no_difference" | "keep_running" | "not_started";

export interface Readout {
  verdict: { code: ReadoutVerdictCode; message: string; winner: string | null };
  variants: VariantReadout[];
  srm: SrmResult;
  /** the smallest variant's share of the planned units, 0..1 */
  progress: number;
  alphaPerComparison: number;
}

const fmtPct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Mixing scale of the test: the absolute minimum detectable effect at the control's level (never 0). */
function tauFor(controlMean: number, mde: number, fallback: number): number {
  const t = Math.abs(controlMean * mde);
  return t > 0 ? t : fallback;
}

export function readExperiment(input: ReadoutInput): Readout {
  const alpha = input.alpha ?? 0.05;
  const k = input.variants.length;
  if (k < 2) throw new RangeError("an experiment has at least two variants");
  const alphaPer = alpha / (k - 1);
  const control = input.variants[0];
  const last = (v: VariantData): ArmSummary => v.looks[v.looks.length - 1] ?? { n: 0, sum: 0, sumSq: 0 };
  const c = last(control);
  const cMean = armMean(c);
  // τ from the control's level; a rate with no conversions yet falls back to 1 % absolute.
  const tau = tauFor(cMean, input.minimumDetectableEffect, input.metric === "acceptance_rate" ? 0.01 : 100);
  const srm = sampleRatioMismatch(
    input.variants.map((v) => v.visitors),
    input.variants.map((v) => v.weight),
  );

  const readouts: VariantReadout[] = input.variants.map((v, i) => {
    const arm = last(v);
    const mean = armMean(arm);
    const interval = input.metric === "acceptance_rate" ? wilsonInterval(arm.sum, arm.n) : meanInterval(arm);
    let comparison: VariantReadout["comparison"] = null;
    const guardrails: VariantReadout["guardrails"] = [];
    if (i > 0) {
      const looks = v.looks.map((l, d) => ({ a: control.looks[d] ?? c, b: l }));
      const pValue = looks.length ? alwaysValidPValues(looks, tau, alphaPer).at(-1)! : 1;
      const now = msprt(c, arm, tau, alphaPer);
      comparison = {
        difference: now.difference,
        lift: cMean !== 0 ? now.difference / cMean : null,
        ci: now.ci,
        liftCi: cMean !== 0 ? [now.ci[0] / cMean, now.ci[1] / cMean] : null,
        pValue,
        significant: pValue <= alphaPer,
      };
      for (const g of input.guardrails) guardrails.push(guardrail(g, control, v, alphaPer));
    }
    return {
      key: v.key,
      name: v.name,
      control: i === 0,
      visitors: v.visitors,
      units: arm.n,
      total: arm.sum,
      mean,
      interval,
      comparison,
      guardrails,
    };
  });

  const fewest = Math.min(...readouts.map((r) => r.units));
  const progress = input.plannedPerVariant > 0 ? Math.min(1, fewest / input.plannedPerVariant) : 0;
  return {
    verdict: verdictOf(input, readouts, srm, tau, progress),
    variants: readouts,
    srm,
    progress,
    alphaPerComparison: alphaPer,
  };
}

function guardrail(
  name: Guardrail,
  control: VariantData,
  v: VariantData,
  alpha: number,
): VariantReadout["guardrails"][number] {
  if (name === "refund_rate") {
    const a = { n: control.lines, sum: control.refundedLines, sumSq: control.refundedLines };
    const b = { n: v.lines, sum: v.refundedLines, sumSq: v.refundedLines };
    const tau = Math.max(0.01, armMean(a) * 0.5);
    const t = msprt(a, b, tau, alpha);
    const breached = t.pValue <= alpha && t.difference > 0;
    return {
      name,
      breached,
      detail: `refund rate ${fmtPct(armMean(b))} vs ${fmtPct(armMean(a))} in the control`,
      variantValue: armMean(b),
      controlValue: armMean(a),
    };
  }
  const a = control.orders;
  const b = v.orders;
  const tau = Math.max(1, armMean(a) * 0.1);
  const t = msprt(a, b, tau, alpha);
  const breached = t.pValue <= alpha && t.difference < 0;
  return {
    name,
    breached,
    detail: `AOV ${(armMean(b) / 100).toFixed(2)} vs ${(armMean(a) / 100).toFixed(2)} in the control`,
    variantValue: armMean(b),
    controlValue: armMean(a),
  };
}

const METRIC_WORDS: Record<PrimaryMetric, string> = {
  acceptance_rate: "acceptance rate",
  revenue_per_visitor: "revenue per visitor",
  aov: "average order value",
};

function verdictOf(
  input: ReadoutInput,
  rs: VariantReadout[],
  srm: SrmResult,
  tau: number,
  progress: number,
): Readout["verdict"] {
  const metric = METRIC_WORDS[input.metric];
  if (rs.every((r) => r.visitors === 0))
    return { code: "not_started", message: "No visitor has seen the experiment yet.", winner: null };
  if (srm.mismatch) {
    return {
      code: "srm",
      message: `The split is broken: the variants received ${rs.map((r) => r.visitors).join(" / ")} visitors, which the configured split would give by chance with p = ${srm.pValue.toExponential(1)}. Do not trust these figures until the cause (caching, a redirect, tracking) is found.`,
      winner: null,
    };
  }
  const treatments = rs.slice(1);
  const winners = treatments.filter(
    (r) => r.comparison!.significant && r.comparison!.difference > 0 && !r.guardrails.some((g) => g.breached),
  );
  if (winners.length > 0) {
    const best = winners.reduce((x, y) => (y.mean > x.mean ? y : x));
    const lift = best.comparison!.lift;
    return {
      code: "variant_wins",
      message: `${best.name} wins: ${metric} ${lift != null ? `${lift >= 0 ? "+" : ""}${fmtPct(lift)}` : "higher"} against the control (always-valid p = ${best.comparison!.pValue.toFixed(4)}). This result holds however often you looked.`,
      winner: best.key,
    };
  }
  if (treatments.every((r) => r.comparison!.significant && r.comparison!.difference < 0)) {
    return {
      code: "control_wins",
      message: `The control wins: every variant has a lower ${metric}. Keep the offer as it is.`,
      winner: rs[0].key,
    };
  }
  const breached = treatments.filter((r) => r.guardrails.some((g) => g.breached));
  if (breached.length === treatments.length) {
    return {
      code: "control_wins",
      message: `The control wins: every variant breaks a guardrail (${breached[0].guardrails
        .filter((g) => g.breached)
        .map((g) => g.detail)
        .join("; ")}).`,
      winner: rs[0].key,
    };
  }
  if (treatments.every((r) => r.comparison!.ci[0] > -tau && r.comparison!.ci[1] < tau)) {
    return {
      code: "no_difference",
      message: `No difference as large as ${fmtPct(input.minimumDetectableEffect)}: the variants' ${metric} are within the effect you planned to detect. Stopping with no winner is safe.`,
      winner: null,
    };
  }
  const pct = Math.round(progress * 100);
  return {
    code: "keep_running",
    message:
      progress < 1
        ? `Not a result yet — keep it running. ${pct} % of the planned sample is in; the figures below may still move, and the verdict will appear as soon as it is reliable.`
        : `Not a result yet. The planned sample is in, so any difference is likely smaller than the ${fmtPct(input.minimumDetectableEffect)} you planned for; keep it running or stop with no winner.`,
    winner: null,
  };
}
