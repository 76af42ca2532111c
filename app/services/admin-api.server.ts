// The Admin API a shop's background writes go to (checkout discounts, follow-ups): the session's
// when a merchant's request carries one, else the shop's offline session — or, for a shop without
// a Shopify store behind it (the local demo), the stand-in registered for it
// (app/demo/prepare.server.ts registers app/demo/admin-api.server.ts at start).
import type { AdminGraphql } from "../graphql/client";

const standIns = new Map<string, AdminGraphql>();

/** Sends the shop's Admin API writes to `admin` instead of Shopify. */
export function standInAdminApi(shop: string, admin: AdminGraphql): void {
  standIns.set(shop, admin);
}

/** The Admin API for `shop`: its stand-in, the given session's, or the shop's offline session. */
export async function adminApiFor(shop: string, admin: AdminGraphql | null): Promise<AdminGraphql> {
  const standIn = standIns.get(shop);
  if (standIn) return standIn;
  if (admin) return admin;
  // loaded here, so that modules which only compute (workers, scripts) need no app credentials
  const { unauthenticated } = await import("../shopify.server");
  return (await unauthenticated.admin(shop)).admin;
}
