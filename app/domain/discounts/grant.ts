// What Pairwise's discount function grants on a cart, decided on plain data (the function's
// adapter in extensions/pairwise-discount maps Shopify's input to this and the result back). The
// rules arrive with the cart's products (`ProductRules`, see config.ts), so only what concerns
// the cart is read.
//
// Rules, in order:
//  1. Bundles: a bundle's discount per complete set of its components (quantities respected).
//     Each unit of a cart line counts towards one set at most; with overlapping bundles the
//     bundle with the smaller key claims units first. A line whose variant stands for a merged
//     bundle (cart transform) is `quantity` complete sets.
//  A line's rules are its product's and its variant's together (see config.ts).
//  2. Offers: a line carrying an offer's `_pairwise` attribute gets the offer's discount only when
//     its product's rules say the offer may discount it, and the offer's trigger is in the cart on
//     another line of another product (the attribute alone gives nothing: anyone can set it). At
//     most one unit is discounted per trigger unit ("add one with it"); units already counted in a
//     bundle set are not discounted again.
//  3. Nothing for an offer the rules do not hold (paused, expired, deleted, no discount).
//  4. An offer under a discount experiment grants the discount of the shopper's arm, computed from
//     the cart's `_pairwise_visitor` attribute with the storefront's hash (config.ts DiscountArms).
import { armDiscount, type BundlePart, type EligibleRule, type FunctionConfig, type ProductRules } from "./config";

export interface CheckoutLine {
  id: string;
  quantity: number;
  /** the value of the line's `_pairwise` attribute */
  offerId: string | null;
  /** the rules of the line's product and variant (metafields `$app:pairwise.rules`, read and joined); null when neither has any */
  rules: ProductRules | null;
}

/** A line's rules: its product's and its variant's metafields, read and joined. */
export function lineRules(product: ProductRules | null, variant: ProductRules | null): ProductRules | null {
  if (!product && !variant) return null;
  return {
    i: product?.i ?? null,
    t: [...(product?.t ?? []), ...(variant?.t ?? [])],
    e: [...(product?.e ?? []), ...(variant?.e ?? [])],
    b: [...(product?.b ?? []), ...(variant?.b ?? [])],
  };
}

export interface CheckoutCart {
  lines: readonly CheckoutLine[];
  /** the cart's `_pairwise_visitor` attribute: decides the arm of a discount experiment */
  visitorId?: string | null;
  /** cart subtotal in the shop's currency, cents */
  subtotal: number;
}

export interface Grant {
  kind: "bundle" | "offer";
  /** bundle key, or the offer key */
  ref: string;
  message: string;
  targets: { lineId: string; quantity: number }[];
  /** percent off the targeted units, or a fixed amount (shop cents) shared by the targeted units */
  value: { percent: number } | { fixed: number };
}

const units = (l: CheckoutLine) => Math.max(0, Math.floor(l.quantity));

const partsOf = (line: CheckoutLine): BundlePart[] => line.rules?.b ?? [];

/** Lines of the same product: only products with rules carry their id, and the offered product always has rules. */
const sameProduct = (a: CheckoutLine, b: CheckoutLine) => !!a.rules?.i && a.rules.i === b.rules?.i;

/** The discounts the function grants on a cart under the rules its products carry. */
export function grantDiscounts(cart: CheckoutCart, config: FunctionConfig | null): Grant[] {
  if (!config || config.v !== 2) return [];
  const grants: Grant[] = [];
  const free = new Map(cart.lines.map((l) => [l.id, units(l)]));

  // one pass over the lines: each bundle's lines per component, each offer's trigger lines
  const bundles = new Map<
    string,
    { n: number; d: ["%" | "$", number]; m: string; components: Map<number, { line: CheckoutLine; q: number }[]> }
  >();
  const triggersOf = new Map<string, CheckoutLine[]>();
  for (const line of cart.lines) {
    for (const p of partsOf(line)) {
      let bundle = bundles.get(p.k);
      if (!bundle) bundles.set(p.k, (bundle = { n: p.n, d: [p.kind, p.value], m: p.message, components: new Map() }));
      const list = bundle.components.get(p.ci);
      if (list) list.push({ line, q: p.q });
      else bundle.components.set(p.ci, [{ line, q: p.q }]);
    }
    for (const k of line.rules?.t ?? []) {
      const list = triggersOf.get(k);
      if (list) list.push(line);
      else triggersOf.set(k, [line]);
    }
  }
  // smallest key first
  for (const key of [...bundles.keys()].sort()) {
    const bundle = bundles.get(key)!;
    const targets = new Map<string, number>();
    let sets = 0;
    // merged bundle lines: each unit is one complete set
    for (const { line } of bundle.components.get(-1) ?? []) {
      const q = free.get(line.id) ?? 0;
      if (q <= 0) continue;
      sets += q;
      targets.set(line.id, (targets.get(line.id) ?? 0) + q);
      free.set(line.id, 0);
    }
    // components as separate lines
    const components = Array.from({ length: bundle.n }, (_, ci) => {
      const parts = bundle.components.get(ci) ?? [];
      return {
        lines: parts.map((p) => p.line),
        perSet: parts[0]?.q ?? 1,
        available: parts.reduce((s, p) => s + (free.get(p.line.id) ?? 0), 0),
      };
    });
    const componentSets = bundle.n > 0 ? Math.min(...components.map((c) => Math.floor(c.available / c.perSet))) : 0;
    if (componentSets > 0) {
      for (const component of components) {
        let need = componentSets * component.perSet;
        for (const line of component.lines) {
          if (need <= 0) break;
          const take = Math.min(need, free.get(line.id) ?? 0);
          if (take <= 0) continue;
          free.set(line.id, (free.get(line.id) ?? 0) - take);
          targets.set(line.id, (targets.get(line.id) ?? 0) + take);
          need -= take;
        }
      }
      sets += componentSets;
    }
    if (sets === 0) continue;
    grants.push({
      kind: "bundle",
      ref: key,
      message: bundle.m,
      targets: [...targets].map(([lineId, quantity]) => ({ lineId, quantity })),
      value: bundle.d[0] === "%" ? { percent: bundle.d[1] } : { fixed: bundle.d[1] * sets },
    });
  }

  const triggerLines = (rule: EligibleRule, offered: CheckoutLine): CheckoutLine[] => {
    const candidates =
      rule.trigger === "p"
        ? (triggersOf.get(rule.k) ?? [])
        : rule.trigger === "a"
          ? cart.lines.filter((l) => !l.offerId || l.offerId !== offered.offerId)
          : [];
    return candidates.filter((l) => l.id !== offered.id && !sameProduct(l, offered));
  };
  const bundled = new Set(grants.flatMap((g) => g.targets.map((t) => t.lineId)));
  const triggerUnitsLeft = new Map<string, number>();
  for (const line of cart.lines) {
    if (!line.offerId || bundled.has(line.id)) continue;
    const rule = line.rules?.e.find((r) => line.offerId!.endsWith(r.k));
    if (!rule) continue;
    const { k, mn, mx } = rule;
    // a running discount experiment: the arm the cart's visitor hashes to, never a line attribute's say
    const [kind, value] = armDiscount(config.x, k, cart.visitorId) ?? [rule.kind, rule.value];
    if (!(value > 0)) continue;
    if ((mn != null && cart.subtotal < mn) || (mx != null && cart.subtotal > mx)) continue;
    let quantity: number;
    if (rule.trigger === "s") {
      quantity = free.get(line.id) ?? 0;
    } else {
      const triggerUnits = triggerLines(rule, line).reduce((s, l) => s + units(l), 0);
      if (!triggerUnitsLeft.has(k)) triggerUnitsLeft.set(k, triggerUnits);
      // a trigger found for a later line of the same offer may differ; never more than the trigger units in the cart
      const left = Math.min(triggerUnitsLeft.get(k)!, triggerUnits);
      quantity = Math.min(free.get(line.id) ?? 0, left);
      triggerUnitsLeft.set(k, triggerUnitsLeft.get(k)! - quantity);
    }
    if (quantity <= 0) continue;
    free.set(line.id, (free.get(line.id) ?? 0) - quantity);
    grants.push({
      kind: "offer",
      ref: k,
      message: config.m,
      targets: [{ lineId: line.id, quantity }],
      value: kind === "%" ? { percent: value } : { fixed: value * quantity },
    });
  }
  return grants;
}

export interface PricedLine {
  id: string;
  quantity: number;
  /** unit price, cents */
  unitPrice: number;
}

/**
 * The amount each line is discounted by a set of grants, the way Shopify allocates a product
 * discount: a percentage of the targeted units' price; a fixed amount shared among the targeted
 * units in proportion to their price, never more than their price. Cents, per line id.
 */
export function allocateGrants(lines: readonly PricedLine[], grants: readonly Grant[]): Map<string, number> {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const out = new Map<string, number>(lines.map((l) => [l.id, 0]));
  for (const grant of grants) {
    const targets = grant.targets.filter((t) => byId.has(t.lineId) && t.quantity > 0);
    const base = targets.map((t) => byId.get(t.lineId)!.unitPrice * Math.min(t.quantity, byId.get(t.lineId)!.quantity));
    const total = base.reduce((s, x) => s + x, 0);
    if (total <= 0) continue;
    const amount =
      "percent" in grant.value
        ? Math.round((total * Math.min(100, Math.max(0, grant.value.percent))) / 100)
        : Math.min(total, Math.max(0, Math.round(grant.value.fixed)));
    let given = 0;
    targets.forEach((t, i) => {
      const last = i === targets.length - 1;
      const share = last ? amount - given : Math.round((amount * base[i]) / total);
      given += share;
      out.set(
        t.lineId,
        Math.min(out.get(t.lineId)! + share, byId.get(t.lineId)!.unitPrice * byId.get(t.lineId)!.quantity),
      );
    });
  }
  return out;
}
