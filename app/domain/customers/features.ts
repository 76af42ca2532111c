// Candidates and features of the purchase-propensity model. For a customer at a moment `asOf`,
// the candidates are the products their history points to — the next step of a sequential pattern
// of something they bought (a complement), a consumable they buy again (replenishment), a better
// version of something they own (upgrade) — plus the shop's most popular products (so the model
// learns how much a reason is worth over plain popularity; those are never offered as follow-ups).
// Each candidate carries its strongest reason and one feature vector of several factors:
// recency, frequency, monetary value and tenure of the customer; what was bought and when (the
// patterns' confidence and timing, replenishment due-ness, owning it already); the product's
// popularity; discount sensitivity; return rate.
import type { ProductId } from "../types";
import { DAY_MS, returnRate, type CustomerHistory } from "./history";
import type { ProductKnowledge } from "./knowledge";

export const FEATURES = [
  "recency_log_days",
  "frequency_log_orders",
  "monetary_log_spend",
  "tenure_log_days",
  "sequence_confidence",
  "sequence_timing",
  "pair_confidence",
  "replenishment_rate",
  "replenishment_due",
  "owned_log_orders",
  "popularity_log",
  "discount_share",
  "return_rate",
  "upgrade",
  "antecedent_log_days",
] as const;

export type ReasonKind = "complement" | "replenishment" | "upgrade" | "popular";

export interface Reason {
  kind: ReasonKind;
  /** complement and upgrade: what the customer bought that points here */
  fromProductId?: ProductId;
  /** when they last bought it (complement, upgrade) or this product (replenishment), ms */
  boughtAt?: number;
  /** complement: typical days from the antecedent to this product; replenishment: typical re-order interval */
  typicalDays?: number;
  /** the pattern's confidence or repurchase rate, 0..1 */
  strength: number;
}

export interface Candidate {
  customerId: string;
  productId: ProductId;
  reason: Reason;
  features: Float64Array;
}

/** Most popular products added as candidates to every customer (for learning and the baselines). */
export const POPULAR_CANDIDATES = 10;
/** At most this many candidates per customer, strongest reasons first. */
export const MAX_CANDIDATES = 40;

const log1pDays = (ms: number) => Math.log1p(Math.max(0, ms) / DAY_MS);
const REASON_ORDER: Record<ReasonKind, number> = { replenishment: 0, complement: 1, upgrade: 2, popular: 3 };

/** The candidates of one customer at `asOf`, each with its features. */
export function customerCandidates(history: CustomerHistory, knowledge: ProductKnowledge, asOf: number): Candidate[] {
  interface Acc {
    reason: Reason;
    seqConf: number;
    seqTiming: number;
    pairConf: number;
    upgrade: number;
    antecedentAt: number;
  }
  const acc = new Map<ProductId, Acc>();
  const get = (id: ProductId, reason: Reason): Acc => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { reason, seqConf: 0, seqTiming: 0, pairConf: 0, upgrade: 0, antecedentAt: 0 }));
    else if (
      REASON_ORDER[reason.kind] < REASON_ORDER[a.reason.kind] ||
      (reason.kind === a.reason.kind && reason.strength > a.reason.strength)
    )
      a.reason = reason;
    return a;
  };
  for (const [a, ph] of history.products) {
    const sinceA = (asOf - ph.lastAt) / DAY_MS;
    for (const s of knowledge.sequences.get(a) ?? []) {
      const x = get(s.consequent, {
        kind: "complement",
        fromProductId: a,
        boughtAt: ph.lastAt,
        typicalDays: s.medianGapDays,
        strength: s.confidence,
      });
      x.seqConf = Math.max(x.seqConf, s.confidence);
      x.seqTiming = Math.max(x.seqTiming, Math.exp(-Math.abs(sinceA - s.medianGapDays) / Math.max(7, s.medianGapDays)));
      x.antecedentAt = Math.max(x.antecedentAt, ph.lastAt);
    }
    for (const p of knowledge.pairs.get(a) ?? []) {
      const x = get(p.consequent, {
        kind: "complement",
        fromProductId: a,
        boughtAt: ph.lastAt,
        strength: p.confidence,
      });
      x.pairConf = Math.max(x.pairConf, p.confidence);
      x.antecedentAt = Math.max(x.antecedentAt, ph.lastAt);
    }
    const rep = knowledge.replenishment.get(a);
    if (rep)
      get(a, {
        kind: "replenishment",
        boughtAt: ph.lastAt,
        typicalDays: rep.medianIntervalDays,
        strength: rep.repurchaseRate,
      });
    for (const u of knowledge.upgrades.get(a) ?? []) {
      const x = get(u, { kind: "upgrade", fromProductId: a, boughtAt: ph.lastAt, strength: 0.5 });
      x.upgrade = 1;
      x.antecedentAt = Math.max(x.antecedentAt, ph.lastAt);
    }
  }
  for (const id of knowledge.popular.slice(0, POPULAR_CANDIDATES))
    get(id, { kind: "popular", strength: knowledge.popularity.get(id) ?? 0 });

  // Owned products are candidates only as replenishment (never offer what they own otherwise).
  const entries = [...acc].filter(([id, a]) => !history.products.has(id) || a.reason.kind === "replenishment");
  entries.sort(
    ([ia, a], [ib, b]) =>
      REASON_ORDER[a.reason.kind] - REASON_ORDER[b.reason.kind] ||
      b.reason.strength - a.reason.strength ||
      (ia < ib ? -1 : 1),
  );
  const r = returnRate(history);
  const discountShare = history.orders > 0 ? history.discountedOrders / history.orders : 0;
  const out: Candidate[] = [];
  for (const [productId, a] of entries.slice(0, MAX_CANDIDATES)) {
    const owned = history.products.get(productId);
    const rep = knowledge.replenishment.get(productId);
    const f = new Float64Array(FEATURES.length);
    f[0] = log1pDays(asOf - history.lastAt);
    f[1] = Math.log1p(history.orders);
    f[2] = Math.log1p(history.spend / 100);
    f[3] = log1pDays(asOf - history.firstAt);
    f[4] = a.seqConf;
    f[5] = a.seqTiming;
    f[6] = a.pairConf;
    f[7] = owned && rep ? rep.repurchaseRate : 0;
    f[8] = owned && rep ? Math.exp(-Math.abs((asOf - owned.lastAt) / DAY_MS / rep.medianIntervalDays - 1)) : 0;
    f[9] = Math.log1p(owned?.orders ?? 0);
    f[10] = Math.log(1e-4 + (knowledge.popularity.get(productId) ?? 0));
    f[11] = discountShare;
    f[12] = r;
    f[13] = a.upgrade;
    f[14] = a.antecedentAt > 0 ? log1pDays(asOf - a.antecedentAt) : log1pDays(asOf - history.firstAt);
    out.push({ customerId: history.customerId, productId, reason: a.reason, features: f });
  }
  return out;
}
