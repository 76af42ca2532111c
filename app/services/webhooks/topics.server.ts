// Which service handles which webhook topic (shopify.app.toml subscribes to exactly these).
import { markUninstalled, recordCustomerDataRequest, redactCustomer, redactShop } from "../compliance.server";
import type { TopicHandler, TopicRegistry } from "./deliveries.server";

const handlers: Record<string, TopicHandler> = {
  APP_UNINSTALLED: ({ db, shop }) => markUninstalled(db, shop),
  APP_SCOPES_UPDATE: async ({ db, shop, payload }) => {
    const current = (payload as { current?: string[] }).current;
    if (Array.isArray(current)) {
      await db.session.updateMany({ where: { shop }, data: { scope: current.join(",") } });
      await db.shop.updateMany({
        where: { domain: shop },
        data: { scopes: current.join(","), allOrdersAccess: current.includes("read_all_orders") },
      });
    }
  },
  SHOP_REDACT: ({ db, shop }) => redactShop(db, shop),
  CUSTOMERS_REDACT: ({ db, shop, payload }) => redactCustomer(db, shop, payload as never),
  CUSTOMERS_DATA_REQUEST: async ({ db, shop, payload }) => {
    await recordCustomerDataRequest(db, shop, payload as never);
  },
};

export const topicRegistry: TopicRegistry = {
  handlers,
  deferred: new Set(["BULK_OPERATIONS_FINISH"]),
};
