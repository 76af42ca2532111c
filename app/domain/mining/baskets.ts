// Convenience entry point over plain Basket objects (small data, tests, services that already
// hold orders in memory). Streaming readers feed CooccurrenceCounter directly instead.

import type { Basket, ProductId } from "../types";
import { CooccurrenceCounter } from "./cooccurrence";
import { Interner } from "./interner";
import { mineRules, type MiningOptions, type MiningResult } from "./rules";
import { SequenceCollector, type SequenceOptions, type SequenceResult } from "./sequences";

export function mineBaskets(
  baskets: Iterable<Basket>,
  options: MiningOptions & { sequences?: SequenceOptions } = {},
): MiningResult & { sequences?: SequenceResult; productOrders: Map<ProductId, number> } {
  const products = new Interner();
  const customers = new Interner();
  const counter = new CooccurrenceCounter();
  const sequences = options.sequences ? new SequenceCollector() : null;
  const ids: number[] = [];
  const qty: number[] = [];
  for (const basket of baskets) {
    ids.length = 0;
    qty.length = 0;
    for (const item of basket.items) {
      ids.push(products.idOf(item.productId));
      qty.push(item.quantity);
    }
    counter.addBasket(ids, qty, ids.length);
    if (sequences && basket.customerId) sequences.addOrder(customers.idOf(basket.customerId), basket.createdAt, ids, ids.length);
  }
  const nameOf = (id: number) => products.name(id);
  // Orders per product, so that ranking knows a best-seller with no significant rule has history.
  const productOrders = new Map<ProductId, number>();
  for (let id = 0; id < products.size; id++) productOrders.set(products.name(id), counter.itemOrders[id]);
  const result: MiningResult & { sequences?: SequenceResult; productOrders: Map<ProductId, number> } = { ...mineRules(counter, nameOf, options), productOrders };
  if (sequences) result.sequences = sequences.mine(nameOf, options.sequences);
  return result;
}
