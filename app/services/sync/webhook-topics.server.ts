// Which service handles which webhook topic (shopify.app.toml subscribes to exactly these).
import db from "../../db.server";
import { forgetShopSessions } from "../../lib/session-cache.server";
import { unauthenticated } from "../../shopify.server";
import { attributeOrder } from "./attribution.server";
import { markUninstalled, recordCustomerDataRequest, redactCustomer, redactShop } from "./compliance.server";
import { runMiningJob } from "../mining/mining-job.server";
import { requestMining } from "../queue.server";
import { markDiscountsDue } from "../discounts/sync.server";
import { invalidateShop } from "../storefront/shop-snapshot.server";
import { forgetVisitors } from "../storefront/visitor-cache.server";
import { completeBulkOperation } from "./bulk-operations.server";
import { attributeFollowUpOrder } from "../customers/tracking.server";
import { handleOrderUpsert, handleRefundCreate } from "./orders-webhooks.server";
import { handleProductDelete, handleProductUpdate } from "./products-webhooks.server";
import type { TopicHandler, TopicRegistry } from "./webhook-deliveries.server";

const orderUpsert: TopicHandler = async ({ shop, payload }) => {
  await handleOrderUpsert(shop, payload);
  const id = (payload as { id?: number | string }).id;
  if (id != null) await attributeOrder(shop, String(id));
  // an order placed from a follow-up's link or with its code is that follow-up's
  await attributeFollowUpOrder(shop, payload as never);
};

const handlers: Record<string, TopicHandler> = {
  APP_UNINSTALLED: async ({ shop }) => {
    await markUninstalled(shop);
    invalidateShop(shop);
  },
  APP_SCOPES_UPDATE: async ({ shop, payload }) => {
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
  REFUNDS_CREATE: async ({ shop, payload }) => {
    await handleRefundCreate(shop, payload);
    const orderId = (payload as { order_id?: number | string }).order_id;
    if (orderId != null) await attributeOrder(shop, String(orderId));
  },
  PRODUCTS_UPDATE: async ({ shop, payload }) => {
    await handleProductUpdate(shop, payload);
    invalidateShop(shop);
    // tags, type and collections decide which products trigger an offer at checkout
    await markDiscountsDue(shop);
  },
  PRODUCTS_DELETE: async ({ shop, payload }) => {
    await handleProductDelete(shop, payload);
    invalidateShop(shop);
    await markDiscountsDue(shop);
  },
  BULK_OPERATIONS_FINISH: async ({ shop, payload }) => {
    const id = (payload as { admin_graphql_api_id?: string }).admin_graphql_api_id;
    if (!id) throw new Error("bulk_operations/finish without admin_graphql_api_id");
    const { admin } = await unauthenticated.admin(shop);
    const job = await completeBulkOperation(admin, shop, id);
    if (job?.status === "completed") {
      invalidateShop(shop);
      if (job.kind !== "orders") await markDiscountsDue(shop);
      // PostgreSQL: a job of its own (one mining run per shop across workers); SQLite: here
      if (job.kind === "orders" && (await requestMining(shop, "sync")) === "local")
        await runMiningJob(shop, { trigger: "sync" });
    }
  },
  SHOP_REDACT: async ({ shop }) => {
    await redactShop(shop);
    invalidateShop(shop);
    forgetVisitors(shop);
  },
  CUSTOMERS_REDACT: async ({ shop, payload }) => {
    await redactCustomer(shop, payload as never);
    forgetVisitors(shop);
  },
  CUSTOMERS_DATA_REQUEST: async ({ shop, payload }) => {
    await recordCustomerDataRequest(shop, payload as never);
  },
};

export const topicRegistry: TopicRegistry = {
  handlers,
  deferred: new Set(["BULK_OPERATIONS_FINISH"]),
};
