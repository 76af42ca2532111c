// The configuration Pairwise's discount function and cart transform read at checkout: the shop's
// live offers that carry a discount and its active bundles, compiled into a compact JSON document
// stored in a metafield of the app's automatic discount (and of the cart transform).
//
// Compact because Shopify caps a function's whole input at 64,000 bytes (cart included):
//  - only offers and bundles that give something are included (an offer without a discount
//    needs nothing at checkout);
//  - every product id appears once, in `p`; offers and bundles refer to it by index;
//  - an offer is keyed by the shortest suffix of its id that is unique in the shop (the cart
//    line's `_pairwise` attribute carries the full id; matching on a suffix is safe because the
//    trigger and the eligible products are checked anyway).
// Schedules are not in the document: it holds what is live when it is written, and the app
// rewrites it when an offer's start or end passes (see app/services/discounts).

/** The trigger of an offer, as the function can check it on the cart. */
export type TriggerCode =
  | "p" // one of these products
  | "c" // a product in one of these collections
  | "y" // a product of one of these product types
  | "g" // a product with one of these tags
  | "a" // any other product
  | "s"; // the cart subtotal only

export interface OfferRule {
  /** the shortest unique suffix of the offer id */
  k: string;
  t: TriggerCode;
  /** trigger values: product indexes for "p"; collection ids, product types or tags (lower case) otherwise */
  v: (number | string)[];
  /** cart subtotal bounds, shop currency cents */
  mn?: number;
  mx?: number;
  /** the products the discount may go to (indexes into `p`) */
  e: number[];
  /** percent off each unit, or cents off each unit */
  d: ["%" | "$", number];
}

export interface BundleRule {
  /** bundle id (for the merged line and messages) */
  i: string;
  /** components: [product index, variant id or "", quantity] */
  c: [number, string, number][];
  /** percent off the set, or cents off each complete set */
  d: ["%" | "$", number];
  /** the checkout message */
  m: string;
  /** the variant standing for the bundle when it is shown as one line ("" = components stay separate lines) */
  pv?: string;
  /** merged line's title and image (cart transform) */
  ti?: string;
  im?: string;
}

export interface DiscountConfig {
  v: 1;
  /** product ids (Shopify numeric ids as strings) */
  p: string[];
  o: OfferRule[];
  b: BundleRule[];
  /** the checkout message of offer discounts */
  m: string;
}

/** Variables of the function's input query (metafield `$app:pairwise.variables`): what a trigger asks of each cart line's product. */
export interface DiscountQueryVariables {
  tags: string[];
  collectionIds: string[];
}

export const CONFIG_VERSION = 1 as const;
export const DEFAULT_OFFER_MESSAGE = "Bought together";
/** at most this many products a recommended offer may discount (its top recommendations) */
export const MAX_ELIGIBLE_PER_OFFER = 24;

export interface OfferSource {
  id: string;
  triggerType: "products" | "collections" | "product_type" | "tag" | "any" | "cart_subtotal";
  triggerValues: string[];
  cartSubtotalMin: number | null;
  cartSubtotalMax: number | null;
  /** products the offer may discount: the manual list, or the recommended products it can show */
  eligibleProductIds: string[];
  discountType: "none" | "percent" | "fixed";
  discountValue: number;
}

export interface BundleSource {
  id: string;
  title: string;
  discountType: "none" | "percent" | "fixed";
  discountValue: number;
  components: { productId: string; variantId: string | null; quantity: number }[];
  /** shown as one cart line through the cart transform, with this variant as its parent */
  mergedVariantId?: string | null;
  imageUrl?: string | null;
}

const COLLECTION_GID = "gid://shopify/Collection/";
const norm = (s: string) => s.trim().toLowerCase();

/** True when an offer or bundle gives the shopper something at checkout. */
export function givesDiscount(d: { discountType: string; discountValue: number }): boolean {
  return (d.discountType === "percent" || d.discountType === "fixed") && d.discountValue > 0;
}

function discountOf(d: { discountType: string; discountValue: number }): ["%" | "$", number] {
  return d.discountType === "percent" ? ["%", Math.min(100, Math.round(d.discountValue * 100) / 100)] : ["$", Math.round(d.discountValue)];
}

/** The shortest suffix (≥ 6 characters) of each id that no other id ends with. */
export function uniqueSuffixes(ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of ids) {
    let n = Math.min(6, id.length);
    while (n < id.length && ids.some((other) => other !== id && other.endsWith(id.slice(-n)))) n++;
    out.set(id, id.slice(-n));
  }
  return out;
}

/**
 * Compiles the live offers (already filtered to what is live now) and active bundles into the
 * function's configuration and the input query's variables. Deterministic: the same input gives
 * the same bytes, so a stored hash tells whether Shopify holds the current rules.
 */
export function compileDiscountConfig(input: {
  offers: readonly OfferSource[];
  bundles: readonly BundleSource[];
  offerMessage?: string;
  /** every offer id of the shop (paused, ended, without discount too): keys stay unique among them all */
  allOfferIds?: readonly string[];
}): { config: DiscountConfig; variables: DiscountQueryVariables } {
  const products: string[] = [];
  const index = new Map<string, number>();
  const ref = (id: string) => {
    let i = index.get(id);
    if (i === undefined) {
      i = products.length;
      products.push(id);
      index.set(id, i);
    }
    return i;
  };
  const tags = new Set<string>();
  const collections = new Set<string>();
  const offers = [...input.offers].filter(givesDiscount).sort((a, b) => a.id.localeCompare(b.id));
  const keys = uniqueSuffixes([...new Set([...offers.map((o) => o.id), ...(input.allOfferIds ?? [])])]);
  const o: OfferRule[] = [];
  for (const offer of offers) {
    const eligible = [...new Set(offer.eligibleProductIds)].slice(0, MAX_ELIGIBLE_PER_OFFER);
    if (eligible.length === 0) continue;
    const code: TriggerCode = { products: "p", collections: "c", product_type: "y", tag: "g", any: "a", cart_subtotal: "s" }[offer.triggerType] as TriggerCode;
    let values: (number | string)[] = [];
    if (code === "p") values = [...new Set(offer.triggerValues)].map(ref);
    else if (code === "c") values = [...new Set(offer.triggerValues.map((c) => c.replace(COLLECTION_GID, "")))];
    else if (code === "y" || code === "g") values = [...new Set(offer.triggerValues.map(norm))];
    if ((code === "p" || code === "c" || code === "y" || code === "g") && values.length === 0) continue;
    if (code === "c") values.forEach((c) => collections.add(`${COLLECTION_GID}${c}`));
    if (code === "g") values.forEach((t) => tags.add(String(t)));
    const rule: OfferRule = { k: keys.get(offer.id)!, t: code, v: values, e: eligible.map(ref), d: discountOf(offer) };
    if (offer.cartSubtotalMin != null) rule.mn = offer.cartSubtotalMin;
    if (offer.cartSubtotalMax != null) rule.mx = offer.cartSubtotalMax;
    if (code === "s" && rule.mn == null && rule.mx == null) continue;
    o.push(rule);
  }
  const b: BundleRule[] = [];
  const bundles = [...input.bundles].filter((x) => givesDiscount(x) && x.components.length > 0).sort((x, y) => x.id.localeCompare(y.id));
  for (const bundle of bundles) {
    const rule: BundleRule = {
      i: bundle.id,
      c: bundle.components.map((c) => [ref(c.productId), c.variantId ?? "", Math.max(1, Math.floor(c.quantity))]),
      d: discountOf(bundle),
      m: bundle.title.slice(0, 60),
    };
    if (bundle.mergedVariantId) {
      rule.pv = bundle.mergedVariantId;
      rule.ti = bundle.title.slice(0, 80);
      if (bundle.imageUrl) rule.im = bundle.imageUrl;
    }
    b.push(rule);
  }
  return {
    config: { v: CONFIG_VERSION, p: products, o, b, m: (input.offerMessage ?? DEFAULT_OFFER_MESSAGE).slice(0, 60) },
    variables: { tags: [...tags].sort(), collectionIds: [...collections].sort() },
  };
}

/** Offer ids whose discount the configuration grants (by their key) — what the storefront may promise. */
export function offerRuleFor(config: DiscountConfig | null, offerId: string | null): OfferRule | null {
  if (!config || !offerId) return null;
  return config.o.find((r) => offerId.endsWith(r.k)) ?? null;
}

/** Whether the configuration discounts this product when added from this offer (trigger in the cart assumed). */
export function offerDiscountsProduct(config: DiscountConfig | null, offerId: string | null, productId: string): boolean {
  const rule = offerRuleFor(config, offerId);
  return !!rule && rule.e.some((i) => config!.p[i] === productId);
}

/** The bundle rule of a bundle id in the configuration, or null when the function does not know it. */
export function bundleRuleFor(config: DiscountConfig | null, bundleId: string | null): BundleRule | null {
  if (!config || !bundleId) return null;
  return config.b.find((r) => r.i === bundleId) ?? null;
}
