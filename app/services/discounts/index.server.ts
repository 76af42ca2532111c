// The one call routes make after offers, bundles or discount settings change: rewrite the shop's
// checkout discounts. A shop without a Shopify store behind it (the local demo) registers an Admin
// API that stands in for Shopify's (app/demo/admin-api.server.ts does, at start).
import type { AdminGraphql } from "../../graphql/client";
import { syncDiscounts, type DiscountState } from "./sync.server";

export * from "./sync.server";
export { offerCheckoutState, type CheckoutTruth } from "./state.server";

const standIns = new Map<string, AdminGraphql>();

/** Sends the shop's discount writes to `admin` instead of the Admin API of its session. */
export function standInAdminApi(shop: string, admin: AdminGraphql): void {
  standIns.set(shop, admin);
}

/** The Admin API a shop's discounts are written to: its stand-in when one is registered, else the shop's own. */
export function adminForDiscounts(shop: string, admin: AdminGraphql | null): AdminGraphql | null {
  return standIns.get(shop) ?? admin;
}

/** Rewrites the shop's checkout discounts after a change; the outcome is recorded, never thrown. */
export async function rulesChanged(shop: string, admin: AdminGraphql | null): Promise<DiscountState> {
  const target = adminForDiscounts(shop, admin);
  if (!target) throw new Error(`No Admin API session for ${shop}`);
  return syncDiscounts(target, shop);
}
