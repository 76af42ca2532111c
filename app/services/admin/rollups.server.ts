// The dashboard's figures read from the daily rollups (DailyOrderRollup, DailyLineRollup,
// DailyEventRollup), which database triggers keep current as orders, lines and events are written
// (app/lib/rollup-sql.ts). A period is a range of whole UTC days; its figures are sums of the days'
// parts (counts, cents, Σ subtotal²), and every ratio is computed from those sums afterwards, so
// they equal the direct SQL over the same days (period-figures.server.ts, the reference;
// test/integration/admin/rollups.test.ts proves it on SQLite and PostgreSQL). A year costs a few
// hundred rows whatever the number of orders.
import db from "../../db.server";
import { rollupBackfillSql } from "../../lib/rollup-sql";
import { currentProvider } from "../../lib/dialect.server";
import type { LineTotals, PeriodFigures } from "./period-figures.server";

/** Whole UTC days, both included, as YYYY-MM-DD. */
export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/** The UTC day (YYYY-MM-DD) of an instant. */
export const utcDayOf = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** A day moved by whole days. */
export const addDays = (day: string, days: number): string => utcDayOf(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);

/** The last `days` UTC days up to and including the day of `now`. */
export function lastDays(days: number, now: number): DayRange {
  const to = utcDayOf(now);
  return { from: addDays(to, -(days - 1)), to };
}

/** The instants a day range covers: its first millisecond to its last. */
export function rangeInstants(range: DayRange): { from: Date; to: Date } {
  return {
    from: new Date(`${range.from}T00:00:00.000Z`),
    to: new Date(Date.parse(`${range.to}T00:00:00Z`) + DAY_MS - 1),
  };
}

const n = (v: bigint | number | null | undefined): number => (v == null ? 0 : Number(v));
const zero = (): LineTotals => ({ lines: 0, gross: 0, refunded: 0, units: 0, refundedUnits: 0 });

/** The period's order figures (what periodFigures computes from the orders), from the rollups. */
export async function rollupPeriodFigures(shop: string, range: DayRange): Promise<PeriodFigures> {
  const days = { gte: range.from, lte: range.to };
  const [orderRows, offerRows, dayRows] = await Promise.all([
    db.dailyOrderRollup.groupBy({
      by: ["day", "exposure", "withOffer"],
      where: { shop, day: days, cancelled: 0 },
      _sum: { orders: true, subtotal: true, subtotalSq: true },
    }),
    db.dailyLineRollup.groupBy({
      by: ["offerId"],
      where: { shop, day: days, cancelled: 0 },
      _sum: { lines: true, gross: true, refunded: true, units: true, refundedUnits: true },
    }),
    db.dailyLineRollup.groupBy({
      by: ["day"],
      where: { shop, day: days, cancelled: 0, offerId: { not: "" } },
      _sum: { gross: true, refunded: true },
    }),
  ]);
  const figures: PeriodFigures = {
    orders: 0,
    withOffer: { orders: 0, subtotal: 0 },
    withoutOffer: { orders: 0, subtotal: 0 },
    exposure: { exposed: { n: 0, sum: 0n, sumSq: 0n }, control: { n: 0, sum: 0n, sumSq: 0n } },
    offers: new Map(),
    baseline: zero(),
    days: new Map(),
  };
  const dayOf = (d: string) => {
    let row = figures.days.get(d);
    if (!row) figures.days.set(d, (row = { orders: 0, offerOrders: 0, revenue: 0 }));
    return row;
  };
  for (const r of orderRows) {
    const orders = n(r._sum.orders);
    if (orders === 0 && n(r._sum.subtotal) === 0) continue;
    const withOffer = r.withOffer === 1;
    figures.orders += orders;
    const group = withOffer ? figures.withOffer : figures.withoutOffer;
    group.orders += orders;
    group.subtotal += n(r._sum.subtotal);
    const d = dayOf(r.day);
    d.orders += orders;
    if (withOffer) d.offerOrders += orders;
    if (r.exposure === "exposed" || r.exposure === "control") {
      const g = figures.exposure[r.exposure];
      g.n += orders;
      g.sum += r._sum.subtotal ?? 0n;
      g.sumSq += r._sum.subtotalSq ?? 0n;
    }
  }
  for (const r of offerRows) {
    const t: LineTotals = {
      lines: n(r._sum.lines),
      gross: n(r._sum.gross),
      refunded: n(r._sum.refunded),
      units: n(r._sum.units),
      refundedUnits: n(r._sum.refundedUnits),
    };
    if (r.offerId === "") figures.baseline = t;
    else if (t.lines > 0) figures.offers.set(r.offerId, t);
  }
  for (const r of dayRows) {
    const revenue = n(r._sum.gross) - n(r._sum.refunded);
    if (revenue !== 0 || figures.days.has(r.day)) dayOf(r.day).revenue += revenue;
  }
  return figures;
}

/** Events of the period per offer ("" for none), placement and type, from the rollups. */
export async function rollupEventCounts(
  shop: string,
  range: DayRange,
  opts: { types?: readonly string[]; offerId?: string } = {},
): Promise<{ offerId: string | null; placement: string; type: string; count: number }[]> {
  const rows = await db.dailyEventRollup.groupBy({
    by: ["offerId", "placement", "type"],
    where: {
      shop,
      day: { gte: range.from, lte: range.to },
      ...(opts.types ? { type: { in: [...opts.types] } } : {}),
      ...(opts.offerId !== undefined ? { offerId: opts.offerId } : {}),
    },
    _sum: { count: true },
  });
  return rows
    .map((r) => ({
      offerId: r.offerId === "" ? null : r.offerId,
      placement: r.placement,
      type: r.type,
      count: n(r._sum.count),
    }))
    .filter((r) => r.count !== 0);
}

/** Ordered lines per offer in a range of days (orders not cancelled), from the rollups. */
export async function rollupOfferLines(shop: string, range: DayRange): Promise<Map<string, number>> {
  const rows = await db.dailyLineRollup.groupBy({
    by: ["offerId"],
    where: { shop, day: { gte: range.from, lte: range.to }, cancelled: 0, offerId: { not: "" } },
    _sum: { lines: true },
  });
  return new Map(rows.filter((r) => n(r._sum.lines) !== 0).map((r) => [r.offerId, n(r._sum.lines)]));
}

/** Attributed revenue of the offer lines of a range of days per placement ("" when none explains them), from the rollups. */
export async function rollupPlacementRevenue(
  shop: string,
  range: DayRange,
  opts: { offerId?: string } = {},
): Promise<Map<string, LineTotals>> {
  const rows = await db.dailyPlacementRollup.groupBy({
    by: ["placement"],
    where: {
      shop,
      day: { gte: range.from, lte: range.to },
      cancelled: 0,
      ...(opts.offerId !== undefined ? { offerId: opts.offerId } : {}),
    },
    _sum: { lines: true, gross: true, refunded: true, units: true, refundedUnits: true },
  });
  return new Map(
    rows
      .filter((r) => n(r._sum.lines) !== 0)
      .map((r) => [
        r.placement,
        {
          lines: n(r._sum.lines),
          gross: n(r._sum.gross),
          refunded: n(r._sum.refunded),
          units: n(r._sum.units),
          refundedUnits: n(r._sum.refundedUnits),
        },
      ]),
  );
}

/** All the shop's orders and order lines (cancelled ones too), from the rollups. */
export async function rollupTotals(shop: string): Promise<{ orders: number; orderLines: number }> {
  const [orders, lines] = await Promise.all([
    db.dailyOrderRollup.aggregate({ where: { shop }, _sum: { orders: true } }),
    db.dailyLineRollup.aggregate({ where: { shop }, _sum: { lines: true } }),
  ]);
  return { orders: n(orders._sum.orders), orderLines: n(lines._sum.lines) };
}

/**
 * Recomputes one shop's rollups from its stored rows, in one transaction (a repair: the triggers
 * keep them current, and the migration backfilled the shops that existed before them).
 */
export async function rebuildRollups(shop: string): Promise<void> {
  const provider = currentProvider();
  const placeholder = provider === "postgresql" ? "$1" : "?";
  await db.$transaction(async (tx) => {
    for (const table of [
      "DailyOrderRollup",
      "DailyLineRollup",
      "DailyEventRollup",
      "DailyPlacementRollup",
      "OfferLinePlacement",
    ])
      await tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "shop" = ${placeholder}`, shop);
    for (const statement of rollupBackfillSql(provider, placeholder)) await tx.$executeRawUnsafe(statement, shop);
  });
}
