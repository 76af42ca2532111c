// Shop name, currency, money format, and the scopes the merchant granted (read_all_orders
// decides whether order history older than 60 days is visible).
export const SHOP_INFO_QUERY = /* GraphQL */ `
  query ShopInfo {
    shop {
      name
      myshopifyDomain
      currencyCode
      currencyFormats {
        moneyFormat
      }
    }
    currentAppInstallation {
      accessScopes {
        handle
      }
    }
  }
`;

// Response type: generated from the Admin schema (npm run graphql:types).
export type { ShopInfoQuery as ShopInfoData } from "./generated/admin.generated";
