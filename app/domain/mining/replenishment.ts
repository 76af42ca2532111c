// Which products customers replenish (coffee beans, filters, memory cards, fuel): bought again by
// the same customers far more often than the shop's typical product. Only those may be offered to
// a customer who already owns them. "Far more often" is conservative: the Wilson lower bound of
// the product's repurchase rate must exceed `factor` × the shop's median repurchase rate, so a
// durable product that some loyal customers happen to buy twice does not qualify.
import type { ReplenishmentSignal } from "./sequences";
import { normalQuantile, wilsonLowerBound } from "./stats";

export interface ReplenishmentOptions {
  /** how many times the shop's typical repurchase rate; default 2 */
  factor?: number;
  /** one-sided level of the lower bound; default 0.01 */
  alpha?: number;
  /** a floor for shops where almost nothing is re-bought; default 0.05 */
  minRate?: number;
  /** customers who bought the product, at least; default 20 */
  minCustomers?: number;
}

export function replenishedProducts(
  signals: readonly ReplenishmentSignal[],
  baselineRepurchaseRate: number,
  { factor = 2, alpha = 0.01, minRate = 0.05, minCustomers = 20 }: ReplenishmentOptions = {},
): ReplenishmentSignal[] {
  const z = normalQuantile(1 - alpha);
  const bar = Math.max(minRate, factor * baselineRepurchaseRate);
  return signals.filter(
    (s) => s.customers >= minCustomers && wilsonLowerBound(s.repeatCustomers, s.customers, z) > bar,
  );
}
