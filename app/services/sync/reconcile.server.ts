// Periodic incremental reconcile: Shopify does not guarantee that every orders/* webhook
// arrives, so orders updated since a moment are read page by page and written like any other
// import (idempotent). Run it on a schedule with `since` = Shop.ordersSyncedAt (it advances it).
import db from "../../db.server";
import type { ImportedOrder, ParseIssue } from "../../domain/types";
import { importedOrderFromNodes } from "../../lib/ingest/bulk-jsonl";
import { adminRequest, type AdminGraphql } from "../../graphql/client";
import { ordersSearch } from "../../graphql/orders-bulk-query";
import {
  ORDERS_UPDATED_SINCE_QUERY,
  type OrdersUpdatedSinceData,
  type OrdersUpdatedSinceVariables,
} from "../../graphql/orders-updated-since";
import { upsertOrders } from "./ingest-orders.server";
import { attributeImportedOrders } from "../customers/tracking.server";
import type { SyncOptions } from "./bulk-operations.server";

export interface ReconcileResult {
  orders: number;
  pages: number;
  /** orders with more lines than one page holds: left to the next bulk sync */
  skipped: string[];
  issues: ParseIssue[];
}

export async function reconcileOrders(
  admin: AdminGraphql,
  shop: string,
  since: Date,
  options: SyncOptions & { maxPages?: number } = {},
): Promise<ReconcileResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const maxPages = options.maxPages ?? 200;
  const result: ReconcileResult = { orders: 0, pages: 0, skipped: [], issues: [] };
  let after: string | null = null;
  do {
    const variables: OrdersUpdatedSinceVariables = { query: ordersSearch("updated_at", since), after };
    const { data }: { data: OrdersUpdatedSinceData } = await adminRequest<OrdersUpdatedSinceData>(
      admin,
      ORDERS_UPDATED_SINCE_QUERY,
      {
        ...options,
        variables: { ...variables },
      },
    );
    result.pages++;
    const batch: ImportedOrder[] = [];
    for (const node of data.orders.nodes) {
      const { lineItems, ...order } = node;
      if (lineItems.pageInfo.hasNextPage) {
        result.skipped.push(node.name || node.id);
        continue;
      }
      batch.push(
        importedOrderFromNodes(
          order as unknown as Record<string, unknown>,
          lineItems.nodes as unknown as Record<string, unknown>[],
          (i) => result.issues.push(i),
        ),
      );
    }
    // Same Admin API fields as the bulk export.
    await upsertOrders(shop, batch, { source: "bulk", now: now() });
    await attributeImportedOrders(shop, batch);
    result.orders += batch.length;
    after = data.orders.pageInfo.hasNextPage ? (data.orders.pageInfo.endCursor ?? null) : null;
  } while (after && result.pages < maxPages);
  if (!after) await db.shop.update({ where: { domain: shop }, data: { ordersSyncedAt: startedAt } });
  return result;
}
