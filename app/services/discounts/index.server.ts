// The one call routes make after offers, bundles or discount settings change: rewrite the shop's
// checkout discounts (through adminApiFor: admin-api.server.ts).
import type { AdminGraphql } from "../../graphql/client";
import { adminApiFor } from "../admin-api.server";
import { syncDiscounts, type DiscountState } from "./sync.server";

export * from "./sync.server";
export { offerCheckoutState, type CheckoutTruth } from "./state.server";

/** Rewrites the shop's checkout discounts after a change; the outcome is recorded, never thrown. */
export async function rulesChanged(shop: string, admin: AdminGraphql | null): Promise<DiscountState> {
  return syncDiscounts(await adminApiFor(shop, admin), shop);
}
