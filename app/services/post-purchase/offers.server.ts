// Post-purchase offers: what the checkout_post_purchase extension asks between payment and the
// thank-you page. Every request carries the extension's `inputData.token` (an HS256 JWT Shopify
// signs with the app secret), verified by the library (authenticate.public.checkout) in the route;
// what the order contains, whose it is and which shop it belongs to are read from that signed
// token only — never from the request body.
//
//  - offers: the order's own lines are the context of the same domain selection as the storefront
//    (placement `post_purchase`; sequential patterns count as companions; what is in the order or
//    owned, declined, out of stock or excluded is never offered), up to the merchant's limit per
//    order. Each product served is stored (PostPurchaseOffer) with the variant, price and discount
//    shown; asking again for the same purchase answers the same offers.
//  - sign-changeset: a JWT per Shopify's post-purchase JWT specification, only for a stored offer
//    of this purchase, with its variant, an offered quantity and exactly the merchant's discount,
//    once per offer.
//  - events: impression, decline (never offered again to that customer) and accept go to the
//    same Event table as the storefront's, keyed so that a retry counts once.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import db from "../../db.server";
import { checkoutVisitor } from "../checkout/checkout-visitor.server";
import { armOf, assignVisitor, experimentArms } from "../../domain/experiments";
import {
  CHANGESET_REFUSALS,
  changesetDiscount,
  changeToSign,
  discountedPrice,
  postPurchaseMaxQuantity,
  postPurchasePicks,
  selectOffers,
  type ChangesetDiscount,
  type ChangesetRequest,
  type DiscountType,
  type OfferContext,
  type StoredRecommendation,
} from "../../domain/offers";
import type { CatalogProduct } from "../../domain/types";
import { getRecommendations, getShopSnapshot, selectionCatalog } from "../storefront/shop-snapshot.server";
import { customerFacts, recordVisitorEvents, visitorFacts } from "../storefront/visitor-cache.server";

/** Shopify's post-purchase tokens carry no `exp`: a token older than this is refused. */
export const MAX_INPUT_TOKEN_AGE_S = 60 * 60;
const MAX_LINES = 250;

const id = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String);
const inputDataSchema = z.object({
  shop: z.object({ domain: z.string().min(1).max(255) }),
  initialPurchase: z.object({
    referenceId: z.string().min(1).max(255),
    customerId: id.nullish(),
    lineItems: z
      .array(
        z.object({
          product: z.object({ id, variant: z.object({ id }) }),
          quantity: z.number().int().min(0).max(100_000),
          totalPriceSet: z
            .object({ shopMoney: z.object({ amount: z.union([z.string().max(32), z.number()]) }) })
            .optional(),
        }),
      )
      .max(MAX_LINES),
  }),
});

/** The purchase a verified post-purchase token speaks for. */
export interface Purchase {
  shop: string;
  referenceId: string;
  customerId: string | null;
  lines: { productId: string; variantId: string; quantity: number; price: number }[];
}

/**
 * The purchase in a token the library verified (signature, algorithm, `exp` when present), or
 * null when it is not a usable post-purchase token: not issued by Shopify, `sub` not the purchase
 * it describes, too old, or without the input data the extension point is given.
 */
export function purchaseFromToken(
  payload: { iss?: unknown; sub?: unknown; iat?: unknown; input_data?: unknown },
  now = Date.now(),
): Purchase | null {
  if (payload.iss !== "shopify") return null;
  if (
    typeof payload.iat !== "number" ||
    payload.iat * 1000 < now - MAX_INPUT_TOKEN_AGE_S * 1000 ||
    payload.iat * 1000 > now + 60_000
  )
    return null;
  const parsed = inputDataSchema.safeParse(payload.input_data);
  if (!parsed.success) return null;
  const { shop, initialPurchase: p } = parsed.data;
  if (payload.sub !== p.referenceId) return null;
  return {
    shop: shop.domain,
    referenceId: p.referenceId,
    customerId: p.customerId ?? null,
    lines: p.lineItems.map((l) => {
      const total = Math.round(Number(l.totalPriceSet?.shopMoney.amount ?? 0) * 100);
      return {
        productId: l.product.id,
        variantId: l.product.variant.id,
        quantity: l.quantity,
        price: l.quantity > 0 && Number.isFinite(total) ? Math.round(total / l.quantity) : 0,
      };
    }),
  };
}

/** The events pipeline's visitor for a purchase: the customer when known (declines follow them), else the purchase. */
export function purchaseVisitor(purchase: Pick<Purchase, "customerId" | "referenceId">): string {
  return purchase.customerId ? `customer-${purchase.customerId}` : `purchase-${purchase.referenceId}`;
}

export interface PostPurchaseOfferView {
  /** the stored offer's id: what sign-changeset and events name */
  key: string;
  offerId: string | null;
  headline: string;
  body: string;
  productId: string;
  productTitle: string;
  variantId: string;
  variantTitle: string;
  imageUrl: string | null;
  /** cents */
  price: number;
  discountedPrice: number;
  discount: ChangesetDiscount | null;
  maxQuantity: number;
}

export interface PostPurchaseOffersResponse {
  render: boolean;
  currency: string;
  moneyFormat: string;
  offers: PostPurchaseOfferView[];
}

const DEFAULT_POST_PURCHASE_HEADLINE = "Add this to your order";

/** Sequential patterns (bought A, came back for B) of the order's products; replenishment excluded. */
async function sequentialRecommendations(shop: string, productIds: string[]): Promise<StoredRecommendation[]> {
  if (productIds.length === 0) return [];
  const rows = await db.recommendation.findMany({
    where: { shop, productId: { in: productIds }, kind: "sequential", source: { not: "replenishment" } },
    orderBy: [{ productId: "asc" }, { rank: "asc" }],
    select: { productId: true, recommendedProductId: true, kind: true, source: true, score: true, lift: true },
    take: 20 * productIds.length,
  });
  return rows as StoredRecommendation[];
}

function view(
  row: {
    id: string;
    offerId: string | null;
    productId: string;
    variantId: string;
    price: number;
    discountType: string;
    discountValue: number;
    maxQuantity: number;
  },
  product: CatalogProduct | undefined,
  copy: { headline: string; body: string },
): PostPurchaseOfferView {
  const variant = product?.variants.find((v) => v.id === row.variantId);
  const type = row.discountType as DiscountType;
  return {
    key: row.id,
    offerId: row.offerId,
    headline: copy.headline,
    body: copy.body,
    productId: row.productId,
    productTitle: product?.title ?? "",
    variantId: row.variantId,
    variantTitle: variant && variant.title !== "Default Title" ? variant.title : "",
    imageUrl: product?.imageUrl ?? null,
    price: row.price,
    discountedPrice: discountedPrice(row.price, { type, value: row.discountValue }),
    discount: changesetDiscount(type, row.discountValue, discountTitle(copy.headline)),
    maxQuantity: row.maxQuantity,
  };
}

/** The title Shopify shows for the discount on the added line. */
function discountTitle(headline: string): string {
  return headline.trim().slice(0, 60) || "Post-purchase offer";
}

/**
 * The offers for a purchase, or null when the shop is unknown to Pairwise. `render` is false when
 * there is nothing to offer (holdout, frequency cap, nothing relevant, the merchant's limit is 0).
 */
export async function postPurchaseOffers(
  purchase: Purchase,
  now = Date.now(),
): Promise<PostPurchaseOffersResponse | null> {
  const snapshot = await getShopSnapshot(purchase.shop);
  if (!snapshot) return null;
  const shopRow = await db.shop.findUnique({ where: { domain: purchase.shop }, select: { postPurchaseLimit: true } });
  const limit = shopRow?.postPurchaseLimit ?? 0;
  const base = { currency: snapshot.currency, moneyFormat: snapshot.moneyFormat };
  const { catalog, settings } = snapshot;

  // Asked again for the same purchase (page reload): the same offers, minus the answered ones.
  const existing = await db.postPurchaseOffer.findMany({
    where: { shop: purchase.shop, referenceId: purchase.referenceId },
    orderBy: { position: "asc" },
  });
  if (existing.length > 0) {
    const offered = existing.filter((r) => r.status === "offered");
    const copy = new Map(snapshot.offers.map((o) => [o.id, o]));
    return {
      ...base,
      render: offered.length > 0,
      offers: offered.map((r) => {
        const offer = r.offerId ? copy.get(r.offerId) : undefined;
        return view(r, catalog.get(r.productId), {
          headline: offer?.headline.trim() ? offer.headline : DEFAULT_POST_PURCHASE_HEADLINE,
          body: offer?.body ?? "",
        });
      }),
    };
  }
  if (limit <= 0 || purchase.lines.length === 0) return { ...base, render: false, offers: [] };

  // the storefront's visitor of this purchase when known (same arms, holdout and declines as in the cart), else the purchase's own
  const visitorId = (await checkoutVisitor(purchase.shop, purchase.referenceId)) ?? purchaseVisitor(purchase);
  if (assignVisitor(visitorId, purchase.shop, settings.holdoutPercent).holdout)
    return { ...base, render: false, offers: [] };
  const orderIds = [...new Set(purchase.lines.map((l) => l.productId))];
  const [visitor, customer, crossSells, sequential, declinedHere] = await Promise.all([
    visitorFacts(purchase.shop, visitorId, now),
    customerFacts(purchase.shop, purchase.customerId, now),
    getRecommendations(purchase.shop, orderIds),
    sequentialRecommendations(purchase.shop, orderIds),
    purchase.customerId
      ? db.postPurchaseOffer.findMany({
          where: { shop: purchase.shop, customerId: purchase.customerId, status: "declined" },
          select: { productId: true, offerId: true },
          take: 500,
        })
      : Promise.resolve([]),
  ]);
  const recommendations = [...crossSells, ...sequential];
  const context: OfferContext = {
    placement: "post_purchase",
    productId: null,
    cart: {
      lines: purchase.lines.map((l) => ({
        productId: l.productId,
        variantId: l.variantId,
        quantity: l.quantity,
        price: l.price,
      })),
      subtotal: purchase.lines.reduce((s, l) => s + l.price * l.quantity, 0),
    },
    customer,
    visitor: {
      declinedOfferIds: [...visitor.declinedOfferIds, ...declinedHere.flatMap((d) => (d.offerId ? [d.offerId] : []))],
      declinedProductIds: [...visitor.declinedProductIds, ...declinedHere.map((d) => d.productId)],
      offerImpressionsToday: visitor.offerImpressionsToday,
    },
    assignment: { holdout: false, experiments: experimentArms(snapshot.experiments, visitorId, now) },
    highValueThreshold: snapshot.highValueThreshold,
    now,
  };
  const selection = selectOffers({
    context,
    offers: snapshot.offers,
    recommendations,
    catalog: selectionCatalog(snapshot, orderIds, recommendations),
    settings: { ...settings, maxSuggestions: Math.max(settings.maxSuggestions, limit) },
    replenishedProductIds: snapshot.replenishedProductIds,
    sequentialAsCrossSell: true,
  });
  const picks = postPurchasePicks(selection, limit);
  if (picks.length === 0) return { ...base, render: false, offers: [] };

  const rows = picks.map(({ offer, item }, position) => {
    const variant = catalog.get(item.productId)!.variants.find((v) => v.id === item.variantId)!;
    return {
      shop: purchase.shop,
      referenceId: purchase.referenceId,
      customerId: purchase.customerId,
      visitorId,
      offerId: offer.offerId,
      productId: item.productId,
      variantId: item.variantId!,
      position,
      price: item.price,
      discountType: offer.discountType,
      discountValue: offer.discountValue,
      maxQuantity: postPurchaseMaxQuantity(
        { tracked: variant.inventoryTracked, quantity: variant.inventoryQuantity },
        settings.lowStockThreshold,
      ),
    };
  });
  // Two concurrent first requests for one purchase: the unique (shop, referenceId, productId) keeps one set.
  await db.postPurchaseOffer.createMany({ data: rows }).catch((error: { code?: string }) => {
    if (error.code !== "P2002") throw error;
  });
  const stored = await db.postPurchaseOffer.findMany({
    where: { shop: purchase.shop, referenceId: purchase.referenceId, status: "offered" },
    orderBy: { position: "asc" },
  });
  const copyOf = new Map(picks.map(({ offer, item }) => [item.productId, offer]));
  return {
    ...base,
    render: stored.length > 0,
    offers: stored.map((r) => {
      const offer = copyOf.get(r.productId);
      return view(r, catalog.get(r.productId), {
        headline: offer?.offerId && offer.headline.trim() ? offer.headline : DEFAULT_POST_PURCHASE_HEADLINE,
        body: offer?.offerId ? offer.body : "",
      });
    }),
  };
}

export const signChangesetSchema = z.object({
  referenceId: z.string().min(1).max(255),
  key: z.string().min(1).max(64),
  variantId: id,
  quantity: z.number().int().min(1).max(1000),
  discount: z.object({ value: z.number().finite(), valueType: z.string().max(32) }).nullable(),
});

export type SignChangesetResult =
  { ok: true; token: string; jti: string } | { ok: false; status: number; error: string };

/**
 * Signs the changeset for one served offer: `{iss: apiKey, jti, iat, sub: referenceId, changes}`,
 * HS256 with the app secret (Shopify's post-purchase JWT specification). Refused (4xx) for an
 * offer not served for this purchase, another variant, a quantity not offered, a discount the
 * merchant did not configure, or a second time.
 */
export async function signChangeset(
  purchase: Purchase,
  request: z.infer<typeof signChangesetSchema>,
  { apiKey, secret, now = Date.now() }: { apiKey: string; secret: string; now?: number },
): Promise<SignChangesetResult> {
  if (request.referenceId !== purchase.referenceId)
    return { ok: false, status: 403, error: "the token was issued for another purchase" };
  const row = await db.postPurchaseOffer.findFirst({
    where: { id: request.key, shop: purchase.shop, referenceId: purchase.referenceId },
  });
  const offer = row?.offerId
    ? await db.offer.findFirst({ where: { id: row.offerId, shop: purchase.shop }, select: { headline: true } })
    : null;
  const title = discountTitle(offer?.headline ?? DEFAULT_POST_PURCHASE_HEADLINE);
  const decision = changeToSign(
    row && {
      variantId: row.variantId,
      status: row.status === "declined" ? "declined" : row.status === "offered" ? "offered" : "accepted",
      changesetJti: row.changesetJti,
      maxQuantity: row.maxQuantity,
      discountType: row.discountType as DiscountType,
      discountValue: row.discountValue,
    },
    request as ChangesetRequest,
    title,
  );
  if (!decision.ok)
    return {
      ok: false,
      status: decision.reason === "already_signed" ? 409 : 403,
      error: CHANGESET_REFUSALS[decision.reason],
    };
  const jti = randomUUID();
  // Claim the offer before signing: of two concurrent requests only one updates the row.
  const claimed = await db.postPurchaseOffer.updateMany({
    where: { id: row!.id, status: "offered", changesetJti: null },
    data: { changesetJti: jti, status: "signed", quantity: request.quantity, respondedAt: new Date(now) },
  });
  if (claimed.count !== 1) return { ok: false, status: 409, error: CHANGESET_REFUSALS.already_signed };
  const token = await new SignJWT({ changes: [decision.change] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(apiKey)
    .setJti(jti)
    .setIssuedAt(Math.floor(now / 1000))
    .setSubject(purchase.referenceId)
    .sign(new TextEncoder().encode(secret));
  return { ok: true, token, jti };
}

export const postPurchaseEventSchema = z.object({
  referenceId: z.string().min(1).max(255),
  key: z.string().min(1).max(64),
  type: z.enum(["impression", "decline", "accept"]),
});

/**
 * Records what the customer did with a served offer. A decline marks the offer declined (never
 * offered again to that customer); an accept counts only for an offer whose changeset was signed.
 * Idempotent per offer and type.
 */
export async function recordPostPurchaseEvent(
  purchase: Purchase,
  event: z.infer<typeof postPurchaseEventSchema>,
  now = Date.now(),
): Promise<{ ok: true; recorded: boolean } | { ok: false; status: number; error: string }> {
  if (event.referenceId !== purchase.referenceId)
    return { ok: false, status: 403, error: "the token was issued for another purchase" };
  const row = await db.postPurchaseOffer.findFirst({
    where: { id: event.key, shop: purchase.shop, referenceId: purchase.referenceId },
  });
  if (!row) return { ok: false, status: 404, error: "no such offer for this purchase" };
  if (event.type === "accept" && !row.changesetJti)
    return { ok: false, status: 409, error: "no changeset was signed for this offer" };
  if (event.type === "decline") {
    if (row.changesetJti) return { ok: false, status: 409, error: "this offer was already accepted" };
    await db.postPurchaseOffer.updateMany({
      where: { id: row.id, status: "offered" },
      data: { status: "declined", respondedAt: new Date(now) },
    });
  }
  if (event.type === "accept")
    await db.postPurchaseOffer.update({ where: { id: row.id }, data: { status: "accepted" } });
  const data = {
    shop: purchase.shop,
    clientEventId: `pp-${row.id}-${event.type}`,
    offerId: row.offerId,
    placement: "post_purchase",
    type: event.type,
    productId: row.productId,
    visitorId: row.visitorId,
    customerId: row.customerId,
    ...(armOf(
      (await getShopSnapshot(purchase.shop, now))?.experiments ?? [],
      row.offerId,
      row.visitorId,
      row.servedAt.getTime(),
      "post_purchase",
    ) ?? {}),
    occurredAt: new Date(now),
    receivedAt: new Date(now),
  };
  try {
    await db.event.create({ data });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    return { ok: true, recorded: false };
  }
  recordVisitorEvents(purchase.shop, row.visitorId, [
    { type: event.type, offerId: row.offerId, productId: row.productId, at: now },
  ]);
  return { ok: true, recorded: true };
}
