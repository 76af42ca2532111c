// The dashboard's figures for a period, computed from the store with app/domain/metrics
// (the definitions of docs/metrics.md): attributed revenue, acceptance rate, cross-sell rate, AOV of orders
// with and without an accepted offer, AOV lift exposed vs holdout, refund warnings, daily series,
// figures per placement. The period is a range of whole UTC days (the last N days, today included);
// the order and event figures are read from the daily rollups the database keeps current
// (rollups.server.ts), so a shop with a million orders costs a few hundred rows per request.
import db from "../../db.server";
import {
  ACCEPTANCE_TYPES,
  aovLiftFromMoments,
  momentsFromSums,
  dailySeries,
  refundWarningFromUnits,
  type AttributedRevenue,
} from "../../domain/metrics/index";
import type { TFunction } from "i18next";
import { formatter } from "../../components/format";
import { DEFAULT_LOCALE, tFor, type Locale } from "../../i18n/i18n";
import { describeFinding, eventIntegrity } from "./event-integrity.server";
import type { LineTotals, PeriodFigures } from "./period-figures.server";
import { placementFiguresFor } from "./placement-figures.server";
import { lastDays, rangeInstants, rollupEventCounts, rollupPeriodFigures } from "./rollups.server";
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
  /** the admin's language for the warnings' text (English by default) */
  t?: TFunction;
  locale?: Locale;
}

export async function dashboardFigures(shop: string, days: number, options: DashboardOptions = {}) {
  let now = options.now ?? Date.now();
  if (options.demo) {
    const latest = await db.order.findFirst({
      where: { shop },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    if (latest && latest.createdAt.getTime() < now) now = latest.createdAt.getTime();
  }
  const range = lastDays(days, now);
  const { from, to } = rangeInstants(range);
  const [overview, figures, events, offerNames, placements, integrity] = await Promise.all([
    getShopOverview(shop),
    rollupPeriodFigures(shop, range),
    rollupEventCounts(shop, range, { types: ["impression", ...ACCEPTANCE_TYPES] }),
    db.offer.findMany({ where: { shop }, select: { id: true, name: true, status: true } }),
    placementFiguresFor(shop, range),
    eventIntegrity(shop, range),
  ]);

  let offerLines: LineTotals = { lines: 0, gross: 0, refunded: 0, units: 0, refundedUnits: 0 };
  for (const t of figures.offers.values()) offerLines = addTotals(offerLines, t);
  const revenue = revenueOf(offerLines);
  const crossSell = {
    orders: figures.orders,
    withOffer: figures.withOffer.orders,
    rate: figures.orders > 0 ? figures.withOffer.orders / figures.orders : null,
  };
  const mean = (g: { orders: number; subtotal: number }) => (g.orders ? g.subtotal / g.orders : null);
  const { exposed, control } = figures.exposure;
  const lift = aovLiftFromMoments(
    momentsFromSums(exposed.n, exposed.sum, exposed.sumSq),
    momentsFromSums(control.n, control.sum, control.sumSq),
  );
  const { impressions, acceptances, perOffer } = eventTotals(events);
  const offers = offerRows(figures, perOffer, offerNames);
  const topOffers = [...offers].sort((a, b) => b.revenue - a.revenue || b.acceptances - a.acceptances).slice(0, 5);
  const series = dailyFigures(figures, from, to);
  const warnings = dashboardWarnings(offers, overview, integrity, now, options);

  return {
    period: { days, from: from.toISOString(), to: to.toISOString() },
    overview,
    kpis: {
      attributedRevenue: revenue,
      impressions,
      acceptances,
      acceptanceRate: impressions > 0 ? acceptances / impressions : null,
      crossSell,
      aovWithOffer: mean(figures.withOffer),
      aovWithoutOffer: mean(figures.withoutOffer),
      ordersWithOffer: figures.withOffer.orders,
      ordersWithoutOffer: figures.withoutOffer.orders,
      aovLift: lift,
      ordersInPeriod: figures.orders,
    },
    series,
    topOffers,
    placements,
    warnings,
    /** offer ids (or "auto") whose storefront events look forged in this period */
    suspectOffers: integrity.offers.map((f) => f.key),
  };
}

type EventCounts = { offerId: string | null; type: string; count: number }[];
type OfferRow = ReturnType<typeof offerRows>[number];

function addTotals(a: LineTotals, b: LineTotals): LineTotals {
  return {
    lines: a.lines + b.lines,
    gross: a.gross + b.gross,
    refunded: a.refunded + b.refunded,
    units: a.units + b.units,
    refundedUnits: a.refundedUnits + b.refundedUnits,
  };
}

/** Attributed revenue (docs/metrics.md) of offer lines totalled by the database. */
function revenueOf(t: LineTotals): AttributedRevenue {
  return { gross: t.gross, refunded: t.refunded, net: t.gross - t.refunded, lines: t.lines };
}

/** Impressions and acceptances in the period, in all and per offer. */
function eventTotals(events: EventCounts) {
  let impressions = 0;
  let acceptances = 0;
  const perOffer = new Map<string, { impressions: number; acceptances: number }>();
  for (const e of events) {
    const n = e.count;
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
  return { impressions, acceptances, perOffer };
}

/**
 * Per offer: attributed revenue in the period, acceptance, and the refund warning against the
 * shop's baseline (lines sold without an offer).
 */
function offerRows(
  figures: PeriodFigures,
  perOffer: Map<string, { impressions: number; acceptances: number }>,
  offerNames: { id: string; name: string; status: string }[],
) {
  const names = new Map(offerNames.map((o) => [o.id, o]));
  const none: LineTotals = { lines: 0, gross: 0, refunded: 0, units: 0, refundedUnits: 0 };
  const offerIds = [...new Set([...figures.offers.keys(), ...perOffer.keys()])].sort();
  return offerIds
    .filter((id) => names.has(id))
    .map((id) => {
      const ev = perOffer.get(id) ?? { impressions: 0, acceptances: 0 };
      const lines = figures.offers.get(id) ?? none;
      return {
        id,
        name: names.get(id)!.name,
        status: names.get(id)!.status,
        impressions: ev.impressions,
        acceptances: ev.acceptances,
        acceptanceRate: ev.impressions > 0 ? ev.acceptances / ev.impressions : null,
        revenue: revenueOf(lines).net,
        refund: refundWarningFromUnits(lines, figures.baseline),
      };
    });
}

/** Daily attributed revenue, orders and orders with an accepted offer (UTC days, every day of the period). */
function dailyFigures(figures: PeriodFigures, from: Date, to: Date) {
  return dailySeries([], { from: from.getTime(), to: to.getTime(), tzOffsetMinutes: 0 }).map((p) => {
    const d = figures.days.get(p.date);
    return { date: p.date, revenue: d?.revenue ?? 0, orders: d?.orders ?? 0, offerOrders: d?.offerOrders ?? 0 };
  });
}

/** Offers whose sold units come back, events that look forged, stale data, recommendations to re-mine. */
function dashboardWarnings(
  offers: OfferRow[],
  overview: Awaited<ReturnType<typeof getShopOverview>>,
  integrity: Awaited<ReturnType<typeof eventIntegrity>>,
  now: number,
  options: DashboardOptions,
) {
  const warnings: { tone: "warning" | "critical"; title: string; body: string; url?: string }[] = [];
  const t = options.t ?? tFor(DEFAULT_LOCALE);
  const locale = options.locale ?? DEFAULT_LOCALE;
  const fmt = formatter(locale);
  for (const o of offers) {
    if (o.refund.flagged)
      warnings.push({
        tone: "critical",
        title: t("warnings.refunds.title", { name: o.name }),
        body: t("warnings.refunds.body", {
          offer: fmt.percent(o.refund.offerRate ?? 0),
          baseline: fmt.percent(o.refund.baselineRate ?? 0),
        }),
        url: `/app/offers/${o.id}`,
      });
  }
  // Storefront events whose pattern looks forged (adds that Shopify's orders do not follow).
  if (integrity.shop)
    warnings.push({
      tone: "critical",
      title: t("warnings.shopForged"),
      body: describeFinding(integrity.shop, t, locale),
    });
  const names = new Map(offers.map((o) => [o.id, o.name]));
  for (const f of integrity.offers) {
    const name = f.key === "auto" ? t("warnings.automatic") : names.get(f.key);
    if (!name) continue;
    warnings.push({
      tone: "critical",
      title: t("warnings.offerForged", { name }),
      body: describeFinding(f, t, locale),
      ...(f.key === "auto" ? {} : { url: `/app/offers/${f.key}` }),
    });
  }
  const syncedAt = [overview.shop.ordersSyncedAt, overview.shop.catalogSyncedAt].filter((d): d is Date => d != null);
  if (
    !options.demo &&
    overview.orders > 0 &&
    syncedAt.length > 0 &&
    Math.min(...syncedAt.map((d) => d.getTime())) < now - STALE_SYNC_MS &&
    overview.lastSync?.status !== "running"
  )
    warnings.push({
      tone: "warning",
      title: t("warnings.stale.title"),
      body: t("warnings.stale.body"),
      url: "/app/insights?tab=sync",
    });
  if (overview.orders > 0 && (!overview.shop.minedAt || overview.shop.minedAt.getTime() < now - STALE_MINING_MS))
    warnings.push({
      tone: "warning",
      title: overview.shop.minedAt ? t("warnings.oldMining") : t("warnings.notMined"),
      body: t("warnings.remine"),
      url: "/app/insights?tab=sync",
    });
  if (
    overview.ordersTo &&
    overview.shop.minedAt &&
    overview.ordersTo.getTime() > overview.shop.minedAt.getTime() + DAY_MS &&
    !warnings.some((w) => w.url === "/app/insights?tab=sync")
  )
    warnings.push({
      tone: "warning",
      title: t("warnings.newOrders.title"),
      body: t("warnings.newOrders.body"),
      url: "/app/insights?tab=sync",
    });
  return warnings;
}
