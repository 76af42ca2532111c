// A placement experiment end to end through the real routes on a real database: the form's data
// (which placements can be tested, what each shows now, the plan's baseline), the start from the
// admin form's action (signed session token; refusals in the admin's language), each visitor's
// arm served in the cart through the signed app proxy, events and the order's revenue tagged with
// the arm (the line's placement read from that visitor's acceptance), the readout's revenue per
// visitor from those orders, and the promotion that makes the winner the placement's setting.
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { appProxyRequest, installShop, routeArgs, SHOP_A, SHOP_B, useTestShopifyEnv } from "../../support/shopify";
import { callRoute, callAdminRoute as admin, catalogProduct, type Json } from "../../support/routes";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const list = await import("../../../app/routes/app.experiments._index");
const create = await import("../../../app/routes/app.experiments.new");
const detail = await import("../../../app/routes/app.experiments.$id");
const offersRoute = await import("../../../app/routes/proxy.offers");
const eventsRoute = await import("../../../app/routes/proxy.events");
const { invalidateShop } = await import("../../../app/services/storefront/shop-snapshot.server");
const { upsertOrders } = await import("../../../app/services/sync/ingest-orders.server");
const { attributeOrder } = await import("../../../app/services/sync/attribution.server");
const { assignVisitor, assignVariant } = await import("../../../app/domain/experiments");
const { storefrontFacts } = await import("../../../app/services/storefront/storefront-facts.server");

const product = (id: string, title: string, price: number) => catalogProduct(SHOP_A, id, title, price);

const getOffers = (query: Record<string, string>) =>
  callRoute(() => offersRoute.loader(routeArgs(appProxyRequest("/proxy/offers", { shop: SHOP_A, query }))));
/** The experiment page's action promoting `winner`, as `shop` (SHOP_A by default). */
const promote = (id: string, winner: string, shop = SHOP_A) =>
  admin(detail, "action", `/app/experiments/${id}`, { shop, json: { intent: "promote", winner } }, { id });
const postEvents = (body: unknown) =>
  callRoute(() =>
    eventsRoute.action(routeArgs(appProxyRequest("/proxy/events", { shop: SHOP_A, body: JSON.stringify(body) }))),
  );

let offerId: string;
const startInput = (over: Json = {}) => ({
  name: "Cart: one item instead of three",
  target: "placement",
  placement: "cart",
  metric: "revenue_per_visitor",
  guardrails: ["refund_rate", "aov"],
  minimumDetectableEffect: "20",
  variants: [
    { name: "Control", weight: "50" },
    { name: "One item", weight: "50", maxSuggestions: "1" },
  ],
  ...over,
});

beforeAll(async () => {
  await installShop(SHOP_A);
  await installShop(SHOP_B);
  await db.shop.update({
    where: { domain: SHOP_A },
    data: { holdoutPercent: 10, relevanceThreshold: 0.1, maxSuggestions: 3 },
  });
  await product("101", "Trail Tent", 19900);
  await product("102", "Sleeping Bag", 8900);
  await product("103", "Tent Stakes", 1500);
  await product("104", "Camp Lantern", 2500);
  const offer = await db.offer.create({
    data: {
      shop: SHOP_A,
      name: "Tent kit",
      status: "active",
      triggerType: "products",
      triggerValues: JSON.stringify(["101"]),
      offerSource: "manual",
      offeredProductIds: JSON.stringify(["102", "103", "104"]),
      placements: JSON.stringify(["product", "cart"]),
      headline: "Complete your {product}",
      priority: 10,
    },
  });
  offerId = offer.id;
});

/** The first visitor ids outside the holdout that land in each arm. */
function visitorsByArm(experimentId: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; Object.keys(out).length < 2; i++) {
    const id = `${prefix}-${String(i).padStart(4, "0")}`;
    if (assignVisitor(id, SHOP_A, 10).holdout) continue;
    const arm = assignVariant(id, experimentId, [
      { key: "control", weight: 50 },
      { key: "b", weight: 50 },
    ])!;
    out[arm] ??= id;
  }
  return out;
}

const cart = (visitor: string) => getOffers({ context: "cart", variant_ids: "9101", visitor_id: visitor });
const line = (id: string, productId: string, price: number, offer?: string) => ({
  id,
  productId,
  variantId: `9${productId}`,
  title: productId,
  quantity: 1,
  price,
  discount: 0,
  ...(offer ? { properties: { _pairwise: offer } } : {}),
});

describe("a placement experiment from the admin form", () => {
  let experimentId: string;
  let arms: Record<string, string>;

  it("offers the placements whose item count is a setting, each with what it shows now, and plans from its traffic", async () => {
    const form = await admin(create, "loader", "/app/experiments/new?placement=cart");
    expect(form.status).toBe(200);
    expect(form.body.placements).toEqual([
      { placement: "product", maxSuggestions: 3, layout: null, hidden: false, runningExperiment: null },
      { placement: "cart", maxSuggestions: 3, layout: null, hidden: false, runningExperiment: null },
      { placement: "checkout", maxSuggestions: 3, layout: null, hidden: false, runningExperiment: null },
      { placement: "thank_you", maxSuggestions: 3, layout: null, hidden: false, runningExperiment: null },
    ]);
    expect(form.body.baseline).toMatchObject({ offerId: "placement:cart", dailyVisitors: 0 });
    // a placement's own setting is what its control shows
    await db.shop.update({
      where: { domain: SHOP_A },
      data: { placementSettings: JSON.stringify({ checkout: { maxSuggestions: 2 } }) },
    });
    const again = await admin(create, "loader", "/app/experiments/new");
    expect(again.body.placements.find((p: Json) => p.placement === "checkout").maxSuggestions).toBe(2);
    await db.shop.update({ where: { domain: SHOP_A }, data: { placementSettings: null } });
  });

  it("refuses what it could not do, with the fields named, in the admin's language", async () => {
    const postPurchase = await admin(create, "action", "/app/experiments/new", {
      json: startInput({ placement: "post_purchase" }),
    });
    expect(postPurchase.status).toBe(400);
    expect(postPurchase.body.errors.placement).toMatch(/product page, the cart, checkout or the thank-you page/);
    const sameCount = await admin(create, "action", "/app/experiments/new", {
      json: startInput({
        variants: [
          { name: "Control", weight: "50" },
          { name: "Three", weight: "50", maxSuggestions: "3" },
        ],
      }),
    });
    expect(sameCount.status).toBe(400);
    expect(sameCount.body.errors.variants).toBe(
      "Three shows as many items as the placement does now (3): choose another number",
    );
    const copy = await admin(create, "action", "/app/experiments/new", {
      json: startInput({
        variants: [
          { name: "Control", weight: "50" },
          { name: "B", weight: "50", maxSuggestions: "1", headline: "Take these too" },
        ],
      }),
    });
    expect(copy.status).toBe(400);
    const german = await admin(create, "action", "/app/experiments/new?locale=de", {
      json: startInput({
        variants: [
          { name: "Kontrolle", weight: "50" },
          { name: "B", weight: "50" },
        ],
      }),
    });
    expect(german.status).toBe(400);
    expect(german.body.errors.variants).toBe(
      "B gleicht der Kontrolle: Wählen Sie, wie viele Artikel sie zeigt, oder ihr Layout",
    );
    expect(await db.experiment.count()).toBe(0);
  });

  it("starts from the form's action; the placement is busy until it ends", async () => {
    const started = await admin(create, "action", "/app/experiments/new", { json: startInput() });
    expect(started.status).toBe(302);
    experimentId = started.location!.split("/").pop()!.split("?")[0];
    const row = await db.experiment.findUniqueOrThrow({ where: { id: experimentId }, include: { variants: true } });
    expect(row).toMatchObject({ shop: SHOP_A, offerId: null, placement: "cart", metric: "revenue_per_visitor" });
    expect(row.variants.map((v) => [v.key, v.weight, JSON.parse(v.config)])).toEqual(
      expect.arrayContaining([
        ["control", 50, {}],
        ["b", 50, { maxSuggestions: 1 }],
      ]),
    );
    const form = await admin(create, "loader", "/app/experiments/new");
    expect(form.body.placements.find((p: Json) => p.placement === "cart").runningExperiment).toBe(
      "Cart: one item instead of three",
    );
    const twice = await admin(create, "action", "/app/experiments/new", { json: startInput() });
    expect(twice.body.errors.placement).toMatch(/already running on this placement/);
    const listed = await admin(list, "loader", "/app/experiments");
    expect(listed.body.experiments.map((e: Json) => [e.name, e.placement])).toEqual([
      ["Cart: one item instead of three", "cart"],
    ]);
  });

  it("shows each visitor of the cart its arm's number of items; the product page is not part of it", async () => {
    invalidateShop(SHOP_A);
    arms = visitorsByArm(experimentId, "cartvisitor");
    expect((await cart(arms.control)).body.slots[0].items).toHaveLength(3);
    expect((await cart(arms.b)).body.slots[0].items).toHaveLength(1);
    const page = await getOffers({ context: "product", product_id: "101", visitor_id: arms.b });
    expect(page.body.slots[0].items).toHaveLength(3);
  });

  it("tags the cart's events and the order revenue accepted in the cart with the arm; revenue per visitor comes from the orders", async () => {
    const now = Date.now();
    for (const [arm, visitorId] of Object.entries(arms)) {
      const served = await cart(visitorId);
      const item = served.body.slots[0].items[0];
      const base = { offerId, productId: item.productId, placement: "cart", token: item.token };
      const events = [
        { id: `${arm}-imp-000001`, type: "impression", at: now, ...base },
        { id: `${arm}-add-000001`, type: "add", at: now + 1000, ...base },
      ];
      expect((await postEvents({ visitorId, events })).status).toBe(200);
    }
    // the control's visitor also adds an item on the product page, outside the experiment
    const page = await getOffers({ context: "product", product_id: "101", visitor_id: arms.control });
    const other = page.body.slots[0].items.find((i: Json) => i.productId !== "102");
    await postEvents({
      visitorId: arms.control,
      events: [
        {
          id: "pp-imp-000001",
          type: "impression",
          at: now,
          offerId,
          productId: other.productId,
          placement: "product",
          token: other.token,
        },
        {
          id: "pp-add-000001",
          type: "add",
          at: now + 2000,
          offerId,
          productId: other.productId,
          placement: "product",
          token: other.token,
        },
      ],
    });
    const tagged = await db.event.findMany({ where: { shop: SHOP_A, placement: "cart" } });
    expect(tagged.map((e) => [e.visitorId, e.experimentId, e.variant]).sort()).toEqual(
      [
        [arms.b, experimentId, "b"],
        [arms.b, experimentId, "b"],
        [arms.control, experimentId, "control"],
        [arms.control, experimentId, "control"],
      ].sort(),
    );
    const added = Object.fromEntries(
      tagged.filter((e) => e.type === "add").map((e) => [e.variant, e.productId!] as const),
    );

    const orders = [
      {
        id: "8001",
        visitor: arms.b,
        lines: [line("1", "101", 19900), line("2", added.b, 8900, offerId)],
      },
      {
        id: "8002",
        visitor: arms.control,
        lines: [
          line("3", "101", 19900),
          line("4", added.control, 8900, offerId),
          line("5", other.productId, 1500, offerId),
        ],
      },
    ];
    await upsertOrders(
      SHOP_A,
      orders.map((o) => ({
        id: o.id,
        createdAt: now + 60_000,
        totalPrice: o.lines.reduce((s, l) => s + l.price, 0),
        subtotal: o.lines.reduce((s, l) => s + l.price, 0),
        attributes: { _pairwise_visitor: o.visitor },
        lines: o.lines,
      })),
      { source: "webhook" },
    );
    for (const o of orders) await attributeOrder(SHOP_A, o.id);
    const attributions = await db.attribution.findMany({
      where: { shop: SHOP_A },
      include: { orderLine: { select: { shopifyId: true } } },
    });
    expect(
      attributions
        .map((a) => [a.orderLine.shopifyId, a.revenue, a.experimentId, a.variant])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ["2", 8900, experimentId, "b"],
      ["4", 8900, experimentId, "control"],
      // accepted on the product page: not the cart's experiment
      ["5", 1500, null, null],
    ]);

    const read = await admin(detail, "loader", `/app/experiments/${experimentId}`, {}, { id: experimentId });
    expect(read.body.experiment).toMatchObject({ placement: "cart", offer: null, metric: "revenue_per_visitor" });
    const readout = read.body.experiment.readout;
    expect(readout.variants.map((v: Json) => [v.key, v.visitors, v.total])).toEqual([
      ["control", 1, 8900],
      ["b", 1, 8900],
    ]);
    expect(readout.verdict.code).toBe("keep_running");
  });

  it("promotes the winner into the cart's setting; everyone then sees it; another shop sees none of it", async () => {
    const foreign = await promote(experimentId, "b", SHOP_B);
    expect(foreign.status).toBe(404);
    const promoted = await promote(experimentId, "b");
    expect(promoted.status).toBe(200);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    expect(JSON.parse(shop.placementSettings!)).toEqual({ cart: { maxSuggestions: 1 } });
    expect((await cart(arms.control)).body.slots[0].items).toHaveLength(1);
    const form = await admin(create, "loader", "/app/experiments/new");
    expect(form.body.placements.find((p: Json) => p.placement === "cart")).toMatchObject({
      maxSuggestions: 1,
      runningExperiment: null,
    });
    expect((await admin(list, "loader", "/app/experiments", { shop: SHOP_B })).body.experiments).toEqual([]);
  });
});

describe("a layout experiment on the product page, from the admin form", () => {
  const layoutInput = (over: Json = {}) =>
    startInput({
      name: "Product page: list instead of grid",
      placement: "product",
      variants: [
        { name: "Control", weight: "50" },
        { name: "List", weight: "50", layout: "list" },
      ],
      ...over,
    });
  let experimentId: string;

  it("refuses a layout where the widget does not draw it, or on an offer, in the admin's language", async () => {
    const checkout = await admin(create, "action", "/app/experiments/new", {
      json: layoutInput({ placement: "checkout" }),
    });
    expect(checkout.status).toBe(400);
    expect(checkout.body.errors.variants).toBe(
      "List: layouts are tested on the product page, as a placement experiment",
    );
    // not in the cart either: its drawer always lists its items
    const cart = await admin(create, "action", "/app/experiments/new", { json: layoutInput({ placement: "cart" }) });
    expect(cart.status).toBe(400);
    expect(cart.body.errors.variants).toBe("List: layouts are tested on the product page, as a placement experiment");
    const onOffer = await admin(create, "action", "/app/experiments/new?locale=de", {
      json: layoutInput({ target: "offer", offerId }),
    });
    expect(onOffer.status).toBe(400);
    expect(onOffer.body.errors.variants).toBe(
      "List: Layouts werden auf der Produktseite getestet, als Experiment einer Platzierung",
    );
    await db.shop.update({
      where: { domain: SHOP_A },
      data: { placementSettings: JSON.stringify({ cart: { maxSuggestions: 1 }, product: { layout: "list" } }) },
    });
    const sameLayout = await admin(create, "action", "/app/experiments/new", { json: layoutInput() });
    expect(sameLayout.status).toBe(400);
    expect(sameLayout.body.errors.variants).toBe(
      "List has the layout the placement has now (list): choose the other one",
    );
    await db.shop.update({
      where: { domain: SHOP_A },
      data: { placementSettings: JSON.stringify({ cart: { maxSuggestions: 1 } }) },
    });
    expect(await db.experiment.count({ where: { placement: "product" } })).toBe(0);
  });

  it("starts; the blocks know each arm's layout before they ask, and each visitor's answer has it", async () => {
    invalidateShop(SHOP_A);
    const started = await admin(create, "action", "/app/experiments/new", { json: layoutInput() });
    expect(started.status).toBe(302);
    experimentId = started.location!.split("/").pop()!.split("?")[0];
    const row = await db.experiment.findUniqueOrThrow({ where: { id: experimentId }, include: { variants: true } });
    expect(row.variants.map((v) => [v.key, JSON.parse(v.config)])).toEqual(
      expect.arrayContaining([
        ["control", {}],
        ["b", { layout: "list" }],
      ]),
    );
    const facts = await storefrontFacts(SHOP_A);
    expect(facts!.facts.x).toEqual([
      [
        experimentId,
        "product",
        [
          ["b", 50, "list", 0],
          ["control", 50, null, 0],
        ],
      ],
    ]);
    const arms = visitorsByArm(experimentId, "layout");
    const product = (visitor: string) =>
      getOffers({ context: "product", product_id: "101", visitor_id: visitor }).then((r) => r.body);
    const b = await product(arms.b);
    const control = await product(arms.control);
    expect(b.slots.length).toBeGreaterThan(0);
    for (const slot of b.slots) expect(slot.layout).toBe("list");
    for (const slot of control.slots) expect(slot.layout).toBeUndefined();
  });

  it("promotes the list layout into the product page's setting", async () => {
    const promoted = await promote(experimentId, "b");
    expect(promoted.status).toBe(200);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    expect(JSON.parse(shop.placementSettings!)).toEqual({ cart: { maxSuggestions: 1 }, product: { layout: "list" } });
    const form = await admin(create, "loader", "/app/experiments/new");
    expect(form.body.placements.find((p: Json) => p.placement === "product")).toMatchObject({
      layout: "list",
      runningExperiment: null,
    });
  });

  it("of two requests promoting different winners at once, one ends it and writes its winner, the other changes nothing", async () => {
    const started = await admin(create, "action", "/app/experiments/new", {
      json: layoutInput({
        name: "Product page: grid or one item",
        variants: [
          { name: "Control", weight: "34" },
          { name: "Grid", weight: "33", layout: "grid" },
          { name: "One item", weight: "33", maxSuggestions: "1" },
        ],
      }),
    });
    expect(started.status).toBe(302);
    const id = started.location!.split("/").pop()!.split("?")[0];
    const answers = await Promise.all([promote(id, "b"), promote(id, "c")]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const row = await db.experiment.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "ended", outcome: "promoted" });
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    // the setting is the recorded winner's, and only its
    expect(JSON.parse(shop.placementSettings!).product).toEqual(
      row.winnerKey === "b" ? { layout: "grid" } : { layout: "list", maxSuggestions: 1 },
    );
    expect(answers[row.winnerKey === "b" ? 0 : 1].status).toBe(200);
  });
});
