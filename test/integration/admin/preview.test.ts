// The offer form's "recommended automatically" preview goes through the storefront's rules: for
// the same trigger product it lists exactly what a shopper is served for such an offer — no
// sold-out product, nothing the merchant excluded, nothing under the relevance threshold.
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import {
  adminRequest,
  appProxyRequest,
  installShop,
  routeArgs,
  SHOP_A,
  useTestShopifyEnv,
} from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const preview = await import("../../../app/routes/app.api.recommendations");
const offersRoute = await import("../../../app/routes/proxy.offers");
const { invalidateShop } = await import("../../../app/services/storefront/shop-snapshot.server");

async function json(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  let result: unknown;
  try {
    result = await promise;
  } catch (thrown) {
    result = thrown;
  }
  expect(result).toBeInstanceOf(Response);
  const response = result as Response;
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function product(id: string, title: string, { stock = 50, tags = [] as string[] } = {}) {
  const p = await db.product.create({
    data: {
      shop: SHOP_A,
      shopifyId: id,
      title,
      handle: title.toLowerCase().replace(/\W+/g, "-"),
      tags: JSON.stringify(tags),
    },
  });
  await db.variant.create({
    data: { shop: SHOP_A, shopifyId: `9${id}`, productId: p.id, price: 1000 + Number(id), inventoryQuantity: stock },
  });
}

async function recommend(from: string, to: string, score: number, lift: number, rank: number) {
  await db.recommendation.create({
    data: {
      shop: SHOP_A,
      productId: from,
      recommendedProductId: to,
      kind: "cross_sell",
      source: "mined",
      count: 20,
      support: 0.01,
      confidence: 0.3,
      lift,
      attachRate: 0.3,
      score,
      rank,
      computedAt: new Date(),
    },
  });
}

const previewIds = async (query: string) =>
  (
    (await json(preview.loader(routeArgs(await adminRequest(`/app/api/recommendations?${query}`, { shop: SHOP_A })))))
      .products as { id: string }[]
  ).map((p) => p.id);

const servedIds = async (productId: string) => {
  invalidateShop(SHOP_A);
  const body = await json(
    offersRoute.loader(
      routeArgs(
        appProxyRequest("/proxy/offers", {
          shop: SHOP_A,
          query: { context: "product", product_id: productId, visitor_id: "visitor-preview" },
        }),
      ),
    ),
  );
  const slots = body.slots as { offerId: string | null; items: { productId: string }[] }[];
  return slots.flatMap((s) => s.items.map((i) => i.productId));
};

beforeAll(async () => {
  await installShop(SHOP_A);
  await db.shop.update({
    where: { domain: SHOP_A },
    data: {
      holdoutPercent: 0,
      relevanceThreshold: 0.3,
      maxSuggestions: 4,
      lowStockThreshold: 2,
      excludedProductIds: JSON.stringify(["106"]),
      excludedTags: JSON.stringify(["no-upsell"]),
    },
  });
  await product("101", "Trail Tent");
  await product("102", "Sleeping Bag");
  await product("103", "Tent Stakes");
  await product("104", "Sold-out Lantern", { stock: 0 });
  await product("105", "Last Headlamp", { stock: 1 });
  await product("106", "Excluded Stove");
  await product("107", "Gift Card", { tags: ["no-upsell"] });
  await product("108", "Weak Pair Mug");
  await product("109", "Camp Chair");
  for (const [to, score, lift, rank] of [
    ["104", 0.95, 6, 1],
    ["102", 0.9, 5, 2],
    ["106", 0.88, 5, 3],
    ["107", 0.86, 5, 4],
    ["105", 0.84, 5, 5],
    ["103", 0.8, 3, 6],
    ["109", 0.5, 1.5, 7],
    ["108", 0.2, 8, 8],
  ] as const)
    await recommend("101", to, score, lift, rank);
});

describe("the recommended-automatically preview", () => {
  it("lists what a shopper is served for the same product and offer", async () => {
    await db.offer.create({
      data: {
        shop: SHOP_A,
        name: "Tent companions",
        status: "active",
        type: "cross_sell",
        offerSource: "recommended",
        triggerType: "products",
        triggerValues: JSON.stringify(["101"]),
        placements: JSON.stringify(["product"]),
      },
    });
    const served = await servedIds("101");
    // Stock (sold out, under the low-stock threshold), exclusions (id, tag) and the threshold apply.
    expect(served).toEqual(["102", "103", "109"]);
    expect(await previewIds("products=101&type=cross_sell&limit=4")).toEqual(served);
  });

  it("applies the minimum lift the same way", async () => {
    await db.offer.updateMany({ where: { shop: SHOP_A }, data: { minLift: 2 } });
    const served = await servedIds("101");
    expect(served).toEqual(["102", "103"]);
    expect(await previewIds("products=101&type=cross_sell&minLift=2&limit=4")).toEqual(served);
  });
});
