// Bundles: fixed sets of products sold together at a discount, made by the merchant or proposed
// from the mined pairs ("frequently bought together"). Every query is scoped by shop.
import db from "../../db.server";
import { bundleRuleFor, givesDiscount } from "../../domain/discounts";
import { bundlePrice, type DiscountType } from "../../domain/offers/pricing";
import { toCents } from "../../lib/forms/input";
import type { BundleInput } from "../../lib/forms/bundle";
import type { DiscountState } from "../discounts/sync.server";
import { invalidateShop } from "../storefront/shop-snapshot.server";

/** A pair is strong enough to propose a bundle from when lift and confidence reach these. */
export const PROPOSAL_MIN_LIFT = 1.5;
export const PROPOSAL_MIN_CONFIDENCE = 0.1;

async function productInfo(shop: string, ids: string[]) {
  const rows = await db.product.findMany({
    where: { shop, shopifyId: { in: [...new Set(ids)] } },
    select: {
      shopifyId: true,
      title: true,
      imageUrl: true,
      variants: { select: { price: true }, orderBy: { price: "asc" }, take: 1 },
    },
  });
  return new Map(
    rows.map((r) => [r.shopifyId, { title: r.title, imageUrl: r.imageUrl, price: r.variants[0]?.price ?? 0 }]),
  );
}

function priced(
  components: { productId: string; quantity: number }[],
  info: Map<string, { title: string; price: number }>,
  discountType: string,
  discountValue: number,
) {
  const price = bundlePrice(
    components.map((c) => ({ price: info.get(c.productId)?.price ?? 0, quantity: c.quantity })),
    { type: discountType as DiscountType, value: discountValue },
  );
  return {
    components: components.map((c) => ({
      ...c,
      title: info.get(c.productId)?.title ?? `Product ${c.productId}`,
      price: info.get(c.productId)?.price ?? null,
    })),
    price,
  };
}

/**
 * Whether a bundle's discount is granted at checkout now, and if not why — from the state of the
 * shop's discount and the rules Shopify holds (the same facts the storefront decides on).
 */
export function bundleCheckoutState(
  bundle: { id: string; status: string; discountType: string; discountValue: number },
  state: DiscountState,
): { live: boolean; reason: string | null } {
  if (!givesDiscount(bundle))
    return { live: false, reason: "No discount: the bundle sells at its components' prices." };
  if (bundle.status !== "active") return { live: false, reason: "Paused: shoppers pay full price." };
  if (!state.live) return { live: false, reason: state.reason };
  const rule = bundleRuleFor(state.config, bundle.id);
  const expected =
    bundle.discountType === "percent"
      ? ["%", Math.min(100, Math.round(bundle.discountValue * 100) / 100)]
      : ["$", Math.round(bundle.discountValue)];
  if (!rule || rule.d[0] !== expected[0] || rule.d[1] !== expected[1])
    return { live: false, reason: state.reason ?? "The latest version of this bundle is not at checkout yet." };
  return { live: true, reason: null };
}

export async function listBundles(shop: string, state?: DiscountState) {
  const bundles = await db.bundle.findMany({
    where: { shop },
    include: { components: { orderBy: { position: "asc" } } },
    orderBy: { createdAt: "desc" },
  });
  const merged = bundles.flatMap((b) => (b.mergedVariantId ? [b.mergedVariantId] : []));
  const [info, mergedRows] = await Promise.all([
    productInfo(
      shop,
      bundles.flatMap((b) => b.components.map((c) => c.productId)),
    ),
    merged.length
      ? db.variant.findMany({
          where: { shop, shopifyId: { in: merged } },
          select: { shopifyId: true, product: { select: { shopifyId: true, title: true } } },
        })
      : [],
  ]);
  const mergedProduct = new Map(
    mergedRows.map((v) => [v.shopifyId, { id: v.product.shopifyId, title: v.product.title }]),
  );
  return bundles.map((b) => ({
    id: b.id,
    title: b.title,
    status: b.status,
    source: b.source,
    discountType: b.discountType,
    discountValue: b.discountValue,
    presentation: b.presentation as "components" | "merged",
    mergedProduct: b.mergedVariantId ? (mergedProduct.get(b.mergedVariantId) ?? null) : null,
    checkout: state ? bundleCheckoutState(b, state) : null,
    ...priced(b.components, info, b.discountType, b.discountValue),
  }));
}

/** The stored columns of a bundle form; the merged line's variant is the bundle product's first variant. */
async function bundleColumns(shop: string, input: BundleInput) {
  let mergedVariantId: string | null = null;
  if (input.presentation === "merged" && input.mergedProductId) {
    const variant = await db.variant.findFirst({
      where: { shop, product: { shopifyId: input.mergedProductId } },
      orderBy: { shopifyId: "asc" },
      select: { shopifyId: true },
    });
    mergedVariantId = variant?.shopifyId ?? null;
  }
  return {
    title: input.title,
    discountType: input.discountType,
    discountValue:
      input.discountType === "none"
        ? 0
        : input.discountType === "fixed"
          ? toCents(input.discountValue ?? 0)
          : (input.discountValue ?? 0),
    presentation: mergedVariantId ? "merged" : "components",
    mergedVariantId,
  };
}

export async function createBundle(shop: string, input: BundleInput) {
  const bundle = await db.bundle.create({
    data: {
      shop,
      source: input.source,
      ...(await bundleColumns(shop, input)),
      components: {
        create: input.components.map((c, position) => ({ productId: c.productId, quantity: c.quantity, position })),
      },
    },
  });
  invalidateShop(shop); // the storefront serves the change at once, in every process
  return bundle;
}

/** Replaces a bundle's title, discount, presentation and components; false when the shop has no such bundle. */
export async function updateBundle(shop: string, id: string, input: BundleInput): Promise<boolean> {
  const columns = await bundleColumns(shop, input);
  const updated = await db.$transaction(async (tx) => {
    const { count } = await tx.bundle.updateMany({ where: { shop, id }, data: columns });
    if (count === 0) return false;
    await tx.bundleComponent.deleteMany({ where: { bundleId: id } });
    await tx.bundleComponent.createMany({
      data: input.components.map((c, position) => ({
        bundleId: id,
        productId: c.productId,
        quantity: c.quantity,
        position,
      })),
    });
    return true;
  });
  if (updated) invalidateShop(shop);
  return updated;
}

export async function setBundleStatus(shop: string, id: string, status: "active" | "paused"): Promise<boolean> {
  const { count } = await db.bundle.updateMany({ where: { shop, id }, data: { status } });
  if (count > 0) invalidateShop(shop);
  return count > 0;
}

export async function deleteBundle(shop: string, id: string): Promise<boolean> {
  const { count } = await db.bundle.deleteMany({ where: { shop, id } });
  if (count > 0) invalidateShop(shop);
  return count > 0;
}

/**
 * "Frequently bought together" proposals: strong mined cross-sell pairs (lift and confidence above
 * the thresholds), grown to a triple when a third product pairs strongly with both; sets already
 * saved as bundles are left out.
 */
export async function proposeBundles(shop: string, limit = 8) {
  const pairs = await db.recommendation.findMany({
    where: {
      shop,
      kind: "cross_sell",
      count: { gt: 0 },
      lift: { gte: PROPOSAL_MIN_LIFT },
      confidence: { gte: PROPOSAL_MIN_CONFIDENCE },
    },
    orderBy: [{ score: "desc" }, { lift: "desc" }],
    take: 400,
    select: { productId: true, recommendedProductId: true, lift: true, confidence: true, count: true },
  });
  const strong = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!strong.has(a)) strong.set(a, new Set());
    strong.get(a)!.add(b);
  };
  for (const p of pairs) {
    link(p.productId, p.recommendedProductId);
    link(p.recommendedProductId, p.productId);
  }
  const existing = await db.bundle.findMany({
    where: { shop },
    select: { components: { select: { productId: true } } },
  });
  const seen = new Set(
    existing.map((b) =>
      b.components
        .map((c) => c.productId)
        .sort()
        .join("|"),
    ),
  );
  const proposals: { productIds: string[]; lift: number; confidence: number; orders: number }[] = [];
  for (const p of pairs) {
    if (p.productId === p.recommendedProductId) continue;
    const a = strong.get(p.productId)!;
    const b = strong.get(p.recommendedProductId)!;
    const third = [...a].find((c) => c !== p.recommendedProductId && b.has(c));
    const ids = third ? [p.productId, p.recommendedProductId, third] : [p.productId, p.recommendedProductId];
    const key = [...ids].sort().join("|");
    const pairKey = [p.productId, p.recommendedProductId].sort().join("|");
    if (seen.has(key) || seen.has(pairKey)) continue;
    seen.add(key);
    seen.add(pairKey);
    proposals.push({ productIds: ids, lift: p.lift, confidence: p.confidence, orders: p.count });
    if (proposals.length >= limit) break;
  }
  const info = await productInfo(
    shop,
    proposals.flatMap((p) => p.productIds),
  );
  return proposals
    .filter((p) => p.productIds.every((id) => info.has(id)))
    .map((p) => ({
      ...p,
      title: p.productIds.map((id) => info.get(id)!.title).join(" + "),
      ...priced(
        p.productIds.map((productId) => ({ productId, quantity: 1 })),
        info,
        "percent",
        10,
      ),
    }));
}
