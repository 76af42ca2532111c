// The two baselines Pairwise must beat, both learned from the training baskets only:
//  - popularity: the products in the most training orders, whatever the cart (cart items excluded);
//  - raw co-occurrence count: Σ over the cart's products of the orders containing both, highest
//    first ("customers who bought this also bought", no correction for how common a product is).
// Ties go to the more popular product, then to the smaller id, so both are deterministic.
import type { Basket, ProductId } from "../types";
import type { Ranker } from "./metrics";

/** Orders per product, counting each product once per order. */
export function orderCounts(baskets: Iterable<Basket>): Map<ProductId, number> {
  const counts = new Map<ProductId, number>();
  for (const b of baskets)
    for (const id of new Set(b.items.map((i) => i.productId))) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

function byPopularity(counts: ReadonlyMap<ProductId, number>) {
  return (a: ProductId, b: ProductId) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Most-ordered products of the training window, minus the cart. */
export function popularityRanker(train: Iterable<Basket>): Ranker {
  const counts = orderCounts(train);
  const ranked = [...counts.keys()].sort(byPopularity(counts));
  return (cart) => {
    const inCart = new Set(cart);
    return ranked.filter((id) => !inCart.has(id));
  };
}

/** Products by their summed raw co-occurrence count with the cart's products (count > 0 only). */
export function cooccurrenceRanker(train: Iterable<Basket>): Ranker {
  const baskets = [...train];
  const counts = orderCounts(baskets);
  const with_ = new Map<ProductId, Map<ProductId, number>>();
  for (const b of baskets) {
    const ids = [...new Set(b.items.map((i) => i.productId))];
    for (const a of ids) {
      let row = with_.get(a);
      if (!row) with_.set(a, (row = new Map()));
      for (const c of ids) if (c !== a) row.set(c, (row.get(c) ?? 0) + 1);
    }
  }
  const tie = byPopularity(counts);
  return (cart) => {
    const inCart = new Set(cart);
    const score = new Map<ProductId, number>();
    for (const a of inCart) {
      for (const [c, n] of with_.get(a) ?? []) if (!inCart.has(c)) score.set(c, (score.get(c) ?? 0) + n);
    }
    return [...score.keys()].sort((a, b) => score.get(b)! - score.get(a)! || tie(a, b));
  };
}
