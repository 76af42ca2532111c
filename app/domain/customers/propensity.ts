// The purchase-propensity model: P(customer buys product within the horizon), learned from the
// shop's own history and judged on a later window than it learned from.
//
// Training at a moment T (= asOf − horizon): candidates and features from the orders before T,
// labels = "bought it in [T, asOf)". Scoring at asOf: the same features from all orders before
// asOf, through the fitted model. Validation: the same procedure one horizon earlier (trained on
// [T − h, T), scored at T) against what customers really bought in [T, T + h) — a window the
// validated model never saw.
import type { ProductId } from "../types";
import { customerCandidates, FEATURES, type Candidate } from "./features";
import { customerHistories, DAY_MS, purchasesBetween, type CustomerHistory, type CustomerOrder } from "./history";
import { productKnowledge, type ProductKnowledge } from "./knowledge";
import { auc, fitLogistic, predictLogistic, type LogisticModel } from "./logistic";

export interface PropensityModel {
  horizonDays: number;
  /** the moment the model learned at (features before it, labels in the horizon after it) */
  trainedAt: number;
  logistic: LogisticModel;
  trainingRows: number;
  trainingPositives: number;
}

export interface ScoredCandidate extends Candidate {
  probability: number;
}

/** Customers, knowledge and candidates at one moment. */
export interface Snapshot {
  asOf: number;
  histories: Map<string, CustomerHistory>;
  knowledge: ProductKnowledge;
  candidates: Candidate[];
}

export function snapshotAt(
  orders: readonly CustomerOrder[],
  asOf: number,
  upgrades?: ReadonlyMap<ProductId, readonly ProductId[]>,
): Snapshot {
  const histories = customerHistories(orders, asOf);
  const knowledge = productKnowledge(orders, asOf, upgrades);
  const candidates: Candidate[] = [];
  for (const h of histories.values()) for (const c of customerCandidates(h, knowledge, asOf)) candidates.push(c);
  return { asOf, histories, knowledge, candidates };
}

/** 1 where the candidate's customer bought its product in [asOf, asOf + horizon). */
export function labelsFor(
  candidates: readonly Candidate[],
  orders: readonly CustomerOrder[],
  from: number,
  horizonDays: number,
): Uint8Array {
  const bought = purchasesBetween(orders, from, from + horizonDays * DAY_MS);
  return Uint8Array.from(candidates, (c) => (bought.get(c.customerId)?.has(c.productId) ? 1 : 0));
}

/** Learns at `trainAt` from the orders before it, labelled with the purchases of the following horizon. */
export function trainPropensity(
  orders: readonly CustomerOrder[],
  trainAt: number,
  horizonDays: number,
  upgrades?: ReadonlyMap<ProductId, readonly ProductId[]>,
): PropensityModel | null {
  const snap = snapshotAt(orders, trainAt, upgrades);
  if (snap.candidates.length === 0) return null;
  const labels = labelsFor(snap.candidates, orders, trainAt, horizonDays);
  let positives = 0;
  for (const l of labels) positives += l;
  if (positives === 0 || positives === labels.length) return null;
  const logistic = fitLogistic(
    [...FEATURES],
    snap.candidates.map((c) => c.features),
    labels,
    { l2: 1 },
  );
  return { horizonDays, trainedAt: trainAt, logistic, trainingRows: labels.length, trainingPositives: positives };
}

export function scoreCandidates(model: PropensityModel, candidates: readonly Candidate[]): ScoredCandidate[] {
  return candidates.map((c) => ({ ...c, probability: predictLogistic(model.logistic, c.features) }));
}

// ---------------------------------------------------------------------------------------------
// Evaluation: the model against simple baselines on the same customers and the same window.

export interface RankingMetrics {
  method: string;
  /** mean over customers who bought anything in the window of hits in the top K / K */
  precisionAtK: number;
  /** mean over those customers of hits in the top K / distinct products they bought */
  recallAtK: number;
  /** AUC over every (customer, candidate product) pair of the model's candidate set */
  auc: number;
}

export interface CustomerEvaluation {
  horizonDays: number;
  k: number;
  cutoff: number;
  /** customers with an order before the cutoff (the ones scored) */
  customers: number;
  /** of those, customers who bought anything in [cutoff, cutoff + horizon) */
  buyers: number;
  candidatePairs: number;
  positivePairs: number;
  /** share of the (buyer, product) purchases in the window that are among the candidates */
  candidateRecall: number;
  model: PropensityModel | null;
  results: RankingMetrics[];
}

const byScore =
  <T>(score: (x: T) => number, tie: (x: T) => string) =>
  (a: T, b: T) =>
    score(b) - score(a) || (tie(a) < tie(b) ? -1 : tie(a) > tie(b) ? 1 : 0);

/**
 * Learns one horizon before `cutoff` (from the orders before cutoff − horizon, labelled with
 * [cutoff − horizon, cutoff)), scores every customer at `cutoff` from the orders before it, and
 * compares with what they bought in [cutoff, cutoff + horizon). Baselines: most popular products;
 * "buy again what you bought" (most often first, then most recently); recency only (how recently
 * the customer ordered decides who, their most recently bought products decide what).
 */
export function evaluateCustomers(
  orders: readonly CustomerOrder[],
  {
    cutoff,
    horizonDays,
    k = 3,
    upgrades,
  }: { cutoff: number; horizonDays: number; k?: number; upgrades?: ReadonlyMap<ProductId, readonly ProductId[]> },
): CustomerEvaluation {
  const model = trainPropensity(orders, cutoff - horizonDays * DAY_MS, horizonDays, upgrades);
  const snap = snapshotAt(orders, cutoff, upgrades);
  const bought = purchasesBetween(orders, cutoff, cutoff + horizonDays * DAY_MS);
  const labels = labelsFor(snap.candidates, orders, cutoff, horizonDays);
  const scored = model
    ? scoreCandidates(model, snap.candidates)
    : snap.candidates.map((c) => ({ ...c, probability: 0 }));

  const byCustomer = new Map<string, ScoredCandidate[]>();
  for (const c of scored) {
    let list = byCustomer.get(c.customerId);
    if (!list) byCustomer.set(c.customerId, (list = []));
    list.push(c);
  }
  const pop = snap.knowledge.popularity;
  const popular = snap.knowledge.popular;
  const recencyOf = (h: CustomerHistory) => -(cutoff - h.lastAt) / DAY_MS;

  // The top-K lists of each method.
  const lists: Record<string, (h: CustomerHistory) => ProductId[]> = {
    Pairwise: (h) =>
      (byCustomer.get(h.customerId) ?? [])
        .slice()
        .sort(
          byScore(
            (c) => c.probability,
            (c) => c.productId,
          ),
        )
        .slice(0, k)
        .map((c) => c.productId),
    "Most popular": () => popular.slice(0, k),
    "Buy again": (h) => {
      const owned = [...h.products]
        .sort(([ia, a], [ib, b]) => b.orders - a.orders || b.lastAt - a.lastAt || (ia < ib ? -1 : 1))
        .map(([id]) => id);
      return [...owned, ...popular.filter((id) => !h.products.has(id))].slice(0, k);
    },
    "Recency only": (h) => {
      const owned = [...h.products]
        .sort(([ia, a], [ib, b]) => b.lastAt - a.lastAt || (ia < ib ? -1 : 1))
        .map(([id]) => id);
      return [...owned, ...popular.filter((id) => !h.products.has(id))].slice(0, k);
    },
  };
  // The pair scores of each method, for the AUC over the model's candidate pairs.
  const pairScores: Record<string, (c: ScoredCandidate, h: CustomerHistory) => number> = {
    Pairwise: (c) => c.probability,
    "Most popular": (c) => pop.get(c.productId) ?? 0,
    "Buy again": (c, h) => (h.products.get(c.productId)?.orders ?? 0) + (pop.get(c.productId) ?? 0),
    "Recency only": (_c, h) => recencyOf(h),
  };

  let buyers = 0;
  let covered = 0;
  let purchases = 0;
  const inCandidates = new Map<string, Set<ProductId>>();
  for (const c of scored) {
    let s = inCandidates.get(c.customerId);
    if (!s) inCandidates.set(c.customerId, (s = new Set()));
    s.add(c.productId);
  }
  const precision: Record<string, number> = {};
  const recall: Record<string, number> = {};
  for (const name of Object.keys(lists)) precision[name] = recall[name] = 0;
  for (const h of snap.histories.values()) {
    const got = bought.get(h.customerId);
    if (!got || got.size === 0) continue;
    buyers++;
    purchases += got.size;
    for (const id of got) if (inCandidates.get(h.customerId)?.has(id)) covered++;
    for (const [name, list] of Object.entries(lists)) {
      const top = list(h);
      const hits = top.filter((id) => got.has(id)).length;
      precision[name] += hits / k;
      recall[name] += hits / got.size;
    }
  }
  let positives = 0;
  for (const l of labels) positives += l;
  const results: RankingMetrics[] = Object.keys(lists).map((name) => {
    const scores = scored.map((c) => pairScores[name](c, snap.histories.get(c.customerId)!));
    return {
      method: name,
      precisionAtK: buyers ? precision[name] / buyers : 0,
      recallAtK: buyers ? recall[name] / buyers : 0,
      auc: auc(scores, labels),
    };
  });
  return {
    horizonDays,
    k,
    cutoff,
    customers: snap.histories.size,
    buyers,
    candidatePairs: scored.length,
    positivePairs: positives,
    candidateRecall: purchases ? covered / purchases : 0,
    model,
    results,
  };
}
