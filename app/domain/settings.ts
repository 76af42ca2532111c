// A new shop's business rules: the column defaults of the Prisma `Shop` model
// (test/unit/evaluation/demo-shop.test.ts checks that the two agree).
import type { ShopSettings } from "./types";

export const DEFAULT_SHOP_SETTINGS: Readonly<ShopSettings> = {
  relevanceThreshold: 0.15,
  maxSuggestions: 3,
  lowStockThreshold: 2,
  marginPreference: 0.3,
  frequencyCapPerDay: 6,
  holdoutPercent: 10,
  excludedProductIds: [],
  excludedTags: [],
  freeShippingThreshold: null,
  highReturnRate: 0.3,
};
