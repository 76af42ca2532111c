// Follow-ups for existing customers: computed after each mining run (in the mining worker), then
// delivered to Shopify from the server's thread. The local demo registers its stand-in of the
// Admin API for its shop (app/demo/prepare.server.ts).
import type { AdminGraphql } from "../../graphql/client";
import { syncFollowUps, type FollowUpSyncResult } from "./sync.server";

export * from "./follow-ups.server";
export * from "./sync.server";

const standIns = new Map<string, AdminGraphql>();

/** Sends the shop's follow-up writes to `admin` instead of the Admin API of its session. */
export function standInFollowUpAdminApi(shop: string, admin: AdminGraphql): void {
  standIns.set(shop, admin);
}

/** The Admin API the shop's follow-ups are written to: its stand-in, the given one, or the shop's offline session. */
export async function adminForFollowUps(shop: string, admin: AdminGraphql | null): Promise<AdminGraphql> {
  const standIn = standIns.get(shop);
  if (standIn) return standIn;
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
