// Words the experiment pages use for metrics, guardrails and verdicts (shared by list and detail).
import type { Guardrail, PrimaryMetric, ReadoutVerdictCode } from "../../domain/experiments";

export const METRIC_LABELS: Record<PrimaryMetric, string> = {
  acceptance_rate: "Acceptance rate",
  revenue_per_visitor: "Revenue per visitor",
  aov: "Average order value",
};

export const GUARDRAIL_LABELS: Record<Guardrail, string> = {
  refund_rate: "Refund rate of offer-sold lines must not rise",
  aov: "Average order value must not drop",
};

export const VERDICT_BADGES: Record<
  ReadoutVerdictCode,
  { label: string; tone: "success" | "critical" | "info" | "attention" | undefined }
> = {
  variant_wins: { label: "Variant wins", tone: "success" },
  control_wins: { label: "Control wins", tone: "attention" },
  no_difference: { label: "No difference", tone: undefined },
  keep_running: { label: "Not a result yet", tone: "info" },
  not_started: { label: "No visitors yet", tone: "info" },
  srm: { label: "Split broken", tone: "critical" },
};
