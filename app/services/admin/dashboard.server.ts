// The dashboard's figures for a period, computed from the store with app/domain/metrics
// (PRODUCT.md's definitions): attributed revenue, acceptance rate, cross-sell rate, AOV of orders
// with and without an accepted offer, AOV lift exposed vs holdout, refund warnings, daily series.
import db from "../../db.server";
import {
  ACCEPTANCE_TYPES,
  aovLift,
  attributedRevenue,
  crossSellRate,
  dailySeries,
  refundWarning,
  type MetricOrder,
  type MetricOrderLine,
} from "../../domain/metrics/index";
import { describeFinding, eventIntegrity } from "./event-integrity.server";
import { getShopOverview } from "./shops.server";

export { PERIODS, periodSchema } from "../../lib/forms/dashboard";

const DAY_MS = 86_400_000;
/** Data older than this is called stale. */
const STALE_SYNC_MS = 2 * DAY_MS;
const STALE_MINING_MS = 7 * DAY_MS;

export interface DashboardOptions {
  now?: number;
  /**
   * The local demo: its orders were generated up to a fixed day, so the period ends at the latest
   * order rather than today, and there is no Shopify sync to call stale.
   */
  demo?: boolean;
}

export async function dashboardFigures(shop: string, days: number, options: DashboardOptions = {}) {
  let now = options.now ?? Date.now();
  if (options.demo) {
    const latest = await db.order.findFirst({ where: { shop }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
    if (latest && latest.createdAt.getTime() < now) now = latest.createdAt.getTime();
  }
  const from = new Date(now - days * DAY_MS);
  const to = new Date(now);
  const [overview, orders, events, offerNames, integrity] = await Promise.all([
    getShopOverview(shop),
    db.order.findMany({
      where: { shop, cancelledAt: null, createdAt: { gte: from, lte: to } },
      select: {
        createdAt: true,
        subtotal: true,
        exposure: true,
        lines: { select: { quantity: true, price: true, discount: true, refundedQuantity: true, offerId: true } },
      },
    }),
    db.event.groupBy({
      by: ["offerId", "type"],
      where: { shop, occurredAt: { gte: from, lte: to }, type: { in: ["impression", ...ACCEPTANCE_TYPES] } },
      _count: { _all: true },
    }),
    db.offer.findMany({ where: { shop }, select: { id: true, name: true, status: true } }),
    eventIntegrity(shop, from, to),
  ]);

  const metricOrders: MetricOrder[] = orders.map((o) => ({
    subtotal: o.subtotal,
    exposure: o.exposure === "exposed" || o.exposure === "control" ? o.exposure : null,
    lines: o.lines,
  }));
  const allLines: MetricOrderLine[] = orders.flatMap((o) => o.lines);
  const revenue = attributedRevenue(allLines);
  const crossSell = crossSellRate(metricOrders);
  const withOffer = metricOrders.filter((o) => o.lines.some((l) => l.offerId != null));
  const withoutOffer = metricOrders.filter((o) => !o.lines.some((l) => l.offerId != null));
  const mean = (list: MetricOrder[]) => (list.length ? list.reduce((s, o) => s + o.subtotal, 0) / list.length : null);
  const lift = aovLift(metricOrders);

  let impressions = 0;
  let acceptances = 0;
  const perOffer = new Map<string, { impressions: number; acceptances: number }>();
  for (const e of events) {
    const n = e._count._all;
    const row = e.offerId ? (perOffer.get(e.offerId) ?? { impressions: 0, acceptances: 0 }) : null;
    if (e.type === "impression") {
      impressions += n;
      if (row) row.impressions += n;
    } else {
      acceptances += n;
      if (row) row.acceptances += n;
    }
    if (row && e.offerId) perOffer.set(e.offerId, row);
  }

  // Per offer: attributed revenue in the period, acceptance, and the refund warning against the
  // shop's baseline (lines sold without an offer).
  const baseline = allLines.filter((l) => l.offerId == null);
  const names = new Map(offerNames.map((o) => [o.id, o]));
  const linesByOffer = new Map<string, MetricOrderLine[]>();
  for (const l of allLines) {
    if (!l.offerId) continue;
    const list = linesByOffer.get(l.offerId);
    if (list) list.push(l);
    else linesByOffer.set(l.offerId, [l]);
  }
  const offerIds = new Set([...linesByOffer.keys(), ...perOffer.keys()]);
  const offers = [...offerIds]
    .filter((id) => names.has(id))
    .map((id) => {
      const ev = perOffer.get(id) ?? { impressions: 0, acceptances: 0 };
      const lines = linesByOffer.get(id) ?? [];
      return {
        id,
        name: names.get(id)!.name,
        status: names.get(id)!.status,
        impressions: ev.impressions,
        acceptances: ev.acceptances,
        acceptanceRate: ev.impressions > 0 ? ev.acceptances / ev.impressions : null,
        revenue: attributedRevenue(lines).net,
        refund: refundWarning(lines, baseline),
      };
    });
  const topOffers = [...offers].sort((a, b) => b.revenue - a.revenue || b.acceptances - a.acceptances).slice(0, 5);

  const tz = { from: from.getTime(), to: to.getTime(), tzOffsetMinutes: 0 };
  const revenueSeries = dailySeries(
    orders.flatMap((o) => o.lines.filter((l) => l.offerId != null).map((l) => ({ at: o.createdAt.getTime(), value: attributedRevenue([l]).net }))),
    tz,
  );
  const orderSeries = dailySeries(
    orders.map((o) => ({ at: o.createdAt.getTime() })),
    tz,
  );
  const offerOrderSeries = dailySeries(
    orders.filter((o) => o.lines.some((l) => l.offerId != null)).map((o) => ({ at: o.createdAt.getTime() })),
    tz,
  );

  const warnings: { tone: "warning" | "critical"; title: string; body: string; url?: string }[] = [];
  for (const o of offers) {
    if (o.refund.flagged)
      warnings.push({
        tone: "critical",
        title: `“${o.name}” sells products that come back`,
        body: `${((o.refund.offerRate ?? 0) * 100).toFixed(1)}% of units sold through this offer were refunded, against ${((o.refund.baselineRate ?? 0) * 100).toFixed(1)}% for the rest of the shop.`,
        url: `/app/offers/${o.id}`,
      });
  }
  // Storefront events whose pattern looks forged (adds that Shopify's orders do not follow).
  if (integrity.shop)
    warnings.push({ tone: "critical", title: "This shop’s offer events look forged", body: describeFinding(integrity.shop) });
  for (const f of integrity.offers) {
    const name = f.key === "auto" ? "Automatic recommendations" : names.get(f.key)?.name;
    if (!name) continue;
    warnings.push({
      tone: "critical",
      title: `“${name}”: events look forged`,
      body: describeFinding(f),
      ...(f.key === "auto" ? {} : { url: `/app/offers/${f.key}` }),
    });
  }
  const syncedAt = [overview.shop.ordersSyncedAt, overview.shop.catalogSyncedAt].filter((d): d is Date => d != null);
  if (!options.demo && overview.orders > 0 && syncedAt.length > 0 && Math.min(...syncedAt.map((d) => d.getTime())) < now - STALE_SYNC_MS && overview.lastSync?.status !== "running")
    warnings.push({ tone: "warning", title: "Data may be stale", body: "The catalog or orders were last synced more than two days ago; webhooks may have been missed.", url: "/app/insights?tab=sync" });
  if (overview.orders > 0 && (!overview.shop.minedAt || overview.shop.minedAt.getTime() < now - STALE_MINING_MS))
    warnings.push({
      tone: "warning",
      title: overview.shop.minedAt ? "Recommendations are more than a week old" : "Recommendations have not been mined yet",
      body: "Re-mine to learn from recent orders.",
      url: "/app/insights?tab=sync",
    });
  if (overview.ordersTo && overview.shop.minedAt && overview.ordersTo.getTime() > overview.shop.minedAt.getTime() + DAY_MS && !warnings.some((w) => w.url === "/app/insights?tab=sync"))
    warnings.push({ tone: "warning", title: "New orders since the last mining run", body: "Re-mine to include them.", url: "/app/insights?tab=sync" });

  return {
    period: { days, from: from.toISOString(), to: to.toISOString() },
    overview,
    kpis: {
      attributedRevenue: revenue,
      impressions,
      acceptances,
      acceptanceRate: impressions > 0 ? acceptances / impressions : null,
      crossSell,
      aovWithOffer: mean(withOffer),
      aovWithoutOffer: mean(withoutOffer),
      ordersWithOffer: withOffer.length,
      ordersWithoutOffer: withoutOffer.length,
      aovLift: lift,
      ordersInPeriod: orders.length,
    },
    series: revenueSeries.map((p, i) => ({ date: p.date, revenue: p.sum, orders: orderSeries[i]?.count ?? 0, offerOrders: offerOrderSeries[i]?.count ?? 0 })),
    topOffers,
    warnings,
    /** offer ids (or "auto") whose storefront events look forged in this period */
    suspectOffers: integrity.offers.map((f) => f.key),
  };
}
