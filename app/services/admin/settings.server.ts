// The merchant's business rules (Shop settings columns), read and written with zod-checked JSON.
import db from "../../db.server";
import type { SettingsInput } from "../../lib/forms/settings";
import { toCents } from "../../lib/forms/input";
import { DEFAULT_MONEY_FORMAT } from "../../lib/money";
import { toShopSettings } from "../store-mapping.server";
import { invalidateShop } from "../storefront/shop-snapshot.server";

export async function shopMoneyFormat(shop: string): Promise<string> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { moneyFormat: true } });
  return row?.moneyFormat || DEFAULT_MONEY_FORMAT;
}

export async function getSettings(shop: string) {
  const row = await db.shop.findUniqueOrThrow({ where: { domain: shop } });
  return {
    ...toShopSettings(row),
    moneyFormat: row.moneyFormat || DEFAULT_MONEY_FORMAT,
    currency: row.currency,
    postPurchaseLimit: row.postPurchaseLimit,
  };
}

export async function saveSettings(shop: string, input: SettingsInput): Promise<void> {
  await db.shop.update({
    where: { domain: shop },
    data: {
      relevanceThreshold: input.relevanceThreshold,
      maxSuggestions: input.maxSuggestions,
      lowStockThreshold: input.lowStockThreshold,
      marginPreference: input.marginPreference,
      frequencyCapPerDay: input.frequencyCapPerDay,
      holdoutPercent: input.holdoutPercent,
      excludedProductIds: JSON.stringify([...new Set(input.excludedProductIds)]),
      excludedTags: JSON.stringify([...new Set(input.excludedTags)]),
      freeShippingThreshold: input.freeShippingThreshold == null ? null : toCents(input.freeShippingThreshold),
      highReturnRate: input.highReturnRate,
      ...(input.postPurchaseLimit === undefined ? {} : { postPurchaseLimit: input.postPurchaseLimit }),
    },
  });
  // the storefront (and what the theme blocks are told: the holdout) follows at once, not after the snapshot's TTL
  invalidateShop(shop);
}
