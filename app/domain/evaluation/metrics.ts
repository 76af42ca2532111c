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
//  - substitute share: the share of all first-K suggestions that are substitutes (ground truth:
//    upsell ladders, new arrivals and their look-alikes, a range noun's two versions) of a product
//    in the cart — a cross-sell must go with the cart, not replace part of it; and the share of
//    first-K lists holding two substitutes of each other (two tents for one sleeping bag);
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
  /** sets of substitutes (alternatives to each other); overlapping sets are merged */
  substitutes?: readonly (readonly ProductId[])[];
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
  /** product → its set of substitutes' representative */
  private readonly group = new Map<ProductId, ProductId>();
  constructor(truth: GroundTruth) {
    // union–find over the substitute sets, so overlapping sets form one group
    const parent = new Map<ProductId, ProductId>();
    const find = (x: ProductId): ProductId => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r)!;
      return r;
    };
    for (const set of truth.substitutes ?? []) {
      for (const id of set) if (!parent.has(id)) parent.set(id, id);
      for (const id of set.slice(1)) parent.set(find(id), find(set[0]));
    }
    for (const id of parent.keys()) this.group.set(id, find(id));
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
  /** whether a and b are substitutes of each other (different products of one set) */
  areSubstitutes(a: ProductId, b: ProductId): boolean {
    const g = this.group.get(a);
    return a !== b && g !== undefined && g === this.group.get(b);
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
  /** first-K suggestions that are substitutes of a cart product, and their share of all shown */
  substitutesShown: number;
  substituteShare: number;
  /** cases whose first-K list holds two substitutes of each other, and their share of cases with a suggestion */
  alternativeLists: number;
  alternativeListShare: number;
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
export function evaluateRanker(
  method: string,
  rank: Ranker,
  cases: readonly EvalCase[],
  truth: TruthIndex,
  k = 3,
): MethodResult {
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
  let substitutesShown = 0;
  let alternativeLists = 0;
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
    for (const id of top) if (c.cart.some((x) => truth.areSubstitutes(x, id))) substitutesShown++;
    if (top.some((a, i) => top.slice(i + 1).some((b) => truth.areSubstitutes(a, b)))) alternativeLists++;
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
    substitutesShown,
    substituteShare: ratio(substitutesShown, shown),
    alternativeLists,
    alternativeListShare: ratio(alternativeLists, covered),
    complementCases,
    complementHits,
    complementHitRate: ratio(complementHits, complementCases),
    nonDecoyCases,
    nonDecoyHits,
    nonDecoyHitRate: ratio(nonDecoyHits, nonDecoyCases),
    nonDecoyMrr: ratio(nonDecoyRr, nonDecoyCases),
  };
}
