// Business rules applied on top of relevance, in a fixed order so that each dropped candidate gets
// exactly one reason (the first rule it breaks) for tests and the admin's "why not shown".
//
// Ordering of what survives: rankScore = relevance + MARGIN_SPAN·marginPreference·margin
// + featuredBoost (featured items only). Margin is a nudge, not a driver: with marginPreference 1
// it can only reorder candidates whose relevance differs by less than MARGIN_SPAN × their margin
// difference ("prefer higher margin when relevance is close"). The relevance threshold is checked
// on relevance alone, so neither margin nor a featured boost can push a bad match into view.
import type { CatalogProduct, ProductId, ShopSettings } from "../types";
import { offerableVariant, productMargin, productStock } from "./catalog";
import { areSubstitutes, type BoughtTogether } from "./substitutes";

/** Largest score gap a full margin difference (0 → 100 %) can bridge at marginPreference 1. */
export const MARGIN_SPAN = 0.05;
/** Default boost for merchant-featured (strategic) products. */
export const DEFAULT_FEATURED_BOOST = 0.1;

export type DropReason =
  | "trigger"
  | "duplicate"
  | "unknown_product"
  | "not_active"
  | "excluded_product"
  | "excluded_tag"
  | "out_of_stock"
  | "low_stock"
  | "in_cart"
  | "already_owned"
  | "declined"
  | "below_threshold"
  | "substitute"
  | "over_limit";

export interface ScoredCandidate {
  productId: ProductId;
  /** relevance 0..1 */
  score: number;
}

export interface RuleContext {
  /** the product(s) the offer is attached to: never offered to themselves */
  triggerProductIds: readonly ProductId[];
  catalog: ReadonlyMap<ProductId, CatalogProduct>;
  settings: Pick<
    ShopSettings,
    | "relevanceThreshold"
    | "maxSuggestions"
    | "lowStockThreshold"
    | "marginPreference"
    | "excludedProductIds"
    | "excludedTags"
  >;
  cartProductIds?: readonly ProductId[];
  ownedProductIds?: readonly ProductId[];
  /** consumables customers buy again: offering them to an owner is fine */
  replenishedProductIds?: readonly ProductId[];
  declinedProductIds?: readonly ProductId[];
  featuredProductIds?: readonly ProductId[];
  featuredBoost?: number;
  /** overrides settings.maxSuggestions */
  limit?: number;
  /** skip stock checks (the mining job stores candidates; stock is checked when serving) */
  ignoreStock?: boolean;
  /** skip the relevance threshold (merchant-picked products) */
  ignoreThreshold?: boolean;
  /**
   * Cross-sells: drop substitutes (substitutes.ts) of the triggers and the cart; with `oneOfEach`,
   * also keep only the best-ranked of a set of alternatives. `together` tells which pairs are
   * bought together (it must know the candidates' pairs for `oneOfEach`: the mining run does).
   */
  substitutes?: { together: BoughtTogether; oneOfEach?: boolean };
}

export type RankedCandidate<C extends ScoredCandidate = ScoredCandidate> = C & {
  rank: number;
  rankScore: number;
  variantId: string | null;
  margin: number | null;
  featured: boolean;
};

export interface RuleResult<C extends ScoredCandidate = ScoredCandidate> {
  kept: RankedCandidate<C>[];
  dropped: { productId: ProductId; reason: DropReason; score: number }[];
}

/** Filters and orders candidates by the shop's business rules; returns the kept ones ranked and every dropped one with its reason. */
export function applyBusinessRules<C extends ScoredCandidate>(
  candidates: readonly C[],
  ctx: RuleContext,
): RuleResult<C> {
  const s = ctx.settings;
  const triggers = new Set(ctx.triggerProductIds);
  const cart = new Set(ctx.cartProductIds ?? []);
  const owned = new Set(ctx.ownedProductIds ?? []);
  const replenished = new Set(ctx.replenishedProductIds ?? []);
  const declined = new Set(ctx.declinedProductIds ?? []);
  const featured = new Set(ctx.featuredProductIds ?? []);
  const excluded = new Set(s.excludedProductIds);
  const excludedTags = new Set(s.excludedTags.map((t) => t.trim().toLowerCase()));
  const boost = ctx.featuredBoost ?? DEFAULT_FEATURED_BOOST;
  const pref = Math.min(1, Math.max(0, s.marginPreference));
  const limit = Math.max(0, ctx.limit ?? s.maxSuggestions);

  const contextProducts = ctx.substitutes
    ? [...new Set([...triggers, ...cart])].flatMap((id) => {
        const p = ctx.catalog.get(id);
        return p ? [p] : [];
      })
    : [];
  const dropped: RuleResult<C>["dropped"] = [];
  const seen = new Set<ProductId>();
  const survivors: RankedCandidate<C>[] = [];
  // Best score first, so a duplicate keeps its strongest occurrence.
  const ordered = [...candidates].sort((a, b) => b.score - a.score);

  for (const c of ordered) {
    const drop = (reason: DropReason) => dropped.push({ productId: c.productId, reason, score: c.score });
    if (triggers.has(c.productId)) {
      drop("trigger");
      continue;
    }
    if (seen.has(c.productId)) {
      drop("duplicate");
      continue;
    }
    seen.add(c.productId);
    const product = ctx.catalog.get(c.productId);
    if (!product) {
      drop("unknown_product");
      continue;
    }
    if (product.status !== "ACTIVE") {
      drop("not_active");
      continue;
    }
    if (excluded.has(product.id)) {
      drop("excluded_product");
      continue;
    }
    if (product.tags.some((t) => excludedTags.has(t.trim().toLowerCase()))) {
      drop("excluded_tag");
      continue;
    }
    if (!ctx.ignoreStock) {
      const stock = productStock(product, s.lowStockThreshold);
      if (stock !== "in_stock") {
        drop(stock);
        continue;
      }
    }
    if (cart.has(product.id)) {
      drop("in_cart");
      continue;
    }
    if (owned.has(product.id) && !replenished.has(product.id)) {
      drop("already_owned");
      continue;
    }
    if (declined.has(product.id)) {
      drop("declined");
      continue;
    }
    if (!ctx.ignoreThreshold && !(c.score >= s.relevanceThreshold)) {
      drop("below_threshold");
      continue;
    }
    if (ctx.substitutes && contextProducts.some((p) => areSubstitutes(p, product, ctx.substitutes!.together))) {
      drop("substitute");
      continue;
    }

    const margin = productMargin(product, s.lowStockThreshold);
    const isFeatured = featured.has(product.id);
    const rankScore = c.score + (isFeatured ? boost : 0);
    const variant = ctx.ignoreStock ? (product.variants[0] ?? null) : offerableVariant(product, s.lowStockThreshold);
    survivors.push({ ...c, rank: 0, rankScore, variantId: variant?.id ?? null, margin, featured: isFeatured });
  }

  // Margin nudge; a product without a known cost gets the average known margin (neither helped nor hurt).
  const known = survivors.map((c) => c.margin).filter((m): m is number => m != null);
  const meanMargin = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
  for (const c of survivors) c.rankScore += MARGIN_SPAN * pref * (c.margin ?? meanMargin);
  survivors.sort((a, b) => b.rankScore - a.rankScore || b.score - a.score || a.productId.localeCompare(b.productId));
  // One of a set of alternatives: the best-ranked stays, the others leave the list.
  const diverse: RankedCandidate<C>[] = [];
  for (const c of survivors) {
    const product = ctx.catalog.get(c.productId)!;
    if (
      ctx.substitutes?.oneOfEach &&
      diverse.some((d) => areSubstitutes(ctx.catalog.get(d.productId)!, product, ctx.substitutes!.together))
    ) {
      dropped.push({ productId: c.productId, reason: "substitute", score: c.score });
    } else diverse.push(c);
  }
  const kept = diverse.slice(0, limit).map((c, i) => ({ ...c, rank: i + 1 }));
  for (const c of diverse.slice(limit)) dropped.push({ productId: c.productId, reason: "over_limit", score: c.score });
  return { kept, dropped };
}
