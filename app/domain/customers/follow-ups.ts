// Next best offers per customer, with the business rules on top of the propensity model:
// - only products with a reason (a complement of something bought, a consumable due again, an
//   upgrade of something owned); plain popularity is never a follow-up;
// - never what the customer owns (unless it is a replenished consumable), declined, or what cannot
//   be sold (out of stock, draft, excluded: `sellable`);
// - problem customers (return rate above the merchant's threshold, with enough units to tell) get none;
// - quiet time after a refund: no contact until `quietDaysAfterRefund` days after it;
// - a contact cap across all of Pairwise's follow-ups: at most `contactCap` contacts per
//   `contactPeriodDays`; a customer at the cap is contacted when the oldest contact leaves the period;
// - a customer holdout: a fixed share of customers never gets a follow-up, to measure against.
// The moment of contact follows the reason: day 1, 7 or 30 after the order that points to the
// product (the one nearest to the pattern's typical gap; upgrades on day 30), or the date a
// consumable is due again.
import { bucket } from "../experiments/bucketing";
import { productStock } from "../ranking/catalog";
import type { CatalogProduct, ProductId, ShopSettings } from "../types";
import type { Reason } from "./features";
import { DAY_MS, returnRate, type CustomerHistory } from "./history";
import type { ScoredCandidate } from "./propensity";

export interface FollowUpRules {
  /** offers per customer, 1..10 */
  maxOffers: number;
  /** below this probability nothing is offered (better no offer than a bad one) */
  minProbability: number;
  /** customers who returned more than this share of their units get no follow-up */
  highReturnRate: number;
  /** contacts per period per customer across all follow-ups; 0 = no cap */
  contactCap: number;
  contactPeriodDays: number;
  quietDaysAfterRefund: number;
  /** share of customers (0..100) kept as a holdout that gets no follow-up */
  holdoutPercent: number;
}

export const DEFAULT_FOLLOW_UP_RULES: FollowUpRules = {
  maxOffers: 3,
  minProbability: 0.02,
  highReturnRate: 0.3,
  contactCap: 2,
  contactPeriodDays: 30,
  quietDaysAfterRefund: 14,
  holdoutPercent: 10,
};

/** A return rate is judged only with at least this many units bought. */
export const MIN_UNITS_FOR_RETURN_RATE = 4;
/** A contact moment that passed more than this many days ago is missed, not due. */
export const LATE_DAYS = 14;

export type Moment = "day_1" | "day_7" | "day_30" | "replenishment";

export interface NextOffer {
  productId: ProductId;
  probability: number;
  reason: Reason;
  moment: Moment;
  /** when the reason says to contact, ms */
  contactAt: number;
}

export type FollowUpStatus = "due" | "upcoming";

export interface CustomerFollowUp {
  customerId: string;
  status: FollowUpStatus;
  /** when this customer is to be contacted (after the cap and quiet time), ms */
  contactAt: number;
  /** the cap moved the contact later */
  capped: boolean;
  /** quiet time after a refund moved the contact later */
  quiet: boolean;
  holdout: boolean;
  offers: NextOffer[];
}

export interface FollowUpSummary {
  customers: number;
  problemCustomers: number;
  /** customers with at least one offer, holdout included */
  withOffers: number;
  due: number;
  upcoming: number;
  holdout: number;
  /** customers who would be due now but for the contact cap */
  heldByCap: number;
  /** customers who would be due now but for quiet time after a refund */
  heldByQuiet: number;
  /** offers dropped by the rules, by rule */
  dropped: {
    owned: number;
    declined: number;
    unsellable: number;
    lowProbability: number;
    noReason: number;
    missed: number;
  };
}

export interface FollowUpInput {
  scored: readonly ScoredCandidate[];
  histories: ReadonlyMap<string, CustomerHistory>;
  now: number;
  horizonDays: number;
  rules: FollowUpRules;
  sellable: (productId: ProductId) => boolean;
  declined?: ReadonlyMap<string, ReadonlySet<ProductId>>;
  /** past contact moments per customer (ms), across all of Pairwise's follow-ups */
  contacts?: ReadonlyMap<string, readonly number[]>;
  /** salt of the holdout split (the shop) */
  salt: string;
}

/** Whether a customer is in the follow-up holdout (stable per shop and customer). */
export function inFollowUpHoldout(customerId: string, salt: string, percent: number): boolean {
  return bucket(customerId, `followup-holdout:${salt}`) < Math.min(100, Math.max(0, percent)) / 100;
}

export function isProblemCustomer(
  h: Pick<CustomerHistory, "units" | "refundedUnits">,
  highReturnRate: number,
): boolean {
  return h.units >= MIN_UNITS_FOR_RETURN_RATE && returnRate(h) > highReturnRate;
}

/** The moment of contact a reason asks for. */
export function contactMoment(reason: Reason): { moment: Moment; contactAt: number } | null {
  if (reason.boughtAt === undefined) return null;
  if (reason.kind === "replenishment")
    return { moment: "replenishment", contactAt: reason.boughtAt + Math.round((reason.typicalDays ?? 30) * DAY_MS) };
  if (reason.kind === "upgrade") return { moment: "day_30", contactAt: reason.boughtAt + 30 * DAY_MS };
  if (reason.kind !== "complement") return null;
  const gap = reason.typicalDays ?? 1;
  const day = gap <= 3 ? 1 : gap <= 15 ? 7 : 30;
  return { moment: `day_${day}` as Moment, contactAt: reason.boughtAt + day * DAY_MS };
}

export function planFollowUps(input: FollowUpInput): { followUps: CustomerFollowUp[]; summary: FollowUpSummary } {
  const { now, rules, histories } = input;
  const horizonEnd = now + input.horizonDays * DAY_MS;
  const dropped = { owned: 0, declined: 0, unsellable: 0, lowProbability: 0, noReason: 0, missed: 0 };
  const byCustomer = new Map<string, ScoredCandidate[]>();
  for (const c of input.scored) {
    let list = byCustomer.get(c.customerId);
    if (!list) byCustomer.set(c.customerId, (list = []));
    list.push(c);
  }
  const summary: FollowUpSummary = {
    customers: histories.size,
    problemCustomers: 0,
    withOffers: 0,
    due: 0,
    upcoming: 0,
    holdout: 0,
    heldByCap: 0,
    heldByQuiet: 0,
    dropped,
  };
  const followUps: CustomerFollowUp[] = [];
  const period = rules.contactPeriodDays * DAY_MS;
  for (const [customerId, candidates] of byCustomer) {
    const h = histories.get(customerId);
    if (!h) continue;
    if (isProblemCustomer(h, rules.highReturnRate)) {
      summary.problemCustomers++;
      continue;
    }
    const declined = input.declined?.get(customerId);
    const offers: NextOffer[] = [];
    for (const c of [...candidates].sort(
      (a, b) => b.probability - a.probability || (a.productId < b.productId ? -1 : 1),
    )) {
      if (offers.length >= rules.maxOffers) break;
      if (c.reason.kind === "popular") {
        dropped.noReason++;
        continue;
      }
      if (h.products.has(c.productId) && c.reason.kind !== "replenishment") {
        dropped.owned++;
        continue;
      }
      if (declined?.has(c.productId)) {
        dropped.declined++;
        continue;
      }
      if (!input.sellable(c.productId)) {
        dropped.unsellable++;
        continue;
      }
      if (c.probability < rules.minProbability) {
        dropped.lowProbability++;
        continue;
      }
      const m = contactMoment(c.reason);
      if (!m || m.contactAt < now - LATE_DAYS * DAY_MS || m.contactAt > horizonEnd) {
        dropped.missed++;
        continue;
      }
      offers.push({
        productId: c.productId,
        probability: c.probability,
        reason: c.reason,
        moment: m.moment,
        contactAt: m.contactAt,
      });
    }
    if (offers.length === 0) continue;
    const wanted = Math.max(now - LATE_DAYS * DAY_MS, Math.min(...offers.map((o) => o.contactAt)));
    let contactAt = wanted;
    // quiet time after a refund
    const quietUntil = h.lastRefundAt !== null ? h.lastRefundAt + rules.quietDaysAfterRefund * DAY_MS : -Infinity;
    const quiet = quietUntil > contactAt;
    if (quiet) contactAt = quietUntil;
    // the contact cap: the (cap)-th most recent contact in the period must leave it first
    let capped = false;
    if (rules.contactCap > 0) {
      // contacts from this follow-up's own moment on are this follow-up being delivered, not others
      const recent = (input.contacts?.get(customerId) ?? [])
        .filter((t) => t > contactAt - period && t < wanted)
        .sort((a, b) => b - a);
      if (recent.length >= rules.contactCap) {
        const freeAt = recent[rules.contactCap - 1] + period;
        if (freeAt > contactAt) {
          contactAt = freeAt;
          capped = true;
        }
      }
    }
    const holdout = inFollowUpHoldout(customerId, input.salt, rules.holdoutPercent);
    summary.withOffers++;
    if (wanted <= now && quiet && contactAt > now) summary.heldByQuiet++;
    else if (wanted <= now && capped && contactAt > now) summary.heldByCap++;
    if (contactAt > horizonEnd) continue;
    const status: FollowUpStatus = contactAt <= now ? "due" : "upcoming";
    if (holdout) summary.holdout++;
    else if (status === "due") summary.due++;
    else summary.upcoming++;
    followUps.push({ customerId, status, contactAt, capped, quiet, holdout, offers });
  }
  followUps.sort((a, b) => a.contactAt - b.contactAt || (a.customerId < b.customerId ? -1 : 1));
  return { followUps, summary };
}

/** When a replenishment reason's product is due again (its last purchase plus the typical interval), ms. */
export function replenishmentDueAt(reason: Reason): number | null {
  if (reason.kind !== "replenishment" || reason.boughtAt === undefined) return null;
  return reason.boughtAt + Math.round((reason.typicalDays ?? 0) * DAY_MS);
}

/**
 * One English line an e-mail template or an export can show: why this product, for this customer.
 * (The admin words the same reason in its own language from the stored kind and dates.)
 */
export function reasonText(reason: Reason, titleOf: (id: ProductId) => string): string {
  const day = (ms: number | null | undefined) => (ms == null ? "" : new Date(ms).toISOString().slice(0, 10));
  switch (reason.kind) {
    case "complement":
      return `Goes with ${titleOf(reason.fromProductId!)} bought on ${day(reason.boughtAt)}`;
    case "replenishment":
      return `Replenishment: last bought ${day(reason.boughtAt)}, due around ${day(replenishmentDueAt(reason) ?? 0)}`;
    case "upgrade":
      return `Upgrade of ${titleOf(reason.fromProductId!)} bought on ${day(reason.boughtAt)}`;
    default:
      return "Popular in the shop";
  }
}

// What delivered follow-ups brought, against the holdout: tracking.ts.

/** Whether a product may be followed up: active, not excluded by id or tag, in stock above the low-stock floor. */
export function isFollowUpSellable(
  product: CatalogProduct | undefined,
  settings: Pick<ShopSettings, "excludedProductIds" | "excludedTags" | "lowStockThreshold">,
): boolean {
  if (!product || product.status !== "ACTIVE") return false;
  if (settings.excludedProductIds.includes(product.id)) return false;
  const tags = new Set(settings.excludedTags.map((t) => t.trim().toLowerCase()));
  if (product.tags.some((t) => tags.has(t.trim().toLowerCase()))) return false;
  return productStock(product, settings.lowStockThreshold) === "in_stock";
}
