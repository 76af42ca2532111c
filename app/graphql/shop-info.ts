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

export interface ShopInfoData {
  shop: {
    name: string;
    myshopifyDomain: string;
    currencyCode: string;
    currencyFormats: { moneyFormat: string };
  };
  currentAppInstallation: { accessScopes: { handle: string }[] };
}
