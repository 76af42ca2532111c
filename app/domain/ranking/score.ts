// Hybrid relevance of a candidate B for a trigger product A, in 0..1.
//
// Three signals, each normalised to 0..1:
//  1. Mined co-occurrence (PairRule A→B): lift says "B is bought with A more than by chance",
//     confidence says "how often A's buyers take B". Lift is mapped with 1 − 1/lift (lift 1 → 0,
//     2 → 0.5, 4 → 0.75) so it is bounded and chance-level pairs score nothing; the two are averaged.
//  2. Item-based collaborative filtering: cosine similarity of the two products' order-incidence
//     vectors, count(A,B)/√(orders(A)·orders(B)). It is symmetric and, unlike confidence, does not
//     reward a consequent just for being popular, nor (unlike lift) a pair of rare products seen
//     together once. It is derived exactly from the rule's own figures (see orderCounts).
//  3. Content similarity/complementarity (for products with little or no history): learned
//     type→type complementarity, shared collections and tags (IDF-weighted), same vendor, price band.
//
// Noise guard: history is only trusted in proportion to its evidence. A rule seen in n orders
// gets the weight h = n / (n + HISTORY_HALF_WEIGHT_ORDERS) (n = 8 → 0.5, n = 40 → 0.83), and the
// blended score is h·history + (1 − h)·content. So a pair bought together 3 times cannot outrank
// solid content evidence, while a pair seen 100 times is ranked essentially by its history.
// Rules below MIN_RULE_COUNT orders are treated as noise and ignored entirely.
// The content part is further damped by how much history the trigger itself has,
// T = orders(A) / (orders(A) + TRIGGER_HALF_WEIGHT_ORDERS): for a best-seller the pairs it was
// really bought with decide; for a product added yesterday (T = 0) content decides alone.
import type { CatalogProduct, PairRule } from "../types";
import { productPrice } from "./catalog";

/** Orders-together count at which history and content weigh the same. */
export const HISTORY_HALF_WEIGHT_ORDERS = 8;
/** Rules seen in fewer orders than this are noise. */
export const MIN_RULE_COUNT = 2;
// Within history, co-occurrence (lift/confidence) weighs 0.6 and cosine CF 0.4: lift/confidence is
// the merchant-visible evidence, cosine corrects its popularity bias.
/** Weight of the co-occurrence score within history. */
export const MINED_WEIGHT = 0.6;
/** Weight of the cosine (collaborative filtering) score within history. */
export const CF_WEIGHT = 0.4;
/** Orders of the trigger at which its content guesses lose half their weight. */
export const TRIGGER_HALF_WEIGHT_ORDERS = 30;
/** Content alone can never reach more than this: a guess from attributes is worth less than proof. */
export const CONTENT_CAP = 0.7;

/** Lift and confidence of a rule as one 0..1 figure (0 for chance-level or worse pairs). */
export function minedScore(rule: Pick<PairRule, "lift" | "confidence">): number {
  const liftPart = rule.lift > 1 ? 1 - 1 / rule.lift : 0;
  const conf = Math.min(1, Math.max(0, rule.confidence));
  return rule.lift > 1 ? 0.5 * liftPart + 0.5 * conf : 0;
}

/** Orders containing A and orders containing B, recovered from a rule's count, support, confidence and lift. */
export function orderCounts(
  rule: Pick<PairRule, "count" | "support" | "confidence" | "lift">,
): { a: number; b: number } | null {
  if (rule.count <= 0 || rule.support <= 0 || rule.confidence <= 0 || rule.lift <= 0) return null;
  const total = rule.count / rule.support;
  const a = rule.count / rule.confidence;
  const supportB = rule.confidence / rule.lift;
  return { a, b: total * supportB };
}

/** Cosine similarity of A's and B's order vectors: count(A,B)/√(orders(A)·orders(B)), in 0..1. */
export function cosineScore(rule: Pick<PairRule, "count" | "support" | "confidence" | "lift">): number {
  const n = orderCounts(rule);
  if (!n || n.a <= 0 || n.b <= 0) return 0;
  return Math.min(1, rule.count / Math.sqrt(n.a * n.b));
}

/** History weight h = n/(n + k) of a pair seen together in n orders (0 below MIN_RULE_COUNT). */
export function historyWeight(count: number): number {
  if (count < MIN_RULE_COUNT) return 0;
  return count / (count + HISTORY_HALF_WEIGHT_ORDERS);
}

/** Per-product content features, computed once per run. */
export interface ContentFeatures {
  type: string;
  vendor: string;
  /** interned collection/tag keys, ascending, and their IDF weights (same order) */
  keyIds: number[];
  keyWeights: number[];
  /** sum of the key weights */
  weight: number;
  price: number;
}

/** Content facts prepared once per catalog: IDF weights, per-product features, type complementarity. */
export interface ContentModel {
  /** number of products in the catalog */
  size: number;
  /** how many products carry each "c:<collection>" / "t:<tag>" */
  df: Map<string, number>;
  features: Map<string, ContentFeatures>;
  /** interned id of each collection/tag key */
  keyIndex: Map<string, number>;
  /** learned complementarity of product types: from type → to type → 0..1 */
  typeAffinity: Map<string, Map<string, number>>;
  /** per trigger type, the types it is learned to go with, strongest first */
  complements: Map<string, { type: string; affinity: number }[]>;
}

/** Builds the content model: attribute frequencies and type→type complementarity learned from the mined rules. */
export function buildContentModel(catalog: readonly CatalogProduct[], rules: readonly PairRule[] = []): ContentModel {
  const df = new Map<string, number>();
  for (const p of catalog) {
    for (const key of attributeKeys(p)) df.set(key, (df.get(key) ?? 0) + 1);
  }
  const size = catalog.length;
  const keyIndex = new Map<string, number>();
  for (const k of df.keys()) keyIndex.set(k, keyIndex.size);
  const features = new Map<string, ContentFeatures>();
  for (const p of catalog) features.set(p.id, computeFeatures(p, size, df, keyIndex));
  // Type complementarity: sum of rule evidence (minedScore × history weight) per type pair,
  // normalised by the strongest pair leaving the trigger's type. "Cameras → memory cards" learned
  // from old products carries over to a camera added yesterday.
  const raw = new Map<string, number>();
  for (const r of rules) {
    const ta = features.get(r.antecedent)?.type;
    const tb = features.get(r.consequent)?.type;
    if (!ta || !tb) continue;
    const w = minedScore(r) * historyWeight(r.count);
    if (w <= 0) continue;
    const key = `${ta}→${tb}`;
    raw.set(key, (raw.get(key) ?? 0) + w);
  }
  const maxFrom = new Map<string, number>();
  for (const [key, w] of raw) {
    const from = key.split("→")[0];
    maxFrom.set(from, Math.max(maxFrom.get(from) ?? 0, w));
  }
  const typeAffinity = new Map<string, Map<string, number>>();
  const complements = new Map<string, { type: string; affinity: number }[]>();
  for (const [key, w] of raw) {
    const [from, to] = key.split("→");
    const affinity = w / (maxFrom.get(from) || 1);
    let row = typeAffinity.get(from);
    if (!row) typeAffinity.set(from, (row = new Map()));
    row.set(to, affinity);
    const list = complements.get(from);
    if (list) list.push({ type: to, affinity });
    else complements.set(from, [{ type: to, affinity }]);
  }
  for (const list of complements.values()) list.sort((a, b) => b.affinity - a.affinity || a.type.localeCompare(b.type));
  return { size, df, features, keyIndex, typeAffinity, complements };
}

function computeFeatures(
  p: CatalogProduct,
  size: number,
  df: Map<string, number>,
  keyIndex: Map<string, number>,
): ContentFeatures {
  const pairs: [number, number][] = [];
  let weight = 0;
  for (const k of attributeKeys(p)) {
    const w = Math.log((size + 1) / (df.get(k) ?? 1));
    // Keys unknown to the model (a product added after it was built) get ids past the known range.
    pairs.push([keyIndex.get(k) ?? keyIndex.size + hashKey(k), w]);
    weight += w;
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return {
    type: normType(p.productType),
    vendor: p.vendor,
    keyIds: pairs.map((x) => x[0]),
    keyWeights: pairs.map((x) => x[1]),
    weight,
    price: productPrice(p),
  };
}

function hashKey(k: string): number {
  let h = 0;
  for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) >>> 0;
  return h;
}

function normType(t: string): string {
  return t.trim().toLowerCase();
}

/** The collection and tag keys of a product ("c:<id>", "t:<tag lowercased>"). */
export function attributeKeys(p: CatalogProduct): string[] {
  return [...new Set([...p.collections.map((c) => `c:${c}`), ...p.tags.map((t) => `t:${t.trim().toLowerCase()}`)])];
}

/** Features of a product: from the model when it was built with it, else computed on the spot. */
function featuresOf(p: CatalogProduct, model: ContentModel): ContentFeatures {
  return model.features.get(p.id) ?? computeFeatures(p, model.size, model.df, model.keyIndex);
}

/** IDF-weighted Jaccard overlap of two products' collections and tags, 0..1 (shared rare attributes count most). */
export function attributeOverlap(a: CatalogProduct, b: CatalogProduct, model: ContentModel): number {
  return featureOverlap(featuresOf(a, model), featuresOf(b, model));
}

function featureOverlap(fa: ContentFeatures, fb: ContentFeatures): number {
  // Merge of two ascending id lists.
  let inter = 0;
  let i = 0;
  let j = 0;
  while (i < fa.keyIds.length && j < fb.keyIds.length) {
    const x = fa.keyIds[i];
    const y = fb.keyIds[j];
    if (x === y) {
      inter += fa.keyWeights[i];
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const union = fa.weight + fb.weight - inter;
  return union > 0 ? inter / union : 0;
}

/** Content weights (sum 1): complementarity of types matters most for cross-sell, then shared
 *  collections/tags, then the vendor. The price relation only scales that evidence
 *  (×0.6 for an implausible price, ×1 for a plausible one): a cheap item from the same vendor
 *  with nothing else in common is no match. */
const W_TYPE = 0.45;
const W_ATTR = 0.35;
const W_VENDOR = 0.2;
/** Factor on a same-type candidate once the shop's orders show the type is not bought with itself. */
export const SUBSTITUTE_DAMPING = 0.25;

/** Content-based cross-sell relevance of candidate for trigger, 0..CONTENT_CAP. */
export function contentScore(trigger: CatalogProduct, candidate: CatalogProduct, model: ContentModel): number {
  const fa = featuresOf(trigger, model);
  const fb = featuresOf(candidate, model);
  const ta = fa.type;
  const tb = fb.type;
  // Once the shop's orders say what the trigger's type goes with, that knowledge replaces the
  // guess. A same-type product the orders never pair with it is a substitute (a second tent), not
  // a complement: its whole content score is damped by SUBSTITUTE_DAMPING.
  let typePart = 0;
  let damping = 1;
  if (ta && tb) {
    const row = model.typeAffinity.get(ta);
    const learned = row?.get(tb);
    if (learned !== undefined) typePart = learned;
    else if (!row) typePart = ta === tb ? 0.5 : 0;
    else if (ta === tb) damping = SUBSTITUTE_DAMPING;
  }
  const attrPart = featureOverlap(fa, fb);
  const vendorPart = fa.vendor && fa.vendor === fb.vendor ? 1 : 0;
  const pricePart = accessoryPriceFit(fa.price, fb.price);
  const raw = (W_TYPE * typePart + W_ATTR * attrPart + W_VENDOR * vendorPart) * (0.6 + 0.4 * pricePart);
  return CONTENT_CAP * raw * damping;
}

/** How plausible a cross-sell's price is next to the trigger's: 1 up to the trigger's price, fading to 0 at 3×. */
export function accessoryPriceFit(triggerPrice: number, candidatePrice: number): number {
  if (triggerPrice <= 0 || candidatePrice <= 0) return 0.5;
  const ratio = candidatePrice / triggerPrice;
  if (ratio <= 1) return 1;
  if (ratio >= 3) return 0;
  return (3 - ratio) / 2;
}

export type ScoreSource = "mined" | "content" | "blend";

export interface BlendedScore {
  score: number;
  source: ScoreSource;
  history: number;
  content: number;
  historyWeight: number;
}

/** T = orders(A) / (orders(A) + TRIGGER_HALF_WEIGHT_ORDERS): how much history the trigger itself has, 0..1. */
export function triggerEvidence(triggerOrders: number): number {
  return triggerOrders > 0 ? triggerOrders / (triggerOrders + TRIGGER_HALF_WEIGHT_ORDERS) : 0;
}

/** Blends history (mined + CF) with content: h·history + (1−h)(1−T)·content, labelled by which part dominates. */
export function blendScore(rule: PairRule | null | undefined, content: number, triggerOrders = 0): BlendedScore {
  const h = rule ? historyWeight(rule.count) : 0;
  const history = rule && h > 0 ? MINED_WEIGHT * minedScore(rule) + CF_WEIGHT * cosineScore(rule) : 0;
  const t = triggerEvidence(triggerOrders);
  const fromHistory = h * history;
  const fromContent = (1 - h) * (1 - t) * content;
  const score = Math.min(1, Math.max(0, fromHistory + fromContent));
  const share = score > 0 ? fromHistory / score : 0;
  const source: ScoreSource = !rule || h === 0 || share <= 0.1 ? "content" : share >= 0.9 ? "mined" : "blend";
  return { score, source, history, content, historyWeight: h };
}
