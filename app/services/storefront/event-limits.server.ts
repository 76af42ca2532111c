// The limits on shopper-reported events, one definition for every surface that reports them (the
// theme widget through the app proxy, the checkout and thank-you extension): per visitor, and —
// what a client cannot reset by choosing another visitor id — per shop and network address, with
// a tighter budget for acceptances (adds), the events an attacker would invent to lift a rate.
// On PostgreSQL the buckets are shared by every web process (app/lib/rate-limit.server.ts).
import { rateLimiter } from "../../lib/rate-limit.server";

// 120 events at once, then 2 a second, per shop and visitor.
const perVisitor = rateLimiter("events-visitor", 120, 2);
// Per shop and address, whatever visitor ids it sends: room for a household or an office behind
// one address (600 events at once, then 5 a second), not for a flood.
const perAddress = rateLimiter("events-address", 600, 5);
// Acceptances (adds) per shop and address: 12 at once, then one every five minutes. A shopper adds
// a handful of offered items in a visit; a script inventing visitors to add items does not get far.
const acceptancesPerAddress = rateLimiter("acceptances-address", 12, 1 / 300);

export interface EventBudget {
  /** false: answer 429, nothing of the batch is stored */
  admitted: boolean;
  /** asked by ingestEvents with the number of acceptances in the batch: may they count? */
  admitAcceptances: (n: number) => Promise<boolean>;
}

/**
 * Takes a batch of `count` events from `visitorId` at `address` in `shop` out of the budgets.
 * `addressKnown: false` (a direct request whose address nothing tells, e.g. a test calling the
 * route without a server) leaves only the visitor's budget; on the app proxy every request carries
 * Shopify's address, and one without it shares the "unknown" budget.
 */
export async function takeEventBudget(
  shop: string,
  visitorId: string,
  address: string,
  count: number,
  { addressKnown = true } = {},
): Promise<EventBudget> {
  const byAddress = `${shop}|${address}`;
  const admitted =
    (!addressKnown || (await perAddress.take(byAddress, count))) &&
    (await perVisitor.take(`${shop}|${visitorId}`, count));
  return {
    admitted,
    admitAcceptances: async (n) => !addressKnown || (await acceptancesPerAddress.take(byAddress, n)),
  };
}
