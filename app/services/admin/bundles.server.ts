// Bundles: fixed sets of products sold together at a discount, made by the merchant or proposed
// from the mined pairs ("frequently bought together"). Every query is scoped by shop.
import db from "../../db.server";
import { bundlePrice, type DiscountType } from "../../domain/offers/pricing";
import { toCents } from "../../lib/forms/input";
import type { BundleInput } from "../../lib/forms/bundle";

/** A pair is strong enough to propose a bundle from when lift and confidence reach these. */
export const PROPOSAL_MIN_LIFT = 1.5;
export const PROPOSAL_MIN_CONFIDENCE = 0.1;

async function productInfo(shop: string, ids: string[]) {
  const rows = await db.product.findMany({
    where: { shop, shopifyId: { in: [...new Set(ids)] } },
    select: { shopifyId: true, title: true, imageUrl: true, variants: { select: { price: true }, orderBy: { price: "asc" }, take: 1 } },
  });
  return new Map(rows.map((r) => [r.shopifyId, { title: r.title, imageUrl: r.imageUrl, price: r.variants[0]?.price ?? 0 }]));
}

function priced(components: { productId: string; quantity: number }[], info: Map<string, { title: string; price: number }>, discountType: string, discountValue: number) {
  const price = bundlePrice(
    components.map((c) => ({ price: info.get(c.productId)?.price ?? 0, quantity: c.quantity })),
    { type: discountType as DiscountType, value: discountValue },
  );
  return {
    components: components.map((c) => ({ ...c, title: info.get(c.productId)?.title ?? `Product ${c.productId}`, price: info.get(c.productId)?.price ?? null })),
    price,
  };
}

export async function listBundles(shop: string) {
  const bundles = await db.bundle.findMany({ where: { shop }, include: { components: { orderBy: { position: "asc" } } }, orderBy: { createdAt: "desc" } });
  const info = await productInfo(
    shop,
    bundles.flatMap((b) => b.components.map((c) => c.productId)),
  );
  return bundles.map((b) => ({
    id: b.id,
    title: b.title,
    status: b.status,
    source: b.source,
    discountType: b.discountType,
    discountValue: b.discountValue,
    ...priced(b.components, info, b.discountType, b.discountValue),
  }));
}

export async function createBundle(shop: string, input: BundleInput) {
  return db.bundle.create({
    data: {
      shop,
      title: input.title,
      source: input.source,
      discountType: input.discountType,
      discountValue: input.discountType === "none" ? 0 : input.discountType === "fixed" ? toCents(input.discountValue ?? 0) : (input.discountValue ?? 0),
      components: { create: input.components.map((c, position) => ({ productId: c.productId, quantity: c.quantity, position })) },
    },
  });
}

export async function setBundleStatus(shop: string, id: string, status: "active" | "paused"): Promise<boolean> {
  const { count } = await db.bundle.updateMany({ where: { shop, id }, data: { status } });
  return count > 0;
}

export async function deleteBundle(shop: string, id: string): Promise<boolean> {
  const { count } = await db.bundle.deleteMany({ where: { shop, id } });
  return count > 0;
}

/**
 * "Frequently bought together" proposals: strong mined cross-sell pairs (lift and confidence above
 * the thresholds), grown to a triple when a third product pairs strongly with both; sets already
 * saved as bundles are left out.
 */
export async function proposeBundles(shop: string, limit = 8) {
  const pairs = await db.recommendation.findMany({
    where: { shop, kind: "cross_sell", count: { gt: 0 }, lift: { gte: PROPOSAL_MIN_LIFT }, confidence: { gte: PROPOSAL_MIN_CONFIDENCE } },
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
  const existing = await db.bundle.findMany({ where: { shop }, select: { components: { select: { productId: true } } } });
  const seen = new Set(existing.map((b) => b.components.map((c) => c.productId).sort().join("|")));
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
