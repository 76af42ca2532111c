// Brute-force reference for the docs/metrics.md definitions, written the obvious way.
import type { Basket } from "../../../app/domain/types";

export interface RefRule {
  antecedent: string;
  consequent: string;
  count: number;
  support: number;
  confidence: number;
  lift: number;
  attachRate: number;
}

export function referenceRules(baskets: Basket[]): RefRule[] {
  const orders = baskets.length;
  const products = new Set<string>();
  for (const b of baskets) for (const i of b.items) products.add(i.productId);
  const has = (b: Basket, p: string) => b.items.some((i) => i.productId === p);
  const units = (b: Basket, p: string) => b.items.filter((i) => i.productId === p).reduce((s, i) => s + i.quantity, 0);
  const rules: RefRule[] = [];
  for (const a of products)
    for (const c of products) {
      if (a === c) continue;
      const withA = baskets.filter((b) => has(b, a));
      const withC = baskets.filter((b) => has(b, c));
      const both = withA.filter((b) => has(b, c));
      if (both.length === 0) continue;
      const unitsA = withA.reduce((s, b) => s + units(b, a), 0);
      const unitsCWithA = withA.reduce((s, b) => s + units(b, c), 0);
      const confidence = both.length / withA.length;
      rules.push({
        antecedent: a,
        consequent: c,
        count: both.length,
        support: both.length / orders,
        confidence,
        lift: confidence / (withC.length / orders),
        attachRate: unitsCWithA / unitsA,
      });
    }
  return rules;
}

export const ruleKey = (r: { antecedent: string; consequent: string }) => `${r.antecedent}→${r.consequent}`;
