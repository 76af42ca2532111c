// Metrics of one method over the leave-one-out cases:
//  - HitRate@K: share of ALL cases whose hidden product is among the first K suggestions (a method
//    that shows nothing misses);
//  - MRR: mean over all cases of 1 / rank of the hidden product in the method's full list (0 when
//    the product is not in it);
//  - coverage: share of cases where the method suggests anything at all;
//  - precision@K against the ground truth: over the cases whose cart holds a planted trigger (the
//    main item of a planted complement), the share of the first K suggestions that are planted
//    accessories of a product in the cart;
//  - decoy share: the share of all first-K suggestions that are decoys (bought with everything,
//    related to nothing);
//  - complement HitRate@K: HitRate@K over the cases whose hidden product is a planted accessory of
//    a product in the cart (can the method recover what was planted?);
//  - HitRate@K and MRR without decoy targets: over the cases whose hidden product is not a decoy.
//    A decoy is bought in a fixed share of all orders whatever the cart, so "predicting" it rewards
//    volume, not relevance: a method that suggests the most common products hits it every time.
import type { ProductId } from "../types";
import type { EvalCase } from "./protocol";

/** A recommender under test: candidates for a cart, best first, never a cart product. */
export type Ranker = (cart: readonly ProductId[]) => readonly ProductId[];

export interface GroundTruth {
  /** directed planted pairs, main item → accessory */
  complements: readonly { antecedent: ProductId; consequent: ProductId }[];
  decoys: readonly ProductId[];
}

/** 1 / (1-based position of `target` in `ranked`), 0 when absent. */
export function reciprocalRank(ranked: readonly ProductId[], target: ProductId): number {
  const i = ranked.indexOf(target);
  return i < 0 ? 0 : 1 / (i + 1);
}

/** Whether `target` is among the first `k` of `ranked`. */
export function hitAt(ranked: readonly ProductId[], target: ProductId, k: number): boolean {
  const i = ranked.indexOf(target);
  return i >= 0 && i < k;
}

/** Ground truth indexed for lookups: accessories per trigger, decoys. */
export class TruthIndex {
  private readonly accessories = new Map<ProductId, Set<ProductId>>();
  private readonly decoySet: Set<ProductId>;
  constructor(truth: GroundTruth) {
    for (const c of truth.complements) {
      let set = this.accessories.get(c.antecedent);
      if (!set) this.accessories.set(c.antecedent, (set = new Set()));
      set.add(c.consequent);
    }
    this.decoySet = new Set(truth.decoys);
  }
  /** whether any cart product is a planted trigger */
  hasTrigger(cart: readonly ProductId[]): boolean {
    return cart.some((id) => this.accessories.has(id));
  }
  /** whether `candidate` is a planted accessory of some cart product */
  isComplementOf(cart: readonly ProductId[], candidate: ProductId): boolean {
    return cart.some((id) => this.accessories.get(id)?.has(candidate) ?? false);
  }
  isDecoy(id: ProductId): boolean {
    return this.decoySet.has(id);
  }
}

export interface MethodResult {
  method: string;
  k: number;
  cases: number;
  hits: number;
  /** hits / cases */
  hitRate: number;
  mrr: number;
  /** cases with at least one suggestion / cases */
  coverage: number;
  /** cases whose cart holds a planted trigger */
  triggerCases: number;
  /** first-K suggestions shown in trigger cases, and how many of them are planted accessories */
  triggerShown: number;
  triggerCorrect: number;
  /** triggerCorrect / triggerShown (0 when nothing was shown) */
  precision: number;
  /** first-K suggestions over all cases, and how many are decoys */
  shown: number;
  decoysShown: number;
  decoyShare: number;
  /** cases whose hidden product is a planted accessory of the cart, and the hits among them */
  complementCases: number;
  complementHits: number;
  complementHitRate: number;
  /** cases whose hidden product is not a decoy, the hits among them, and their MRR */
  nonDecoyCases: number;
  nonDecoyHits: number;
  nonDecoyHitRate: number;
  nonDecoyMrr: number;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** Runs one ranker over every case and aggregates the metrics above. */
export function evaluateRanker(method: string, rank: Ranker, cases: readonly EvalCase[], truth: TruthIndex, k = 3): MethodResult {
  let hits = 0;
  let rrSum = 0;
  let covered = 0;
  let triggerCases = 0;
  let triggerShown = 0;
  let triggerCorrect = 0;
  let shown = 0;
  let decoysShown = 0;
  let complementCases = 0;
  let complementHits = 0;
  let nonDecoyCases = 0;
  let nonDecoyHits = 0;
  let nonDecoyRr = 0;
  for (const c of cases) {
    const ranked = rank(c.cart);
    const top = ranked.slice(0, k);
    const hit = hitAt(ranked, c.hidden, k);
    if (hit) hits++;
    const rr = reciprocalRank(ranked, c.hidden);
    rrSum += rr;
    if (!truth.isDecoy(c.hidden)) {
      nonDecoyCases++;
      if (hit) nonDecoyHits++;
      nonDecoyRr += rr;
    }
    if (ranked.length > 0) covered++;
    shown += top.length;
    for (const id of top) if (truth.isDecoy(id)) decoysShown++;
    if (truth.hasTrigger(c.cart)) {
      triggerCases++;
      triggerShown += top.length;
      for (const id of top) if (truth.isComplementOf(c.cart, id)) triggerCorrect++;
    }
    if (truth.isComplementOf(c.cart, c.hidden)) {
      complementCases++;
      if (hit) complementHits++;
    }
  }
  const n = cases.length;
  return {
    method,
    k,
    cases: n,
    hits,
    hitRate: ratio(hits, n),
    mrr: ratio(rrSum, n),
    coverage: ratio(covered, n),
    triggerCases,
    triggerShown,
    triggerCorrect,
    precision: ratio(triggerCorrect, triggerShown),
    shown,
    decoysShown,
    decoyShare: ratio(decoysShown, shown),
    complementCases,
    complementHits,
    complementHitRate: ratio(complementHits, complementCases),
    nonDecoyCases,
    nonDecoyHits,
    nonDecoyHitRate: ratio(nonDecoyHits, nonDecoyCases),
    nonDecoyMrr: ratio(nonDecoyRr, nonDecoyCases),
  };
}
