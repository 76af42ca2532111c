// The dashboard's order figures for a period computed directly from the orders and lines by the
// database: the reference the daily rollups (app/services/admin/rollups.server.ts, which the
// dashboard reads) are proven equal to in test/integration/admin/rollups.test.ts, and the "before"
// of npm run bench:dashboard. The SQL runs unchanged on SQLite and PostgreSQL except the day of a
// timestamp (app/lib/dialect.server.ts).
//
// Definitions are those of docs/metrics.md and app/domain/metrics; the per-line arithmetic below
// is lineRevenue's and refundRate's, written in SQL:
//   net       = max(0, price × quantity − discount)
//   refunded  = round(net × refundedUnits / quantity) when quantity > 0, else 0 (round half up)
//   units     = max(0, quantity); refundedUnits = min(max(0, quantity), max(0, refundedQuantity))
// test/integration/admin/dashboard-sql.test.ts compares every dashboard figure with the in-memory
// computation over the same orders.
import db from "../../db.server";
import { Prisma } from "../../generated/prisma/client";
import { utcDay } from "../../lib/dialect.server";
import { lineAmounts, refundedAmount, unitsOf } from "../../lib/rollup-sql";

export interface LineTotals {
  lines: number;
  /** Σ net (cents) */
  gross: number;
  /** Σ refunded part of net (cents) */
  refunded: number;
  units: number;
  refundedUnits: number;
}

export interface OrderGroup {
  orders: number;
  /** Σ subtotal, cents */
  subtotal: number;
}

export interface PeriodFigures {
  orders: number;
  withOffer: OrderGroup;
  withoutOffer: OrderGroup;
  /** orders of known exposure: count, Σ subtotal and Σ subtotal² (exact; momentsFromSums makes the moments) */
  exposure: Record<"exposed" | "control", ExposureSums>;
  /** per offer id; `baseline`: lines sold without an offer */
  offers: Map<string, LineTotals>;
  baseline: LineTotals;
  /** per UTC day (YYYY-MM-DD): orders, orders with an offer line, attributed revenue (net − refunded) */
  days: Map<string, { orders: number; offerOrders: number; revenue: number }>;
}

export interface ExposureSums {
  n: number;
  sum: bigint;
  sumSq: bigint;
}

export const num = (v: unknown): number => (v == null ? 0 : Number(v));
/** An integer sum as the drivers return it (number, bigint, or PostgreSQL's numeric as text), exactly. */
export const big = (v: unknown): bigint =>
  v == null
    ? 0n
    : typeof v === "bigint"
      ? v
      : typeof v === "number"
        ? BigInt(Math.round(v))
        : BigInt(String(v).split(".")[0]);

const line = lineAmounts("l");
/**
 * Columns "quantity", "net" and "ru" (refunded units) of an order line `l`, as lineRevenue and
 * refundRate define them (the rollup triggers' arithmetic, app/lib/rollup-sql.ts); aggregate them
 * with LINE_TOTALS over a sub-select aliased x.
 */
export const LINE_AMOUNTS = Prisma.raw(`${line.quantity} AS "quantity", ${line.net} AS "net", ${line.ru} AS "ru"`);

/** "lines", "gross", "refunded", "units", "refundedUnits" of the lines of sub-select x (LINE_AMOUNTS). */
export const LINE_TOTALS = Prisma.raw(
  `COUNT(*) AS "lines", SUM(x."net") AS "gross", SUM(${refundedAmount('x."net"', 'x."ru"', 'x."quantity"')}) AS "refunded", SUM(${unitsOf('x."quantity"')}) AS "units", SUM(x."ru") AS "refundedUnits"`,
);

export type LineTotalsRow = {
  lines: unknown;
  gross: unknown;
  refunded: unknown;
  units: unknown;
  refundedUnits: unknown;
};

export function lineTotals(r: LineTotalsRow): LineTotals {
  return {
    lines: num(r.lines),
    gross: num(r.gross),
    refunded: num(r.refunded),
    units: num(r.units),
    refundedUnits: num(r.refundedUnits),
  };
}

function period(shop: string, from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`o."shop" = ${shop} AND o."cancelledAt" IS NULL AND o."createdAt" >= ${from} AND o."createdAt" <= ${to}`;
}

export async function periodFigures(shop: string, from: Date, to: Date): Promise<PeriodFigures> {
  const where = period(shop, from, to);
  const day = utcDay(Prisma.sql`o."createdAt"`);
  const orderRows = await db.$queryRaw<
    {
      day: string;
      exposure: string | null;
      withOffer: unknown;
      orders: unknown;
      subtotal: unknown;
      subtotalSq: unknown;
    }[]
  >`
    SELECT ${day} AS "day", o."exposure" AS "exposure",
      CASE WHEN EXISTS (SELECT 1 FROM "OrderLine" l WHERE l."orderId" = o."id" AND l."offerId" IS NOT NULL) THEN 1 ELSE 0 END AS "withOffer",
      COUNT(*) AS "orders", SUM(CAST(o."subtotal" AS BIGINT)) AS "subtotal",
      SUM(CAST(o."subtotal" AS BIGINT) * CAST(o."subtotal" AS BIGINT)) AS "subtotalSq"
    FROM "Order" o
    WHERE ${where}
    GROUP BY 1, 2, 3`;
  const lineRows = await db.$queryRaw<({ offerId: string | null; day: string } & LineTotalsRow)[]>`
    SELECT x."offerId" AS "offerId", x."day" AS "day", ${LINE_TOTALS}
    FROM (
      SELECT l."offerId" AS "offerId", ${day} AS "day", ${LINE_AMOUNTS}
      FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
      WHERE ${where}
    ) x
    GROUP BY x."offerId", x."day"`;

  const figures: PeriodFigures = {
    orders: 0,
    withOffer: { orders: 0, subtotal: 0 },
    withoutOffer: { orders: 0, subtotal: 0 },
    exposure: { exposed: { n: 0, sum: 0n, sumSq: 0n }, control: { n: 0, sum: 0n, sumSq: 0n } },
    offers: new Map(),
    baseline: { lines: 0, gross: 0, refunded: 0, units: 0, refundedUnits: 0 },
    days: new Map(),
  };
  const dayOf = (d: string) => {
    let row = figures.days.get(d);
    if (!row) figures.days.set(d, (row = { orders: 0, offerOrders: 0, revenue: 0 }));
    return row;
  };
  for (const r of orderRows) {
    const orders = num(r.orders);
    const subtotal = num(r.subtotal);
    const withOffer = num(r.withOffer) === 1;
    figures.orders += orders;
    const group = withOffer ? figures.withOffer : figures.withoutOffer;
    group.orders += orders;
    group.subtotal += subtotal;
    const d = dayOf(r.day);
    d.orders += orders;
    if (withOffer) d.offerOrders += orders;
    if (r.exposure === "exposed" || r.exposure === "control") {
      const g = figures.exposure[r.exposure];
      g.n += orders;
      g.sum += big(r.subtotal);
      g.sumSq += big(r.subtotalSq);
    }
  }
  for (const r of lineRows) {
    const t = lineTotals(r);
    const into =
      r.offerId == null
        ? figures.baseline
        : (figures.offers.get(r.offerId) ??
          figures.offers
            .set(r.offerId, { lines: 0, gross: 0, refunded: 0, units: 0, refundedUnits: 0 })
            .get(r.offerId)!);
    into.lines += t.lines;
    into.gross += t.gross;
    into.refunded += t.refunded;
    into.units += t.units;
    into.refundedUnits += t.refundedUnits;
    if (r.offerId != null) dayOf(r.day).revenue += t.gross - t.refunded;
  }
  return figures;
}
