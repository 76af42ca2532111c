// The configuration Pairwise's discount function and cart transform read at checkout.
//
// Shopify caps a function's whole input at 64,000 bytes (the cart included) and returns no
// metafield value over 10,000 bytes to a function, so a shop-wide document of every offer would
// stop working at a few hundred offers, and every byte it takes is missing for the cart. The rules
// therefore live where the cart carries them: on the products.
//  - Each product an offer or bundle concerns gets one metafield `$app:pairwise.rules`
//    (`ProductRules`): the offers it triggers (products, collections, product types and tags are
//    resolved to products here, by the app, from the synced catalog), the offers that may discount
//    it and how, and the bundles it is a component of (or the merged variant of). The function
//    reads the rules of the cart's products only: its input grows with the cart, not with the shop.
//  - The discount's own metafield `$app:pairwise.config` holds what is shop-wide (the message).
//  - The cart transform's metafield holds the bundles shown as one line, and only those.
// An offer is named by the shortest suffix of its id that is unique in the shop (the cart line's
// `_pairwise` attribute carries the full id; matching on a suffix is safe because the trigger and
// the eligible products are checked anyway), a bundle likewise.
// Schedules are not in the rules: they hold what is live when written, and the app rewrites them
// when an offer's start or end passes (see app/services/discounts).

import { assignVariant } from "../experiments/bucketing";

/** How an offer is triggered, as the function checks it on the cart. */
export type TriggerCode =
  | "p" // a product whose rules name the offer in `t` (products, collections, types, tags resolved)
  | "a" // any other product
  | "s"; // the cart subtotal only

/**
 * An offer that may discount a product, written compactly as
 * `key|%15|p` or `key|$500|s|5000|20000`: offer key, "%" and percent or "$" and cents off each
 * unit, trigger, then the cart subtotal minimum and maximum in cents when the offer has them.
 */
export interface EligibleRule {
  k: string;
  kind: "%" | "$";
  value: number;
  trigger: TriggerCode;
  mn: number | null;
  mx: number | null;
}

/**
 * A product's (or a variant's) part in a bundle, written compactly as `key|ci|q|n|%10|message`:
 * bundle key, component index (-1: this variant is the merged bundle), quantity per set, number
 * of components, "%" and percent off the set or "$" and cents off each set, the checkout message
 * (last: it may hold "|"). A component that must be one variant is written on that variant.
 */
export interface BundlePart {
  k: string;
  ci: number;
  q: number;
  n: number;
  kind: "%" | "$";
  value: number;
  message: string;
}

/**
 * The rules of one product or variant, as the function reads them. Written into its metafield
 * `$app:pairwise.rules` as one string of lines (`writeRules`): `i` and the product's id in base 36
 * (the function tells two lines of one product apart by it, so the input needs no product ids),
 * `t` and the offer keys it triggers separated by commas, then one `e…` line per offer that may
 * discount it and one `b…` line per bundle part — about a third of the bytes of JSON objects.
 */
export interface ProductRules {
  /** the product's id, short (products only) */
  i: string | null;
  /** keys of the offers this product triggers */
  t: string[];
  /** the offers that may discount this product */
  e: EligibleRule[];
  /** the bundles this product is part of */
  b: BundlePart[];
}

const num = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));

function writeEligible(r: EligibleRule): string {
  const parts = [r.k, `${r.kind}${r.value}`, r.trigger, r.mn ?? "", r.mx ?? ""].map(String);
  while (parts[parts.length - 1] === "") parts.pop();
  return parts.join("|");
}

/** The rule, or null when the text is not one (a function never trusts its input's shape). */
function readEligible(text: string): EligibleRule | null {
  const [k, d, trigger, mn, mx] = text.split("|");
  const value = Number(d?.slice(1));
  if (
    !k ||
    (d?.[0] !== "%" && d?.[0] !== "$") ||
    !(value >= 0) ||
    (trigger !== "p" && trigger !== "a" && trigger !== "s")
  )
    return null;
  return { k, kind: d[0], value, trigger, mn: num(mn), mx: num(mx) };
}

function writeBundlePart(p: BundlePart): string {
  return [p.k, p.ci, p.q, p.n, `${p.kind}${p.value}`, p.message.replace(/[\r\n]+/g, " ")].join("|");
}

function readBundlePart(text: string): BundlePart | null {
  const parts = text.split("|");
  const [k, ci, q, n, d] = parts;
  const value = Number(d?.slice(1));
  if (parts.length < 6 || !k || (d[0] !== "%" && d[0] !== "$") || !(value >= 0)) return null;
  const part = {
    k,
    ci: Number(ci),
    q: Number(q),
    n: Number(n),
    kind: d[0] as "%" | "$",
    value,
    message: parts.slice(5).join("|"),
  };
  return Number.isInteger(part.ci) && part.q >= 1 && part.n >= 1 && part.n <= 100 ? part : null;
}

/** The metafield's text for a product's rules. */
export function writeRules(rules: ProductRules): string {
  return [
    ...(rules.i ? [`i${rules.i}`] : []),
    ...(rules.t.length ? [`t${rules.t.join(",")}`] : []),
    ...rules.e.map((e) => `e${writeEligible(e)}`),
    ...rules.b.map((b) => `b${writeBundlePart(b)}`),
  ].join("\n");
}

/** A product's rules from its metafield's value; anything malformed is left out. */
export function readRules(value: unknown): ProductRules {
  const rules: ProductRules = { i: null, t: [], e: [], b: [] };
  if (typeof value !== "string") return rules;
  for (const line of value.split("\n")) {
    const rest = line.slice(1);
    if (line[0] === "i") rules.i = rest || null;
    else if (line[0] === "t") rules.t.push(...rest.split(",").filter(Boolean));
    else if (line[0] === "e") {
      const e = readEligible(rest);
      if (e) rules.e.push(e);
    } else if (line[0] === "b") {
      const b = readBundlePart(rest);
      if (b) rules.b.push(b);
    }
  }
  return rules;
}

/**
 * A discount experiment on an offer, as the function reads it: the experiment's id (the salt of
 * the visitor's hash, domain/experiments/bucketing.ts) and per arm its key, weight and discount
 * ("%" and percent, or "$" and cents off each unit). The function computes the shopper's arm from
 * the cart's `_pairwise_visitor` attribute exactly as the storefront did, so a line attribute
 * cannot choose the arm; without a visitor the offer's own rule (the control's discount) applies.
 */
export interface DiscountArms {
  e: string;
  a: [string, number, "%" | "$", number][];
  /**
   * the experiment's secret salt of the visitor hash (Experiment.salt): only this metafield, which
   * belongs to the app and is read by the function alone, and the app hold it
   */
  s?: string;
}

/** The metafield `$app:pairwise.config` of the app's automatic discount. */
export interface FunctionConfig {
  v: 2;
  /** the checkout message of offer discounts */
  m: string;
  /** running discount experiments, by offer key */
  x?: Record<string, DiscountArms>;
}

/** The app's summary of an offer in the rules (what the storefront may promise). */
export interface OfferRule {
  k: string;
  t: TriggerCode;
  /** the products the discount may go to (indexes into `p`) */
  e: number[];
  d: ["%" | "$", number];
  mn?: number;
  mx?: number;
}

export interface BundleRule {
  /** bundle id (for the merged line and messages) */
  i: string;
  /** the key its parts carry */
  k: string;
  /** components: [product index, variant id or "", quantity] */
  c: [number, string, number][];
  /** percent off the set, or cents off each complete set */
  d: ["%" | "$", number];
  /** the checkout message */
  m: string;
  /** the variant standing for the bundle when it is shown as one line */
  pv?: string;
  /** merged line's title and image (cart transform) */
  ti?: string;
  im?: string;
}

/**
 * Everything compiled for a shop: what each metafield holds (`f` on the discount, `r` per product,
 * the bundles with `pv` on the cart transform), and the app's own index of offers and bundles.
 * The app keeps this whole document; Shopify holds it spread over the metafields.
 */
export interface DiscountConfig {
  v: 2;
  /** product ids (Shopify numeric ids as strings), referred to by index in `o` and `b` */
  p: string[];
  o: OfferRule[];
  b: BundleRule[];
  /** the checkout message of offer discounts */
  m: string;
  /** owner (product or variant gid) → its metafield `$app:pairwise.rules` (`writeRules`) */
  r: Record<string, string>;
  /** running discount experiments, by offer key (also in the function's config) */
  x?: Record<string, DiscountArms>;
}

/** The cart transform's metafield `$app:pairwise.config`: the bundles shown as one line. */
export interface TransformConfig {
  v: 2;
  p: string[];
  b: BundleRule[];
}

export const CONFIG_VERSION = 2 as const;
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
  /** a running experiment whose arms differ in discount (the control's is the offer's own) */
  arms?: {
    experimentId: string;
    salt?: string | null;
    variants: { key: string; weight: number; discountType: "none" | "percent" | "fixed"; discountValue: number }[];
  } | null;
}

export interface BundleSource {
  id: string;
  title: string;
  discountType: "none" | "percent" | "fixed";
  discountValue: number;
  components: { productId: string; variantId: string | null; quantity: number }[];
  /** shown as one cart line through the cart transform, with this variant as its parent */
  mergedVariantId?: string | null;
  /** the product of the merged variant (it carries the bundle's rules too) */
  mergedProductId?: string | null;
  imageUrl?: string | null;
}

/** What the app knows of a product, to resolve collection, product type and tag triggers. */
export interface CatalogProduct {
  id: string;
  productType: string | null;
  tags: readonly string[];
  /** collection ids, numeric or gid */
  collections: readonly string[];
}

const COLLECTION_GID = "gid://shopify/Collection/";
export const productGid = (id: string) => `gid://shopify/Product/${id}`;
export const variantGid = (id: string) => `gid://shopify/ProductVariant/${id}`;
/** A product's id in base 36 (shorter in the function's input), or the id itself when it is not a number. */
export const shortProductId = (id: string) => (/^\d{1,15}$/.test(id) ? Number(id).toString(36) : id);
const norm = (s: string) => s.trim().toLowerCase();
const numericCollection = (c: string) => c.replace(COLLECTION_GID, "");

/** True when an offer or bundle gives the shopper something at checkout. */
export function givesDiscount(d: { discountType: string; discountValue: number }): boolean {
  return (d.discountType === "percent" || d.discountType === "fixed") && d.discountValue > 0;
}

function discountOf(d: { discountType: string; discountValue: number }): ["%" | "$", number] {
  if (!givesDiscount(d)) return ["%", 0];
  return d.discountType === "percent"
    ? ["%", Math.min(100, Math.round(d.discountValue * 100) / 100)]
    : ["$", Math.round(d.discountValue)];
}

/** The shortest suffix (at least `min` characters) of each id that no other id ends with. */
export function uniqueSuffixes(ids: readonly string[], min = 6): Map<string, string> {
  const sorted = [...new Set(ids)];
  // ids ending alike sort together when reversed: only neighbours need comparing
  const reversed = sorted.map((id) => [...id].reverse().join("")).sort();
  const common = (a: string, b: string) => {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };
  const out = new Map<string, string>();
  reversed.forEach((r, i) => {
    const before = i > 0 ? common(r, reversed[i - 1]) : 0;
    const after = i < reversed.length - 1 ? common(r, reversed[i + 1]) : 0;
    const id = [...r].reverse().join("");
    const n = Math.min(id.length, Math.max(min, before + 1, after + 1));
    out.set(id, id.slice(-n));
  });
  return out;
}

/** The catalog indexed by what triggers name: collection id, product type and tag (lower case) → product ids. */
export interface CatalogIndex {
  collections: Map<string, string[]>;
  types: Map<string, string[]>;
  tags: Map<string, string[]>;
}

export function indexCatalog(catalog: readonly CatalogProduct[]): CatalogIndex {
  const index: CatalogIndex = { collections: new Map(), types: new Map(), tags: new Map() };
  const add = (map: Map<string, string[]>, key: string, id: string) => {
    const list = map.get(key);
    if (list) list.push(id);
    else map.set(key, [id]);
  };
  for (const p of catalog) {
    for (const c of new Set(p.collections.map(numericCollection))) add(index.collections, c, p.id);
    if (p.productType) add(index.types, norm(p.productType), p.id);
    for (const t of new Set(p.tags.map(norm))) add(index.tags, t, p.id);
  }
  return index;
}

/** The products an offer's trigger names, resolved against the catalog (empty for "any" and subtotal triggers). */
export function triggerProducts(
  offer: Pick<OfferSource, "triggerType" | "triggerValues">,
  catalog: CatalogIndex,
): string[] {
  const from = (map: Map<string, string[]>, keys: string[]) => [...new Set(keys.flatMap((k) => map.get(k) ?? []))];
  switch (offer.triggerType) {
    case "products":
      return [...new Set(offer.triggerValues)];
    case "collections":
      return from(catalog.collections, offer.triggerValues.map(numericCollection));
    case "product_type":
      return from(catalog.types, offer.triggerValues.map(norm));
    case "tag":
      return from(catalog.tags, offer.triggerValues.map(norm));
    default:
      return [];
  }
}

/**
 * Compiles the live offers (already filtered to what is live now) and active bundles into the
 * rules. Deterministic: the same input gives the same bytes, so the app can tell which product's
 * rules changed since the last write.
 */
export function compileDiscountConfig(input: {
  offers: readonly OfferSource[];
  bundles: readonly BundleSource[];
  /** the products, to resolve collection, product type and tag triggers */
  catalog?: readonly CatalogProduct[];
  offerMessage?: string;
  /** every offer id of the shop (paused, ended, without discount too): keys stay unique among them all */
  allOfferIds?: readonly string[];
}): { config: DiscountConfig } {
  const catalog = indexCatalog(input.catalog ?? []);
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
  const rules = new Map<string, ProductRules>();
  const ownerRules = (owner: string, i: string | null) => {
    let r = rules.get(owner);
    if (!r) rules.set(owner, (r = { i, t: [], e: [], b: [] }));
    return r;
  };
  const rulesOf = (productId: string) => ownerRules(productGid(productId), shortProductId(productId));
  const variantRulesOf = (variantId: string) => ownerRules(variantGid(variantId), null);
  const offers = [...input.offers]
    .filter((o) => givesDiscount(o) || !!o.arms?.variants.some(givesDiscount))
    .sort((a, b) => a.id.localeCompare(b.id));
  const x: Record<string, DiscountArms> = {};
  // ids end in random characters: four of them tell thousands of offers apart, a fifth where two share them
  const keys = uniqueSuffixes([...offers.map((o) => o.id), ...(input.allOfferIds ?? [])], 4);
  const o: OfferRule[] = [];
  for (const offer of offers) {
    const eligible = [...new Set(offer.eligibleProductIds)].slice(0, MAX_ELIGIBLE_PER_OFFER);
    if (eligible.length === 0) continue;
    const code: TriggerCode = offer.triggerType === "any" ? "a" : offer.triggerType === "cart_subtotal" ? "s" : "p";
    if (code === "s" && offer.cartSubtotalMin == null && offer.cartSubtotalMax == null) continue;
    const triggers = code === "p" ? triggerProducts(offer, catalog) : [];
    if (code === "p" && triggers.length === 0) continue;
    const k = keys.get(offer.id)!;
    const d = discountOf(offer);
    const rule: OfferRule = { k, t: code, e: eligible.map(ref), d };
    if (offer.cartSubtotalMin != null) rule.mn = offer.cartSubtotalMin;
    if (offer.cartSubtotalMax != null) rule.mx = offer.cartSubtotalMax;
    o.push(rule);
    const e: EligibleRule = {
      k,
      kind: d[0],
      value: d[1],
      trigger: code,
      mn: offer.cartSubtotalMin ?? null,
      mx: offer.cartSubtotalMax ?? null,
    };
    for (const id of triggers) rulesOf(id).t.push(k);
    for (const id of eligible) rulesOf(id).e.push(e);
    if (offer.arms?.variants.some(givesDiscount))
      x[k] = {
        e: offer.arms.experimentId,
        a: offer.arms.variants.map((v): DiscountArms["a"][number] => [v.key, v.weight, ...discountOf(v)]),
        ...(offer.arms.salt ? { s: offer.arms.salt } : {}),
      };
  }
  const b: BundleRule[] = [];
  const bundles = [...input.bundles]
    .filter((x) => givesDiscount(x) && x.components.length > 0)
    .sort((x, y) => x.id.localeCompare(y.id));
  const bundleKeys = uniqueSuffixes(
    bundles.map((x) => x.id),
    4,
  );
  for (const bundle of bundles) {
    const k = bundleKeys.get(bundle.id)!;
    const d = discountOf(bundle);
    const message = bundle.title.slice(0, 60);
    const components = bundle.components.map((c): [string, string, number] => [
      c.productId,
      c.variantId ?? "",
      Math.max(1, Math.floor(c.quantity)),
    ]);
    const rule: BundleRule = { i: bundle.id, k, c: components.map(([p, v, q]) => [ref(p), v, q]), d, m: message };
    if (bundle.mergedVariantId) {
      rule.pv = bundle.mergedVariantId;
      rule.ti = bundle.title.slice(0, 80);
      if (bundle.imageUrl) rule.im = bundle.imageUrl;
      variantRulesOf(bundle.mergedVariantId).b.push({
        k,
        ci: -1,
        q: 1,
        n: components.length,
        kind: d[0],
        value: d[1],
        message,
      });
    }
    b.push(rule);
    components.forEach(([productId, variantId, quantity], ci) =>
      (variantId ? variantRulesOf(variantId) : rulesOf(productId)).b.push({
        k,
        ci,
        q: quantity,
        n: components.length,
        kind: d[0],
        value: d[1],
        message,
      }),
    );
  }
  const r: Record<string, string> = {};
  for (const id of [...rules.keys()].sort()) {
    const x = rules.get(id)!;
    r[id] = writeRules({ ...x, t: [...new Set(x.t)] });
  }
  return {
    config: {
      v: CONFIG_VERSION,
      p: products,
      o,
      b,
      m: (input.offerMessage ?? DEFAULT_OFFER_MESSAGE).slice(0, 60),
      r,
      ...(Object.keys(x).length ? { x } : {}),
    },
  };
}

/** The discount's own metafield: what the function needs beyond the cart's products. */
export function functionConfigOf(config: DiscountConfig): FunctionConfig {
  return { v: CONFIG_VERSION, m: config.m, ...(config.x ? { x: config.x } : {}) };
}

/**
 * The discount an offer's rule grants to this visitor: the arm of the offer's running discount
 * experiment the visitor's id hashes to, else the rule's own (the control's). Null: no arm applies.
 */
export function armDiscount(
  x: Record<string, DiscountArms> | undefined,
  offerKey: string,
  visitorId: string | null | undefined,
): ["%" | "$", number] | null {
  const arms = x?.[offerKey];
  if (!arms || !visitorId || !Array.isArray(arms.a)) return null;
  const key = assignVariant(
    visitorId,
    arms.e,
    arms.a.map(([k, w]) => ({ key: k, weight: w })),
    typeof arms.s === "string" ? arms.s : null,
  );
  const arm = arms.a.find((a) => a[0] === key);
  return arm && (arm[2] === "%" || arm[2] === "$") && arm[3] >= 0 ? [arm[2], arm[3]] : null;
}

/** The cart transform's metafield: the bundles shown as one line, with the products they name. */
export function transformConfigOf(config: DiscountConfig): TransformConfig {
  const merged = config.b.filter((x) => x.pv);
  const p: string[] = [];
  const at = new Map<number, number>();
  const re = (i: number) => {
    if (!at.has(i)) {
      at.set(i, p.length);
      p.push(config.p[i]);
    }
    return at.get(i)!;
  };
  return {
    v: CONFIG_VERSION,
    p,
    b: merged.map((x) => ({ ...x, c: x.c.map(([i, v, q]): [number, string, number] => [re(i), v, q]) })),
  };
}

/** What the function grants a visitor for an offer: its arm's discount, else the rule's; null when it knows no such offer. */
export function offerDiscountFor(
  config: DiscountConfig | null,
  offerId: string | null,
  visitorId: string | null | undefined,
): ["%" | "$", number] | null {
  const rule = offerRuleFor(config, offerId);
  if (!rule) return null;
  return armDiscount(config!.x, rule.k, visitorId) ?? rule.d;
}

/** The offer rule of an offer id in the configuration, or null when the function does not know it. */
export function offerRuleFor(config: DiscountConfig | null, offerId: string | null): OfferRule | null {
  if (!config || !offerId) return null;
  return config.o.find((r) => offerId.endsWith(r.k)) ?? null;
}

/** Whether the configuration discounts this product when added from this offer (trigger in the cart assumed). */
export function offerDiscountsProduct(
  config: DiscountConfig | null,
  offerId: string | null,
  productId: string,
): boolean {
  const rule = offerRuleFor(config, offerId);
  return !!rule && readRules(config!.r[productGid(productId)]).e.some((e) => e.k === rule.k);
}

/** The bundle rule of a bundle id in the configuration, or null when the function does not know it. */
export function bundleRuleFor(config: DiscountConfig | null, bundleId: string | null): BundleRule | null {
  if (!config || !bundleId) return null;
  return config.b.find((r) => r.i === bundleId) ?? null;
}
