// Catalog facts the ranking and offer rules need: which variant can be offered, its price,
// its stock state and its margin. Plain functions over CatalogProduct.
import type { CatalogProduct, CatalogVariant } from "../types";

export type StockState = "in_stock" | "low_stock" | "out_of_stock";

/** Stock state of one variant: availableForSale=false or ≤0 tracked units is out; fewer tracked units than the threshold is low; untracked is fine. */
export function variantStock(variant: CatalogVariant, lowStockThreshold: number): StockState {
  if (!variant.availableForSale) return "out_of_stock";
  if (!variant.inventoryTracked || variant.inventoryQuantity == null) return "in_stock";
  if (variant.inventoryQuantity <= 0) return "out_of_stock";
  if (variant.inventoryQuantity < lowStockThreshold) return "low_stock";
  return "in_stock";
}

/** The variant to offer: the cheapest in-stock variant, or null when none is in stock. */
export function offerableVariant(product: CatalogProduct, lowStockThreshold: number): CatalogVariant | null {
  let best: CatalogVariant | null = null;
  for (const v of product.variants) {
    if (variantStock(v, lowStockThreshold) !== "in_stock") continue;
    if (!best || v.price < best.price) best = v;
  }
  return best;
}

/** Stock state of a product: in stock if any variant is; low if the best variant is only low; else out. */
export function productStock(product: CatalogProduct, lowStockThreshold: number): StockState {
  let low = false;
  for (const v of product.variants) {
    const s = variantStock(v, lowStockThreshold);
    if (s === "in_stock") return "in_stock";
    if (s === "low_stock") low = true;
  }
  return low ? "low_stock" : "out_of_stock";
}

/** A product's reference price in cents: its offerable variant's price, else its cheapest variant's, else 0. */
export function productPrice(product: CatalogProduct, lowStockThreshold = 0): number {
  const v = offerableVariant(product, lowStockThreshold);
  if (v) return v.price;
  if (product.variants.length === 0) return 0;
  return Math.min(...product.variants.map((x) => x.price));
}

/** Margin (price − cost) / price of the variant that would be offered, or null when the cost is unknown. */
export function productMargin(product: CatalogProduct, lowStockThreshold = 0): number | null {
  const v = offerableVariant(product, lowStockThreshold) ?? product.variants[0];
  if (!v || v.cost == null || v.price <= 0) return null;
  return (v.price - v.cost) / v.price;
}

/** Indexes a catalog by product id. */
export function indexCatalog(catalog: readonly CatalogProduct[]): Map<string, CatalogProduct> {
  return new Map(catalog.map((p) => [p.id, p]));
}
