// The recommendation pipeline in one place: baskets → co-occurrence rules and sequences (mining)
// → replenished products → ranked recommendation rows (ranking). The mining job stores its
// output; the offline evaluation measures exactly the same function.
import { mineBaskets, type MinedRule } from "./mining";
import type { MinedBaskets } from "./mining/baskets";
import { MINING_OPTIONS } from "./mining/defaults";
import { replenishedProducts } from "./mining/replenishment";
import type { ReplenishmentSignal } from "./mining/sequences";
import { buildRecommendations, type BuildSettings, type RecommendationRow } from "./ranking";
import type { Basket, CatalogProduct } from "./types";

export interface RecommendInput {
  baskets: Iterable<Basket>;
  catalog: readonly CatalogProduct[];
  settings: BuildSettings;
  /** ms since epoch */
  now: number;
}

export interface RecommendOutput {
  orders: number;
  rules: MinedRule[];
  rows: RecommendationRow[];
  /** consumables customers buy again (may be offered to customers who own them) */
  replenished: ReplenishmentSignal[];
}

export function recommend({ baskets, ...rest }: RecommendInput): RecommendOutput {
  return recommendFromMined(mineBaskets(baskets, MINING_OPTIONS), rest);
}

/** The rest of the pipeline, for callers that mined baskets as they streamed (BasketMiner with MINING_OPTIONS). */
export function recommendFromMined(
  mined: MinedBaskets,
  { catalog, settings, now }: Omit<RecommendInput, "baskets">,
): RecommendOutput {
  const rows = buildRecommendations({
    rules: mined.rules,
    sequential: mined.sequences?.rules ?? [],
    catalog,
    settings,
    now,
    productOrders: mined.productOrders,
  });
  const replenished = mined.sequences
    ? replenishedProducts(mined.sequences.replenishment, mined.sequences.baselineRepurchaseRate)
    : [];
  return { orders: mined.orders, rules: mined.rules, rows, replenished };
}
