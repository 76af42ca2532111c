// Substitutes: products a shopper chooses between, not products bought together (the 2-person and
// the 4-person tent; two espresso machines). A cross-sell must never offer a substitute of what
// the shopper looks at or has in the cart, and one suggestion list holds at most one of a set of
// alternatives. (Upsells are exactly the substitutes a step up: they keep their own slot.)
//
// Two products are substitutes when they are
//  - the same kind of product: the same product type and the same name apart from brand and model
//    words (at least a third of the words of their titles in common, leaving out the vendor's name and words with digits —
//    "2-Person", "X30", "64 GB" tell the steps of an upsell ladder apart; a stove and its fuel
//    canister, or tent stakes and a footprint, share a type but not a name), and
//  - rarely bought together: in fewer than BOUGHT_TOGETHER_CONFIDENCE of the orders of either one.
//    Lift does not tell: two tents are bought together more often than chance (campers buy
//    camping gear) and still only in 5–8 % of tent orders, while a set bought as one (two
//    coffees, a stove and its fuel) is bought together in a large share of orders.
import type { CatalogProduct, ProductId } from "../types";

/** Share of title words two alternatives have in common (Jaccard). */
export const SAME_NAME_SHARE = 1 / 3;

/** Share of the orders of one product that also hold the other, from which two alternatives are a set. */
export const BOUGHT_TOGETHER_CONFIDENCE = 0.15;

/** Whether a and b are bought together in one order more often than chance (one direction). */
export type BoughtTogether = (a: ProductId, b: ProductId) => boolean;

const kind = (p: CatalogProduct) => p.productType.trim().toLowerCase();
const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !/\d/.test(w));
/** The words of a product's name that say what it is: no model words, no brand. */
function nameWords(p: CatalogProduct): Set<string> {
  const brand = new Set(words(p.vendor));
  return new Set(words(p.title).filter((w) => !brand.has(w)));
}

/** The same kind of product: same product type, and mostly the same name. */
export function alternatives(a: CatalogProduct, b: CatalogProduct): boolean {
  if (!kind(a) || kind(a) !== kind(b)) return false;
  const wa = nameWords(a);
  const wb = nameWords(b);
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  const union = wa.size + wb.size - shared;
  return union > 0 && shared / union >= SAME_NAME_SHARE;
}

/** Alternatives to each other that are not bought together. */
export function areSubstitutes(a: CatalogProduct, b: CatalogProduct, together: BoughtTogether): boolean {
  return a.id !== b.id && alternatives(a, b) && !together(a.id, b.id) && !together(b.id, a.id);
}

/** Mined pairs bought together often enough to be a set, not alternatives. */
export function boughtTogether(
  rules: Iterable<{ antecedent: ProductId; consequent: ProductId; confidence: number }>,
): BoughtTogether {
  const pairs: { a: ProductId; b: ProductId }[] = [];
  for (const r of rules)
    if (r.confidence >= BOUGHT_TOGETHER_CONFIDENCE) pairs.push({ a: r.antecedent, b: r.consequent });
  return pairIndex(pairs);
}

/** A BoughtTogether over directed pairs (mined rules, or stored cross-sell rows). */
export function pairIndex(pairs: Iterable<{ a: ProductId; b: ProductId }>): BoughtTogether {
  const set = new Set<string>();
  for (const p of pairs) set.add(`${p.a}\u0000${p.b}`);
  return (a, b) => set.has(`${a}\u0000${b}`);
}
