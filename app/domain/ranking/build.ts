// The recommendation set a mining run stores (one row per trigger → candidate, top-K per product
// and kind), mapping onto the Prisma `Recommendation` model.
//
// Per active product A:
//  - cross_sell: every mined rule A→B plus content candidates (products sharing a type, vendor,
//    collection or tag with A, or of a type that A's type is learned to go with), scored by
//    blendScore; static business rules applied (status, exclusions, threshold, not A itself, no
//    substitute of A and one of a set of alternatives: substitutes.ts).
//  - upsell: same-kind products 20–40 % dearer (upsellCandidates), content-sourced.
//  - sequential: "bought A, came back for B after ~N days" rules, for after-sales e-mails.
// Stock is deliberately NOT checked here: it changes between runs, so serving re-checks it, and
// K (default 10) is larger than the 3–4 slots shown so that sold-out items leave spares.
import type { CatalogProduct, PairRule, ProductId, ShopSettings } from "../types";
import { applyBusinessRules, MARGIN_SPAN } from "./rules";
import { indexCatalog } from "./catalog";
import {
  attributeKeys,
  blendScore,
  buildContentModel,
  CONTENT_CAP,
  contentScore,
  historyWeight,
  orderCounts,
  triggerEvidence,
  type ContentModel,
} from "./score";
import { boughtTogether } from "./substitutes";
import { DEFAULT_UPSELL_BAND, upsellCandidates, type UpsellBand } from "./upsell";

/** A sequential pattern from mining: customers who bought A bought B later, typically after medianGapDays. */
export interface SequentialRule {
  antecedent: ProductId;
  consequent: ProductId;
  /** customers who bought B after A */
  count: number;
  /** count / customers who bought A */
  confidence: number;
  medianGapDays: number;
  support?: number;
  lift?: number;
}

export type RecommendationKind = "cross_sell" | "upsell" | "sequential";

/** One stored recommendation row (Prisma `Recommendation` without shop/id). */
export interface RecommendationRow {
  productId: ProductId;
  recommendedProductId: ProductId;
  kind: RecommendationKind;
  source: "mined" | "content" | "blend";
  count: number;
  support: number;
  confidence: number;
  lift: number;
  attachRate: number;
  score: number;
  rank: number;
  gapDaysMedian: number | null;
  computedAt: Date;
}

export interface BuildSettings extends Pick<
  ShopSettings,
  "relevanceThreshold" | "lowStockThreshold" | "marginPreference" | "excludedProductIds" | "excludedTags"
> {
  /** rows kept per product and kind (default 10) */
  topK?: number;
  upsellBand?: UpsellBand;
}

export interface BuildInput {
  rules: readonly PairRule[];
  sequential?: readonly SequentialRule[];
  catalog: readonly CatalogProduct[];
  settings: BuildSettings;
  /** milliseconds since epoch: the rows' computedAt */
  now: number;
  /**
   * Orders containing each product (from mining). Without it a trigger's history is inferred from
   * its rules, which makes a best-seller with no significant rule look new and lets content
   * guesses through for it.
   */
  productOrders?: ReadonlyMap<ProductId, number>;
}

/** Attributes shared by more products than this are too common to suggest anything (e.g. "All products"). */
function maxIndexedDf(size: number): number {
  return Math.max(50, Math.floor(size * 0.2));
}

/** Complementary types searched for content candidates, and the weakest affinity worth searching. */
const MAX_COMPLEMENT_TYPES = 5;
const MIN_COMPLEMENT_AFFINITY = 0.2;

/** Content candidate pool for a trigger from an inverted index over type, collections and tags
 *  (a shared vendor alone never makes a match, so it does not widen the pool). */
function contentPool(trigger: CatalogProduct, index: Map<string, ProductId[]>, model: ContentModel): Set<ProductId> {
  const pool = new Set<ProductId>();
  const type = trigger.productType.trim().toLowerCase();
  const keys = [...attributeKeys(trigger)];
  if (type) keys.push(`y:${type}`);
  // The few types the trigger's type is most often bought with (not every faint pairing).
  for (const c of (model.complements.get(type) ?? []).slice(0, MAX_COMPLEMENT_TYPES)) {
    if (c.affinity >= MIN_COMPLEMENT_AFFINITY) keys.push(`y:${c.type}`);
  }
  for (const k of keys) for (const id of index.get(k) ?? []) pool.add(id);
  pool.delete(trigger.id);
  return pool;
}

/** Products that can be the same kind as the trigger: same type or a shared (not too common) collection. */
function upsellPool(
  trigger: CatalogProduct,
  index: Map<string, ProductId[]>,
  byId: Map<ProductId, CatalogProduct>,
): CatalogProduct[] {
  const ids = new Set<ProductId>();
  const type = trigger.productType.trim().toLowerCase();
  if (type) for (const id of index.get(`y:${type}`) ?? []) ids.add(id);
  for (const c of trigger.collections) for (const id of index.get(`c:${c}`) ?? []) ids.add(id);
  ids.delete(trigger.id);
  return [...ids].map((id) => byId.get(id)).filter((p): p is CatalogProduct => !!p);
}

/**
 * The candidates that can still make the top K once business rules apply: eligible ones, best
 * first, down to the K-th score minus the largest margin nudge (the featured boost is not used
 * when building). Exact, and it keeps applyBusinessRules off the long tail.
 */
function shortlist<C extends { productId: ProductId; score: number }>(
  candidates: C[],
  eligible: Set<ProductId>,
  topK: number,
): C[] {
  const sorted = candidates.filter((c) => eligible.has(c.productId)).sort((a, b) => b.score - a.score);
  if (topK <= 0) return [];
  if (sorted.length <= topK) return sorted;
  const floor = sorted[topK - 1].score - MARGIN_SPAN;
  let end = topK;
  while (end < sorted.length && sorted[end].score >= floor) end++;
  return sorted.slice(0, end);
}

function buildIndex(catalog: readonly CatalogProduct[]): Map<string, ProductId[]> {
  const index = new Map<string, ProductId[]>();
  const add = (k: string, id: ProductId) => {
    const list = index.get(k);
    if (list) list.push(id);
    else index.set(k, [id]);
  };
  for (const p of catalog) {
    if (p.status !== "ACTIVE") continue;
    for (const k of attributeKeys(p)) add(k, p.id);
    const type = p.productType.trim().toLowerCase();
    if (type) add(`y:${type}`, p.id);
  }
  const cap = maxIndexedDf(catalog.length);
  for (const [k, ids] of index) if (!k.startsWith("y:") && ids.length > cap) index.delete(k);
  return index;
}

/** Builds the recommendation rows of a mining run: top-K cross-sell, upsell and sequential suggestions per product. */
/** What every trigger's ranking shares, computed once per run. */
interface RunFacts {
  input: BuildInput;
  topK: number;
  computedAt: Date;
  byId: ReturnType<typeof indexCatalog>;
  model: ReturnType<typeof buildContentModel>;
  index: ReturnType<typeof buildIndex>;
  ruleSettings: BuildInput["settings"] & { maxSuggestions: number };
  /** products that may be recommended at all (status and exclusions do not depend on the trigger) */
  eligible: Set<ProductId>;
  rulesFrom: Map<ProductId, PairRule[]>;
  seqFrom: Map<ProductId, SequentialRule[]>;
  /** pairs bought together often enough to be a set: never substitutes, even of the same kind */
  together: ReturnType<typeof boughtTogether>;
}

function groupBy<T extends { antecedent: ProductId }>(
  rules: Iterable<T>,
  keep: (r: T) => boolean = () => true,
): Map<ProductId, T[]> {
  const out = new Map<ProductId, T[]>();
  for (const r of rules) {
    if (!keep(r)) continue;
    const list = out.get(r.antecedent);
    if (list) list.push(r);
    else out.set(r.antecedent, [r]);
  }
  return out;
}

export function buildRecommendations(input: BuildInput): RecommendationRow[] {
  const { catalog, settings } = input;
  const topK = settings.topK ?? 10;
  const excludedTags = new Set(settings.excludedTags.map((t) => t.trim().toLowerCase()));
  const excluded = new Set(settings.excludedProductIds);
  const run: RunFacts = {
    input,
    topK,
    computedAt: new Date(input.now),
    byId: indexCatalog(catalog),
    model: buildContentModel(catalog, input.rules),
    index: buildIndex(catalog),
    ruleSettings: { ...settings, maxSuggestions: topK },
    eligible: new Set(
      catalog
        .filter(
          (p) =>
            p.status === "ACTIVE" &&
            !excluded.has(p.id) &&
            !p.tags.some((t) => excludedTags.has(t.trim().toLowerCase())),
        )
        .map((p) => p.id),
    ),
    rulesFrom: groupBy(input.rules, (r) => r.antecedent !== r.consequent),
    seqFrom: groupBy(input.sequential ?? []),
    together: boughtTogether(input.rules),
  };
  const rows: RecommendationRow[] = [];
  for (const trigger of catalog) {
    if (trigger.status !== "ACTIVE") continue;
    rows.push(...crossSellRows(run, trigger), ...upsellRows(run, trigger), ...sequentialRows(run, trigger));
  }
  return rows;
}

function rulesContext(run: RunFacts, trigger: CatalogProduct) {
  return { triggerProductIds: [trigger.id], catalog: run.byId, settings: run.ruleSettings, ignoreStock: true };
}

/** Cross-sell: mined rules blended with content, plus content-only candidates. */
function crossSellRows(run: RunFacts, trigger: CatalogProduct): RecommendationRow[] {
  const { input, byId, model, topK } = run;
  const threshold = input.settings.relevanceThreshold;
  const rules = run.rulesFrom.get(trigger.id) ?? [];
  const triggerOrders =
    input.productOrders?.get(trigger.id) ?? Math.max(0, ...rules.map((r) => orderCounts(r)?.a ?? 0));
  const ruleByConsequent = new Map(rules.map((r) => [r.consequent, r]));
  // A content-only candidate scores at most CONTENT_CAP·(1 − T): when that cannot reach the
  // threshold (a best-seller with plenty of history), the content pool is not searched at all.
  const contentCanPass = CONTENT_CAP * (1 - triggerEvidence(triggerOrders)) >= threshold;
  const candidateIds = new Set<ProductId>([
    ...ruleByConsequent.keys(),
    ...(contentCanPass ? contentPool(trigger, run.index, model) : []),
  ]);
  const cross = [];
  for (const id of candidateIds) {
    const candidate = byId.get(id);
    if (!candidate) continue;
    const rule = ruleByConsequent.get(id);
    const blended = blendScore(rule, contentScore(trigger, candidate, model), triggerOrders);
    // Below the threshold it would be dropped anyway; skipping it here keeps a run fast.
    if (blended.score >= threshold) cross.push({ productId: id, score: blended.score, source: blended.source, rule });
  }
  // Substitutes of the trigger and all but the best of a set of alternatives leave the list, so
  // the shortlist has room for twice the rows kept.
  const ctx = { ...rulesContext(run, trigger), substitutes: { together: run.together, oneOfEach: true } };
  return applyBusinessRules(shortlist(cross, run.eligible, 2 * topK), ctx).kept.map((c) => {
    const r = c.rule && historyWeight(c.rule.count) > 0 ? c.rule : undefined;
    return {
      productId: trigger.id,
      recommendedProductId: c.productId,
      kind: "cross_sell",
      source: c.source,
      count: r?.count ?? 0,
      support: r?.support ?? 0,
      confidence: r?.confidence ?? 0,
      lift: r?.lift ?? 0,
      attachRate: r?.attachRate ?? 0,
      score: c.score,
      rank: c.rank,
      gapDaysMedian: null,
      computedAt: run.computedAt,
    };
  });
}

/** Upsell: content only (order history shows what goes together, not what replaces what). */
function upsellRows(run: RunFacts, trigger: CatalogProduct): RecommendationRow[] {
  const ups = upsellCandidates(
    trigger,
    upsellPool(trigger, run.index, run.byId),
    run.model,
    run.input.settings.upsellBand ?? DEFAULT_UPSELL_BAND,
  );
  return applyBusinessRules(shortlist(ups, run.eligible, run.topK), rulesContext(run, trigger)).kept.map((c) => ({
    productId: trigger.id,
    recommendedProductId: c.productId,
    kind: "upsell",
    source: "content",
    count: 0,
    support: 0,
    confidence: 0,
    lift: 0,
    attachRate: 0,
    score: c.score,
    rank: c.rank,
    gapDaysMedian: null,
    computedAt: run.computedAt,
  }));
}

/** Sequential: confidence shrunk by evidence, like pair rules. */
function sequentialRows(run: RunFacts, trigger: CatalogProduct): RecommendationRow[] {
  const seq = (run.seqFrom.get(trigger.id) ?? []).map((r) => ({
    productId: r.consequent,
    score: Math.min(1, Math.max(0, r.confidence)) * historyWeight(r.count),
    rule: r,
  }));
  return applyBusinessRules(seq, rulesContext(run, trigger)).kept.map((c) => ({
    productId: trigger.id,
    recommendedProductId: c.productId,
    kind: "sequential",
    source: "mined",
    count: c.rule.count,
    support: c.rule.support ?? 0,
    confidence: c.rule.confidence,
    lift: c.rule.lift ?? 0,
    attachRate: 0,
    score: c.score,
    rank: c.rank,
    gapDaysMedian: c.rule.medianGapDays,
    computedAt: run.computedAt,
  }));
}
