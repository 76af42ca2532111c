// Keeps the shop's checkout discounts equal to the merchant's offers and bundles: compiles the
// live rules (app/domain/discounts), writes them into the metafields of the app's automatic
// discount (created on first use) and of the cart transform (when a bundle is shown as one line),
// and records what Shopify answered on the Shop row. The storefront promises a discount only from
// what is recorded here (the configuration Shopify holds, and the discount's status).
//
// Called after every change of offers, bundles or discount settings, and by the background jobs
// when an offer's start or end passes (`discountDueAt`) or a write failed.
import { isLive } from "../../domain/offers";
import {
  compileDiscountConfig,
  MAX_ELIGIBLE_PER_OFFER,
  type BundleSource,
  type DiscountConfig,
  type OfferSource,
} from "../../domain/discounts";
import { adminRequest, type AdminGraphql } from "../../graphql/client";
import {
  CART_TRANSFORM_CREATE,
  CART_TRANSFORM_FUNCTION_HANDLE,
  CART_TRANSFORMS_QUERY,
  DISCOUNT_AUTOMATIC_APP_CREATE,
  DISCOUNT_AUTOMATIC_APP_UPDATE,
  DISCOUNT_FUNCTION_HANDLE,
  DISCOUNT_STATE_QUERY,
  FUNCTION_METAFIELD_NAMESPACE,
  METAFIELDS_SET,
  type CartTransformCreateData,
  type CartTransformsData,
  type DiscountCreateData,
  type DiscountStateData,
  type DiscountStatus,
  type DiscountUpdateData,
  type DiscountUserError,
  type MetafieldsSetData,
} from "../../graphql/discounts";
import db from "../../db.server";
import { parseList } from "../store-mapping.server";
import { invalidateShop } from "../storefront/shop-snapshot.server";
import { discountStateOf, type DiscountState } from "./state.server";

export { discountStateOf, parseConfig, type DiscountState } from "./state.server";

export const DISCOUNT_TITLE = "Pairwise offers and bundles";

export interface CompiledShopDiscounts {
  config: DiscountConfig;
  json: string;
  variablesJson: string;
  /** the next moment an offer starts or ends, when the configuration must be rewritten */
  dueAt: Date | null;
}

/** The configuration of a shop's checkout discounts as its offers and bundles are at `now`. */
export async function compileShopDiscounts(shop: string, now = Date.now()): Promise<CompiledShopDiscounts> {
  const [offers, bundles, settings] = await Promise.all([
    db.offer.findMany({ where: { shop }, orderBy: { id: "asc" } }),
    db.bundle.findMany({ where: { shop, status: "active" }, include: { components: { orderBy: { position: "asc" } } }, orderBy: { id: "asc" } }),
    db.shop.findUnique({ where: { domain: shop }, select: { relevanceThreshold: true } }),
  ]);
  const live = offers.filter((o) => isLive({ status: o.status as "active", startsAt: o.startsAt, endsAt: o.endsAt }, now));
  const sources: OfferSource[] = [];
  for (const o of live) {
    if (o.discountType === "none" || !(o.discountValue > 0)) continue;
    const triggerValues = parseList(o.triggerValues);
    let eligible = parseList(o.offeredProductIds);
    if (o.offerSource === "recommended") eligible = await recommendedEligible(shop, o.type, o.triggerType, triggerValues, o.minLift, settings?.relevanceThreshold ?? 0);
    sources.push({
      id: o.id,
      triggerType: o.triggerType as OfferSource["triggerType"],
      triggerValues,
      cartSubtotalMin: o.cartSubtotalMin,
      cartSubtotalMax: o.cartSubtotalMax,
      eligibleProductIds: eligible,
      discountType: o.discountType as OfferSource["discountType"],
      discountValue: o.discountValue,
    });
  }
  const mergedVariants = bundles.flatMap((b) => (b.presentation === "merged" && b.mergedVariantId ? [b.mergedVariantId] : []));
  const componentProducts = bundles.flatMap((b) => b.components.map((c) => c.productId));
  const [variantRows, productRows] = await Promise.all([
    mergedVariants.length ? db.variant.findMany({ where: { shop, shopifyId: { in: mergedVariants } }, select: { shopifyId: true, product: { select: { imageUrl: true } } } }) : [],
    componentProducts.length ? db.product.findMany({ where: { shop, shopifyId: { in: componentProducts } }, select: { shopifyId: true, imageUrl: true } }) : [],
  ]);
  const variantImage = new Map(variantRows.map((v) => [v.shopifyId, v.product.imageUrl]));
  const productImage = new Map(productRows.map((p) => [p.shopifyId, p.imageUrl]));
  const bundleSources: BundleSource[] = bundles.map((b) => {
    const merged = b.presentation === "merged" && b.mergedVariantId && variantImage.has(b.mergedVariantId) ? b.mergedVariantId : null;
    return {
      id: b.id,
      title: b.title,
      discountType: b.discountType as BundleSource["discountType"],
      discountValue: b.discountValue,
      components: b.components.map((c) => ({ productId: c.productId, variantId: c.variantId, quantity: c.quantity })),
      mergedVariantId: merged,
      imageUrl: merged ? (variantImage.get(merged) ?? productImage.get(b.components[0]?.productId ?? "") ?? null) : null,
    };
  });
  const { config, variables } = compileDiscountConfig({ offers: sources, bundles: bundleSources, allOfferIds: offers.map((o) => o.id) });
  const future = offers
    .filter((o) => o.status === "active")
    .flatMap((o) => [o.startsAt, o.endsAt])
    .filter((d): d is Date => !!d && d.getTime() > now)
    .sort((a, b) => a.getTime() - b.getTime());
  return { config, json: JSON.stringify(config), variablesJson: JSON.stringify(variables), dueAt: future[0] ?? null };
}

/** The products a recommended offer may discount: the top recommendations of its trigger products. */
async function recommendedEligible(shop: string, kind: string, triggerType: string, triggerValues: string[], minLift: number | null, threshold: number): Promise<string[]> {
  const rows = await db.recommendation.findMany({
    where: {
      shop,
      kind,
      score: { gte: threshold },
      ...(triggerType === "products" ? { productId: { in: triggerValues } } : {}),
      ...(minLift != null ? { lift: { gte: minLift } } : {}),
    },
    orderBy: [{ score: "desc" }, { rank: "asc" }],
    take: MAX_ELIGIBLE_PER_OFFER * 8,
    select: { recommendedProductId: true },
  });
  return [...new Set(rows.map((r) => r.recommendedProductId))].slice(0, MAX_ELIGIBLE_PER_OFFER);
}

export async function getDiscountState(shop: string): Promise<DiscountState> {
  const row = await db.shop.findUnique({
    where: { domain: shop },
    select: { discountId: true, discountStatus: true, discountConfig: true, discountSyncedAt: true, discountError: true },
  });
  return row ? discountStateOf(row) : discountStateOf({ discountId: null, discountStatus: null, discountConfig: null, discountSyncedAt: null, discountError: null });
}

class SyncError extends Error {}

function userErrorMessage(errors: DiscountUserError[]): string {
  return errors.map((e) => e.message).join("; ");
}

/**
 * Writes the shop's current rules to Shopify: creates the automatic discount when the shop has
 * none (or it was deleted in Shopify admin), else updates its combination rules and rewrites the
 * configuration; does the same for the cart transform when a bundle is shown as one line.
 * Records the outcome on the Shop row; never throws for an answer of Shopify's (it is recorded).
 */
export async function syncDiscounts(admin: AdminGraphql, shop: string, now = Date.now()): Promise<DiscountState> {
  const row = await db.shop.findUniqueOrThrow({ where: { domain: shop } });
  const compiled = await compileShopDiscounts(shop, now);
  const metafields = [
    { namespace: FUNCTION_METAFIELD_NAMESPACE, key: "config", type: "json", value: compiled.json },
    { namespace: FUNCTION_METAFIELD_NAMESPACE, key: "variables", type: "json", value: compiled.variablesJson },
  ];
  const combinesWith = {
    orderDiscounts: row.discountCombinesWithOrder,
    productDiscounts: row.discountCombinesWithProduct,
    shippingDiscounts: row.discountCombinesWithShipping,
  };
  let discountId = row.discountId;
  let status = row.discountStatus as DiscountStatus | null;
  let cartTransformId = row.cartTransformId;
  let cartTransformError: string | null = row.cartTransformError;
  try {
    if (discountId) {
      const { data } = await adminRequest<DiscountStateData>(admin, DISCOUNT_STATE_QUERY, { variables: { id: discountId } });
      if (!data.discountNode || data.discountNode.discount.__typename !== "DiscountAutomaticApp") discountId = null;
    }
    if (!discountId && compiled.config.o.length === 0 && compiled.config.b.length === 0) {
      // nothing to grant: no discount is created in the shop until an offer or bundle gives one
      await db.shop.update({ where: { domain: shop }, data: { discountId: null, discountStatus: null, discountConfig: null, discountError: null, discountDueAt: compiled.dueAt } });
      invalidateShop(shop);
      return getDiscountState(shop);
    }
    if (!discountId) {
      const { data } = await adminRequest<DiscountCreateData>(admin, DISCOUNT_AUTOMATIC_APP_CREATE, {
        variables: {
          discount: {
            title: DISCOUNT_TITLE,
            functionHandle: DISCOUNT_FUNCTION_HANDLE,
            discountClasses: ["PRODUCT"],
            startsAt: new Date(now).toISOString(),
            combinesWith,
            metafields,
          },
        },
      });
      const payload = data.discountAutomaticAppCreate;
      if (!payload?.automaticAppDiscount) throw new SyncError(`Shopify did not create the discount: ${userErrorMessage(payload?.userErrors ?? []) || "no answer"}`);
      discountId = payload.automaticAppDiscount.discountId;
      status = payload.automaticAppDiscount.status;
    } else {
      const { data } = await adminRequest<DiscountUpdateData>(admin, DISCOUNT_AUTOMATIC_APP_UPDATE, {
        variables: { id: discountId, discount: { title: DISCOUNT_TITLE, combinesWith } },
      });
      const payload = data.discountAutomaticAppUpdate;
      if (!payload?.automaticAppDiscount) throw new SyncError(`Shopify did not update the discount: ${userErrorMessage(payload?.userErrors ?? []) || "no answer"}`);
      status = payload.automaticAppDiscount.status;
      await setMetafields(admin, discountId, metafields);
    }
    // the cart transform, once any bundle is shown as one line (then kept, with its configuration current)
    if (cartTransformId || compiled.config.b.some((b) => b.pv)) {
      try {
        const config = [metafields[0]];
        if (!cartTransformId) {
          const { data } = await adminRequest<CartTransformCreateData>(admin, CART_TRANSFORM_CREATE, { variables: { functionHandle: CART_TRANSFORM_FUNCTION_HANDLE, metafields: config } });
          cartTransformId = data.cartTransformCreate?.cartTransform?.id ?? null;
          if (!cartTransformId) {
            // one cart transform per app and shop: adopt the existing one
            const existing = await adminRequest<CartTransformsData>(admin, CART_TRANSFORMS_QUERY);
            cartTransformId = existing.data.cartTransforms.nodes[0]?.id ?? null;
            if (!cartTransformId) throw new SyncError(`Shopify did not create the cart transform: ${userErrorMessage(data.cartTransformCreate?.userErrors ?? []) || "no answer"}`);
            await setMetafields(admin, cartTransformId, config);
          }
        } else {
          await setMetafields(admin, cartTransformId, config);
        }
        cartTransformError = null;
      } catch (error) {
        cartTransformError = error instanceof Error ? error.message : String(error);
      }
    }
    await db.shop.update({
      where: { domain: shop },
      data: {
        discountId,
        discountStatus: status,
        discountConfig: compiled.json,
        discountSyncedAt: new Date(now),
        discountError: null,
        discountDueAt: compiled.dueAt,
        cartTransformId,
        cartTransformError,
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // what Shopify holds is unchanged when the write failed; a discount found deleted is no longer there
    await db.shop.update({
      where: { domain: shop },
      data: {
        discountError: message.slice(0, 500),
        discountDueAt: new Date(now + 5 * 60_000),
        ...(discountId ? {} : { discountId: null, discountStatus: null, discountConfig: null }),
      },
    });
  }
  invalidateShop(shop);
  return getDiscountState(shop);
}

async function setMetafields(admin: AdminGraphql, ownerId: string, metafields: { namespace: string; key: string; type: string; value: string }[]): Promise<void> {
  const { data } = await adminRequest<MetafieldsSetData>(admin, METAFIELDS_SET, { variables: { metafields: metafields.map((m) => ({ ...m, ownerId })) } });
  const errors = data.metafieldsSet?.userErrors ?? [];
  if (errors.length) throw new SyncError(`Shopify did not store the discount rules: ${userErrorMessage(errors)}`);
}

/** Reads the discount's status back (the merchant may deactivate or delete it in Shopify admin). */
export async function refreshDiscountStatus(admin: AdminGraphql, shop: string): Promise<DiscountState> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { discountId: true, discountStatus: true } });
  if (row?.discountId) {
    const { data } = await adminRequest<DiscountStateData>(admin, DISCOUNT_STATE_QUERY, { variables: { id: row.discountId } });
    const node = data.discountNode;
    const status = node && node.discount.__typename === "DiscountAutomaticApp" ? (node.discount.status ?? null) : null;
    if (!node) {
      await db.shop.update({ where: { domain: shop }, data: { discountId: null, discountStatus: null, discountConfig: null, discountError: "The Pairwise discount was deleted in Shopify admin." } });
      invalidateShop(shop);
    } else if (status !== row.discountStatus) {
      await db.shop.update({ where: { domain: shop }, data: { discountStatus: status } });
      invalidateShop(shop);
    }
  }
  return getDiscountState(shop);
}

/** Shops whose rules must be rewritten now: an offer started or ended, or the last write failed. */
export async function shopsWithDiscountsDue(now = Date.now()): Promise<string[]> {
  const rows = await db.shop.findMany({ where: { uninstalledAt: null, discountDueAt: { lte: new Date(now) } }, select: { domain: true } });
  return rows.map((r) => r.domain);
}
