// Keeps the shop's checkout discounts equal to the merchant's offers and bundles: compiles the
// live rules (app/domain/discounts), writes them into metafields — `$app:pairwise.rules` on each
// product an offer or bundle concerns (only the products whose rules changed since the last write;
// removed ones are deleted), `$app:pairwise.config` on the app's automatic discount (created on
// first use) and on the cart transform (when a bundle is shown as one line) — and records what
// Shopify answered on the Shop row. The storefront promises a discount only from
// what is recorded here (the configuration Shopify holds, and the discount's status).
//
// Called after every change of offers, bundles or discount settings, and by the background jobs
// when an offer's start or end passes (`discountDueAt`) or a write failed.
import { isLive } from "../../domain/offers";
import {
  compileDiscountConfig,
  functionConfigOf,
  givesDiscount,
  MAX_ELIGIBLE_PER_OFFER,
  transformConfigOf,
  type BundleSource,
  type CatalogProduct,
  type DiscountConfig,
  type OfferSource,
} from "../../domain/discounts";
import { adminRequest, type AdminGraphql } from "../../graphql/client";
import { parseOverrides } from "../../lib/forms/experiment";
import {
  CART_TRANSFORM_CREATE,
  CART_TRANSFORM_FUNCTION_HANDLE,
  CART_TRANSFORMS_QUERY,
  DISCOUNT_AUTOMATIC_APP_CREATE,
  DISCOUNT_AUTOMATIC_APP_UPDATE,
  DISCOUNT_FUNCTION_HANDLE,
  DISCOUNT_STATE_QUERY,
  FUNCTION_METAFIELD_NAMESPACE,
  type CartTransformCreateData,
  type CartTransformsData,
  type DiscountCreateData,
  type DiscountStateData,
  type DiscountStatus,
  type DiscountUpdateData,
  type DiscountUserError,
} from "../../graphql/discounts";
import {
  METAFIELDS_DELETE,
  METAFIELDS_PER_CALL,
  METAFIELDS_SET,
  type MetafieldsDeleteData,
  type MetafieldsSetData,
} from "../../graphql/metafields";
import db from "../../db.server";
import { parseList } from "../store-mapping.server";
import { invalidateShop } from "../storefront/shop-snapshot.server";
import { discountStateOf, parseConfig, type DiscountState } from "./state.server";

export { discountStateOf, parseConfig, type DiscountState } from "./state.server";

export const DISCOUNT_TITLE = "Pairwise offers and bundles";

export interface CompiledShopDiscounts {
  config: DiscountConfig;
  json: string;
  /** the next moment an offer starts or ends, when the configuration must be rewritten */
  dueAt: Date | null;
}

/** The configuration of a shop's checkout discounts as its offers and bundles are at `now`. */
export async function compileShopDiscounts(shop: string, now = Date.now()): Promise<CompiledShopDiscounts> {
  const [offers, bundles, settings, experiments] = await Promise.all([
    db.offer.findMany({ where: { shop }, orderBy: { id: "asc" } }),
    db.bundle.findMany({
      where: { shop, status: "active" },
      include: { components: { orderBy: { position: "asc" } } },
      orderBy: { id: "asc" },
    }),
    db.shop.findUnique({ where: { domain: shop }, select: { relevanceThreshold: true } }),
    // running experiments on offers: arms that differ in discount go into the function's rules
    db.experiment.findMany({
      where: { shop, status: "running", offerId: { not: null } },
      select: {
        id: true,
        offerId: true,
        salt: true,
        // by key: the same experiment always compiles to the same bytes (the arm does not depend on the order)
        variants: { select: { key: true, weight: true, config: true }, orderBy: { key: "asc" } },
      },
    }),
  ]);
  const armsOf = new Map<string, NonNullable<OfferSource["arms"]>>();
  for (const e of experiments) {
    const overrides = e.variants.map((v) => ({ v, o: parseOverrides(v.config) }));
    if (!e.offerId || !overrides.some(({ o }) => o.discountType !== undefined)) continue;
    const offer = offers.find((o) => o.id === e.offerId);
    if (!offer) continue;
    armsOf.set(e.offerId, {
      experimentId: e.id,
      salt: e.salt,
      variants: overrides.map(({ v, o }) => ({
        key: v.key,
        weight: v.weight,
        discountType: (o.discountType ?? offer.discountType) as OfferSource["discountType"],
        discountValue: o.discountType !== undefined ? (o.discountValue ?? 0) : offer.discountValue,
      })),
    });
  }
  const live = offers.filter((o) =>
    isLive({ status: o.status as "active", startsAt: o.startsAt, endsAt: o.endsAt }, now),
  );
  const sources: OfferSource[] = [];
  for (const o of live) {
    const arms = armsOf.get(o.id) ?? null;
    if (!givesDiscount(o) && !arms?.variants.some(givesDiscount)) continue;
    const triggerValues = parseList(o.triggerValues);
    let eligible = parseList(o.offeredProductIds);
    if (o.offerSource === "recommended")
      eligible = await recommendedEligible(
        shop,
        o.type,
        o.triggerType,
        triggerValues,
        o.minLift,
        settings?.relevanceThreshold ?? 0,
      );
    sources.push({
      id: o.id,
      triggerType: o.triggerType as OfferSource["triggerType"],
      triggerValues,
      cartSubtotalMin: o.cartSubtotalMin,
      cartSubtotalMax: o.cartSubtotalMax,
      eligibleProductIds: eligible,
      discountType: o.discountType as OfferSource["discountType"],
      discountValue: o.discountValue,
      arms,
    });
  }
  const mergedVariants = bundles.flatMap((b) =>
    b.presentation === "merged" && b.mergedVariantId ? [b.mergedVariantId] : [],
  );
  const componentProducts = bundles.flatMap((b) => b.components.map((c) => c.productId));
  // collection, product type and tag triggers are resolved to products from the synced catalog
  const needsCatalog = sources.some(
    (o) => o.triggerType === "collections" || o.triggerType === "product_type" || o.triggerType === "tag",
  );
  const [variantRows, productRows, catalogRows] = await Promise.all([
    mergedVariants.length
      ? db.variant.findMany({
          where: { shop, shopifyId: { in: mergedVariants } },
          select: { shopifyId: true, product: { select: { imageUrl: true, shopifyId: true } } },
        })
      : [],
    componentProducts.length
      ? db.product.findMany({
          where: { shop, shopifyId: { in: componentProducts } },
          select: { shopifyId: true, imageUrl: true },
        })
      : [],
    needsCatalog
      ? db.product.findMany({
          where: { shop, status: "ACTIVE" },
          select: { shopifyId: true, productType: true, tags: true, collections: true },
        })
      : [],
  ]);
  const catalog: CatalogProduct[] = catalogRows.map((p) => ({
    id: p.shopifyId,
    productType: p.productType,
    tags: parseList(p.tags),
    collections: parseList(p.collections),
  }));
  const variantImage = new Map(variantRows.map((v) => [v.shopifyId, v.product.imageUrl]));
  const variantProduct = new Map(variantRows.map((v) => [v.shopifyId, v.product.shopifyId]));
  const productImage = new Map(productRows.map((p) => [p.shopifyId, p.imageUrl]));
  const bundleSources: BundleSource[] = bundles.map((b) => {
    const merged =
      b.presentation === "merged" && b.mergedVariantId && variantImage.has(b.mergedVariantId)
        ? b.mergedVariantId
        : null;
    return {
      id: b.id,
      title: b.title,
      discountType: b.discountType as BundleSource["discountType"],
      discountValue: b.discountValue,
      components: b.components.map((c) => ({ productId: c.productId, variantId: c.variantId, quantity: c.quantity })),
      mergedVariantId: merged,
      mergedProductId: merged ? (variantProduct.get(merged) ?? null) : null,
      imageUrl: merged
        ? (variantImage.get(merged) ?? productImage.get(b.components[0]?.productId ?? "") ?? null)
        : null,
    };
  });
  const { config } = compileDiscountConfig({
    offers: sources,
    bundles: bundleSources,
    catalog,
    allOfferIds: offers.map((o) => o.id),
  });
  const future = offers
    .filter((o) => o.status === "active")
    .flatMap((o) => [o.startsAt, o.endsAt])
    .filter((d): d is Date => !!d && d.getTime() > now)
    .sort((a, b) => a.getTime() - b.getTime());
  return { config, json: JSON.stringify(config), dueAt: future[0] ?? null };
}

/** The products a recommended offer may discount: the top recommendations of its trigger products. */
async function recommendedEligible(
  shop: string,
  kind: string,
  triggerType: string,
  triggerValues: string[],
  minLift: number | null,
  threshold: number,
): Promise<string[]> {
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
    select: {
      discountId: true,
      discountStatus: true,
      discountConfig: true,
      discountSyncedAt: true,
      discountError: true,
    },
  });
  return row
    ? discountStateOf(row)
    : discountStateOf({
        discountId: null,
        discountStatus: null,
        discountConfig: null,
        discountSyncedAt: null,
        discountError: null,
      });
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
    {
      namespace: FUNCTION_METAFIELD_NAMESPACE,
      key: "config",
      type: "json",
      value: JSON.stringify(functionConfigOf(compiled.config)),
    },
  ];
  const held = parseConfig(row.discountConfig);
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
      const { data } = await adminRequest<DiscountStateData>(admin, DISCOUNT_STATE_QUERY, {
        variables: { id: discountId },
      });
      if (!data.discountNode || data.discountNode.discount.__typename !== "DiscountAutomaticApp") discountId = null;
    }
    if (!discountId && compiled.config.o.length === 0 && compiled.config.b.length === 0) {
      // nothing to grant: no discount is created in the shop until an offer or bundle gives one
      // (rules left on products by an earlier discount are removed all the same)
      await writeProductRules(admin, shop, held, compiled.config);
      await db.shop.update({
        where: { domain: shop },
        data: {
          discountId: null,
          discountStatus: null,
          discountConfig: compiled.json,
          discountError: null,
          discountDueAt: compiled.dueAt,
        },
      });
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
      if (!payload?.automaticAppDiscount)
        throw new SyncError(
          `Shopify did not create the discount: ${userErrorMessage(payload?.userErrors ?? []) || "no answer"}`,
        );
      discountId = payload.automaticAppDiscount.discountId;
      status = payload.automaticAppDiscount.status;
    } else {
      const { data } = await adminRequest<DiscountUpdateData>(admin, DISCOUNT_AUTOMATIC_APP_UPDATE, {
        variables: { id: discountId, discount: { title: DISCOUNT_TITLE, combinesWith } },
      });
      const payload = data.discountAutomaticAppUpdate;
      if (!payload?.automaticAppDiscount)
        throw new SyncError(
          `Shopify did not update the discount: ${userErrorMessage(payload?.userErrors ?? []) || "no answer"}`,
        );
      status = payload.automaticAppDiscount.status;
      await setMetafields(admin, discountId, metafields);
    }
    await writeProductRules(admin, shop, held, compiled.config);
    // the cart transform, once any bundle is shown as one line (then kept, with its configuration current)
    if (cartTransformId || compiled.config.b.some((b) => b.pv)) {
      try {
        const config = [
          {
            namespace: FUNCTION_METAFIELD_NAMESPACE,
            key: "config",
            type: "json",
            value: JSON.stringify(transformConfigOf(compiled.config)),
          },
        ];
        if (!cartTransformId) {
          const { data } = await adminRequest<CartTransformCreateData>(admin, CART_TRANSFORM_CREATE, {
            variables: { functionHandle: CART_TRANSFORM_FUNCTION_HANDLE, metafields: config },
          });
          cartTransformId = data.cartTransformCreate?.cartTransform?.id ?? null;
          if (!cartTransformId) {
            // one cart transform per app and shop: adopt the existing one
            const existing = await adminRequest<CartTransformsData>(admin, CART_TRANSFORMS_QUERY);
            cartTransformId = existing.data.cartTransforms.nodes[0]?.id ?? null;
            if (!cartTransformId)
              throw new SyncError(
                `Shopify did not create the cart transform: ${userErrorMessage(data.cartTransformCreate?.userErrors ?? []) || "no answer"}`,
              );
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
    // what Shopify holds is unchanged when the write failed (the products' rules are kept track of
    // either way, see writeProductRules); a discount found deleted is no longer there
    await db.shop.update({
      where: { domain: shop },
      data: {
        discountError: message.slice(0, 500),
        discountDueAt: new Date(now + 5 * 60_000),
        ...(discountId ? {} : { discountId: null, discountStatus: null }),
      },
    });
  }
  invalidateShop(shop);
  return getDiscountState(shop);
}

async function setMetafields(
  admin: AdminGraphql,
  ownerId: string,
  metafields: { namespace: string; key: string; type: string; value: string }[],
): Promise<void> {
  await setOwnedMetafields(
    admin,
    metafields.map((m) => ({ ...m, ownerId })),
  );
}

async function setOwnedMetafields(
  admin: AdminGraphql,
  metafields: { ownerId: string; namespace: string; key: string; type: string; value: string }[],
): Promise<void> {
  const { data } = await adminRequest<MetafieldsSetData>(admin, METAFIELDS_SET, { variables: { metafields } });
  const errors = data.metafieldsSet?.userErrors ?? [];
  if (errors.length) throw new SyncError(`Shopify did not store the discount rules: ${userErrorMessage(errors)}`);
}

export const PRODUCT_RULES_KEY = "rules";

/**
 * Writes `$app:pairwise.rules` on the products (and variants) whose rules differ from what
 * Shopify holds, and deletes it from those that no longer have any (25 a call). When a call fails, the products
 * it may have touched are remembered as unknown (an empty rule set in the held document), so the
 * next write rewrites or deletes them: no product keeps rules the app no longer has.
 */
async function writeProductRules(
  admin: AdminGraphql,
  shop: string,
  held: DiscountConfig | null,
  next: DiscountConfig,
): Promise<void> {
  const before = held?.r ?? {};
  const changed = Object.keys(next.r).filter((id) => JSON.stringify(before[id]) !== JSON.stringify(next.r[id]));
  const removed = Object.keys(before).filter((id) => !(id in next.r));
  const done = new Set<string>();
  try {
    for (let i = 0; i < changed.length; i += METAFIELDS_PER_CALL) {
      const batch = changed.slice(i, i + METAFIELDS_PER_CALL);
      await setOwnedMetafields(
        admin,
        batch.map((id) => ({
          ownerId: id,
          namespace: FUNCTION_METAFIELD_NAMESPACE,
          key: PRODUCT_RULES_KEY,
          type: "json",
          value: JSON.stringify(next.r[id]),
        })),
      );
      batch.forEach((id) => done.add(id));
    }
    for (let i = 0; i < removed.length; i += METAFIELDS_PER_CALL) {
      const batch = removed.slice(i, i + METAFIELDS_PER_CALL);
      const { data } = await adminRequest<MetafieldsDeleteData>(admin, METAFIELDS_DELETE, {
        variables: {
          metafields: batch.map((id) => ({
            ownerId: id,
            namespace: FUNCTION_METAFIELD_NAMESPACE,
            key: PRODUCT_RULES_KEY,
          })),
        },
      });
      const errors = data.metafieldsDelete?.userErrors ?? [];
      if (errors.length)
        throw new SyncError(`Shopify did not remove old discount rules: ${errors.map((e) => e.message).join("; ")}`);
    }
  } catch (error) {
    // what Shopify holds: the old rules, except the products written or possibly written since
    const unknown = changed.filter((id) => !done.has(id));
    const r = {
      ...before,
      ...Object.fromEntries([...done].map((id) => [id, next.r[id]])),
      ...Object.fromEntries(unknown.map((id) => [id, {}])),
    };
    if (held)
      await db.shop.update({ where: { domain: shop }, data: { discountConfig: JSON.stringify({ ...held, r }) } });
    else if (done.size || unknown.length)
      await db.shop.update({
        where: { domain: shop },
        data: { discountConfig: JSON.stringify({ ...next, o: [], b: [], r }) },
      });
    invalidateShop(shop); // the storefront shows the discounts Shopify holds
    throw error;
  }
}

/** Reads the discount's status back (the merchant may deactivate or delete it in Shopify admin). */
export async function refreshDiscountStatus(admin: AdminGraphql, shop: string): Promise<DiscountState> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { discountId: true, discountStatus: true } });
  if (row?.discountId) {
    const { data } = await adminRequest<DiscountStateData>(admin, DISCOUNT_STATE_QUERY, {
      variables: { id: row.discountId },
    });
    const node = data.discountNode;
    const status = node && node.discount.__typename === "DiscountAutomaticApp" ? (node.discount.status ?? null) : null;
    if (!node) {
      await db.shop.update({
        where: { domain: shop },
        data: {
          discountId: null,
          discountStatus: null,
          discountError: "The Pairwise discount was deleted in Shopify admin.",
        },
      });
      invalidateShop(shop);
    } else if (status !== row.discountStatus) {
      await db.shop.update({ where: { domain: shop }, data: { discountStatus: status } });
      invalidateShop(shop);
    }
  }
  return getDiscountState(shop);
}

/**
 * The catalog changed (a product's tags, type or collections): the background job rewrites the
 * rules within a minute, and only the products whose rules changed are written.
 */
export async function markDiscountsDue(shop: string, now = Date.now()): Promise<void> {
  await db.shop.updateMany({
    where: { domain: shop, discountId: { not: null } },
    data: { discountDueAt: new Date(now) },
  });
}

/** Shops whose rules must be rewritten now: an offer started or ended, or the last write failed. */
export async function shopsWithDiscountsDue(now = Date.now()): Promise<string[]> {
  const rows = await db.shop.findMany({
    where: { uninstalledAt: null, discountDueAt: { lte: new Date(now) } },
    select: { domain: true },
  });
  return rows.map((r) => r.domain);
}
