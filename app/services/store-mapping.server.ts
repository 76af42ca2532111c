// How stored rows read as the domain's plain shapes: JSON list columns, catalog products, and the
// merchant's settings. One place, so every reader (mining job, storefront snapshot, admin pages)
// sees the same thing.
import { z } from "zod";
import type { CatalogProduct, ShopSettings } from "../domain/types";

const stringList = z.array(z.string());

/** A JSON column holding a list of strings; a malformed value reads as empty rather than crashing a page. */
export function parseList(json: string | null | undefined): string[] {
  try {
    const parsed = stringList.safeParse(JSON.parse(json ?? "[]"));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export interface ProductRow {
  shopifyId: string;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  tags: string;
  collections: string;
  status: string;
  imageUrl: string | null;
  variants: {
    shopifyId: string;
    title: string;
    sku: string | null;
    price: number;
    compareAtPrice: number | null;
    cost: number | null;
    inventoryQuantity: number | null;
    inventoryTracked: boolean;
    availableForSale: boolean;
  }[];
}

export function toCatalogProduct(p: ProductRow): CatalogProduct {
  return {
    id: p.shopifyId,
    title: p.title,
    handle: p.handle,
    productType: p.productType,
    vendor: p.vendor,
    tags: parseList(p.tags),
    collections: parseList(p.collections),
    status: p.status as CatalogProduct["status"],
    imageUrl: p.imageUrl,
    variants: p.variants.map((v) => ({
      id: v.shopifyId,
      title: v.title,
      sku: v.sku,
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      cost: v.cost,
      inventoryQuantity: v.inventoryQuantity,
      inventoryTracked: v.inventoryTracked,
      availableForSale: v.availableForSale,
    })),
  };
}

export interface ShopSettingsRow {
  relevanceThreshold: number;
  maxSuggestions: number;
  lowStockThreshold: number;
  marginPreference: number;
  frequencyCapPerDay: number;
  holdoutPercent: number;
  excludedProductIds: string;
  excludedTags: string;
  freeShippingThreshold: number | null;
  highReturnRate: number;
}

export function toShopSettings(row: ShopSettingsRow): ShopSettings {
  return {
    relevanceThreshold: row.relevanceThreshold,
    maxSuggestions: row.maxSuggestions,
    lowStockThreshold: row.lowStockThreshold,
    marginPreference: row.marginPreference,
    frequencyCapPerDay: row.frequencyCapPerDay,
    holdoutPercent: row.holdoutPercent,
    excludedProductIds: parseList(row.excludedProductIds),
    excludedTags: parseList(row.excludedTags),
    freeShippingThreshold: row.freeShippingThreshold,
    highReturnRate: row.highReturnRate,
  };
}
