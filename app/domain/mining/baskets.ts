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

export type MinedBaskets = MiningResult & { sequences?: SequenceResult; productOrders: Map<ProductId, number> };

/**
 * Mines baskets fed one at a time (a database cursor, a file): what it keeps is the co-occurrence
 * counts (products and pairs seen together) and, with sequences, a compact typed-array record per
 * order of a known customer — never the baskets themselves.
 */
export class BasketMiner {
  private readonly products = new Interner();
  private readonly customers = new Interner();
  private readonly counter = new CooccurrenceCounter();
  private readonly sequences: SequenceCollector | null;
  private readonly ids: number[] = [];
  private readonly qty: number[] = [];

  constructor(private readonly options: MiningOptions & { sequences?: SequenceOptions } = {}) {
    this.sequences = options.sequences ? new SequenceCollector() : null;
  }

  add(basket: Basket): void {
    const { ids, qty, products } = this;
    ids.length = 0;
    qty.length = 0;
    for (const item of basket.items) {
      ids.push(products.idOf(item.productId));
      qty.push(item.quantity);
    }
    this.counter.addBasket(ids, qty, ids.length);
    if (this.sequences && basket.customerId)
      this.sequences.addOrder(this.customers.idOf(basket.customerId), basket.createdAt, ids, ids.length);
  }

  finish(): MinedBaskets {
    const { products, counter } = this;
    const nameOf = (id: number) => products.name(id);
    // Orders per product, so that ranking knows a best-seller with no significant rule has history.
    const productOrders = new Map<ProductId, number>();
    for (let id = 0; id < products.size; id++) productOrders.set(products.name(id), counter.itemOrders[id]);
    const result: MinedBaskets = { ...mineRules(counter, nameOf, this.options), productOrders };
    if (this.sequences) result.sequences = this.sequences.mine(nameOf, this.options.sequences);
    return result;
  }
}

export function mineBaskets(
  baskets: Iterable<Basket>,
  options: MiningOptions & { sequences?: SequenceOptions } = {},
): MinedBaskets {
  const miner = new BasketMiner(options);
  for (const basket of baskets) miner.add(basket);
  return miner.finish();
}
