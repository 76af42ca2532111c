// Follow-ups for existing customers: computed after each mining run (in the mining worker), then
// delivered to Shopify from the server's thread (through adminApiFor: admin-api.server.ts).
import type { AdminGraphql } from "../../graphql/client";
import { adminApiFor } from "../admin-api.server";
import { syncFollowUps, type FollowUpSyncResult } from "./sync.server";

export * from "./follow-ups.server";
export * from "./sync.server";

/** Syncs the shop's follow-ups to Shopify; the outcome is recorded, never thrown. The Admin API is reached only when something changed. */
export async function deliverFollowUps(
  shop: string,
  admin: AdminGraphql | null = null,
  now = new Date(),
): Promise<FollowUpSyncResult> {
  return syncFollowUps(() => adminApiFor(shop, admin), shop, { now });
}
export * from "./tracking.server";
