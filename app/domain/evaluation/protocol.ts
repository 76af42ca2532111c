// The hiding protocol: every test order with at least two distinct products yields one case per
// distinct product, that product hidden and the others left as the shopper's cart ("leave one
// out", each item in turn, so no random choice is involved). A method ranks candidates for the
// cart; the case is a hit at K when the hidden product is among the first K.
import type { Basket, ProductId } from "../types";

export interface EvalCase {
  orderId: string;
  /** the order's other distinct products, in order of first appearance */
  cart: ProductId[];
  hidden: ProductId;
}

/** Distinct products of a basket, in order of first appearance. */
export function distinctProducts(basket: Basket): ProductId[] {
  return [...new Set(basket.items.map((i) => i.productId))];
}

/** Leave-one-out cases of the test orders (see above). */
export function leaveOneOutCases(test: Iterable<Basket>): EvalCase[] {
  const cases: EvalCase[] = [];
  for (const basket of test) {
    const ids = distinctProducts(basket);
    if (ids.length < 2) continue;
    for (let i = 0; i < ids.length; i++) {
      cases.push({ orderId: basket.orderId, cart: ids.filter((_, j) => j !== i), hidden: ids[i] });
    }
  }
  return cases;
}
