// Shop name, currency, money format and granted scopes, from the Admin API into the Shop row.
import db from "../../db.server";
import { invalidateShop } from "../storefront/shop-snapshot.server";
import { adminRequest, type AdminGraphql, type RequestOptions } from "../../graphql/client";
import { SHOP_INFO_QUERY, type ShopInfoData } from "../../graphql/shop-info";

export const READ_ALL_ORDERS = "read_all_orders";
/** How far back Shopify shows orders to an app without read_all_orders. */
export const DEFAULT_ORDER_HISTORY_DAYS = 60;

export async function refreshShopInfo(
  admin: AdminGraphql,
  shop: string,
  options: Pick<RequestOptions, "sleep" | "maxAttempts"> = {},
): Promise<{ name: string; currency: string; moneyFormat: string; scopes: string[]; allOrdersAccess: boolean }> {
  const { data } = await adminRequest<ShopInfoData>(admin, SHOP_INFO_QUERY, options);
  const scopes = data.currentAppInstallation.accessScopes.map((s) => s.handle);
  const info = {
    name: data.shop.name,
    currency: data.shop.currencyCode,
    moneyFormat: data.shop.currencyFormats.moneyFormat,
    scopes,
    allOrdersAccess: scopes.includes(READ_ALL_ORDERS),
  };
  const row = {
    name: info.name,
    currency: info.currency,
    moneyFormat: info.moneyFormat,
    scopes: scopes.join(","),
    allOrdersAccess: info.allOrdersAccess,
  };
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop, ...row }, update: row });
  invalidateShop(shop); // currency and money format of the storefront's answers
  return info;
}
