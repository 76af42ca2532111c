// `npm run bench:dashboard [-- --orders N]`: the admin dashboard's figures for a shop with N orders
// (default 1,000,000, spread over one year; generated once into .cache/bench/db/), for each period
// the dashboard offers, as the dashboard computes them now (aggregated by the database:
// app/services/admin/period-figures.server.ts), against — in the same run, on the same file — the
// way it computed them before: every order of the period loaded into memory, then the domain's
// metrics (30 days only by default: the longer periods take minutes that way; --baseline-all for all).
// Each figure is the best of 3 runs after a warm-up. Last line: `orders=N dashboard_ms=… baseline_ms=…`
// (365 days, and 30 days for the baseline). It reports; it never fails on absolute times.
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { MetricOrder } from "../app/domain/metrics/index";
import { BENCH_SHOP, benchDb } from "./lib/bench-db";

const { values } = parseArgs({ options: { orders: { type: "string" }, "baseline-all": { type: "boolean" } } });
const orders = values.orders ? Number(values.orders) : 1_000_000;
if (!Number.isInteger(orders) || orders < 1000) throw new Error("--orders must be a whole number ≥ 1000");
const log = (line: string) => process.stdout.write(line + "\n");
const load = () => `load average ${loadavg()[0].toFixed(1)}`;

log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, ${new Date().toISOString()}, ${load()}`,
);
process.env.DATABASE_URL = `file:${benchDb(orders, log)}`;
const { default: db } = await import("../app/db.server");
const { dashboardFigures } = await import("../app/services/admin/dashboard.server");
const metrics = await import("../app/domain/metrics/index");
const DAY = 86_400_000;
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
  const from = new Date(now - days * DAY);
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

await dashboardFigures(BENCH_SHOP, 30, { now }); // warm-up
const figures: Record<number, number> = {};
for (const days of [7, 30, 90, 365]) {
  const { ms, result } = await best(() => dashboardFigures(BENCH_SHOP, days, { now }));
  figures[days] = ms;
  log(
    `dashboard, ${String(days).padStart(3)} days (SQL): ${ms.toFixed(0).padStart(6)} ms — ${result.kpis.ordersInPeriod} orders in the period, attributed revenue ${(result.kpis.attributedRevenue.net / 100).toFixed(2)} (${load()})`,
  );
}
const baseline: Record<number, number> = {};
for (const days of values["baseline-all"] ? [7, 30, 90, 365] : [30]) {
  const { ms, result } = await best(() => inMemory(days), 1);
  baseline[days] = ms;
  log(
    `before: ${String(days).padStart(3)} days loaded into memory: ${ms.toFixed(0).padStart(6)} ms — ${result.orders} orders, attributed revenue ${(result.revenue.net / 100).toFixed(2)} (${load()})`,
  );
}
log(
  `orders=${orders} dashboard_ms=${figures[365].toFixed(0)} dashboard_30d_ms=${figures[30].toFixed(0)} baseline_30d_ms=${baseline[30].toFixed(0)}`,
);
await db.$disconnect();
