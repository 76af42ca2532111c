// Per-placement figures (impressions, acceptances, acceptance rate, attributed revenue) for the
// dashboard and an offer's page, over whole UTC days, from the daily rollups (rollups.server.ts):
// the event counts, and the offer lines' revenue placed by the domain's rule
// (app/domain/metrics/placements.ts: which surface each offer line was accepted in), which the
// database's triggers apply as lines and events are written (app/lib/rollup-sql.ts), so the period's
// offer lines are never read (test/integration/admin/dashboard-sql.test.ts compares the figures with
// the domain's computation, rollups.test.ts the rollups with placementRevenueDirect).
import db from "../../db.server";
import type { AttributedRevenue } from "../../domain/metrics";
import {
  PLACEMENT_WINDOW_MS,
  PLACING_EVENT_TYPES,
  placementFigures,
  type PlacementFigures,
} from "../../domain/metrics/placements";
import type { Placement } from "../../domain/types";
import { Prisma } from "../../generated/prisma/client";
import { shiftDays } from "../../lib/dialect.server";
import { LINE_AMOUNTS, LINE_TOTALS, lineTotals, type LineTotals, type LineTotalsRow } from "./period-figures.server";
import { rangeInstants, rollupEventCounts, rollupPlacementRevenue, type DayRange } from "./rollups.server";

export async function placementFiguresFor(
  shop: string,
  days: DayRange,
  opts: { offerId?: string } = {},
): Promise<PlacementFigures> {
  const [counts, revenue] = await Promise.all([
    rollupEventCounts(shop, days, {
      types: ["impression", ...PLACING_EVENT_TYPES],
      ...(opts.offerId ? { offerId: opts.offerId } : {}),
    }),
    rollupPlacementRevenue(shop, days, opts),
  ]);
  const asRevenue = (t: LineTotals | undefined): AttributedRevenue =>
    t
      ? { gross: t.gross, refunded: t.refunded, net: t.gross - t.refunded, lines: t.lines }
      : { gross: 0, refunded: 0, net: 0, lines: 0 };
  const figures = placementFigures(counts, [], []);
  return {
    rows: figures.rows.map((row) => ({ ...row, revenue: asRevenue(revenue.get(row.placement)) })),
    unknownRevenue: asRevenue(revenue.get("")),
  };
}

/**
 * The reference for the rollups' placement revenue (test/integration/admin/rollups.test.ts): per
 * offer line of the period, the placement of the latest acceptance (add, accept or click) of that
 * visitor, product and offer at or before the order, within the window (linePlacements' rule; "auto"
 * lines match events without an offer id), computed directly from the orders and events; totals per
 * placement, "" for lines no acceptance explains.
 */
export async function placementRevenueDirect(
  shop: string,
  days: DayRange,
  opts: { offerId?: string } = {},
): Promise<Map<string, LineTotals>> {
  const { from, to } = rangeInstants(days);
  const windowDays = Math.round(PLACEMENT_WINDOW_MS / 86_400_000);
  const rows = await db.$queryRaw<({ placement: string | null } & LineTotalsRow)[]>`
      SELECT x."placement" AS "placement", ${LINE_TOTALS}
      FROM (
        SELECT (
          SELECT e."placement" FROM "Event" e
          WHERE e."shop" = ${shop} AND e."visitorId" = o."visitorId"
            AND e."type" IN (${Prisma.join(PLACING_EVENT_TYPES)})
            ${opts.offerId ? Prisma.sql`AND e."offerId" = ${opts.offerId}` : Prisma.empty}
            AND COALESCE(e."offerId", 'auto') = l."offerId" AND COALESCE(e."productId", '') = COALESCE(l."productId", '')
            AND e."occurredAt" <= o."createdAt" AND e."occurredAt" >= ${shiftDays(Prisma.sql`o."createdAt"`, -windowDays)}
          ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1
        ) AS "placement", ${LINE_AMOUNTS}
        FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
        WHERE o."shop" = ${shop} AND o."cancelledAt" IS NULL AND o."createdAt" >= ${from} AND o."createdAt" <= ${to}
          AND ${opts.offerId ? Prisma.sql`l."offerId" = ${opts.offerId}` : Prisma.sql`l."offerId" IS NOT NULL`}
      ) x
      GROUP BY x."placement"`;
  return new Map(rows.map((r) => [r.placement ?? "", lineTotals(r)]));
}

/** When each placement last showed an offer in this shop (the last 30 days), as evidence that it is live. */
export async function placementActivity(shop: string, now = Date.now()): Promise<Partial<Record<Placement, string>>> {
  const rows = await db.event.groupBy({
    by: ["placement"],
    where: {
      shop,
      type: "impression",
      occurredAt: { gte: new Date(now - PLACEMENT_WINDOW_MS), lte: new Date(now + 60_000) },
    },
    _max: { occurredAt: true },
  });
  return Object.fromEntries(
    rows.flatMap((r) => (r._max.occurredAt ? [[r.placement, r._max.occurredAt.toISOString()]] : [])),
  );
}
