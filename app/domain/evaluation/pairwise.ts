// Pairwise as the app runs it, learned from the training baskets: the same pipeline as the mining
// job (domain/recommend.ts: mining with the app's options, then ranking) produces the rows;
// a cart is answered by selectOffers for the cart placement with no merchant offers, i.e. the
// shop-wide automatic fallback that merges the stored cross-sell rows of the cart's products and
// applies the business rules (relevance threshold, cart items, stock, exclusions, margin nudge).
// The shopper is anonymous (nothing owned or declined) and outside the holdout group.
import type { RecommendationRow } from "../ranking";
import { recommend } from "../recommend";
import { DEFAULT_SHOP_SETTINGS } from "../settings";
import { selectOffers, type OfferContext, type StoredRecommendation } from "../offers";
import type { Basket, CatalogProduct, ProductId, ShopSettings } from "../types";
import type { Ranker } from "./metrics";

/** A new shop's settings (domain/settings.ts). */
export { DEFAULT_SHOP_SETTINGS };

export interface PairwiseModel {
  rank: Ranker;
  /** the stored rows the mining job would write */
  rows: RecommendationRow[];
  rules: number;
}

export interface PairwiseInput {
  train: readonly Basket[];
  catalog: readonly CatalogProduct[];
  settings?: ShopSettings;
  /** ms since epoch: when the model is built and served (the cut date) */
  now: number;
}

/** The app's pipeline trained on `train`; `rank(cart)` is the full list the cart slot would show, best first. */
export function trainPairwise({ train, catalog, settings = DEFAULT_SHOP_SETTINGS, now }: PairwiseInput): PairwiseModel {
  const { rows, rules } = recommend({
    baskets: train,
    catalog,
    settings: {
      relevanceThreshold: settings.relevanceThreshold,
      lowStockThreshold: settings.lowStockThreshold,
      marginPreference: settings.marginPreference,
      excludedProductIds: settings.excludedProductIds,
      excludedTags: settings.excludedTags,
    },
    now,
  });
  const byProduct = new Map<ProductId, StoredRecommendation[]>();
  for (const r of rows) {
    let list = byProduct.get(r.productId);
    if (!list) byProduct.set(r.productId, (list = []));
    list.push({
      productId: r.productId,
      recommendedProductId: r.recommendedProductId,
      kind: r.kind,
      source: r.source,
      score: r.score,
      lift: r.lift,
    });
  }
  const products = new Map(catalog.map((p) => [p.id, p]));
  // The whole list (not just the slot's few) so that MRR sees every rank; the slot shows its prefix.
  const fullList = { ...settings, maxSuggestions: catalog.length, frequencyCapPerDay: 0 };

  const rank: Ranker = (cart) => {
    const recommendations = cart.flatMap((id) => byProduct.get(id) ?? []);
    const ids = new Set<ProductId>([...cart, ...recommendations.map((r) => r.recommendedProductId)]);
    const context: OfferContext = {
      placement: "cart",
      productId: null,
      cart: { lines: cart.map((productId) => ({ productId, quantity: 1 })), subtotal: 0 },
      customer: null,
      visitor: { declinedOfferIds: [], declinedProductIds: [], offerImpressionsToday: {} },
      assignment: { holdout: false, experiment: null },
      now,
    };
    const selection = selectOffers({
      context,
      offers: [],
      recommendations,
      catalog: [...ids].flatMap((id) => products.get(id) ?? []),
      settings: fullList,
    });
    return selection.offers.flatMap((o) => o.items.map((i) => i.productId));
  };
  return { rank, rows, rules: rules.length };
}
