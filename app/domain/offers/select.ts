// selectOffers: what a shopper sees in one slot (product page, cart, checkout, post-purchase,
// thank-you). Order of decisions:
//  1. Holdout visitors see nothing (they are the control group AOV lift is measured against).
//  2. Frequency cap (domain/settings.ts FREQUENCY_CAP): a product of a merchant offer the visitor
//     already saw frequencyCapPerDay times today is left out of that offer (0 = no cap). The
//     automatic suggestions of step 6 are the page's own content and are never capped.
//  3. Merchant offers that are live, placed here, aimed at the customer's segment, not declined by
//     this visitor, not excluded for a "problem customer" (return rate > highReturnRate, when the
//     offer has excludeHighReturn) and whose trigger matches.
//  4. Each offer's products: manual picks (merchant order, relevance 1, no threshold) or the stored
//     recommendations of its trigger products (same kind as the offer, lift ≥ minLift), then the
//     business rules (stock, cart, owned unless replenished, declined, exclusions, threshold).
//  5. Offers ordered by priority, then by their best product's score. The first offer with a
//     product fixes the slot's type: cross-sell and upsell never share a slot. Products are
//     deduplicated and capped at maxSuggestions in total (the shop's, or the leading offer's if lower).
//     Cross-sells (automatic or recommended) never hold a substitute of a context product, nor
//     two alternatives to each other (ranking/substitutes.ts); the merchant's manual picks do as
//     the merchant says.
//  6. "Auto" fallback, shop-wide: when no merchant offer yields a product, the stored cross-sell
//     recommendations of the context's products above the relevance threshold are shown with
//     default copy (never to problem customers); after the purchase (thank-you, post-purchase)
//     the sequential patterns come first. Turn it off with `autoRecommendations: false`.
import type { CatalogProduct, OfferType, Placement, ProductId, ShopSettings } from "../types";
import { applyBusinessRules, type RankedCandidate } from "../ranking/rules";
import { indexCatalog } from "../ranking/catalog";
import { pairIndex } from "../ranking/substitutes";
import { customerSegments, isProblemCustomer, matchesAudience } from "./segments";
import { discountedPrice, type DiscountType } from "./pricing";
import { contextProductIds, isLive, matchTrigger } from "./triggers";
import { isCapped } from "../settings";
import type {
  ExperimentArm,
  OfferContext,
  OfferDefinition,
  OfferLayout,
  OfferOverrides,
  PlacementSetting,
  Selection,
  ShownItem,
  ShownOffer,
  StoredRecommendation,
} from "./types";

export interface SelectInput {
  context: OfferContext;
  /** the shop's offers (any status: non-active ones are skipped) */
  offers: readonly OfferDefinition[];
  /** stored recommendations whose productId is one of the context's products */
  recommendations: readonly StoredRecommendation[];
  /** catalog facts of the context's products and of every candidate */
  catalog: readonly CatalogProduct[];
  settings: Pick<
    ShopSettings,
    | "relevanceThreshold"
    | "maxSuggestions"
    | "lowStockThreshold"
    | "marginPreference"
    | "frequencyCapPerDay"
    | "excludedProductIds"
    | "excludedTags"
    | "highReturnRate"
  >;
  /** consumables customers re-buy: may be offered to someone who owns them */
  replenishedProductIds?: readonly ProductId[];
  /** merchant-featured products (ranking boost) */
  featuredProductIds?: readonly ProductId[];
  /** the shop-wide automatic fallback (default on) */
  autoRecommendations?: boolean;
  /**
   * Sequential patterns ("bought A, came back for B") count as cross-sells: after a purchase
   * (post-purchase, thank-you) what customers buy next is a fitting companion. Default off.
   */
  sequentialAsCrossSell?: boolean;
  /** what the merchant set per placement (show nothing, how many items, layout) */
  placementSettings?: Partial<Record<Placement, PlacementSetting>>;
}

/** Default headline when the merchant left it empty. */
export const DEFAULT_HEADLINES: Record<OfferType | "auto" | "next", string> = {
  cross_sell: "Goes well with {product}",
  upsell: "Upgrade your {product}",
  auto: "Frequently bought together",
  next: "Customers who bought {product} often come back for",
};

/**
 * Which stored recommendations the automatic fallback shows, in order of preference: after the
 * purchase (thank-you page) the sequential patterns "bought A, came back for B" come first.
 */
const AUTO_KINDS: Record<Placement, readonly StoredRecommendation["kind"][]> = {
  product: ["cross_sell"],
  cart: ["cross_sell"],
  checkout: ["cross_sell"],
  // post-purchase reads sequential patterns as companions through `sequentialAsCrossSell`
  post_purchase: ["cross_sell"],
  thank_you: ["sequential", "cross_sell"],
};

/** Renders copy: every "{product}" becomes the trigger product's title ("your order" when unknown). */
export function renderCopy(template: string, productTitle: string | null | undefined): string {
  return template.replace(/\{\s*product\s*\}/g, productTitle && productTitle.trim() ? productTitle : "your order");
}

type Candidate = { productId: ProductId; score: number; source: ShownItem["source"] };

interface Prepared {
  offer: OfferDefinition | null;
  kept: RankedCandidate<Candidate>[];
  triggerTitle: string | null;
  experimentVariant: string | null;
  layout: OfferLayout | null;
  headline: string;
  body: string;
  discountType: DiscountType;
  discountValue: number;
}

/** What every step needs to know about the shopper's context, computed once. */
interface Facts {
  input: SelectInput;
  ctx: OfferContext;
  settings: SelectInput["settings"];
  catalog: ReturnType<typeof indexCatalog>;
  segments: ReturnType<typeof customerSegments>;
  problem: boolean;
  declinedOffers: Set<string>;
  contextIds: ProductId[];
  max: number;
  ruleBase: Omit<Parameters<typeof applyBusinessRules>[1], "triggerProductIds">;
  substitutes: NonNullable<Parameters<typeof applyBusinessRules>[1]["substitutes"]>;
  skipped: Selection["skipped"];
  titleOf: (ids: readonly ProductId[]) => string | null;
  /** the placement's setting with the visitor's arm of an experiment on this placement over it */
  placement: PlacementSetting;
  placementArm: ExperimentArm | null;
}

/** The offers to show in one slot for a shopper's context (see the decision order above). */
export function selectOffers(input: SelectInput): Selection {
  const { context: ctx, settings } = input;
  const skipped: Selection["skipped"] = [];
  const empty = (outcome: Selection["outcome"]): Selection => ({ outcome, type: null, offers: [], skipped });

  // Steps 1–2: holdout and frequency cap.
  if (ctx.assignment.holdout) return empty("holdout");

  // A placement experiment's arm (or the merchant's setting for the placement) may show nothing here,
  // or another number of items, in another layout.
  const placementArm = ctx.assignment.experiments?.find((e) => !e.offerId && e.placement === ctx.placement) ?? null;
  const placement: PlacementSetting = {
    ...input.placementSettings?.[ctx.placement],
    ...pickPlacement(placementArm?.overrides),
  };
  if (placement.hide) {
    skipped.push({ offerId: null, reason: placementArm?.overrides?.hide ? "experiment_arm" : "placement_hidden" });
    return empty("no_match");
  }
  const catalog = indexCatalog(input.catalog);
  const max = Math.max(0, placement.maxSuggestions ?? settings.maxSuggestions);
  const facts: Facts = {
    input,
    ctx,
    settings,
    catalog,
    segments: customerSegments(ctx.customer, ctx.highValueThreshold),
    problem: isProblemCustomer(ctx.customer, settings.highReturnRate),
    declinedOffers: new Set(ctx.visitor.declinedOfferIds),
    contextIds: contextProductIds(ctx),
    max,
    ruleBase: {
      catalog,
      settings,
      cartProductIds: (ctx.cart?.lines ?? []).map((l) => l.productId),
      ownedProductIds: ctx.customer?.ownedProductIds ?? [],
      replenishedProductIds: input.replenishedProductIds ?? [],
      declinedProductIds: ctx.visitor.declinedProductIds,
      featuredProductIds: input.featuredProductIds ?? [],
      limit: max,
    },
    // Substitutes of the context's products stay out of cross-sells, and one list holds one of a set
    // of alternatives (ranking/substitutes.ts). Serving knows which pairs go together from the stored
    // cross-sell rows of the context's products (the mining job stores no row between substitutes);
    // two candidates from different products' lists count as alternatives when they look alike.
    substitutes: {
      oneOfEach: true,
      together: pairIndex(
        input.recommendations
          .filter((r) => r.kind === "cross_sell")
          .map((r) => ({ a: r.productId, b: r.recommendedProductId })),
      ),
    },
    skipped,
    titleOf: (ids) => {
      for (const id of ids) {
        const p = catalog.get(id);
        if (p) return p.title;
      }
      return null;
    },
    placement,
    placementArm,
  };

  const prepared = eligibleOffers(facts);
  if (prepared.length === 0) {
    const auto = autoFallback(facts);
    if (auto) prepared.push(auto);
  }
  if (prepared.length === 0) return empty("no_match");
  return fillSlot(facts, prepared);
}

/** Steps 3–4: the merchant's eligible offers with the products each would show, in slot order. */
function eligibleOffers(f: Facts): Prepared[] {
  const { input, ctx, settings, catalog, skipped, max } = f;
  const prepared: Prepared[] = [];
  for (const defined of input.offers) {
    const exp = experimentArmOf(ctx, defined.id);
    // An experiment arm may show other items (mined or hand-picked) or another number of them.
    const offer = exp?.overrides ? withArmItems(defined, exp.overrides) : defined;
    const skip = (reason: string) => skipped.push({ offerId: offer.id, reason });
    if (!isLive(offer, ctx.now)) {
      skip("not_live");
      continue;
    }
    if (!offer.placements.includes(ctx.placement)) {
      skip("placement");
      continue;
    }
    if (f.declinedOffers.has(offer.id)) {
      skip("declined");
      continue;
    }
    if (!matchesAudience(offer.audience, f.segments)) {
      skip("audience");
      continue;
    }
    if (offer.excludeHighReturn && f.problem) {
      skip("problem_customer");
      continue;
    }
    const triggers = matchTrigger(offer, ctx, catalog);
    if (triggers.length === 0) {
      skip("trigger");
      continue;
    }

    let candidates: Candidate[];
    if (offer.offerSource === "manual") {
      const n = offer.offeredProductIds.length;
      // Merchant order is kept: relevance 1, then a tiny decreasing step per position.
      candidates = offer.offeredProductIds.map((id, i) => ({
        productId: id,
        score: 1 - i / (1000 * Math.max(1, n)),
        source: "manual" as const,
      }));
    } else {
      const triggerSet = new Set(triggers);
      candidates = input.recommendations
        .filter(
          (r) =>
            triggerSet.has(r.productId) &&
            kindOf(r, input) === offer.type &&
            (offer.minLift == null || r.lift >= offer.minLift),
        )
        .map((r) => ({ productId: r.recommendedProductId, score: r.score, source: r.source }));
    }
    const cap = settings.frequencyCapPerDay;
    candidates = candidates.filter((c) => {
      if (!isCapped(cap, ctx.visitor.offerImpressionsToday, offer.id, c.productId)) return true;
      skipped.push({ offerId: offer.id, productId: c.productId, reason: "frequency_capped" });
      return false;
    });
    const manual = offer.offerSource === "manual";
    const result = applyBusinessRules(candidates, {
      ...f.ruleBase,
      // the merchant's own picks are the merchant's call; an upsell is a substitute by design
      ...(!manual && offer.type === "cross_sell" ? { substitutes: f.substitutes } : {}),
      // The merchant's own picks keep the merchant's order: no threshold, margin or featured nudge.
      ...(manual ? { settings: { ...settings, marginPreference: 0 }, featuredProductIds: [] } : {}),
      triggerProductIds: triggers,
      ignoreThreshold: manual,
      limit: Math.min(max, offer.maxSuggestions ?? max),
    });
    for (const d of result.dropped) skipped.push({ offerId: offer.id, productId: d.productId, reason: d.reason });
    if (result.kept.length === 0) {
      skip("no_products");
      continue;
    }
    const o = exp?.overrides ?? {};
    prepared.push({
      offer,
      kept: result.kept,
      triggerTitle: f.titleOf(triggers),
      experimentVariant: exp?.variant ?? f.placementArm?.variant ?? null,
      layout: o.layout ?? f.placementArm?.overrides?.layout ?? offer.layout ?? f.placement.layout ?? null,
      headline: o.headline ?? offer.headline,
      body: o.body ?? offer.body,
      discountType: o.discountType ?? offer.discountType,
      discountValue: o.discountValue ?? offer.discountValue,
    });
  }
  // Step 5 (order): priority, then the best product's score.
  return prepared.sort(
    (a, b) =>
      (b.offer?.priority ?? 0) - (a.offer?.priority ?? 0) ||
      b.kept[0].score - a.kept[0].score ||
      (a.offer?.id ?? "").localeCompare(b.offer?.id ?? ""),
  );
}

/** What a placement arm may change: whether anything shows, how many items, the layout. */
function pickPlacement(o: OfferOverrides | undefined): PlacementSetting {
  if (!o) return {};
  return {
    ...(o.hide !== undefined ? { hide: o.hide } : {}),
    ...(o.maxSuggestions !== undefined ? { maxSuggestions: o.maxSuggestions } : {}),
    ...(o.layout !== undefined ? { layout: o.layout } : {}),
  };
}

/** The visitor's arm of an experiment on this offer, if one is running. */
function experimentArmOf(ctx: OfferContext, offerId: string): ExperimentArm | null {
  const a = ctx.assignment;
  return (
    a.experiments?.find((e) => e.offerId === offerId) ??
    (a.experiment && a.experiment.offerId === offerId ? a.experiment : null)
  );
}

/** The offer as an experiment arm shows it: its items' source, picks and count overridden. */
function withArmItems(offer: OfferDefinition, o: OfferOverrides): OfferDefinition {
  return {
    ...offer,
    offerSource: o.offerSource ?? offer.offerSource,
    offeredProductIds: o.offeredProductIds ?? offer.offeredProductIds,
    maxSuggestions: o.maxSuggestions ?? offer.maxSuggestions,
  };
}

/**
 * A stored row's kind as a selection reads it: replenishment rows (the same product re-bought)
 * are never a companion; after the purchase (`sequentialAsCrossSell`), "bought A, came back for B"
 * patterns count as companions.
 */
function kindOf(r: StoredRecommendation, input: SelectInput): StoredRecommendation["kind"] {
  return r.kind === "sequential" && input.sequentialAsCrossSell && r.productId !== r.recommendedProductId
    ? "cross_sell"
    : r.kind;
}

/**
 * Step 6: the shop-wide automatic recommendations, when no merchant offer yields a product (on
 * the thank-you page: what customers typically buy next first).
 */
function autoFallback(f: Facts): Prepared | null {
  if (f.input.autoRecommendations === false || f.problem || f.contextIds.length === 0) return null;
  const ids = new Set(f.contextIds);
  for (const kind of AUTO_KINDS[f.ctx.placement]) {
    const candidates = f.input.recommendations
      .filter((r) => ids.has(r.productId) && r.productId !== r.recommendedProductId && kindOf(r, f.input) === kind)
      .map((r) => ({ productId: r.recommendedProductId, score: r.score, source: r.source }));
    const result = applyBusinessRules(candidates, {
      ...f.ruleBase,
      triggerProductIds: f.contextIds,
      substitutes: f.substitutes,
    });
    for (const d of result.dropped) f.skipped.push({ offerId: null, productId: d.productId, reason: d.reason });
    if (result.kept.length === 0) continue;
    return {
      offer: null,
      kept: result.kept,
      triggerTitle: f.titleOf(f.contextIds),
      experimentVariant: f.placementArm?.variant ?? null,
      layout: f.placement.layout ?? null,
      headline: kind === "sequential" ? DEFAULT_HEADLINES.next : DEFAULT_HEADLINES.auto,
      body: "",
      discountType: "none",
      discountValue: 0,
    };
  }
  return null;
}

/** Step 5: one type per slot, products deduplicated and capped, copy rendered. */
function fillSlot(f: Facts, prepared: Prepared[]): Selection {
  const { catalog, skipped, max } = f;
  const slotType: OfferType = prepared[0].offer?.type ?? "cross_sell";
  const cap = Math.min(max, prepared[0].offer?.maxSuggestions ?? max);
  const shownIds = new Set<ProductId>();
  const offers: ShownOffer[] = [];
  let total = 0;
  for (const p of prepared) {
    if (total >= cap) {
      if (p.offer) skipped.push({ offerId: p.offer.id, reason: "slot_full" });
      continue;
    }
    if ((p.offer?.type ?? "cross_sell") !== slotType) {
      skipped.push({ offerId: p.offer?.id ?? null, reason: "other_type_in_slot" });
      continue;
    }
    const items: ShownItem[] = [];
    for (const c of p.kept) {
      if (total >= cap) break;
      if (shownIds.has(c.productId)) continue;
      const product = catalog.get(c.productId);
      if (!product) continue;
      const variant = product.variants.find((v) => v.id === c.variantId) ?? product.variants[0];
      if (!variant) continue;
      shownIds.add(c.productId);
      total++;
      items.push({
        productId: product.id,
        variantId: variant.id,
        title: product.title,
        handle: product.handle,
        imageUrl: product.imageUrl ?? null,
        price: variant.price,
        compareAtPrice: variant.compareAtPrice ?? null,
        discountedPrice: discountedPrice(variant.price, { type: p.discountType, value: p.discountValue }),
        score: c.score,
        source: c.source,
      });
    }
    if (items.length === 0) continue;
    const headlineTemplate = p.headline.trim() ? p.headline : DEFAULT_HEADLINES[p.offer?.type ?? "auto"];
    offers.push({
      offerId: p.offer?.id ?? null,
      type: slotType,
      source: p.offer ? p.offer.offerSource : "auto",
      headline: renderCopy(headlineTemplate, p.triggerTitle),
      body: renderCopy(p.body, p.triggerTitle),
      discountType: p.discountType,
      discountValue: p.discountValue,
      experimentVariant: p.experimentVariant,
      layout: p.layout,
      items,
    });
  }
  return { outcome: "shown", type: slotType, offers, skipped };
}
