// What follow-ups brought. Every delivered follow-up carries product links with a `_pairwise`
// parameter (a token only the app can make: an HMAC of the follow-up under the app's secret,
// services/customers/tracking.server.ts) and, when the merchant wants it, a discount code of its
// own. An order is a follow-up's when
//   - its landing page (or referrer) carries a token the app issued, or it used the follow-up's code,
//   - it is the followed-up customer's own order (a forwarded link or a shared code counts for nobody),
//   - and it was placed after the follow-up was issued, within the attribution window after its moment.
// A parameter nobody issued matches nothing: typing `?_pairwise=…` moves no figure.
//
// Against the holdout (customers whose follow-ups were computed the same way but never delivered,
// inFollowUpHoldout) the comparison is per customer: revenue of every order (net of discounts and
// refunds, cancelled orders left out) in the same window after the customer's first follow-up moment
// of the period, with a confidence interval valid whenever the merchant looks (experiments' mSPRT).
import { armMean, msprt, type ArmSummary } from "../experiments/sequential";
import { lineRevenue } from "../metrics/index";
import type { ProductId } from "../types";
import { DAY_MS } from "./history";

/** The link parameter that identifies a follow-up (the same name as the offer line property). */
export const FOLLOW_UP_PARAM = "_pairwise";
/** A follow-up token: 22 base64url characters (132 bits of an HMAC-SHA256). */
export const FOLLOW_UP_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Landing pages and referrers longer than this are not read (Shopify keeps them shorter). */
export const MAX_TRACKED_URL_LENGTH = 4096;

/** The `_pairwise` values of well-formed tokens in an order's landing page and referrer. */
export function followUpTokens(urls: readonly (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const raw of urls) {
    if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_TRACKED_URL_LENGTH) continue;
    let url: URL;
    try {
      url = new URL(raw, "https://shop.invalid/");
    } catch {
      continue;
    }
    for (const value of url.searchParams.getAll(FOLLOW_UP_PARAM))
      if (FOLLOW_UP_TOKEN_PATTERN.test(value)) out.add(value);
  }
  return [...out];
}

/** A discount code as Shopify compares them: case-insensitive, surrounding spaces ignored. */
export const normalizeCode = (code: string) => code.trim().toUpperCase();

/** A delivered follow-up as tracking knows it. */
export interface TrackedFollowUp {
  id: string;
  customerId: string;
  token: string;
  discountCode: string | null;
  productIds: readonly ProductId[];
  /** when the links (and code) were delivered, ms */
  issuedAt: number;
  /** the follow-up's moment of contact, ms */
  contactAt: number;
}

export interface TrackedOrder {
  customerId: string | null;
  /** ms */
  createdAt: number;
  /** `_pairwise` tokens found on the order (followUpTokens) */
  tokens: readonly string[];
  /** discount codes the order used */
  discountCodes: readonly string[];
}

export interface FollowUpMatch {
  followUp: TrackedFollowUp;
  by: "link" | "code";
}

/** The end of a follow-up's attribution window, ms. */
export const attributionEnd = (f: Pick<TrackedFollowUp, "issuedAt" | "contactAt">, windowDays: number) =>
  Math.max(f.issuedAt, f.contactAt) + windowDays * DAY_MS;

/**
 * The follow-up an order came from, or null. `find` looks a follow-up up by token or by code
 * (only what the app issued is found). A link wins over a code; among several, the latest issued.
 */
export function matchFollowUpOrder(
  order: TrackedOrder,
  find: { byToken(token: string): TrackedFollowUp | undefined; byCode(code: string): TrackedFollowUp | undefined },
  windowDays: number,
): FollowUpMatch | null {
  if (!order.customerId) return null;
  const valid = (f: TrackedFollowUp | undefined): f is TrackedFollowUp =>
    !!f &&
    f.customerId === order.customerId &&
    order.createdAt >= f.issuedAt &&
    order.createdAt <= attributionEnd(f, windowDays);
  const latest = (list: TrackedFollowUp[]) => list.sort((a, b) => b.issuedAt - a.issuedAt)[0];
  const byLink = order.tokens.map((t) => find.byToken(t)).filter(valid);
  if (byLink.length) return { followUp: latest(byLink), by: "link" };
  const byCode = order.discountCodes.map((c) => find.byCode(normalizeCode(c))).filter(valid);
  if (byCode.length) return { followUp: latest(byCode), by: "code" };
  return null;
}

export interface RevenueLine {
  productId: ProductId | null;
  quantity: number;
  price: number;
  discount: number;
  refundedQuantity: number;
}

export interface RevenueOrder {
  customerId: string | null;
  createdAt: number;
  cancelled: boolean;
  lines: readonly RevenueLine[];
}

/** Net revenue (after discounts and refunds) of an order's lines, all or only some products, cents. */
export function netRevenue(lines: readonly RevenueLine[], products?: ReadonlySet<ProductId>): number {
  let total = 0;
  for (const l of lines) {
    if (products && (!l.productId || !products.has(l.productId))) continue;
    const { net, refunded } = lineRevenue({ ...l, offerId: null });
    total += net - refunded;
  }
  return total;
}

export interface TrackedRevenue {
  orders: number;
  byLink: number;
  byCode: number;
  /** net revenue of the followed-up products' lines (PRODUCT.md's attributed revenue), cents */
  attributed: number;
  /** net revenue of those orders, all lines, cents */
  orderRevenue: number;
  /** follow-ups with at least one order */
  followUpsWithOrders: number;
}

/** What the matched orders brought: attributed revenue of the followed-up products and the orders' whole revenue. */
export function trackedRevenue(
  matched: readonly {
    order: RevenueOrder;
    followUp: Pick<TrackedFollowUp, "id" | "productIds">;
    by: "link" | "code";
  }[],
): TrackedRevenue {
  const r: TrackedRevenue = { orders: 0, byLink: 0, byCode: 0, attributed: 0, orderRevenue: 0, followUpsWithOrders: 0 };
  const followUps = new Set<string>();
  for (const m of matched) {
    if (m.order.cancelled) continue;
    r.orders++;
    if (m.by === "link") r.byLink++;
    else r.byCode++;
    r.attributed += netRevenue(m.order.lines, new Set(m.followUp.productIds));
    r.orderRevenue += netRevenue(m.order.lines);
    followUps.add(m.followUp.id);
  }
  r.followUpsWithOrders = followUps.size;
  return r;
}

/** A follow-up whose moment came: delivered (holdout false) or, for the holdout, the one that would have been. */
export interface MeasuredContact {
  customerId: string;
  contactAt: number;
  productIds: readonly ProductId[];
  holdout: boolean;
}

export interface GroupResult {
  customers: number;
  /** customers who bought a followed-up product in their window */
  converted: number;
  conversion: number;
  /** net revenue of all their orders in their windows, cents */
  revenue: number;
  revenuePerCustomer: number;
}

export interface HoldoutComparison {
  windowDays: number;
  followedUp: GroupResult;
  holdout: GroupResult;
  /** revenue per customer: followed up − holdout, cents, with its 95 % confidence sequence (null: too few customers) */
  difference: number;
  ci: [number, number] | null;
  /** always-valid p-value at this look */
  pValue: number;
  significant: boolean;
  /** (revenue per followed-up customer − per holdout customer) × followed-up customers, cents */
  incrementalRevenue: number;
  /** the contact cap's effect among followed-up customers: by how many follow-ups they got in the period */
  byContacts: { contacts: string; customers: number; revenuePerCustomer: number }[];
}

/**
 * Revenue per customer, followed up against the holdout. Each customer's window runs from their
 * first follow-up moment in the period to `windowDays` after their last (or now); every order of
 * theirs in it counts, net of discounts and refunds, so follow-ups are credited with what they
 * added, not with what the customer would have bought anyway (the holdout's level).
 */
export function compareWithHoldout(
  contacts: readonly MeasuredContact[],
  orders: Iterable<RevenueOrder>,
  windowDays: number,
  now: number,
  alpha = 0.05,
): HoldoutComparison {
  type Unit = { holdout: boolean; first: number; last: number; products: Set<ProductId>; contacts: number };
  const units = new Map<string, Unit>();
  for (const c of contacts) {
    if (c.contactAt > now) continue;
    let u = units.get(c.customerId);
    if (!u)
      units.set(
        c.customerId,
        (u = { holdout: c.holdout, first: c.contactAt, last: c.contactAt, products: new Set(), contacts: 0 }),
      );
    u.first = Math.min(u.first, c.contactAt);
    u.last = Math.max(u.last, c.contactAt);
    u.contacts++;
    for (const p of c.productIds) u.products.add(p);
  }
  const revenue = new Map<string, { revenue: number; converted: boolean }>();
  for (const o of orders) {
    if (!o.customerId || o.cancelled) continue;
    const u = units.get(o.customerId);
    if (!u || o.createdAt < u.first || o.createdAt >= Math.min(now, u.last + windowDays * DAY_MS)) continue;
    const r = revenue.get(o.customerId) ?? { revenue: 0, converted: false };
    r.revenue += netRevenue(o.lines);
    if (o.lines.some((l) => l.productId && u.products.has(l.productId) && l.quantity > l.refundedQuantity))
      r.converted = true;
    revenue.set(o.customerId, r);
  }
  const arms = { sent: { n: 0, sum: 0, sumSq: 0 }, holdout: { n: 0, sum: 0, sumSq: 0 } };
  const converted = { sent: 0, holdout: 0 };
  const byContacts = new Map<string, { customers: number; revenue: number }>();
  for (const [customerId, u] of units) {
    const r = revenue.get(customerId) ?? { revenue: 0, converted: false };
    const key = u.holdout ? "holdout" : "sent";
    const arm: ArmSummary = arms[key];
    arm.n++;
    arm.sum += r.revenue;
    arm.sumSq += r.revenue * r.revenue;
    if (r.converted) converted[key]++;
    if (!u.holdout) {
      const k = u.contacts >= 3 ? "3+" : String(u.contacts);
      const b = byContacts.get(k) ?? { customers: 0, revenue: 0 };
      b.customers++;
      b.revenue += r.revenue;
      byContacts.set(k, b);
    }
  }
  const group = (a: ArmSummary, conv: number): GroupResult => ({
    customers: a.n,
    converted: conv,
    conversion: a.n ? conv / a.n : 0,
    revenue: Math.round(a.sum),
    revenuePerCustomer: armMean(a),
  });
  const followedUp = group(arms.sent, converted.sent);
  const holdout = group(arms.holdout, converted.holdout);
  // Mixing scale: a tenth of the holdout's revenue per customer (at least one currency unit).
  const tau = Math.max(100, Math.abs(holdout.revenuePerCustomer) * 0.1);
  const test: { difference: number; pValue: number; ci: [number, number] | null } =
    arms.sent.n >= 2 && arms.holdout.n >= 2
      ? msprt(arms.holdout, arms.sent, tau, alpha)
      : { difference: followedUp.revenuePerCustomer - holdout.revenuePerCustomer, pValue: 1, ci: null };
  return {
    windowDays,
    followedUp,
    holdout,
    difference: test.difference,
    ci: test.ci && Number.isFinite(test.ci[0]) && Number.isFinite(test.ci[1]) ? test.ci : null,
    pValue: test.pValue,
    significant: test.pValue <= alpha,
    incrementalRevenue: Math.round(test.difference * followedUp.customers),
    byContacts: [...byContacts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([contacts, b]) => ({ contacts, customers: b.customers, revenuePerCustomer: b.revenue / b.customers })),
  };
}
