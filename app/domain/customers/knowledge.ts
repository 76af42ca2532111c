// What the shop's history says about products at a moment `asOf`, mined from the orders before it
// with the app's own mining (the same options as the mining job): sequential patterns ("bought A,
// came back for B within N days"), pair rules (bought together), replenished consumables with their
// typical re-order interval, and how popular each product was lately. Upgrades (an upsell of a
// product the customer owns) come from the ranking's upsell rows the caller passes in.
import { mineBaskets } from "../mining/baskets";
import { MINING_OPTIONS } from "../mining/defaults";
import { replenishedProducts } from "../mining/replenishment";
import { orderBasket } from "../mining/baskets";
import type { Basket, ProductId } from "../types";
import { DAY_MS, type CustomerOrder } from "./history";

export interface SequenceLink {
  consequent: ProductId;
  confidence: number;
  lift: number;
  medianGapDays: number;
}

export interface PairLink {
  consequent: ProductId;
  confidence: number;
  lift: number;
}

export interface Replenishment {
  repurchaseRate: number;
  medianIntervalDays: number;
}

export interface ProductKnowledge {
  asOf: number;
  sequences: Map<ProductId, SequenceLink[]>;
  pairs: Map<ProductId, PairLink[]>;
  replenishment: Map<ProductId, Replenishment>;
  upgrades: ReadonlyMap<ProductId, readonly ProductId[]>;
  /** share of the orders of the last POPULARITY_DAYS containing the product */
  popularity: Map<ProductId, number>;
  /** products by popularity, most popular first */
  popular: ProductId[];
}

/** Popularity looks at this many days before asOf. */
export const POPULARITY_DAYS = 90;
/** Pair rules kept per antecedent (best first). */
const PAIRS_PER_PRODUCT = 5;

/** Mines what the orders before `asOf` say about products. */
export function productKnowledge(
  orders: Iterable<CustomerOrder>,
  asOf: number,
  upgrades: ReadonlyMap<ProductId, readonly ProductId[]> = new Map(),
): ProductKnowledge {
  const baskets: Basket[] = [];
  const recent = new Map<ProductId, number>();
  let recentOrders = 0;
  for (const order of orders) {
    const t = order.createdAt;
    if (t == null || !(t < asOf)) continue;
    const basket = orderBasket({ ...order, createdAt: t });
    if (!basket) continue;
    baskets.push(basket);
    if (t >= asOf - POPULARITY_DAYS * DAY_MS) {
      recentOrders++;
      for (const id of new Set(basket.items.map((i) => i.productId))) recent.set(id, (recent.get(id) ?? 0) + 1);
    }
  }
  const mined = mineBaskets(baskets, MINING_OPTIONS);
  const sequences = new Map<ProductId, SequenceLink[]>();
  for (const r of mined.sequences?.rules ?? []) {
    let list = sequences.get(r.antecedent);
    if (!list) sequences.set(r.antecedent, (list = []));
    list.push({ consequent: r.consequent, confidence: r.confidence, lift: r.lift, medianGapDays: r.medianGapDays });
  }
  const pairs = new Map<ProductId, PairLink[]>();
  for (const r of mined.rules) {
    let list = pairs.get(r.antecedent);
    if (!list) pairs.set(r.antecedent, (list = []));
    if (list.length < PAIRS_PER_PRODUCT)
      list.push({ consequent: r.consequent, confidence: r.confidence, lift: r.lift });
  }
  const replenishment = new Map<ProductId, Replenishment>();
  if (mined.sequences) {
    for (const r of replenishedProducts(mined.sequences.replenishment, mined.sequences.baselineRepurchaseRate)) {
      replenishment.set(r.productId, {
        repurchaseRate: r.repurchaseRate,
        medianIntervalDays: Math.max(1, r.medianIntervalDays),
      });
    }
  }
  const popularity = new Map<ProductId, number>();
  for (const [id, n] of recent) popularity.set(id, n / Math.max(1, recentOrders));
  const popular = [...popularity.keys()].sort(
    (a, b) => popularity.get(b)! - popularity.get(a)! || (a < b ? -1 : a > b ? 1 : 0),
  );
  return { asOf, sequences, pairs, replenishment, upgrades, popularity, popular };
}
