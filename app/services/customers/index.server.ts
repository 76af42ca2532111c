// Follow-ups for existing customers: computed after each mining run (in the mining worker), then
// delivered to Shopify from the server's thread. In the local demo the Admin API is played by
// app/demo/admin-api.server.ts.
import type { AdminGraphql } from "../../graphql/client";
import { DEMO_SHOP } from "../../lib/config.server";
import { isDemo, unauthenticated } from "../../shopify.server";
import { syncFollowUps, type FollowUpSyncResult } from "./sync.server";

export * from "./follow-ups.server";
export * from "./sync.server";

/** The Admin API the shop's follow-ups are written to: the given one, the shop's offline session, or the demo's stand-in. */
export async function adminForFollowUps(shop: string, admin: AdminGraphql | null): Promise<AdminGraphql> {
  if (isDemo && shop === DEMO_SHOP) return (await import("../../demo/admin-api.server")).demoAdminApi;
  if (admin) return admin;
  return (await unauthenticated.admin(shop)).admin;
}

/** Syncs the shop's follow-ups to Shopify; the outcome is recorded, never thrown. */
export async function deliverFollowUps(
  shop: string,
  admin: AdminGraphql | null = null,
  now = new Date(),
): Promise<FollowUpSyncResult> {
  let api: AdminGraphql;
  try {
    api = await adminForFollowUps(shop, admin);
  } catch (error) {
    const message = `No Admin API session: ${error instanceof Error ? error.message : String(error)}`;
    const { default: db } = await import("../../db.server");
    await db.followUpSettings.updateMany({ where: { shop }, data: { syncError: message } });
    return { metafieldsSet: 0, metafieldsDeleted: 0, tagsAdded: 0, tagsRemoved: 0, remaining: 0, error: message };
  }
  return syncFollowUps(api, shop, { now });
}
