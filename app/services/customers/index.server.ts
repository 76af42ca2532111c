// Follow-ups for existing customers: computed after each mining run (in the mining worker), then
// delivered to Shopify from the server's thread. In the local demo the Admin API is played by
// app/demo/admin-api.server.ts.
import type { AdminGraphql } from "../../graphql/client";
import { DEMO_SHOP, isDemoMode } from "../../lib/config.server";
import { syncFollowUps, type FollowUpSyncResult } from "./sync.server";

export * from "./follow-ups.server";
export * from "./sync.server";

/** The Admin API the shop's follow-ups are written to: the given one, the shop's offline session, or the demo's stand-in. */
export async function adminForFollowUps(shop: string, admin: AdminGraphql | null): Promise<AdminGraphql> {
  if (isDemoMode() && shop === DEMO_SHOP) return (await import("../../demo/admin-api.server")).demoAdminApi;
  if (admin) return admin;
  // loaded here, so that modules which only compute follow-ups (the mining worker, scripts) need no app credentials
  const { unauthenticated } = await import("../../shopify.server");
  return (await unauthenticated.admin(shop)).admin;
}

/** Syncs the shop's follow-ups to Shopify; the outcome is recorded, never thrown. The Admin API is reached only when something changed. */
export async function deliverFollowUps(
  shop: string,
  admin: AdminGraphql | null = null,
  now = new Date(),
): Promise<FollowUpSyncResult> {
  return syncFollowUps(() => adminForFollowUps(shop, admin), shop, { now });
}
