// Which offers' (and whether the shop's) storefront events look forged, for the admin: adds
// reported by browsers against the order lines Shopify's signed orders carry for the same offers
// (app/domain/metrics/event-integrity.ts decides).
import type { TFunction } from "i18next";
import { formatter } from "../../components/format";
import { DEFAULT_LOCALE, tFor, type Locale } from "../../i18n/i18n";
import { addDays, rollupEventCounts, rollupOfferLines, type DayRange } from "./rollups.server";
import { ACCEPTANCE_TYPES, suspiciousOffers, suspiciousShop, type IntegrityFinding } from "../../domain/metrics";

/** The shop's own history the period is compared with, in days. */
const BASELINE_DAYS = 90;
/** Orders placed the day after the period still belong to its adds. */
const ORDER_GRACE_DAYS = 1;

export interface EventIntegrity {
  offers: IntegrityFinding[];
  shop: IntegrityFinding | null;
}

export type AddsAndOrders = { key: string; impressions: number; acceptances: number; orderedLines: number }[];

/** Adds per offer ("auto" for none) in the days, and the offer lines ordered in the days plus the grace day. */
async function addsAndOrders(shop: string, days: DayRange): Promise<AddsAndOrders> {
  const [adds, lines] = await Promise.all([
    rollupEventCounts(shop, days, { types: ACCEPTANCE_TYPES }),
    rollupOfferLines(shop, { from: days.from, to: addDays(days.to, ORDER_GRACE_DAYS) }),
  ]);
  return mergeAddsAndOrders(adds, lines);
}

/** One row per offer from the adds (offerId null = "auto") and the ordered lines per offer id. */
export function mergeAddsAndOrders(
  adds: readonly { offerId: string | null; count: number }[],
  lines: ReadonlyMap<string, number>,
): AddsAndOrders {
  const rows = new Map<string, AddsAndOrders[number]>();
  const row = (key: string) =>
    rows.get(key) ?? rows.set(key, { key, impressions: 0, acceptances: 0, orderedLines: 0 }).get(key)!;
  for (const a of adds) row(a.offerId ?? "auto").acceptances += a.count;
  for (const [offerId, n] of lines) row(offerId).orderedLines += n;
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The period's adds and orders against the shop's 90 days before it (whole UTC days). */
export async function eventIntegrity(shop: string, days: DayRange): Promise<EventIntegrity> {
  const [period, before] = await Promise.all([
    addsAndOrders(shop, days),
    addsAndOrders(shop, { from: addDays(days.from, -BASELINE_DAYS), to: addDays(days.from, -1) }),
  ]);
  return judgeIntegrity(period, before);
}

/** The domain's verdicts on a period's and its baseline's adds and orders. */
export function judgeIntegrity(period: AddsAndOrders, before: AddsAndOrders): EventIntegrity {
  const sum = (rows: AddsAndOrders) => ({
    acceptances: rows.reduce((s, r) => s + r.acceptances, 0),
    orderedLines: rows.reduce((s, r) => s + Math.min(r.orderedLines, r.acceptances), 0),
  });
  return { offers: suspiciousOffers(period), shop: suspiciousShop(sum(period), sum(before)) };
}

/** The sentence the admin shows for a flagged offer or shop. */
export function describeFinding(
  f: IntegrityFinding,
  t: TFunction = tFor(DEFAULT_LOCALE),
  locale: Locale = DEFAULT_LOCALE,
): string {
  const fmt = formatter(locale);
  return t("integrity.finding", {
    adds: t("integrity.adds", { count: f.acceptances, n: fmt.count(f.acceptances) }),
    lines: t("integrity.lines", { count: f.orderedLines, n: fmt.count(f.orderedLines) }),
    conversion: fmt.percent(f.conversion),
    norm: fmt.percent(f.norm),
    unexplained: fmt.count(f.unexplainedAcceptances),
  });
}
