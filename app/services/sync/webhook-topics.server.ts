// Which service handles which webhook topic (shopify.app.toml subscribes to exactly these).
import { forgetShopSessions } from "../../lib/session-cache.server";
import { unauthenticated } from "../../shopify.server";
import { attributeOrder } from "./attribution.server";
import { markUninstalled, recordCustomerDataRequest, redactCustomer, redactShop } from "./compliance.server";
import { runMiningJob } from "../mining/mining-job.server";
import { invalidateShop } from "../storefront/shop-snapshot.server";
import { forgetVisitors } from "../storefront/visitor-cache.server";
import { completeBulkOperation } from "./bulk-operations.server";
import { handleOrderUpsert, handleRefundCreate } from "./orders-webhooks.server";
import { handleProductDelete, handleProductUpdate } from "./products-webhooks.server";
import type { TopicHandler, TopicRegistry } from "./webhook-deliveries.server";

const orderUpsert: TopicHandler = async ({ db, shop, payload }) => {
  await handleOrderUpsert(db, shop, payload);
  const id = (payload as { id?: number | string }).id;
  if (id != null) await attributeOrder(db, shop, String(id));
};

const handlers: Record<string, TopicHandler> = {
  APP_UNINSTALLED: async ({ db, shop }) => {
    await markUninstalled(db, shop);
    invalidateShop(shop);
  },
  APP_SCOPES_UPDATE: async ({ db, shop, payload }) => {
    const current = (payload as { current?: string[] }).current;
    if (Array.isArray(current)) {
      await db.session.updateMany({ where: { shop }, data: { scope: current.join(",") } });
      forgetShopSessions(shop);
      await db.shop.updateMany({
        where: { domain: shop },
        data: { scopes: current.join(","), allOrdersAccess: current.includes("read_all_orders") },
      });
    }
  },
  ORDERS_CREATE: orderUpsert,
  ORDERS_UPDATED: orderUpsert,
  REFUNDS_CREATE: async ({ db, shop, payload }) => {
    await handleRefundCreate(db, shop, payload);
    const orderId = (payload as { order_id?: number | string }).order_id;
    if (orderId != null) await attributeOrder(db, shop, String(orderId));
  },
  PRODUCTS_UPDATE: async ({ db, shop, payload }) => {
    await handleProductUpdate(db, shop, payload);
    invalidateShop(shop);
  },
  PRODUCTS_DELETE: async ({ db, shop, payload }) => {
    await handleProductDelete(db, shop, payload);
    invalidateShop(shop);
  },
  BULK_OPERATIONS_FINISH: async ({ db, shop, payload }) => {
    const id = (payload as { admin_graphql_api_id?: string }).admin_graphql_api_id;
    if (!id) throw new Error("bulk_operations/finish without admin_graphql_api_id");
    const { admin } = await unauthenticated.admin(shop);
    const job = await completeBulkOperation(db, admin, shop, id);
    if (job?.status === "completed") {
      invalidateShop(shop);
      if (job.kind === "orders") await runMiningJob(shop, { trigger: "sync" });
    }
  },
  SHOP_REDACT: async ({ db, shop }) => {
    await redactShop(db, shop);
    invalidateShop(shop);
    forgetVisitors(shop);
  },
  CUSTOMERS_REDACT: async ({ db, shop, payload }) => {
    await redactCustomer(db, shop, payload as never);
    forgetVisitors(shop);
  },
  CUSTOMERS_DATA_REQUEST: async ({ db, shop, payload }) => {
    await recordCustomerDataRequest(db, shop, payload as never);
  },
};

export const topicRegistry: TopicRegistry = {
  handlers,
  deferred: new Set(["BULK_OPERATIONS_FINISH"]),
};
