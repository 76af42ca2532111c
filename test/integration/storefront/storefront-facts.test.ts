// What the theme blocks are told before they reserve space (the app-data metafields the app writes):
// the product-page blocks with nothing to show, the holdout, the placement experiments whose arms
// change the layout; written to Shopify only when they changed.
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "graphql";
import { useFreshDatabase } from "../../support/db";
import { installShop, SHOP_A, useTestShopifyEnv } from "../../support/shopify";
import { adminSchemaErrors, loadAdminSchema } from "../../support/shopify-schema";
import type { AdminGraphql } from "../../../app/graphql/client";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { storefrontFacts, syncStorefrontFacts, writeFactsOnChange } =
  await import("../../../app/services/storefront/storefront-facts.server");
const { invalidateShop } = await import("../../../app/services/storefront/shop-snapshot.server");

async function product(id: string, title: string, price: number) {
  const p = await db.product.create({
    data: { shop: SHOP_A, shopifyId: id, title, handle: title.toLowerCase().replace(/\W+/g, "-"), productType: "Gear" },
  });
  await db.variant.create({
    data: { shop: SHOP_A, shopifyId: `9${id}`, productId: p.id, price, inventoryQuantity: 50, cost: price / 2 },
  });
}

beforeAll(async () => {
  await installShop(SHOP_A);
  await db.shop.update({ where: { domain: SHOP_A }, data: { holdoutPercent: 7, relevanceThreshold: 0.1 } });
  await product("101", "Trail Tent", 19900);
  await product("102", "Tent Stakes", 1500);
  await product("103", "Gift Card", 5000); // bought with nothing: no offers
  await db.recommendation.create({
    data: {
      shop: SHOP_A,
      productId: "101",
      recommendedProductId: "102",
      kind: "cross_sell",
      source: "mined",
      count: 20,
      support: 0.01,
      confidence: 0.3,
      lift: 4,
      attachRate: 0.3,
      score: 0.9,
      rank: 1,
      computedAt: new Date(),
    },
  });
});

describe("storefront facts", () => {
  it("list the blocks with nothing to show per product, the holdout and the layout experiments of the widget's placements", async () => {
    const xp = await db.experiment.create({
      data: {
        shop: SHOP_A,
        name: "List or grid",
        placement: "product",
        status: "running",
        startedAt: new Date(Date.now() - 60_000),
        variants: {
          create: [
            { key: "control", weight: 70, config: "{}" },
            { key: "b", weight: 30, config: JSON.stringify({ layout: "list" }) },
          ],
        },
      },
    });
    // a headline test changes no box: not told to the blocks
    await db.experiment.create({
      data: {
        shop: SHOP_A,
        name: "Copy",
        placement: "cart",
        status: "running",
        startedAt: new Date(Date.now() - 60_000),
        variants: {
          create: [
            { key: "control", config: "{}" },
            { key: "b", config: JSON.stringify({ headline: "Hi" }) },
          ],
        },
      },
    });
    invalidateShop(SHOP_A);
    const facts = (await storefrontFacts(SHOP_A))!;
    expect(facts.facts).toEqual({
      h: 7,
      l: {},
      x: [
        [
          xp.id,
          "product",
          [
            ["b", 30, "list", 0],
            ["control", 70, null, 0],
          ],
        ],
      ],
    });
    // the tent has a cross-sell (and so a "Frequently bought together"), no upsell; the gift card nothing
    expect(facts.empty).not.toContain("a:101");
    expect(facts.empty).not.toContain("c:101");
    expect(facts.empty).not.toContain("b:101");
    expect(facts.empty).toContain("u:101");
    for (const kind of ["a", "c", "u", "b"]) expect(facts.empty).toContain(`${kind}:103`);
  });

  it("are written into the app installation's metafields, valid for Shopify's schema, and only when they changed", async () => {
    const schema = await loadAdminSchema();
    const sent: { query: string; variables: Record<string, unknown> }[] = [];
    const admin: AdminGraphql = {
      async graphql(query, options) {
        sent.push({ query, variables: (options?.variables ?? {}) as Record<string, unknown> });
        expect(adminSchemaErrors(schema, parse(query))).toEqual([]);
        const data = query.includes("currentAppInstallation")
          ? { currentAppInstallation: { id: "gid://shopify/AppInstallation/42" } }
          : { metafieldsSet: { metafields: [], userErrors: [] } };
        return new Response(JSON.stringify({ data }), { headers: { "Content-Type": "application/json" } });
      },
    };
    invalidateShop(SHOP_A);
    expect(await syncStorefrontFacts(admin, SHOP_A)).toBe(true);
    const set = sent.find((s) => s.query.includes("metafieldsSet"))!;
    const metafields = set.variables.metafields as {
      ownerId: string;
      namespace: string;
      key: string;
      type: string;
      value: string;
    }[];
    expect(metafields.map((m) => [m.ownerId, m.namespace, m.key, m.type])).toEqual([
      ["gid://shopify/AppInstallation/42", "pairwise", "storefront", "json"],
      ["gid://shopify/AppInstallation/42", "pairwise", "empty", "json"],
    ]);
    expect(JSON.parse(metafields[1].value)).toContain("a:103");
    // nothing changed: nothing sent
    sent.length = 0;
    invalidateShop(SHOP_A);
    expect(await syncStorefrontFacts(admin, SHOP_A)).toBe(false);
    expect(sent).toEqual([]);
    // the holdout changed: written again
    await db.shop.update({ where: { domain: SHOP_A }, data: { holdoutPercent: 0 } });
    invalidateShop(SHOP_A);
    expect(await syncStorefrontFacts(admin, SHOP_A)).toBe(true);
    expect(JSON.parse((sent.at(-1)!.variables.metafields as { value: string }[])[0].value).h).toBe(0);
  });
  it("are rewritten shortly after a change of the shop, once for several changes in a row", async () => {
    const written: string[] = [];
    const stop = writeFactsOnChange(async (shop) => void written.push(shop), 50);
    try {
      invalidateShop(SHOP_A);
      invalidateShop(SHOP_A);
      invalidateShop(SHOP_A);
      expect(written).toEqual([]);
      await new Promise((r) => setTimeout(r, 300));
      expect(written).toEqual([SHOP_A]);
    } finally {
      stop();
    }
    invalidateShop(SHOP_A);
    await new Promise((r) => setTimeout(r, 200));
    expect(written).toEqual([SHOP_A]);
  });

  it("say no block is empty while an offer experiment's arms change the items", async () => {
    const offer = await db.offer.create({
      data: {
        shop: SHOP_A,
        name: "Gift card extras",
        status: "active",
        triggerType: "products",
        triggerValues: JSON.stringify(["101"]),
        offerSource: "recommended",
        placements: JSON.stringify(["product"]),
      },
    });
    await db.experiment.create({
      data: {
        shop: SHOP_A,
        name: "Hand-picked items",
        offerId: offer.id,
        status: "running",
        startedAt: new Date(Date.now() - 60_000),
        variants: {
          create: [
            { key: "control", config: "{}" },
            { key: "b", config: JSON.stringify({ offerSource: "manual", offeredProductIds: ["102"] }) },
          ],
        },
      },
    });
    invalidateShop(SHOP_A);
    expect((await storefrontFacts(SHOP_A))!.empty).toEqual([]);
  });
});
