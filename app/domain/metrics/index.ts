// The numbers Pairwise reports, with the exact definitions of docs/metrics.md:
//  - Offer acceptance rate = acceptances / impressions (per offer, placement, variant, segment).
//  - Cross-sell rate = orders containing at least one accepted offer line / all orders.
//  - AOV lift = AOV of orders exposed to offers − AOV of the control (holdout) group.
//  - Attributed revenue = revenue of accepted offer lines, net of discounts, minus refunds.
//  - Warning metrics: refund rate of offer-sold lines vs the shop's baseline; exposed vs control conversion.
// An "accepted offer line" is an order line carrying the offer id (the hidden `_pairwise` property).
import type { EventType, Placement } from "../types";
import { normalQuantile, twoProportionZTest, type ZTestResult } from "../experiments/stats";

/** An offer event as stored (the Prisma `Event` row's reporting fields). */
export interface OfferEvent {
  type: EventType;
  offerId: string | null;
  placement: Placement;
  /** experiment arm or "control" */
  variant: string | null;
  /** customer segment at the time of the event, when known */
  segment?: string | null;
  productId?: string | null;
  visitorId: string;
  /** ms since epoch */
  occurredAt: number;
}

/** Event types that count as accepting an offer: "add" (added to cart from a widget) and "accept" (one-click post-purchase). */
export const ACCEPTANCE_TYPES: readonly EventType[] = ["add", "accept"];

export interface AcceptanceRow {
  key: string;
  impressions: number;
  acceptances: number;
  /** acceptances / impressions, null with no impressions */
  rate: number | null;
}

/** Acceptance rate per group: key(event) chooses the grouping (offer, placement, variant, segment, or a combination). */
export function acceptanceRates(
  events: readonly OfferEvent[],
  key: (e: OfferEvent) => string = (e) => e.offerId ?? "auto",
  acceptanceTypes: readonly EventType[] = ACCEPTANCE_TYPES,
): AcceptanceRow[] {
  const rows = new Map<string, AcceptanceRow>();
  for (const e of events) {
    const isImpression = e.type === "impression";
    const isAcceptance = acceptanceTypes.includes(e.type);
    if (!isImpression && !isAcceptance) continue;
    const k = key(e);
    let row = rows.get(k);
    if (!row) rows.set(k, (row = { key: k, impressions: 0, acceptances: 0, rate: null }));
    if (isImpression) row.impressions++;
    else row.acceptances++;
  }
  for (const row of rows.values()) row.rate = row.impressions > 0 ? row.acceptances / row.impressions : null;
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Groups events by offer ("auto" for the automatic recommendations). */
export const byOffer = (e: OfferEvent) => e.offerId ?? "auto";
/** Groups events by placement. */
export const byPlacement = (e: OfferEvent) => e.placement;
/** Groups events by experiment arm ("none" outside experiments). */
export const byVariant = (e: OfferEvent) => e.variant ?? "none";
/** Groups events by customer segment ("unknown" when not recorded). */
export const bySegment = (e: OfferEvent) => e.segment ?? "unknown";
/** Groups by several keys at once, e.g. groupBy(byOffer, byPlacement) → "offer1|cart". */
export const groupBy =
  (...keys: ((e: OfferEvent) => string)[]) =>
  (e: OfferEvent) =>
    keys.map((k) => k(e)).join("|");

/** An order line as the metrics need it (Prisma `OrderLine` fields). */
export interface MetricOrderLine {
  quantity: number;
  /** unit price, cents */
  price: number;
  /** total discount on the line, cents */
  discount: number;
  refundedQuantity: number;
  /** set when the line was sold through an offer */
  offerId: string | null;
}

export interface MetricOrder {
  /** cents, after line discounts */
  subtotal: number;
  exposure?: "exposed" | "control" | null;
  lines: readonly MetricOrderLine[];
}

/** Cross-sell rate = orders with at least one accepted offer line / all orders given (null when none). */
export function crossSellRate(orders: readonly MetricOrder[]): {
  orders: number;
  withOffer: number;
  rate: number | null;
} {
  const withOffer = orders.filter((o) => o.lines.some((l) => l.offerId != null)).length;
  return { orders: orders.length, withOffer, rate: orders.length > 0 ? withOffer / orders.length : null };
}

/** Net revenue of one line (price × quantity − discount) and the part refunded (pro rata per unit refunded), cents. */
export function lineRevenue(line: MetricOrderLine): { net: number; refunded: number } {
  const net = Math.max(0, line.price * line.quantity - line.discount);
  const refundedUnits = Math.min(line.quantity, Math.max(0, line.refundedQuantity));
  const refunded = line.quantity > 0 ? Math.round((net * refundedUnits) / line.quantity) : 0;
  return { net, refunded };
}

export interface AttributedRevenue {
  /** revenue of accepted offer lines net of discounts, cents */
  gross: number;
  refunded: number;
  /** gross − refunded */
  net: number;
  lines: number;
}

/** Attributed revenue of the accepted offer lines among the given lines (lines without an offer id are ignored). */
export function attributedRevenue(lines: readonly MetricOrderLine[], offerId?: string): AttributedRevenue {
  let gross = 0;
  let refunded = 0;
  let count = 0;
  for (const l of lines) {
    if (l.offerId == null || (offerId !== undefined && l.offerId !== offerId)) continue;
    const r = lineRevenue(l);
    gross += r.net;
    refunded += r.refunded;
    count++;
  }
  return { gross, refunded, net: gross - refunded, lines: count };
}

/** Attributed revenue from stored Attribution rows ({ revenue, refundedRevenue }), cents. */
export function attributedRevenueFromRows(
  rows: readonly { revenue: number; refundedRevenue: number }[],
): AttributedRevenue {
  const gross = rows.reduce((s, r) => s + r.revenue, 0);
  const refunded = rows.reduce((s, r) => s + r.refundedRevenue, 0);
  return { gross, refunded, net: gross - refunded, lines: rows.length };
}

export interface AovGroup {
  orders: number;
  /** cents, null with no orders */
  aov: number | null;
}

export interface AovLift {
  exposed: AovGroup;
  control: AovGroup;
  /** AOV exposed − AOV control, cents; null when a group is empty */
  lift: number | null;
  relativeLift: number | null;
  /** 95 % Welch interval of the lift (cents), null with fewer than 2 orders in a group */
  ci95: [number, number] | null;
}

/** Count, mean and sample variance of a group's order values (what AOV lift needs of each group). */
export interface OrderValueMoments {
  n: number;
  mean: number;
  /** sample variance (n − 1), 0 with fewer than 2 orders */
  variance: number;
}

function meanVar(values: number[]): OrderValueMoments {
  const n = values.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : 0;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { n, mean, variance };
}

/**
 * A group's moments from its exact integer sums (count, Σ value, Σ value², e.g. summed by the
 * database or by daily rollups): variance = (n·Σx² − (Σx)²) / (n·(n − 1)), the numerator computed
 * exactly, so any grouping of the same orders gives the same figures to the last bit.
 */
export function momentsFromSums(n: number, sum: bigint, sumSq: bigint): OrderValueMoments {
  if (n <= 0) return { n: 0, mean: 0, variance: 0 };
  const mean = Number(sum) / n;
  const variance = n > 1 ? Number(BigInt(n) * sumSq - sum * sum) / (n * (n - 1)) : 0;
  return { n, mean, variance };
}

/** AOV lift = AOV (subtotal) of exposed orders − AOV of control orders; orders of unknown exposure are left out. */
export function aovLift(orders: readonly MetricOrder[]): AovLift {
  const ex = meanVar(orders.filter((o) => o.exposure === "exposed").map((o) => o.subtotal));
  const ct = meanVar(orders.filter((o) => o.exposure === "control").map((o) => o.subtotal));
  return aovLiftFromMoments(ex, ct);
}

/** AOV lift from each group's moments (computed elsewhere, e.g. by the database): the same definition as aovLift. */
export function aovLiftFromMoments(ex: OrderValueMoments, ct: OrderValueMoments): AovLift {
  const exposed: AovGroup = { orders: ex.n, aov: ex.n ? ex.mean : null };
  const control: AovGroup = { orders: ct.n, aov: ct.n ? ct.mean : null };
  const lift = ex.n && ct.n ? ex.mean - ct.mean : null;
  let ci95: [number, number] | null = null;
  if (lift != null && ex.n > 1 && ct.n > 1) {
    const se = Math.sqrt(ex.variance / ex.n + ct.variance / ct.n);
    const z = normalQuantile(0.975);
    ci95 = [lift - z * se, lift + z * se];
  }
  return { exposed, control, lift, relativeLift: lift != null && ct.mean > 0 ? lift / ct.mean : null, ci95 };
}

/** Refund rate by units: refunded units / sold units of the lines (null with none sold). */
export function refundRate(lines: readonly MetricOrderLine[]): {
  units: number;
  refundedUnits: number;
  rate: number | null;
} {
  let units = 0;
  let refundedUnits = 0;
  for (const l of lines) {
    units += Math.max(0, l.quantity);
    refundedUnits += Math.min(Math.max(0, l.quantity), Math.max(0, l.refundedQuantity));
  }
  return { units, refundedUnits, rate: units > 0 ? refundedUnits / units : null };
}

export interface RefundWarning {
  offerRate: number | null;
  baselineRate: number | null;
  offerUnits: number;
  flagged: boolean;
  reason: "not_enough_data" | "ok" | "refunds_above_baseline";
}

/**
 * Refund warning: offer-sold units are refunded far more than the shop's other units. Flagged when
 * at least minUnits offer units were sold, the rate is ≥ ratio × baseline and ≥ baseline + minGap,
 * and a one-sided two-proportion test says p < 0.05 (not a fluke of a small sample).
 */
export function refundWarning(
  offerLines: readonly MetricOrderLine[],
  baselineLines: readonly MetricOrderLine[],
  opts: { minUnits?: number; ratio?: number; minGap?: number } = {},
): RefundWarning {
  return refundWarningFromUnits(refundRate(offerLines), refundRate(baselineLines), opts);
}

/** The refund warning from unit counts (refundRate's, computed here or by the database): the same definition. */
export function refundWarningFromUnits(
  offer: { units: number; refundedUnits: number },
  base: { units: number; refundedUnits: number },
  opts: { minUnits?: number; ratio?: number; minGap?: number } = {},
): RefundWarning {
  const minUnits = opts.minUnits ?? 30;
  const ratio = opts.ratio ?? 1.5;
  const minGap = opts.minGap ?? 0.03;
  const offerRate = offer.units > 0 ? offer.refundedUnits / offer.units : null;
  const baseRate = base.units > 0 ? base.refundedUnits / base.units : null;
  const out = { offerRate, baselineRate: baseRate, offerUnits: offer.units };
  if (offer.units < minUnits || offerRate == null || baseRate == null)
    return { ...out, flagged: false, reason: "not_enough_data" };
  const test = twoProportionZTest(
    { conversions: base.refundedUnits, trials: base.units },
    { conversions: offer.refundedUnits, trials: offer.units },
  );
  const flagged =
    offerRate >= baseRate * ratio && offerRate >= baseRate + minGap && test.z > 0 && test.pValue / 2 < 0.05;
  return { ...out, flagged, reason: flagged ? "refunds_above_baseline" : "ok" };
}

export interface ConversionComparison {
  exposedRate: number;
  controlRate: number;
  test: ZTestResult;
  /** exposed visitors convert significantly less than the control: offers are hurting */
  flagged: boolean;
}

/** Overall conversion of exposed vs control visitors (orders / visitors), flagged when exposure significantly lowers it. */
export function exposedVsControlConversion(
  exposed: { visitors: number; orders: number },
  control: { visitors: number; orders: number },
  alpha = 0.05,
): ConversionComparison {
  const test = twoProportionZTest(
    { conversions: control.orders, trials: control.visitors },
    { conversions: exposed.orders, trials: exposed.visitors },
    alpha,
  );
  return { exposedRate: test.rateB, controlRate: test.rateA, test, flagged: test.significant && test.difference < 0 };
}

export interface DailyPoint {
  /** YYYY-MM-DD in the shop's time zone */
  date: string;
  count: number;
  sum: number;
}

const DAY_MS = 86_400_000;
/** Upper bound on the days a series covers (10 years), so a bad range cannot loop forever. */
export const MAX_SERIES_DAYS = 3660;

/** The shop-local day (YYYY-MM-DD) of an instant, for a fixed UTC offset in minutes (e.g. +60 for CET). */
export function localDay(at: number, tzOffsetMinutes: number): string {
  return new Date(at + tzOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** Daily buckets (count and sum of value) from `from` to `to` inclusive in shop-local days, empty days as zeros. */
export function dailySeries(
  items: readonly { at: number; value?: number }[],
  range: { from: number; to: number; tzOffsetMinutes: number },
): DailyPoint[] {
  const first = Date.parse(`${localDay(range.from, range.tzOffsetMinutes)}T00:00:00Z`);
  const last = Date.parse(`${localDay(range.to, range.tzOffsetMinutes)}T00:00:00Z`);
  const days = Math.min(MAX_SERIES_DAYS, Math.floor((last - first) / DAY_MS) + 1);
  const points: DailyPoint[] = [];
  const byDate = new Map<string, DailyPoint>();
  for (let i = 0; i < days; i++) {
    const p = { date: new Date(first + i * DAY_MS).toISOString().slice(0, 10), count: 0, sum: 0 };
    points.push(p);
    byDate.set(p.date, p);
  }
  for (const item of items) {
    const p = byDate.get(localDay(item.at, range.tzOffsetMinutes));
    if (!p) continue;
    p.count++;
    p.sum += item.value ?? 0;
  }
  return points;
}

export * from "./event-integrity";
