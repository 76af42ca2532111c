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
const { emptyBlocksOf, storefrontFacts, syncStorefrontFacts, writeFactsOnChange } =
  await import("../../../app/services/storefront/storefront-facts.server");
const { getShopSnapshot, invalidateShop } = await import("../../../app/services/storefront/shop-snapshot.server");

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

  it("are written into the app installation's metafields, valid for Shopify's schema, and only where they differ from what Shopify holds", async () => {
    const schema = await loadAdminSchema();
    const sent: { query: string; variables: Record<string, unknown> }[] = [];
    /** the installation's metafields, as Shopify holds them */
    const held = new Map<string, string>();
    type Metafield = { ownerId: string; namespace: string; key: string; type: string; value: string };
    const admin: AdminGraphql = {
      async graphql(query, options) {
        const variables = (options?.variables ?? {}) as { metafields?: Metafield[] };
        sent.push({ query, variables });
        expect(adminSchemaErrors(schema, parse(query))).toEqual([]);
        const value = (key: string) => (held.has(key) ? { value: held.get(key) } : null);
        let data: unknown;
        if (query.includes("currentAppInstallation"))
          data = {
            currentAppInstallation: {
              id: "gid://shopify/AppInstallation/42",
              storefront: value("storefront"),
              empty: value("empty"),
            },
          };
        else {
          for (const m of variables.metafields ?? []) held.set(m.key, m.value);
          data = { metafieldsSet: { metafields: [], userErrors: [] } };
        }
        return new Response(JSON.stringify({ data }), { headers: { "Content-Type": "application/json" } });
      },
    };
    const setsSent = () => sent.filter((s) => s.query.includes("metafieldsSet"));
    invalidateShop(SHOP_A);
    expect(await syncStorefrontFacts(admin, SHOP_A)).toBe(true);
    const metafields = setsSent()[0].variables.metafields as Metafield[];
    expect(metafields.map((m) => [m.ownerId, m.namespace, m.key, m.type])).toEqual([
      ["gid://shopify/AppInstallation/42", "pairwise", "storefront", "json"],
      ["gid://shopify/AppInstallation/42", "pairwise", "empty", "json"],
    ]);
    expect(JSON.parse(metafields[1].value)).toContain("a:103");
    // nothing changed since this process wrote: nothing asked, nothing sent
    sent.length = 0;
    expect(await syncStorefrontFacts(admin, SHOP_A)).toBe(false);
    expect(sent).toEqual([]);
    // the shop changed (here or, through the cluster bus, in another process) but not the facts:
    // Shopify's values are read, and nothing is written
    invalidateShop(SHOP_A);
    expect(await syncStorefrontFacts(admin, SHOP_A)).toBe(false);
    expect(sent.length).toBe(1);
    expect(setsSent()).toEqual([]);
    // the holdout changed: only the metafield that differs is written
    await db.shop.update({ where: { domain: SHOP_A }, data: { holdoutPercent: 0 } });
    invalidateShop(SHOP_A);
    expect(await syncStorefrontFacts(admin, SHOP_A)).toBe(true);
    expect((setsSent().at(-1)!.variables.metafields as Metafield[]).map((m) => m.key)).toEqual(["storefront"]);
    expect(JSON.parse(held.get("storefront")!).h).toBe(0);
    // the app was reinstalled (its metafields are gone, and nothing of the shop changed): within the
    // hour this process trusts what it wrote; after it, Shopify's values are read again and rewritten
    held.clear();
    expect(await syncStorefrontFacts(admin, SHOP_A)).toBe(false);
    expect(await syncStorefrontFacts(admin, SHOP_A, Date.now() + 3_600_001)).toBe(true);
    expect([...held.keys()].sort()).toEqual(["empty", "storefront"]);
  });

  it("read the recommendations of every product they list in one query, not one per product", async () => {
    const { recommendationReads } = await import("../../../app/services/storefront/shop-snapshot.server");
    invalidateShop(SHOP_A);
    const snapshot = (await getShopSnapshot(SHOP_A))!;
    expect(snapshot.catalog.size).toBeGreaterThan(2);
    const before = recommendationReads.queries;
    expect(await emptyBlocksOf(snapshot)).toContain("a:103");
    expect(recommendationReads.queries - before).toBe(1);
  });

  it("list empty blocks by whole products, within the metafield's size", async () => {
    const snapshot = (await getShopSnapshot(SHOP_A))!;
    const all = await emptyBlocksOf(snapshot);
    expect(all).toContain("a:103");
    // room for one product's entries ("a:103" and its kin weigh 8 bytes each with quotes and comma)
    const first = all.filter((b) => b.endsWith(`:${all[0].split(":")[1]}`));
    const cut = await emptyBlocksOf(snapshot, Date.now(), 2 + first.length * 8);
    expect(cut).toEqual(first);
    expect(JSON.stringify(cut).length).toBeLessThanOrEqual(2 + first.length * 8);
    expect(await emptyBlocksOf(snapshot, Date.now(), 2 + first.length * 8 - 1)).toEqual([]);
  });

  it("are rewritten shortly after a change of the shop, once for several changes in a row, at most so often", async () => {
    const written: number[] = [];
    const started = Date.now();
    const stop = writeFactsOnChange(async () => void written.push(Date.now() - started), {
      delayMs: 50,
      minGapMs: 600,
    });
    try {
      // a stream of changes (every 20 ms for 300 ms) does not postpone the write
      for (let t = 0; t < 300; t += 20) {
        invalidateShop(SHOP_A);
        await new Promise((r) => setTimeout(r, 20));
      }
      // (a write delayed by every change would come 50 ms after the last one)
      expect(written.length).toBe(1);
      // the changes after it are written once, the gap after the first write
      await new Promise((r) => setTimeout(r, 1_200));
      expect(written.length).toBe(2);
      expect(written[1] - written[0]).toBeGreaterThanOrEqual(590);
    } finally {
      stop();
    }
    invalidateShop(SHOP_A);
    await new Promise((r) => setTimeout(r, 200));
    expect(written.length).toBe(2);
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
