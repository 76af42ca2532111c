// The limits on shopper-reported events, one definition for every surface that reports them (the
// theme widget through the app proxy, the checkout and thank-you extension): per visitor, and —
// what a client cannot reset by choosing another visitor id — per shop and network address, with
// a tighter budget for acceptances (adds), the events an attacker would invent to lift a rate.
import { RateLimiter } from "../../lib/rate-limit.server";

// 120 events at once, then 2 a second, per shop and visitor.
const perVisitor = new RateLimiter(120, 2);
// Per shop and address, whatever visitor ids it sends: room for a household or an office behind
// one address (600 events at once, then 5 a second), not for a flood.
const perAddress = new RateLimiter(600, 5);
// Acceptances (adds) per shop and address: 12 at once, then one every five minutes. A shopper adds
// a handful of offered items in a visit; a script inventing visitors to add items does not get far.
const acceptancesPerAddress = new RateLimiter(12, 1 / 300);

export interface EventBudget {
  /** false: answer 429, nothing of the batch is stored */
  admitted: boolean;
  /** asked by ingestEvents with the number of acceptances in the batch: may they count? */
  admitAcceptances: (n: number) => boolean;
}

/**
 * Takes a batch of `count` events from `visitorId` at `address` in `shop` out of the budgets.
 * `addressKnown: false` (a direct request whose address nothing tells, e.g. a test calling the
 * route without a server) leaves only the visitor's budget; on the app proxy every request carries
 * Shopify's address, and one without it shares the "unknown" budget.
 */
export function takeEventBudget(
  shop: string,
  visitorId: string,
  address: string,
  count: number,
  { addressKnown = true } = {},
): EventBudget {
  const byAddress = `${shop}|${address}`;
  const admitted =
    (!addressKnown || perAddress.take(byAddress, count)) && perVisitor.take(`${shop}|${visitorId}`, count);
  return { admitted, admitAcceptances: (n) => !addressKnown || acceptancesPerAddress.take(byAddress, n) };
}
