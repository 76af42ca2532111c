// `npm run bench:dashboard [-- --orders N] [--postgres URL]`: the admin dashboard of a shop with N
// orders (default 1,000,000 over one year; generated once, its rollups backfilled: into
// .cache/bench/db/ on SQLite, or with --postgres into a database of its own on that PostgreSQL
// server), for each period the dashboard offers, in one run on one database:
//  - the whole dashboard as it is served now: order and event figures from the daily rollups
//    (app/services/admin/rollups.server.ts);
//  - the period's order figures from the rollups alone, and the same figures computed directly by
//    SQL from the orders and lines (period-figures.server.ts: what the dashboard did before), with a
//    check that both give the same figures;
//  - for 30 days, every order of the period loaded into memory (what it did before that;
//    --baseline-all for every period).
// Each figure is the best of 3 runs after a warm-up, printed with the load average. Last line:
// `orders=N dashboard_ms=… direct_sql_ms=…` (365 days). It reports; it never fails on absolute times.
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { MetricOrder } from "../app/domain/metrics/index";
import { BENCH_SHOP, benchDb, benchPostgresDb } from "./lib/bench-db";

const { values } = parseArgs({
  options: { orders: { type: "string" }, postgres: { type: "string" }, "baseline-all": { type: "boolean" } },
});
const orders = values.orders ? Number(values.orders) : 1_000_000;
if (!Number.isInteger(orders) || orders < 1000) throw new Error("--orders must be a whole number ≥ 1000");
const log = (line: string) => process.stdout.write(line + "\n");
const load = () => `load average ${loadavg()[0].toFixed(1)}`;

log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, ${new Date().toISOString()}, ${load()}`,
);
process.env.DATABASE_URL = values.postgres
  ? await benchPostgresDb(orders, values.postgres, log)
  : `file:${benchDb(orders, log)}`;
log(`database: ${values.postgres ? "PostgreSQL" : "SQLite"}`);
const { default: db } = await import("../app/db.server");
const { dashboardFigures } = await import("../app/services/admin/dashboard.server");
const { periodFigures } = await import("../app/services/admin/period-figures.server");
const { rollupPeriodFigures, lastDays, rangeInstants } = await import("../app/services/admin/rollups.server");
const { isDeepStrictEqual } = await import("node:util");
const metrics = await import("../app/domain/metrics/index");
const latest = await db.order.findFirstOrThrow({
  where: { shop: BENCH_SHOP },
  orderBy: { createdAt: "desc" },
  select: { createdAt: true },
});
const now = latest.createdAt.getTime() + 1000;

async function best<T>(fn: () => Promise<T>, runs = 3): Promise<{ ms: number; result: T }> {
  let ms = Infinity;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, result };
}

/** Before: every order of the period loaded, then the domain's metrics in memory. */
async function inMemory(days: number) {
  const { from } = rangeInstants(lastDays(days, now));
  const list = await db.order.findMany({
    where: { shop: BENCH_SHOP, cancelledAt: null, createdAt: { gte: from, lte: new Date(now) } },
    select: {
      createdAt: true,
      subtotal: true,
      exposure: true,
      lines: { select: { quantity: true, price: true, discount: true, refundedQuantity: true, offerId: true } },
    },
  });
  const orders: MetricOrder[] = list.map((o) => ({
    subtotal: o.subtotal,
    exposure: o.exposure === "control" ? "control" : o.exposure === "exposed" ? "exposed" : null,
    lines: o.lines,
  }));
  const lines = list.flatMap((o) => o.lines);
  return {
    orders: list.length,
    revenue: metrics.attributedRevenue(lines),
    crossSell: metrics.crossSellRate(orders),
    lift: metrics.aovLift(orders),
  };
}

const comparable = (f: Awaited<ReturnType<typeof periodFigures>>) => ({
  ...f,
  offers: [...f.offers.entries()].sort(([a], [b]) => a.localeCompare(b)),
  days: [...f.days.entries()]
    .filter(([, d]) => d.orders || d.offerOrders || d.revenue)
    .sort(([a], [b]) => a.localeCompare(b)),
});

await dashboardFigures(BENCH_SHOP, 30, { now }); // warm-up
const figures: Record<number, { dashboard: number; rollups: number; direct: number }> = {};
for (const days of [7, 30, 90, 365]) {
  const range = lastDays(days, now);
  const { from, to } = rangeInstants(range);
  const dashboard = await best(() => dashboardFigures(BENCH_SHOP, days, { now }));
  const rolled = await best(() => rollupPeriodFigures(BENCH_SHOP, range));
  const direct = await best(() => periodFigures(BENCH_SHOP, from, to));
  const equal = isDeepStrictEqual(comparable(rolled.result), comparable(direct.result));
  figures[days] = { dashboard: dashboard.ms, rollups: rolled.ms, direct: direct.ms };
  log(
    `${String(days).padStart(3)} days (${dashboard.result.kpis.ordersInPeriod} orders, attributed revenue ${(dashboard.result.kpis.attributedRevenue.net / 100).toFixed(2)}): ` +
      `dashboard ${dashboard.ms.toFixed(0)} ms; order figures from rollups ${rolled.ms.toFixed(1)} ms vs direct SQL ${direct.ms.toFixed(0)} ms (${(direct.ms / rolled.ms).toFixed(0)}×), ` +
      `${equal ? "equal" : "NOT EQUAL"} (${load()})`,
  );
  if (!equal) process.exitCode = 1;
}
const baseline: Record<number, number> = {};
for (const days of values["baseline-all"] ? [7, 30, 90, 365] : [30]) {
  const { ms, result } = await best(() => inMemory(days), 1);
  baseline[days] = ms;
  log(
    `before that: ${String(days).padStart(3)} days loaded into memory: ${ms.toFixed(0).padStart(6)} ms — ${result.orders} orders, attributed revenue ${(result.revenue.net / 100).toFixed(2)} (${load()})`,
  );
}
log(
  `orders=${orders} dashboard_ms=${figures[365].dashboard.toFixed(0)} rollups_ms=${figures[365].rollups.toFixed(1)} direct_sql_ms=${figures[365].direct.toFixed(0)} dashboard_30d_ms=${figures[30].dashboard.toFixed(0)} baseline_30d_ms=${baseline[30].toFixed(0)}`,
);
await db.$disconnect();
