// Which arm of which experiment a visitor is in, computed from the visitor id alone (bucketing.ts):
// the same answer on the product page, in the cart, at checkout, after the purchase, when an event
// arrives and when the order is attributed — nothing is stored per visitor, nothing is looked up.
// An experiment runs on one offer, or on one placement (then its arm applies to whatever offers
// that placement shows, the automatic suggestions included).
import type { ExperimentArm, OfferOverrides } from "../offers/types";
import type { Placement } from "../types";
import { assignVariant } from "./bucketing";

export interface LiveExperiment {
  id: string;
  /** the offer tested; null for a placement experiment */
  offerId: string | null;
  /** the placement tested; null for an offer experiment */
  placement?: Placement | null;
  /** ms since epoch */
  startedAt: number;
  /** ms since epoch; null while running */
  endedAt: number | null;
  variants: { key: string; weight: number; overrides: OfferOverrides }[];
  /** the experiment's secret salt of the visitor hash (variants that differ in discount), or none */
  salt?: string | null;
}

const liveAt = (e: LiveExperiment, at: number) => e.startedAt <= at && (e.endedAt === null || at <= e.endedAt);

/** The visitor's arms of the experiments running at `at` (call only outside the holdout). */
export function experimentArms(experiments: readonly LiveExperiment[], visitorId: string, at: number): ExperimentArm[] {
  const arms: ExperimentArm[] = [];
  for (const e of experiments) {
    if (!liveAt(e, at)) continue;
    const key = assignVariant(visitorId, e.id, e.variants, e.salt);
    const v = key === null ? undefined : e.variants.find((x) => x.key === key);
    if (v)
      arms.push({
        experimentId: e.id,
        offerId: e.offerId,
        placement: e.placement ?? null,
        variant: v.key,
        overrides: v.overrides,
      });
  }
  return arms;
}

/**
 * The experiment and arm an event or an order line belongs to, or null: the experiment on its offer,
 * else the one on its placement (when known).
 */
export function armOf(
  experiments: readonly LiveExperiment[],
  offerId: string | null,
  visitorId: string | null | undefined,
  at: number,
  placement?: string | null,
): { experimentId: string; variant: string } | null {
  if (!visitorId) return null;
  const e =
    (offerId ? experiments.find((x) => x.offerId === offerId && liveAt(x, at)) : undefined) ??
    (placement ? experiments.find((x) => !x.offerId && x.placement === placement && liveAt(x, at)) : undefined);
  if (!e) return null;
  const variant = assignVariant(visitorId, e.id, e.variants, e.salt);
  return variant ? { experimentId: e.id, variant } : null;
}
