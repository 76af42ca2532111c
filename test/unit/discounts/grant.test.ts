// What the discount function grants, on plain data: the abuse cases a shopper could try, bundles
// per complete set, overlapping bundles, quantities above one, and how the rules compile.
import { describe, expect, it } from "vitest";
import {
  allocateGrants,
  compileDiscountConfig,
  functionConfigOf,
  grantDiscounts as grantOnRules,
  offerDiscountsProduct,
  transformConfigOf,
  lineRules,
  planBundleLines,
  productGid,
  readRules,
  variantGid,
  uniqueSuffixes,
  type CheckoutCart,
  type CheckoutLine,
  type DiscountConfig,
  type OfferSource,
} from "../../../app/domain/discounts";

/** What the function does: each line carries its product's rules (the metafield), the discount its own config. */
const grantDiscounts = (cart: Omit<CheckoutCart, "lines"> & { lines: TestLine[] }, config: DiscountConfig | null) =>
  grantOnRules(
    {
      ...cart,
      lines: cart.lines.map(({ productId, variantId, ...l }) => {
        const product = config?.r[productGid(productId)];
        const variant = config?.r[variantGid(variantId)];
        return { ...l, rules: lineRules(product ? readRules(product) : null, variant ? readRules(variant) : null) };
      }),
    },
    config && functionConfigOf(config),
  );

const offer = (o: Partial<OfferSource> & { id: string }): OfferSource => ({
  triggerType: "products",
  triggerValues: ["101"],
  cartSubtotalMin: null,
  cartSubtotalMax: null,
  eligibleProductIds: ["103"],
  discountType: "percent",
  discountValue: 15,
  ...o,
});
type TestLine = Omit<CheckoutLine, "rules"> & { productId: string; variantId: string };
const line = (id: string, productId: string, quantity = 1, extra: Partial<TestLine> = {}): TestLine => ({
  id,
  productId,
  variantId: `9${productId}`,
  quantity,
  offerId: null,
  ...extra,
});

const { config } = compileDiscountConfig({
  offers: [
    offer({ id: "clx0offer0001" }),
    offer({
      id: "clx0offer0002",
      triggerType: "any",
      triggerValues: [],
      eligibleProductIds: ["105"],
      discountType: "fixed",
      discountValue: 300,
    }),
  ],
  bundles: [
    {
      id: "b_sleep",
      title: "Sleep set",
      discountType: "percent",
      discountValue: 10,
      components: [
        { productId: "102", variantId: null, quantity: 1 },
        { productId: "104", variantId: null, quantity: 2 },
      ],
    },
    {
      id: "b_tent",
      title: "Tent set",
      discountType: "fixed",
      discountValue: 1000,
      components: [
        { productId: "101", variantId: null, quantity: 1 },
        { productId: "104", variantId: null, quantity: 1 },
      ],
    },
  ],
});

describe("grantDiscounts", () => {
  it("grants an offer's discount on its line while the trigger is in the cart", () => {
    const grants = grantDiscounts(
      { subtotal: 10_000, lines: [line("t", "101"), line("o", "103", 1, { offerId: "clx0offer0001" })] },
      config,
    );
    expect(grants).toEqual([
      {
        kind: "offer",
        ref: "0001",
        message: "Bought together",
        targets: [{ lineId: "o", quantity: 1 }],
        value: { percent: 15 },
      },
    ]);
  });

  it("gives nothing to a forged _pairwise attribute without the trigger in the cart", () => {
    expect(
      grantDiscounts({ subtotal: 10_000, lines: [line("o", "103", 2, { offerId: "clx0offer0001" })] }, config),
    ).toEqual([]);
    // the offered product cannot be its own trigger either
    const self = compileDiscountConfig({
      offers: [offer({ id: "clx0offer0009", triggerValues: ["103"] })],
      bundles: [],
    }).config;
    expect(
      grantDiscounts({ subtotal: 10_000, lines: [line("o", "103", 2, { offerId: "clx0offer0009" })] }, self),
    ).toEqual([]);
  });

  it("gives nothing for an offer the configuration no longer holds (deleted, paused, expired) or a product it does not offer", () => {
    expect(
      grantDiscounts(
        { subtotal: 10_000, lines: [line("t", "101"), line("o", "103", 1, { offerId: "clx0offer0404" })] },
        config,
      ),
    ).toEqual([]);
    expect(
      grantDiscounts(
        { subtotal: 10_000, lines: [line("t", "101"), line("o", "102", 1, { offerId: "clx0offer0001" })] },
        config,
      ),
    ).toEqual([]);
    expect(
      grantDiscounts(
        { subtotal: 10_000, lines: [line("t", "101"), line("o", "103", 1, { offerId: "clx0offer0001" })] },
        null,
      ),
    ).toEqual([]);
  });

  it("discounts at most one offered unit per trigger unit, across lines of the same offer", () => {
    const grants = grantDiscounts(
      {
        subtotal: 10_000,
        lines: [
          line("t", "101", 2),
          line("o1", "103", 3, { offerId: "clx0offer0001" }),
          line("o2", "103", 5, { offerId: "x-clx0offer0001" }),
        ],
      },
      config,
    );
    expect(grants.flatMap((g) => g.targets)).toEqual([{ lineId: "o1", quantity: 2 }]);
  });

  it("a fixed offer discount is the configured amount per discounted unit, never more", () => {
    const grants = grantDiscounts(
      { subtotal: 10_000, lines: [line("a", "110", 2), line("o", "105", 5, { offerId: "clx0offer0002" })] },
      config,
    );
    expect(grants).toEqual([
      expect.objectContaining({ targets: [{ lineId: "o", quantity: 2 }], value: { fixed: 600 } }),
    ]);
    const money = allocateGrants(
      [
        { id: "a", quantity: 2, unitPrice: 2000 },
        { id: "o", quantity: 5, unitPrice: 250 },
      ],
      grants,
    );
    expect(money.get("o")).toBe(500); // $3 off each of 2 units, capped at their $2.50 price
  });

  it("grants a bundle per complete set, quantities respected", () => {
    const grants = grantDiscounts({ subtotal: 50_000, lines: [line("bag", "102", 3), line("pad", "104", 5)] }, config);
    expect(grants).toEqual([
      {
        kind: "bundle",
        ref: "leep",
        message: "Sleep set",
        targets: [
          { lineId: "bag", quantity: 2 },
          { lineId: "pad", quantity: 4 },
        ],
        value: { percent: 10 },
      },
    ]);
  });

  it("counts each unit in one bundle set only when two bundles overlap", () => {
    // pad belongs to both bundles: b_sleep claims 2 pads, b_tent gets the third
    const grants = grantDiscounts(
      { subtotal: 50_000, lines: [line("bag", "102"), line("pad", "104", 3), line("tent", "101", 2)] },
      config,
    );
    expect(grants).toEqual([
      expect.objectContaining({
        ref: "leep",
        targets: [
          { lineId: "bag", quantity: 1 },
          { lineId: "pad", quantity: 2 },
        ],
      }),
      expect.objectContaining({
        ref: "tent",
        targets: [
          { lineId: "tent", quantity: 1 },
          { lineId: "pad", quantity: 1 },
        ],
        value: { fixed: 1000 },
      }),
    ]);
    const claimed = new Map<string, number>();
    for (const t of grants.flatMap((g) => g.targets)) claimed.set(t.lineId, (claimed.get(t.lineId) ?? 0) + t.quantity);
    expect(claimed.get("pad")).toBe(3);
  });

  it("does not discount a unit twice: a bundled line gets no offer discount on top", () => {
    const grants = grantDiscounts(
      { subtotal: 50_000, lines: [line("tent", "101"), line("pad", "104", 1, { offerId: "clx0offer0001" })] },
      compileDiscountConfig({
        offers: [offer({ id: "clx0offer0001", eligibleProductIds: ["104"] })],
        bundles: [
          {
            id: "b_tent",
            title: "Tent set",
            discountType: "percent",
            discountValue: 5,
            components: [
              { productId: "101", variantId: null, quantity: 1 },
              { productId: "104", variantId: null, quantity: 1 },
            ],
          },
        ],
      }).config,
    );
    expect(grants.map((g) => g.kind)).toEqual(["bundle"]);
  });

  it("checks the cart subtotal range of an offer", () => {
    const { config: ranged } = compileDiscountConfig({
      offers: [offer({ id: "clx0offer0001", cartSubtotalMin: 5000 })],
      bundles: [],
    });
    const lines = [line("t", "101"), line("o", "103", 1, { offerId: "clx0offer0001" })];
    expect(grantDiscounts({ subtotal: 4999, lines }, ranged)).toEqual([]);
    expect(grantDiscounts({ subtotal: 5000, lines }, ranged)).toHaveLength(1);
  });

  it("resolves collection, product type and tag triggers to the catalog's products", () => {
    const catalog = [
      { id: "200", productType: "Stoves", tags: [], collections: ["gid://shopify/Collection/77"] },
      { id: "201", productType: "Tents", tags: ["Other"], collections: [] },
      { id: "202", productType: "", tags: ["CAMPING"], collections: ["78"] },
    ];
    const { config: c } = compileDiscountConfig({
      offers: [
        offer({ id: "o-coll", triggerType: "collections", triggerValues: ["gid://shopify/Collection/77"] }),
        offer({ id: "o-type", triggerType: "product_type", triggerValues: ["tents"] }),
        offer({ id: "o-tag", triggerType: "tag", triggerValues: ["Camping"] }),
        offer({ id: "o-none", triggerType: "tag", triggerValues: ["nobody-has-it"] }),
      ],
      bundles: [],
      catalog,
    });
    const key = (id: string) => c.o.find((o) => id.endsWith(o.k))!.k;
    expect(c.o).toHaveLength(3);
    expect(readRules(c.r[productGid("200")]).t).toEqual([key("o-coll")]);
    expect(readRules(c.r[productGid("201")]).t).toEqual([key("o-type")]);
    expect(readRules(c.r[productGid("202")]).t).toEqual([key("o-tag")]);
    const offered = (id: string) => line("o", "103", 1, { offerId: id });
    expect(grantDiscounts({ subtotal: 0, lines: [line("t", "200"), offered("o-coll")] }, c)).toHaveLength(1);
    expect(grantDiscounts({ subtotal: 0, lines: [line("t", "201"), offered("o-type")] }, c)).toHaveLength(1);
    expect(grantDiscounts({ subtotal: 0, lines: [line("t", "202"), offered("o-tag")] }, c)).toHaveLength(1);
    expect(grantDiscounts({ subtotal: 0, lines: [line("t", "201"), offered("o-tag")] }, c)).toEqual([]);
  });

  it("reads only the rules of the cart's products: a product's rules name nothing of other products' offers", () => {
    const offers = Array.from({ length: 2000 }, (_, i) =>
      offer({
        id: `clx${String(i).padStart(6, "0")}offer`,
        triggerValues: [String(1000 + i)],
        eligibleProductIds: [String(5000 + i)],
      }),
    );
    const { config: c } = compileDiscountConfig({ offers, bundles: [] });
    expect(Object.keys(c.r)).toHaveLength(4000);
    expect(c.r[productGid("1000")]).toBe(`i${(1000).toString(36)}\nt${c.o[0].k}`);
    expect(c.r[productGid("5000")]).toBe(`i${(5000).toString(36)}\ne${c.o[0].k}|%15|p`);
    expect(readRules(c.r[productGid("5000")])).toEqual({
      i: (5000).toString(36),
      t: [],
      e: [{ k: c.o[0].k, kind: "%", value: 15, trigger: "p", mn: null, mx: null }],
      b: [],
    });
    expect(readRules("e|%x|q\nbnonsense\n{}")).toEqual({ i: null, t: [], e: [], b: [] });
    expect(
      grantDiscounts({ subtotal: 0, lines: [line("t", "1999"), line("o", "5999", 1, { offerId: offers[999].id })] }, c),
    ).toHaveLength(1);
    expect(
      grantDiscounts({ subtotal: 0, lines: [line("t", "1998"), line("o", "5999", 1, { offerId: offers[999].id })] }, c),
    ).toEqual([]);
  });
});

describe("compileDiscountConfig", () => {
  it("leaves out offers and bundles that give nothing, and keys offers by a unique suffix", () => {
    const { config: c } = compileDiscountConfig({
      offers: [
        offer({ id: "aaaa111111" }),
        offer({ id: "bbbb111111" }),
        offer({ id: "cccc222222", discountType: "none", discountValue: 0 }),
      ],
      bundles: [
        {
          id: "b0",
          title: "No saving",
          discountType: "none",
          discountValue: 0,
          components: [{ productId: "1", variantId: null, quantity: 1 }],
        },
      ],
    });
    expect(c.o.map((o) => o.k)).toEqual(["a111111", "b111111"]);
    const withPaused = compileDiscountConfig({
      offers: [offer({ id: "aaaa111111" })],
      bundles: [],
      allOfferIds: ["aaaa111111", "zzzz111111"],
    }).config;
    expect(withPaused.o.map((o) => o.k)).toEqual(["a111111"]);
    expect(offerDiscountsProduct(withPaused, "zzzz111111", "103")).toBe(false);
    expect(c.b).toEqual([]);
    expect(uniqueSuffixes(["x1234567", "y1234567", "zz99"])).toEqual(
      new Map([
        ["x1234567", "x1234567"],
        ["y1234567", "y1234567"],
        ["zz99", "zz99"],
      ]),
    );
    expect(offerDiscountsProduct(c, "aaaa111111", "103")).toBe(true);
    expect(offerDiscountsProduct(c, "bbbb111111", "103")).toBe(true);
    expect(offerDiscountsProduct(c, "aaaa111111", "104")).toBe(false);
    expect(offerDiscountsProduct(c, "cccc222222", "103")).toBe(false);
  });

  it("is deterministic whatever the order of its input", () => {
    const offers = [offer({ id: "clx0offer0001" }), offer({ id: "clx0offer0002", triggerValues: ["102"] })];
    expect(JSON.stringify(compileDiscountConfig({ offers, bundles: [] }))).toBe(
      JSON.stringify(compileDiscountConfig({ offers: [...offers].reverse(), bundles: [] })),
    );
  });
});

describe("planBundleLines", () => {
  const { config: merged } = compileDiscountConfig({
    offers: [],
    bundles: [
      {
        id: "b_kit",
        title: "Camp kit",
        discountType: "percent",
        discountValue: 10,
        mergedVariantId: "9900",
        imageUrl: "https://cdn.example/kit.png",
        components: [
          { productId: "101", variantId: "9101", quantity: 1 },
          { productId: "103", variantId: "9103", quantity: 2 },
        ],
      },
    ],
  });

  it("merges one line per complete set and leaves the rest", () => {
    const plan = planBundleLines(
      [
        { id: "a", productId: "101", variantId: "9101", quantity: 2 },
        { id: "b", productId: "103", variantId: "9103", quantity: 5 },
      ],
      transformConfigOf(merged),
    );
    expect(plan.merges).toHaveLength(2);
    expect(plan.merges[0]).toEqual({
      bundleId: "b_kit",
      parentVariantId: "9900",
      title: "Camp kit",
      imageUrl: "https://cdn.example/kit.png",
      cartLines: [
        { cartLineId: "a", quantity: 1 },
        { cartLineId: "b", quantity: 2 },
      ],
    });
  });

  it("expands the bundle's own variant into its components", () => {
    const plan = planBundleLines(
      [{ id: "p", productId: "990", variantId: "9900", quantity: 1 }],
      transformConfigOf(merged),
    );
    expect(plan.expands).toEqual([
      {
        bundleId: "b_kit",
        cartLineId: "p",
        title: "Camp kit",
        imageUrl: "https://cdn.example/kit.png",
        items: [
          { variantId: "9101", quantity: 1 },
          { variantId: "9103", quantity: 2 },
        ],
      },
    ]);
    expect(plan.merges).toEqual([]);
  });
});
