// Time split of an order history: learn from the orders before a cut date, test on the orders from
// it on (the last `testMonths` calendar months of the history). Orders become baskets through the
// same orderBasket as the mining job and the mine CLI (cancelled orders skipped, refunds netted).
import { bucket } from "../experiments/bucketing";
import { orderBasket } from "../mining/baskets";
import type { Basket, ImportedOrder } from "../types";

/** `ms` moved back by whole calendar months (UTC); the day is clamped to the target month's length. */
export function monthsBefore(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(
    y,
    m,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

export interface TimeSplit {
  /** first instant of the test period (ms since epoch): train < cutoff ≤ test */
  cutoff: number;
  train: Basket[];
  test: Basket[];
}

/**
 * Splits orders at `end` minus `testMonths` calendar months. `end` is the end of the history (the
 * demo generator's `now`). Orders without a date cannot be placed in time and are left out.
 */
export function timeSplit(
  orders: Iterable<ImportedOrder>,
  { end, testMonths }: { end: number; testMonths: number },
): TimeSplit {
  if (!(testMonths > 0) || !Number.isInteger(testMonths))
    throw new Error(`testMonths must be a positive whole number, got ${testMonths}`);
  const cutoff = monthsBefore(end, testMonths);
  const train: Basket[] = [];
  const test: Basket[] = [];
  for (const order of orders) {
    if (order.createdAt == null) continue;
    const basket = orderBasket(order);
    if (!basket) continue;
    (order.createdAt < cutoff ? train : test).push(basket);
  }
  return { cutoff, train, test };
}

/**
 * A fixed random split of orders, for files without dates: an order goes to the test set when a
 * hash of its id and the seed falls under `testShare`, so the same file always splits the same way.
 */
export function randomSplit(
  orders: Iterable<ImportedOrder>,
  { testShare = 0.2, seed = 42 }: { testShare?: number; seed?: number } = {},
): { train: Basket[]; test: Basket[] } {
  if (!(testShare > 0 && testShare < 1)) throw new Error(`testShare must be between 0 and 1, got ${testShare}`);
  const train: Basket[] = [];
  const test: Basket[] = [];
  for (const order of orders) {
    const basket = orderBasket(order);
    if (!basket) continue;
    (bucket(order.id, `eval-split:${seed}`) < testShare ? test : train).push(basket);
  }
  return { train, test };
}
