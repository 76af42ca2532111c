// Offers for the storefront widget (app proxy): the shopper's context in, JSON ready to render out.
// The decisions are the domain's (selectOffers, bundle pricing, free-shipping progress); this module
// gathers the facts they need — the shop snapshot, the visitor's declines and impressions today,
// the logged-in customer's history, all held in memory once known — and shapes the answer.
import { assignVisitor, experimentArms } from "../../domain/experiments";
import { bundleRuleFor, offerDiscountFor, offerDiscountsProduct, type DiscountConfig } from "../../domain/discounts";
import {
  bundlePrice,
  discountedPrice,
  freeShippingProgress,
  selectOffers,
  type OfferContext,
} from "../../domain/offers";
import { offerableVariant } from "../../domain/ranking";
import type { CatalogProduct } from "../../domain/types";
import {
  getRecommendations,
  getShopSnapshot,
  selectionCatalog,
  shopSnapshotNow,
  type ShopSnapshot,
} from "./shop-snapshot.server";
import { randomBytes } from "node:crypto";
import { tokenSigner, type ServedItem } from "./tracking-token.server";
import { customerFacts, readPlainVisitor, plainVisitorNow, visitorFacts } from "./visitor-cache.server";
import type { Discount, OfferItem, ProxyOffersResponse, StorefrontPlacement } from "../../lib/storefront-contract";
export type { StorefrontPlacement };

export interface OffersQuery {
  shop: string;
  context: StorefrontPlacement;
  productId?: string;
  variantIds?: string[];
  /** cart subtotal, cents (from /cart.js or the checkout's lines) */
  subtotal?: number;
  /**
   * Product pages: how many companions the page's "Frequently bought together" block shows. A
   * product is shown once per page, so the other slots leave the bundle's products out (and are
   * chosen from that many more candidates to stay full).
   */
  bundleCompanions?: number;
  visitorId: string;
  customerId?: string | null;
  now?: number;
  /** answer as for a visitor outside the holdout and every experiment (what a theme block can know beforehand, storefront-facts.server.ts) */
  generic?: boolean;
}

/** Issues the tracking token of one served item (bound to the visitor and the moment by the caller). */
type Sign = (item: ServedItem) => string;

function toItem(
  snapshot: ShopSnapshot,
  product: CatalogProduct,
  shown: { variantId: string | null } | null,
  discount: Discount,
  offerId: string | null,
  placement: string,
  slot: string,
  sign: Sign,
): OfferItem {
  const low = snapshot.settings.lowStockThreshold;
  const variant =
    (shown?.variantId ? product.variants.find((v) => v.id === shown.variantId) : null) ??
    offerableVariant(product, low) ??
    product.variants[0];
  return {
    productId: product.id,
    variantId: variant.id,
    title: product.title,
    handle: product.handle,
    url: `/products/${product.handle}`,
    imageUrl: product.imageUrl ?? null,
    price: variant.price,
    compareAtPrice: variant.compareAtPrice ?? null,
    // the checkout discounts this product when added from this offer (with its trigger): show that price, else the regular one
    discountedPrice: offerDiscountsProduct(snapshot.checkoutDiscounts, offerId, product.id)
      ? discountedPrice(variant.price, discount)
      : variant.price,
    available: offerableVariant(product, low) !== null,
    variants: product.variants.map((v) => ({
      id: v.id,
      title: v.title,
      price: v.price,
      available: v.availableForSale && (!v.inventoryTracked || (v.inventoryQuantity ?? 0) >= Math.max(1, low)),
    })),
    token: sign({ offerId, productId: product.id, placement, slot }),
  };
}

const MAX_CACHED_ANSWERS = 20_000;

const NO_DISCOUNT: Discount = { type: "none", value: 0 };

/**
 * The discount the storefront may show for an offer: the one Shopify's discount function will
 * grant (the rule it holds, whatever an experiment arm's copy says), only while the shop's
 * discount is live; otherwise none, and regular prices.
 */
export function grantedOfferDiscount(
  config: DiscountConfig | null,
  offerId: string | null,
  visitorId?: string | null,
): Discount {
  // under a discount experiment: the discount of the visitor's arm, computed as the function computes it
  const d = offerDiscountFor(config, offerId, visitorId);
  return d && d[1] > 0 ? { type: d[0] === "%" ? "percent" : "fixed", value: d[1] } : NO_DISCOUNT;
}

/** The bundle discount the checkout grants for a bundle, or none. */
export function grantedBundleDiscount(config: DiscountConfig | null, bundleId: string): Discount {
  const rule = bundleRuleFor(config, bundleId);
  return rule ? { type: rule.d[0] === "%" ? "percent" : "fixed", value: rule.d[1] } : NO_DISCOUNT;
}

/**
 * Offers for one storefront request as JSON, or null when the shop is unknown to Pairwise.
 * Most visitors are anonymous and have declined nothing: their answer depends only on the
 * request, so it is computed once per shop snapshot and kept as a template with a hole for each
 * tracking token; each request fills the holes with tokens bound to its own visitor and moment.
 */
export async function serveOffersJson(query: OffersQuery, secret: string): Promise<string | null> {
  const now = query.now ?? Date.now();
  const known = shopSnapshotNow(query.shop);
  const snapshot = known !== undefined ? known : await getShopSnapshot(query.shop);
  if (!snapshot) return null;
  const sign: Sign = tokenSigner(query.shop, query.visitorId, now, secret);
  const generic =
    !query.customerId &&
    !isHoldout(snapshot, query) &&
    (plainVisitorNow(query.shop, query.visitorId, snapshot.settings.frequencyCapPerDay, now) ??
      (await readPlainVisitor(query.shop, query.visitorId, snapshot.settings.frequencyCapPerDay, now)));
  if (!generic) {
    const answer = await buildOffers({ ...query, now }, sign);
    return answer ? JSON.stringify(answer) : null;
  }
  // Visitors in different experiment arms see different answers: the arms are part of the key.
  const arms = experimentArms(snapshot.experiments, query.visitorId, now)
    .map((a) => `${a.experimentId}:${a.variant}`)
    .join(",");
  const key = `${query.context}|${query.productId ?? ""}|${(query.variantIds ?? []).join(",")}|${query.subtotal ?? ""}|${query.bundleCompanions ?? ""}|${arms}`;
  let template = snapshot.answers.get(key);
  if (!template) {
    // one computation however many requests for it arrive while it waits for the database
    let building = buildingAnswers.get(snapshot);
    if (!building) buildingAnswers.set(snapshot, (building = new Map()));
    let pending = building.get(key);
    if (!pending) {
      const items: ServedItem[] = [];
      pending = buildOffers({ ...query, now }, (item) => `${HOLE}${items.push(item) - 1}${HOLE}`).then((answer) =>
        answer ? answerTemplate(JSON.stringify(answer), items) : null,
      );
      building.set(key, pending);
      const built = building;
      pending.then(
        (t) => {
          built.delete(key);
          if (t && snapshot.answers.size < MAX_CACHED_ANSWERS) snapshot.answers.set(key, t);
        },
        () => built.delete(key),
      );
    }
    const built = await pending;
    if (!built) return null;
    template = built;
  }
  return fillTemplate(template, sign);
}

/** Templates being computed, per snapshot and request (serveOffersJson). */
const buildingAnswers = new WeakMap<ShopSnapshot, Map<string, Promise<AnswerTemplate | null>>>();

/** A marker no product title or setting can contain (random per process). */
const HOLE = `pw${randomBytes(9).toString("hex")}`;
const HOLES = new RegExp(`${HOLE}(\\d+)${HOLE}`);

/** JSON text around the holes (parts.length = holes.length + 1); for each hole, the item whose token goes there. */
type AnswerTemplate = ShopSnapshot["answers"] extends Map<string, infer T> ? T : never;

function answerTemplate(json: string, items: ServedItem[]): AnswerTemplate {
  const split = json.split(HOLES); // text, index, text, index, …, text
  const parts: string[] = [];
  const holes: ServedItem[] = [];
  for (let i = 0; i < split.length; i++) {
    if (i % 2 === 0) parts.push(split[i]);
    else holes.push(items[Number(split[i])]);
  }
  return { parts, holes };
}

function fillTemplate(template: AnswerTemplate, sign: Sign): string {
  let out = template.parts[0];
  const tokens = new Map<ServedItem, string>();
  for (let i = 0; i < template.holes.length; i++) {
    const item = template.holes[i];
    let token = tokens.get(item);
    if (token === undefined) tokens.set(item, (token = sign(item)));
    out += token + template.parts[i + 1];
  }
  return out;
}

function isHoldout(snapshot: ShopSnapshot, query: OffersQuery): boolean {
  return assignVisitor(query.visitorId, query.shop, snapshot.settings.holdoutPercent).holdout;
}

/**
 * Offers for one storefront request, or null when the shop is unknown to Pairwise. Each item's
 * tracking token is bound to the visitor, the moment (`now`) and the slot it is served in.
 */
export async function serveOffers(query: OffersQuery, secret: string): Promise<ProxyOffersResponse | null> {
  const now = query.now ?? Date.now();
  return buildOffers({ ...query, now }, tokenSigner(query.shop, query.visitorId, now, secret));
}

async function buildOffers(query: OffersQuery, sign: Sign): Promise<ProxyOffersResponse | null> {
  const now = query.now ?? Date.now();
  // The snapshot's freshness is wall-clock time; `now` is the shopper's moment (schedules, caps).
  const snapshot = await getShopSnapshot(query.shop);
  if (!snapshot) return null;
  const { settings, catalog } = snapshot;
  const base: ProxyOffersResponse = {
    context: query.context,
    currency: snapshot.currency,
    moneyFormat: snapshot.moneyFormat,
    holdout: false,
    slots: [],
    bundle: null,
    freeShipping: null,
  };

  const cartLines = (query.variantIds ?? []).flatMap((variantId) => {
    const productId = snapshot.productOfVariant.get(variantId);
    const price = productId ? catalog.get(productId)?.variants.find((v) => v.id === variantId)?.price : undefined;
    return productId ? [{ productId, variantId, quantity: 1, price }] : [];
  });
  const subtotal = query.subtotal ?? cartLines.reduce((s, l) => s + (l.price ?? 0), 0);
  if (query.context === "cart" && settings.freeShippingThreshold) {
    const progress = freeShippingProgress(subtotal, settings.freeShippingThreshold);
    base.freeShipping = { threshold: progress.threshold, remaining: progress.remaining };
  }

  const assignment = assignVisitor(query.visitorId, query.shop, settings.holdoutPercent);
  if (assignment.holdout && !query.generic) return { ...base, holdout: true };

  const pageBundle = query.context === "product" ? Math.max(0, Math.min(3, query.bundleCompanions ?? 0)) : 0;
  // Cart, checkout and thank-you offers start from the cart's (or the order's) lines.
  const contextIds =
    query.context === "product"
      ? query.productId
        ? [query.productId]
        : []
      : [...new Set(cartLines.map((l) => l.productId))];
  if (contextIds.length === 0) return base;

  const [visitor, customer, recommendations] = await Promise.all([
    visitorFacts(query.shop, query.visitorId, now),
    customerFacts(query.shop, query.customerId),
    getRecommendations(query.shop, contextIds),
  ]);
  const context: OfferContext = {
    placement: query.context,
    productId: query.context === "product" ? query.productId : null,
    cart: query.context === "product" ? null : { lines: cartLines, subtotal },
    customer,
    visitor,
    assignment: {
      holdout: false,
      experiments: query.generic ? [] : experimentArms(snapshot.experiments, query.visitorId, now),
    },
    highValueThreshold: snapshot.highValueThreshold,
    now,
  };
  const selection = selectOffers({
    context,
    offers: snapshot.offers,
    recommendations,
    catalog: selectionCatalog(snapshot, contextIds, recommendations),
    settings: pageBundle ? { ...settings, maxSuggestions: settings.maxSuggestions + pageBundle } : settings,
    replenishedProductIds: snapshot.replenishedProductIds,
    placementSettings: snapshot.placementSettings,
  });

  const slots = selection.offers.map((offer, i) => {
    const granted = grantedOfferDiscount(snapshot.checkoutDiscounts, offer.offerId, query.visitorId);
    const items = offer.items.flatMap((item) => {
      const product = catalog.get(item.productId);
      return product ? [toItem(snapshot, product, item, granted, offer.offerId, query.context, String(i), sign)] : [];
    });
    // a badge only when the checkout discounts at least one of the items shown
    const discount = items.some((i) => i.discountedPrice < i.price) ? granted : NO_DISCOUNT;
    return {
      slotId: `${query.context}-${offer.offerId ?? "auto"}-${i}`,
      offerId: offer.offerId,
      type: offer.type,
      headline: offer.headline,
      body: offer.body,
      discount,
      ...(offer.layout ? { layout: offer.layout } : {}),
      items,
    };
  });

  const bundle =
    query.context === "product"
      ? frequentlyBoughtTogether(snapshot, query.productId!, slots, visitor.declinedProductIds, sign, pageBundle || 2)
      : null;
  if (pageBundle > 0) {
    // once per page: what the bundle block shows leaves the other slots, which keep the shop's maximum
    const inBundle = new Set(
      bundle ? [bundle.anchor, ...bundle.items.slice(0, pageBundle)].map((i) => i.productId) : [],
    );
    // (a slot with nothing else to suggest keeps its items: a box of suggestions beats an empty one)
    for (const slot of slots) {
      const rest = slot.items.filter((i) => !inBundle.has(i.productId));
      slot.items = (rest.length > 0 ? rest : slot.items).slice(0, settings.maxSuggestions);
    }
  }
  return { ...base, slots: slots.filter((s) => s.items.length > 0), bundle };
}

/**
 * "Frequently bought together" for a product page: a merchant bundle containing the product when
 * there is one, otherwise the product with the top `companions` cross-sells the selection chose.
 */
function frequentlyBoughtTogether(
  snapshot: ShopSnapshot,
  productId: string,
  slots: ProxyOffersResponse["slots"],
  declined: readonly string[],
  sign: Sign,
  companions: number,
): ProxyOffersResponse["bundle"] {
  const anchorProduct = snapshot.catalog.get(productId);
  if (!anchorProduct) return null;
  const declinedSet = new Set(declined);
  const bundle = snapshot.bundles.find((b) => b.components.some((c) => c.productId === productId));
  if (bundle) {
    const discount = grantedBundleDiscount(snapshot.checkoutDiscounts, bundle.id);
    const products = bundle.components
      .filter((c) => c.productId !== productId && !declinedSet.has(c.productId))
      .map((c) => snapshot.catalog.get(c.productId))
      .filter((p): p is CatalogProduct => !!p && offerableVariant(p, snapshot.settings.lowStockThreshold) !== null);
    if (products.length > 0) {
      const anchor = toItem(snapshot, anchorProduct, null, { type: "none", value: 0 }, null, "product", "b", sign);
      const items = products.map((p) =>
        toItem(snapshot, p, null, { type: "none", value: 0 }, null, "product", "b", sign),
      );
      const price = bundlePrice(
        [anchor, ...items].map((i) => ({ price: i.price, quantity: 1 })),
        discount,
      );
      return {
        offerId: null,
        bundleId: bundle.id,
        anchor,
        items,
        discount,
        total: price.total,
        discounted: price.discounted,
        saving: price.saving,
      };
    }
  }
  const cross = slots.find((s) => s.type === "cross_sell");
  if (!cross || cross.items.length === 0) return null;
  const anchor = toItem(snapshot, anchorProduct, null, { type: "none", value: 0 }, cross.offerId, "product", "b", sign);
  const items = cross.items.slice(0, companions);
  const price = bundlePrice(
    [anchor, ...items].map((i) => ({ price: i.price, quantity: 1 })),
    null,
  );
  return {
    offerId: cross.offerId,
    bundleId: null,
    anchor,
    items,
    discount: { type: "none", value: 0 },
    total: price.total,
    discounted: price.discounted,
    saving: 0,
  };
}
