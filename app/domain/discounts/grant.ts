// What Pairwise's discount function grants on a cart, decided on plain data (the function's
// adapter in extensions/pairwise-discount maps Shopify's input to this and the result back).
//
// Rules, in order:
//  1. Bundles: a bundle's discount per complete set of its components (quantities respected).
//     Each unit of a cart line counts towards one set at most; with overlapping bundles the
//     first bundle in the configuration claims units first. A line whose variant stands for a
//     merged bundle (cart transform) is `quantity` complete sets.
//  2. Offers: a line carrying an offer's `_pairwise` attribute gets the offer's discount only when
//     its product is one the offer may discount, and the offer's trigger is in the cart on
//     another line (the attribute alone gives nothing: anyone can set it). At most one unit is
//     discounted per trigger unit ("add one with it"); units already counted in a bundle set are
//     not discounted again.
//  3. Nothing for an offer the configuration does not hold (paused, expired, deleted, no discount).
import type { BundleRule, DiscountConfig, OfferRule } from "./config";

export interface CheckoutLine {
  id: string;
  productId: string;
  variantId: string;
  quantity: number;
  /** the value of the line's `_pairwise` attribute */
  offerId: string | null;
  productType: string | null;
  /** tags (lower case) of the input query's `tags` the product has */
  tags: readonly string[];
  /** collection ids (numeric) of the input query's `collectionIds` the product is in */
  collections: readonly string[];
}

export interface CheckoutCart {
  lines: readonly CheckoutLine[];
  /** cart subtotal in the shop's currency, cents */
  subtotal: number;
}

export interface Grant {
  kind: "bundle" | "offer";
  /** bundle id, or the offer key */
  ref: string;
  message: string;
  targets: { lineId: string; quantity: number }[];
  /** percent off the targeted units, or a fixed amount (shop cents) shared by the targeted units */
  value: { percent: number } | { fixed: number };
}

function matchesComponent(line: CheckoutLine, config: DiscountConfig, component: BundleRule["c"][number]): boolean {
  const [productIndex, variantId] = component;
  return config.p[productIndex] === line.productId && (variantId === "" || variantId === line.variantId);
}

function triggerLines(rule: OfferRule, config: DiscountConfig, cart: CheckoutCart, offered: CheckoutLine): CheckoutLine[] {
  const others = cart.lines.filter((l) => l.id !== offered.id && l.productId !== offered.productId);
  switch (rule.t) {
    case "p": {
      const ids = new Set(rule.v.map((i) => config.p[Number(i)]));
      return others.filter((l) => ids.has(l.productId));
    }
    case "c":
      return others.filter((l) => l.collections.some((c) => rule.v.includes(c)));
    case "y":
      return others.filter((l) => l.productType != null && rule.v.includes(l.productType.trim().toLowerCase()));
    case "g":
      return others.filter((l) => l.tags.some((t) => rule.v.includes(t)));
    case "a":
      return others.filter((l) => !l.offerId || l.offerId !== offered.offerId);
    case "s":
      return [];
  }
}

/** The discounts the function grants on a cart under a configuration. */
export function grantDiscounts(cart: CheckoutCart, config: DiscountConfig | null): Grant[] {
  if (!config || config.v !== 1) return [];
  const grants: Grant[] = [];
  const free = new Map(cart.lines.map((l) => [l.id, Math.max(0, Math.floor(l.quantity))]));

  for (const bundle of config.b) {
    const targets = new Map<string, number>();
    let sets = 0;
    // merged bundle lines: each unit is one complete set
    if (bundle.pv) {
      for (const line of cart.lines) {
        if (line.variantId !== bundle.pv) continue;
        const q = free.get(line.id) ?? 0;
        if (q <= 0) continue;
        sets += q;
        targets.set(line.id, (targets.get(line.id) ?? 0) + q);
        free.set(line.id, 0);
      }
    }
    // components as separate lines
    const available = bundle.c.map((component) =>
      cart.lines.filter((l) => matchesComponent(l, config, component)).reduce((s, l) => s + (free.get(l.id) ?? 0), 0),
    );
    const componentSets = Math.min(...bundle.c.map((component, i) => Math.floor(available[i] / component[2])));
    if (componentSets > 0) {
      bundle.c.forEach((component) => {
        let need = componentSets * component[2];
        for (const line of cart.lines) {
          if (need <= 0) break;
          if (!matchesComponent(line, config, component)) continue;
          const take = Math.min(need, free.get(line.id) ?? 0);
          if (take <= 0) continue;
          free.set(line.id, (free.get(line.id) ?? 0) - take);
          targets.set(line.id, (targets.get(line.id) ?? 0) + take);
          need -= take;
        }
      });
      sets += componentSets;
    }
    if (sets === 0) continue;
    grants.push({
      kind: "bundle",
      ref: bundle.i,
      message: bundle.m,
      targets: [...targets].map(([lineId, quantity]) => ({ lineId, quantity })),
      value: bundle.d[0] === "%" ? { percent: bundle.d[1] } : { fixed: bundle.d[1] * sets },
    });
  }

  const bundled = new Set(grants.flatMap((g) => g.targets.map((t) => t.lineId)));
  const triggerUnitsLeft = new Map<string, number>();
  for (const line of cart.lines) {
    if (!line.offerId || bundled.has(line.id)) continue;
    const rule = config.o.find((r) => line.offerId!.endsWith(r.k));
    if (!rule || !rule.e.some((i) => config.p[i] === line.productId)) continue;
    if ((rule.mn != null && cart.subtotal < rule.mn) || (rule.mx != null && cart.subtotal > rule.mx)) continue;
    let quantity: number;
    if (rule.t === "s") {
      quantity = free.get(line.id) ?? 0;
    } else {
      const triggers = triggerLines(rule, config, cart, line);
      if (!triggerUnitsLeft.has(rule.k)) triggerUnitsLeft.set(rule.k, triggers.reduce((s, l) => s + Math.max(0, Math.floor(l.quantity)), 0));
      // a trigger found for a later line of the same offer may differ; never more than the trigger units in the cart
      const left = Math.min(triggerUnitsLeft.get(rule.k)!, triggers.reduce((s, l) => s + Math.max(0, Math.floor(l.quantity)), 0));
      quantity = Math.min(free.get(line.id) ?? 0, left);
      triggerUnitsLeft.set(rule.k, triggerUnitsLeft.get(rule.k)! - quantity);
    }
    if (quantity <= 0) continue;
    free.set(line.id, (free.get(line.id) ?? 0) - quantity);
    grants.push({
      kind: "offer",
      ref: rule.k,
      message: config.m,
      targets: [{ lineId: line.id, quantity }],
      value: rule.d[0] === "%" ? { percent: rule.d[1] } : { fixed: rule.d[1] * quantity },
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
    const amount = "percent" in grant.value ? Math.round((total * Math.min(100, Math.max(0, grant.value.percent))) / 100) : Math.min(total, Math.max(0, Math.round(grant.value.fixed)));
    let given = 0;
    targets.forEach((t, i) => {
      const last = i === targets.length - 1;
      const share = last ? amount - given : Math.round((amount * base[i]) / total);
      given += share;
      out.set(t.lineId, Math.min(out.get(t.lineId)! + share, byId.get(t.lineId)!.unitPrice * byId.get(t.lineId)!.quantity));
    });
  }
  return out;
}
