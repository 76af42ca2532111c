// Discount and placement experiments through the real routes, on a real SQLite file, with the Admin
// API stand-in holding what Shopify would hold (every document validated against the real schema):
// an experiment started from the admin (signed session token) whose variant grants 15 % puts its
// arms into the discount function's configuration; the storefront (signed app proxy) shows each
// visitor the discount of their arm; the function's logic, run on the metafields Shopify holds,
// grants exactly that discount to that visitor's cart and nothing to the control's — whatever line
// attribute the shopper writes; promoting the winner makes it the offer's discount. A placement
// experiment changes how many items the cart shows, per arm.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { adminRequest, appProxyRequest, installShop, routeArgs, useTestShopifyEnv } from "../../support/shopify";
import { callAdminRoute, callRoute, catalogProduct, type Json } from "../../support/routes";
import { startAdminApiStandin, STANDIN_SHOP, type AdminApiStandin } from "../../support/admin-api-standin";

useTestShopifyEnv();
useFreshDatabase();
const api: AdminApiStandin = await startAdminApiStandin();
api.server.listen({ onUnhandledRequest: "error" });
const { default: db } = await import("../../../app/db.server");
const create = await import("../../../app/routes/app.experiments.new");
const detail = await import("../../../app/routes/app.experiments.$id");
const offersRoute = await import("../../../app/routes/proxy.offers");
const { assignVariant, assignVisitor } = await import("../../../app/domain/experiments");
const { cartLinesDiscountsGenerateRun } =
  await import("../../../extensions/pairwise-discount/src/cart_lines_discounts_generate_run");

const SHOP = STANDIN_SHOP;
const NS = "$app:pairwise";
const product = (id: string, title: string, price: number) => catalogProduct(SHOP, id, title, price, { cost: null });

const adminAction = (route: { action: unknown }, path: string, json: unknown, params: Record<string, string> = {}) =>
  callAdminRoute(route, "action", path, { shop: SHOP, json }, params);
const getOffers = (query: Record<string, string>) =>
  callRoute(() => offersRoute.loader(routeArgs(appProxyRequest("/proxy/offers", { shop: SHOP, query }))));

/** The discount function's input for a cart, built from what Shopify holds (the discount's and the products' metafields). */
function functionInput(
  lines: { id: string; productId: string; quantity: number; pairwise?: string }[],
  visitor: string | null,
) {
  const discount = [...api.state.discounts.values()][0];
  const rulesOf = (gid: string) => api.state.catalogMetafields.get(gid)?.get(`${NS}.rules`);
  return {
    cart: {
      v: visitor ? { value: visitor } : null,
      cost: { subtotalAmount: { amount: "300.00" } },
      lines: lines.map((l) => {
        const rules = rulesOf(`gid://shopify/Product/${l.productId}`);
        return {
          id: l.id,
          q: l.quantity,
          a: l.pairwise ? { value: l.pairwise } : null,
          m: { r: null, p: { r: rules ? { jsonValue: JSON.parse(rules) } : null } },
        };
      }),
    },
    discount: {
      discountClasses: discount.discountClasses,
      config: { jsonValue: JSON.parse(discount.metafields.get(`${NS}.config`)!) },
    },
    presentmentCurrencyRate: "1.0",
  };
}
const percentOff = (output: ReturnType<typeof cartLinesDiscountsGenerateRun>, lineId: string) =>
  output.operations
    .flatMap((o) => o.productDiscountsAdd.candidates)
    .filter((c) => c.targets.some((t) => t.cartLine.id === lineId))
    .map((c) => ("percentage" in c.value ? Number(c.value.percentage.value) : NaN));

let offerId: string;
let experimentId: string;
let salt: string;
const arms: Record<string, string> = {};

beforeAll(async () => {
  await installShop(SHOP);
  await db.session.updateMany({ where: { shop: SHOP }, data: { accessToken: "standin-token" } });
  await db.shop.update({ where: { domain: SHOP }, data: { holdoutPercent: 10 } });
  await product("101", "Trail Tent", 19900);
  await product("102", "Sleeping Bag", 8900);
  await product("103", "Tent Stakes", 1500);
  await product("104", "Camp Lantern", 2900);
  const offer = await db.offer.create({
    data: {
      shop: SHOP,
      name: "Tent kit",
      status: "active",
      triggerType: "products",
      triggerValues: JSON.stringify(["101"]),
      offerSource: "manual",
      offeredProductIds: JSON.stringify(["102"]),
      placements: JSON.stringify(["product", "cart"]),
      headline: "Complete your {product}",
    },
  });
  offerId = offer.id;
}, 120_000);
afterAll(() => api?.server.close());

describe("a variant's discount is the one the checkout grants to that variant's shoppers", () => {
  it("starts from the admin and hands the arms to the discount function", async () => {
    const bad = await adminAction(create, "/app/experiments/new", {
      name: "Discount",
      offerId,
      metric: "acceptance_rate",
      minimumDetectableEffect: "20",
      variants: [
        { name: "Control", weight: "50" },
        { name: "Fifteen off", weight: "50", discount: "percent", discountValue: "150" },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.variants).toMatch(/percentage from 0.01 to 100/);

    const started = await adminAction(create, "/app/experiments/new", {
      name: "Discount",
      offerId,
      metric: "acceptance_rate",
      minimumDetectableEffect: "20",
      variants: [
        { name: "Control", weight: "50" },
        { name: "Fifteen off", weight: "50", discount: "percent", discountValue: "15" },
      ],
    });
    expect(started.status).toBe(302);
    experimentId = started.location!.split("/").pop()!.split("?")[0];
    // arms that differ in what a shopper pays are hashed with the experiment's secret
    salt = (await db.experiment.findUniqueOrThrow({ where: { id: experimentId } })).salt!;
    expect(salt).toMatch(/^[\w-]{24}$/);
    // the experiment's page lists the change as data (worded in the admin's language by the page):
    // the offer's own discount (none) against the variant's
    const pageRequest = await adminRequest(`/app/experiments/${experimentId}`, { shop: SHOP });
    const page = await callRoute(() => detail.loader(routeArgs(pageRequest, { id: experimentId }) as never));
    expect(page.body.experiment.variants.map((v: Json) => v.changes)).toEqual([
      [],
      [{ kind: "discount", from: { type: "none", value: 0 }, to: { type: "percent", value: 15 } }],
    ]);
    for (let i = 0; Object.keys(arms).length < 2; i++) {
      const id = `visitor-${String(i).padStart(4, "0")}`;
      if (assignVisitor(id, SHOP, 10).holdout) continue;
      arms[
        assignVariant(
          id,
          experimentId,
          [
            { key: "control", weight: 50 },
            { key: "b", weight: 50 },
          ],
          salt,
        )!
      ] ??= id;
    }
    // Shopify now holds the discount, its configuration with the arms, and the offered product's rule (the control's: none)
    const discount = [...api.state.discounts.values()][0];
    expect(discount).toBeDefined();
    const config = JSON.parse(discount.metafields.get(`${NS}.config`)!);
    expect(Object.values(config.x)).toEqual([
      {
        e: experimentId,
        a: [
          ["b", 50, "%", 15],
          ["control", 50, "%", 0],
        ],
        s: salt,
      },
    ]);
    // the secret is in the discount's own metafield only, not in the products' rules
    for (const fields of api.state.catalogMetafields.values())
      for (const value of fields.values()) expect(value).not.toContain(salt);
    expect(api.state.catalogMetafields.get("gid://shopify/Product/102")?.get(`${NS}.rules`)).toMatch(/%0\|p/);
  });

  it("shows each visitor the discount of their arm on the storefront", async () => {
    const query = { context: "product", product_id: "101" };
    const control = await getOffers({ ...query, visitor_id: arms.control });
    const b = await getOffers({ ...query, visitor_id: arms.b });
    expect(control.body.slots[0].discount).toEqual({ type: "none", value: 0 });
    expect(control.body.slots[0].items[0]).toMatchObject({ productId: "102", price: 8900, discountedPrice: 8900 });
    expect(b.body.slots[0].discount).toEqual({ type: "percent", value: 15 });
    expect(b.body.slots[0].items[0]).toMatchObject({ productId: "102", price: 8900, discountedPrice: 7565 });
    expect(JSON.stringify([control.body, b.body])).not.toContain(salt);
  });

  it("grants the arm's discount at checkout, and no line attribute raises the control's", () => {
    const cart = [
      { id: "gid://shopify/CartLine/1", productId: "101", quantity: 1 },
      { id: "gid://shopify/CartLine/2", productId: "102", quantity: 1, pairwise: offerId },
    ];
    expect(percentOff(cartLinesDiscountsGenerateRun(functionInput(cart, arms.b)), "gid://shopify/CartLine/2")).toEqual([
      15,
    ]);
    expect(cartLinesDiscountsGenerateRun(functionInput(cart, arms.control)).operations).toEqual([]);
    // the control's shopper edits the line's attribute: naming the arm, or another form of the offer id
    for (const forged of [`${offerId}:b`, `${offerId}|%15`, "b", `${offerId} b`]) {
      const lines = [cart[0], { ...cart[1], pairwise: forged }];
      expect(cartLinesDiscountsGenerateRun(functionInput(lines, arms.control)).operations).toEqual([]);
    }
    // without a visitor on the cart the offer's own rule applies (the control's: none)
    expect(cartLinesDiscountsGenerateRun(functionInput(cart, null)).operations).toEqual([]);
    // and the variant's discount still needs the offer's trigger in the cart
    expect(cartLinesDiscountsGenerateRun(functionInput([cart[1]], arms.b)).operations).toEqual([]);
  });

  it("promoting the variant makes its discount the offer's, for every shopper", async () => {
    const promoted = await adminAction(
      detail,
      `/app/experiments/${experimentId}`,
      { intent: "promote", winner: "b" },
      { id: experimentId },
    );
    expect(promoted.status).toBe(200);
    const offer = await db.offer.findUniqueOrThrow({ where: { id: offerId } });
    expect(offer).toMatchObject({ discountType: "percent", discountValue: 15 });
    const config = JSON.parse([...api.state.discounts.values()][0].metafields.get(`${NS}.config`)!);
    expect(config.x).toBeUndefined();
    const cart = [
      { id: "gid://shopify/CartLine/1", productId: "101", quantity: 1 },
      { id: "gid://shopify/CartLine/2", productId: "102", quantity: 1, pairwise: offerId },
    ];
    expect(
      percentOff(cartLinesDiscountsGenerateRun(functionInput(cart, arms.control)), "gid://shopify/CartLine/2"),
    ).toEqual([15]);
  });
});

describe("an experiment on a placement applies to whatever that placement shows", () => {
  it("shows the cart's arms their number of items, and promoting makes it the cart's setting", async () => {
    await db.offer.update({
      where: { id: offerId },
      data: { offeredProductIds: JSON.stringify(["102", "103", "104"]) },
    });
    const started = await adminAction(create, "/app/experiments/new", {
      name: "Cart: three items vs one",
      target: "placement",
      placement: "cart",
      metric: "acceptance_rate",
      minimumDetectableEffect: "20",
      variants: [
        { name: "As it is", weight: "50" },
        { name: "One item", weight: "50", maxSuggestions: "1" },
      ],
    });
    expect(started.status).toBe(302);
    const id = started.location!.split("/").pop()!.split("?")[0];
    const placementArms: Record<string, string> = {};
    for (let i = 0; Object.keys(placementArms).length < 2; i++) {
      const v = `cartvisitor-${String(i).padStart(4, "0")}`;
      if (assignVisitor(v, SHOP, 10).holdout) continue;
      placementArms[
        assignVariant(v, id, [
          { key: "control", weight: 50 },
          { key: "b", weight: 50 },
        ])!
      ] ??= v;
    }
    const cart = (visitor: string) => getOffers({ context: "cart", variant_ids: "9101", visitor_id: visitor });
    expect((await cart(placementArms.control)).body.slots[0].items).toHaveLength(3);
    expect((await cart(placementArms.b)).body.slots[0].items).toHaveLength(1);
    // the product page is not part of it
    const page = await getOffers({ context: "product", product_id: "101", visitor_id: placementArms.control });
    expect(page.body.slots[0].items.length).toBeGreaterThan(1);
    // a placement's variants cannot change an offer's discount
    const mixed = await adminAction(create, "/app/experiments/new", {
      name: "Product page discount",
      target: "placement",
      placement: "product",
      metric: "acceptance_rate",
      minimumDetectableEffect: "20",
      variants: [
        { name: "Control", weight: "50" },
        { name: "Ten off", weight: "50", discount: "percent", discountValue: "10" },
      ],
    });
    expect(mixed.status).toBe(400);

    const promoted = await adminAction(detail, `/app/experiments/${id}`, { intent: "promote", winner: "b" }, { id });
    expect(promoted.status).toBe(200);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(JSON.parse(shop.placementSettings!)).toEqual({ cart: { maxSuggestions: 1 } });
    expect((await cart(placementArms.control)).body.slots[0].items).toHaveLength(1);
    expect(page.body.slots[0].items.length).toBeGreaterThan(1);
  });
});
