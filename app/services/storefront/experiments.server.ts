// Experiments as serving, event ingestion and attribution read them: rows → LiveExperiment
// (domain/experiments/arms.ts). Serving reads the running ones from the shop snapshot; attribution
// reads running and ended ones, since an order may arrive after the experiment ended.
import db from "../../db.server";
import type { LiveExperiment } from "../../domain/experiments";
import type { OfferOverrides } from "../../domain/offers";
import type { Placement } from "../../domain/types";
import { parseOverrides } from "../../lib/forms/experiment";

type Row = {
  id: string;
  offerId: string | null;
  placement?: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  salt?: string | null;
  variants: { key: string; weight: number; config: string }[];
};

export function liveExperimentFromRow(row: Row): LiveExperiment | null {
  if ((!row.offerId && !row.placement) || !row.startedAt) return null;
  return {
    id: row.id,
    offerId: row.offerId,
    placement: row.offerId ? null : ((row.placement ?? null) as Placement | null),
    startedAt: row.startedAt.getTime(),
    endedAt: row.endedAt ? row.endedAt.getTime() : null,
    salt: row.salt ?? null,
    variants: row.variants.map((v) => ({
      key: v.key,
      weight: v.weight,
      overrides: parseOverrides(v.config) as OfferOverrides,
    })),
  };
}

const variantSelect = { select: { key: true, weight: true, config: true } } as const;

/** The shop's running experiments (for the snapshot). */
export async function loadRunningExperiments(shop: string): Promise<LiveExperiment[]> {
  const rows = await db.experiment.findMany({
    where: { shop, status: "running" },
    include: { variants: variantSelect },
  });
  return rows.flatMap((r) => liveExperimentFromRow(r) ?? []);
}

/**
 * Started experiments (running or ended) an order placed at `at` may belong to: those on these
 * offers, and those on a placement that were live at that moment (an order may arrive after the
 * experiment ended; the one live when it was placed counts).
 */
export async function startedExperimentsOn(
  shop: string,
  offerIds: readonly string[],
  at?: Date,
): Promise<LiveExperiment[]> {
  const onOffers = offerIds.length ? [{ offerId: { in: [...offerIds] } }] : [];
  const onPlacements = at
    ? [
        {
          offerId: null,
          placement: { not: null },
          startedAt: { lte: at },
          OR: [{ endedAt: null }, { endedAt: { gte: at } }],
        },
      ]
    : [];
  if (onOffers.length + onPlacements.length === 0) return [];
  const rows = await db.experiment.findMany({
    where: { shop, status: { in: ["running", "ended"] }, OR: [...onOffers, ...onPlacements] },
    include: { variants: variantSelect },
  });
  return rows.flatMap((r) => liveExperimentFromRow(r) ?? []);
}
