// The demo shop's follow-up history: the follow-up computation and its delivery run as the daily
// job would have run them on three past days of the demo's clock (45, 30 and 15 days before its
// history ends), against the demo's stand-in of the Admin API. The contacts they record — delivered
// ones and the holdout's — are then measured against the generated orders that followed, so the
// Customers page shows what follow-ups brought, computed by the app's own code. Runs once per
// generation, before the mining run computes today's follow-ups.
import { DAY_MS } from "../domain/customers";
import { computeFollowUps } from "../services/customers/follow-ups.server";
import { syncFollowUps } from "../services/customers/sync.server";
import { demoAdminApi } from "./admin-api.server";

export const HISTORY_DAYS_BEFORE_END = [45, 30, 15] as const;

export async function backfillFollowUpHistory(shop: string, end: number): Promise<void> {
  for (const daysBefore of HISTORY_DAYS_BEFORE_END) {
    const at = new Date(end - daysBefore * DAY_MS);
    await computeFollowUps(shop, at);
    await syncFollowUps(demoAdminApi, shop, { now: at, limit: 1_000_000 });
  }
}
