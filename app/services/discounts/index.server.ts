// The one call routes make after offers, bundles or discount settings change: rewrite the shop's
// checkout discounts. In the local demo the Admin API is played by app/demo/admin-api.server.ts.
import type { AdminGraphql } from "../../graphql/client";
import { DEMO_SHOP } from "../../lib/config.server";
import { isDemo } from "../../shopify.server";
import { syncDiscounts, type DiscountState } from "./sync.server";

export * from "./sync.server";
export { offerCheckoutState, type CheckoutTruth } from "./state.server";

/** The Admin API the shop's discounts are written to: the shop's, or the demo's stand-in for the demo shop. */
export async function adminForDiscounts(shop: string, admin: AdminGraphql | null): Promise<AdminGraphql> {
  if (isDemo && shop === DEMO_SHOP) return (await import("../../demo/admin-api.server")).demoAdminApi;
  if (!admin) throw new Error(`No Admin API session for ${shop}`);
  return admin;
}

/** Rewrites the shop's checkout discounts after a change; the outcome is recorded, never thrown. */
export async function rulesChanged(shop: string, admin: AdminGraphql | null): Promise<DiscountState> {
  return syncDiscounts(await adminForDiscounts(shop, admin), shop);
}
