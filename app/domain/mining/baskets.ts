// Orders become baskets here, for every reader: the mining job (stored orders), the mine CLI
// (files) and the offline evaluation. And a convenience entry point over plain Basket objects
// (small data, tests, services that already hold orders in memory); streaming readers feed
// CooccurrenceCounter directly instead.

import type { Basket, ProductId } from "../types";
import { CooccurrenceCounter } from "./cooccurrence";
import { Interner } from "./interner";
import { mineRules, type MiningOptions, type MiningResult } from "./rules";
import { SequenceCollector, type SequenceOptions, type SequenceResult } from "./sequences";

/** What an order must carry to become a basket: stored orders and imported ones both fit. */
export interface BasketSource {
  id: string;
  customerId?: string | null;
  /** milliseconds since epoch */
  createdAt?: number;
  cancelledAt?: number | Date | null;
  lines: readonly { productId: ProductId | null; quantity: number; refundedQuantity?: number | null }[];
}

/**
 * An order as mining counts it (docs/metrics.md): cancelled orders are skipped; a line's units
 * are its quantity minus its refunded quantity, so a fully refunded line drops out; lines without
 * a product (custom lines, gift wrapping) are ignored; an order left with no line is no basket.
 */
export function orderBasket(order: BasketSource): Basket | null {
  if (order.cancelledAt != null) return null;
  const items: Basket["items"] = [];
  for (const line of order.lines) {
    if (!line.productId) continue;
    const units = line.quantity - (line.refundedQuantity ?? 0);
    if (units > 0) items.push({ productId: line.productId, quantity: units });
  }
  if (items.length === 0) return null;
  return { orderId: order.id, customerId: order.customerId ?? undefined, createdAt: order.createdAt, items };
}

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
