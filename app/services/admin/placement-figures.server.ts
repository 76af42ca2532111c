// Per-placement figures (impressions, acceptances, acceptance rate, attributed revenue) for the
// dashboard and an offer's page, from the stored events and orders, computed by the domain
// (app/domain/metrics/placements.ts: which surface each offer line was accepted in).
import db from "../../db.server";
import { ACCEPTANCE_TYPES } from "../../domain/metrics";
import { PLACEMENT_WINDOW_MS, placementFigures, type AcceptanceEvent, type PlacedLine, type PlacementFigures } from "../../domain/metrics/placements";
import type { Placement } from "../../domain/types";

const ACCEPT_OR_CLICK = [...new Set([...ACCEPTANCE_TYPES, "click" as const])];
const CHUNK = 500;

export async function placementFiguresFor(shop: string, opts: { from: Date; to: Date; offerId?: string }): Promise<PlacementFigures> {
  const offer = opts.offerId ? { offerId: opts.offerId } : {};
  const [counts, orders] = await Promise.all([
    db.event.groupBy({
      by: ["placement", "type"],
      where: { shop, ...offer, occurredAt: { gte: opts.from, lte: opts.to }, type: { in: ["impression", ...ACCEPT_OR_CLICK] } },
      _count: { _all: true },
    }),
    db.order.findMany({
      where: { shop, cancelledAt: null, createdAt: { gte: opts.from, lte: opts.to }, lines: { some: opts.offerId ? { offerId: opts.offerId } : { offerId: { not: null } } } },
      select: {
        createdAt: true,
        visitorId: true,
        lines: {
          where: opts.offerId ? { offerId: opts.offerId } : { offerId: { not: null } },
          select: { quantity: true, price: true, discount: true, refundedQuantity: true, offerId: true, productId: true },
        },
      },
    }),
  ]);
  const lines: PlacedLine[] = orders.flatMap((o) => o.lines.map((l) => ({ ...l, visitorId: o.visitorId, orderedAt: o.createdAt.getTime() })));
  const visitors = [...new Set(orders.flatMap((o) => (o.visitorId ? [o.visitorId] : [])))];
  const acceptances: AcceptanceEvent[] = [];
  for (let i = 0; i < visitors.length; i += CHUNK) {
    const rows = await db.event.findMany({
      where: {
        shop,
        ...offer,
        visitorId: { in: visitors.slice(i, i + CHUNK) },
        type: { in: ACCEPT_OR_CLICK },
        occurredAt: { gte: new Date(opts.from.getTime() - PLACEMENT_WINDOW_MS), lte: opts.to },
      },
      select: { visitorId: true, productId: true, offerId: true, placement: true, occurredAt: true },
    });
    for (const r of rows) acceptances.push({ ...r, placement: r.placement as Placement, occurredAt: r.occurredAt.getTime() });
  }
  return placementFigures(
    counts.map((c) => ({ placement: c.placement, type: c.type, count: c._count._all })),
    lines,
    acceptances,
  );
}

/** When each placement last showed an offer in this shop (the last 30 days), as evidence that it is live. */
export async function placementActivity(shop: string, now = Date.now()): Promise<Partial<Record<Placement, string>>> {
  const rows = await db.event.groupBy({
    by: ["placement"],
    where: { shop, type: "impression", occurredAt: { gte: new Date(now - PLACEMENT_WINDOW_MS), lte: new Date(now + 60_000) } },
    _max: { occurredAt: true },
  });
  return Object.fromEntries(rows.flatMap((r) => (r._max.occurredAt ? [[r.placement, r._max.occurredAt.toISOString()]] : [])));
}
