// What the shop knows about each customer at a moment `asOf`: their orders before it, reduced to the
// facts the purchase-propensity model and the follow-up rules use. Orders become baskets through the
// one orderBasket (cancelled orders skipped, refunded units netted), so "what a customer bought" is
// what mining counts too.
import { orderBasket } from "../mining/baskets";
import type { Basket, ProductId } from "../types";

export const DAY_MS = 86_400_000;

/** An order as the customer model reads it: stored orders, webhook orders and imported files all fit. */
export interface CustomerOrder {
  id: string;
  customerId?: string | null;
  /** ms since epoch; orders without one cannot be placed in time and are ignored */
  createdAt?: number;
  cancelledAt?: number | Date | null;
  /** when the order's most recent refund was issued (ms or Date); null/absent: none or not known */
  lastRefundAt?: number | Date | null;
  lines: readonly {
    productId: ProductId | null;
    quantity: number;
    refundedQuantity?: number | null;
    /** unit price, cents */
    price?: number | null;
    /** total discount on the line, cents */
    discount?: number | null;
  }[];
}

export interface ProductHistory {
  /** orders of this customer containing the product */
  orders: number;
  firstAt: number;
  lastAt: number;
}

export interface CustomerHistory {
  customerId: string;
  orders: number;
  firstAt: number;
  lastAt: number;
  /** net of discounts and refunds, cents */
  spend: number;
  /** orders with a discount on any line */
  discountedOrders: number;
  units: number;
  refundedUnits: number;
  /**
   * when the customer's most recent refund (before asOf) was issued, or null. An order with refunded
   * units but no known refund date counts from the order's own date.
   */
  lastRefundAt: number | null;
  products: Map<ProductId, ProductHistory>;
}

/** refunded units / bought units (0 without units). */
export function returnRate(h: Pick<CustomerHistory, "units" | "refundedUnits">): number {
  return h.units > 0 ? h.refundedUnits / h.units : 0;
}

/** Orders with a customer and a date, sorted by time (ties by id), as baskets. */
export interface TimedBasket extends Basket {
  customerId: string;
  createdAt: number;
}

export interface PreparedOrder {
  order: CustomerOrder;
  basket: Basket | null;
}

/** The orders sorted by time once, so that every cut (asOf) is a prefix. */
export function sortOrders<O extends CustomerOrder>(orders: Iterable<O>): O[] {
  return [...orders]
    .filter((o) => o.createdAt != null && Number.isFinite(o.createdAt))
    .sort((a, b) => a.createdAt! - b.createdAt! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Customer histories from the orders placed before `asOf` (orders need not be sorted). */
export function customerHistories(orders: Iterable<CustomerOrder>, asOf: number): Map<string, CustomerHistory> {
  const out = new Map<string, CustomerHistory>();
  for (const order of orders) {
    const t = order.createdAt;
    if (t == null || !(t < asOf) || !order.customerId || order.cancelledAt != null) continue;
    const basket = orderBasket({ ...order, createdAt: t });
    let h = out.get(order.customerId);
    if (!h) {
      h = {
        customerId: order.customerId,
        orders: 0,
        firstAt: t,
        lastAt: t,
        spend: 0,
        discountedOrders: 0,
        units: 0,
        refundedUnits: 0,
        lastRefundAt: null,
        products: new Map(),
      };
      out.set(order.customerId, h);
    }
    let discounted = false;
    let refunded = false;
    for (const line of order.lines) {
      const refundedQ = Math.min(line.quantity, line.refundedQuantity ?? 0);
      const kept = line.quantity - refundedQ;
      h.units += line.quantity;
      h.refundedUnits += refundedQ;
      if (refundedQ > 0) refunded = true;
      const discount = line.discount ?? 0;
      if (discount > 0) discounted = true;
      if (line.quantity > 0) h.spend += Math.max(0, (line.price ?? 0) * kept - (discount * kept) / line.quantity);
    }
    if (discounted) h.discountedOrders++;
    if (refunded) {
      const known = order.lastRefundAt == null ? null : +order.lastRefundAt;
      // a refund issued after asOf is not known yet at asOf; its units are already netted above
      const at = known !== null && Number.isFinite(known) ? (known < asOf ? known : null) : t;
      if (at !== null && (h.lastRefundAt === null || at > h.lastRefundAt)) h.lastRefundAt = at;
    }
    if (!basket) continue;
    h.orders++;
    if (t < h.firstAt) h.firstAt = t;
    if (t > h.lastAt) h.lastAt = t;
    for (const item of basket.items) {
      const p = h.products.get(item.productId);
      if (!p) h.products.set(item.productId, { orders: 1, firstAt: t, lastAt: t });
      else {
        p.orders++;
        if (t < p.firstAt) p.firstAt = t;
        if (t > p.lastAt) p.lastAt = t;
      }
    }
  }
  // A customer whose every order was cancelled or fully refunded has no history to learn from.
  for (const [id, h] of out) if (h.orders === 0) out.delete(id);
  return out;
}

/** What each customer bought in [from, to): customer → products. */
export function purchasesBetween(
  orders: Iterable<CustomerOrder>,
  from: number,
  to: number,
): Map<string, Set<ProductId>> {
  const out = new Map<string, Set<ProductId>>();
  for (const order of orders) {
    const t = order.createdAt;
    if (t == null || t < from || t >= to || !order.customerId) continue;
    const basket = orderBasket({ ...order, createdAt: t });
    if (!basket) continue;
    let set = out.get(order.customerId);
    if (!set) out.set(order.customerId, (set = new Set()));
    for (const item of basket.items) set.add(item.productId);
  }
  return out;
}
