// Experiments end to end through the real routes on a real SQLite file: started from the admin
// (signed session token), each visitor served its arm on the product page and in the cart through
// the signed app proxy, events and the order's attribution tagged with that arm, the readout
// computed from them, and the end (promote / stop) — with another shop seeing none of it.
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

const product = (id: string, title: string, price: number) => catalogProduct(SHOP_A, id, title, price);

const getOffers = (query: Record<string, string>) =>
  callRoute(() => offersRoute.loader(routeArgs(appProxyRequest("/proxy/offers", { shop: SHOP_A, query }))));
const postEvents = (body: unknown) =>
  callRoute(() =>
    eventsRoute.action(routeArgs(appProxyRequest("/proxy/events", { shop: SHOP_A, body: JSON.stringify(body) }))),
  );

let offerId: string;
const startInput = (over: Json = {}) => ({
  name: "Shorter headline",
  offerId,
  metric: "acceptance_rate",
  guardrails: ["refund_rate"],
  minimumDetectableEffect: "20",
  variants: [
    { name: "Control", weight: "50" },
    { name: "Short and one item", weight: "50", headline: "Campers also took", maxSuggestions: "1" },
  ],
  ...over,
});

beforeAll(async () => {
  await installShop(SHOP_A);
  await installShop(SHOP_B);
  await db.shop.update({ where: { domain: SHOP_A }, data: { holdoutPercent: 10, relevanceThreshold: 0.1 } });
  await product("101", "Trail Tent", 19900);
  await product("102", "Sleeping Bag", 8900);
  await product("103", "Tent Stakes", 1500);
  const offer = await db.offer.create({
    data: {
      shop: SHOP_A,
      name: "Tent kit",
      status: "active",
      triggerType: "products",
      triggerValues: JSON.stringify(["101"]),
      offerSource: "manual",
      offeredProductIds: JSON.stringify(["102", "103"]),
      placements: JSON.stringify(["product", "cart"]),
      headline: "Complete your {product}",
      priority: 10,
    },
  });
  offerId = offer.id;
});

/** The first visitor ids outside the holdout that land in each arm. */
function visitorsByArm(experimentId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; Object.keys(out).length < 2; i++) {
    const id = `visitor-${String(i).padStart(4, "0")}`;
    if (assignVisitor(id, SHOP_A, 10).holdout) continue;
    const arm = assignVariant(id, experimentId, [
      { key: "control", weight: 50 },
      { key: "b", weight: 50 },
    ])!;
    out[arm] ??= id;
  }
  return out;
}

describe("experiments", () => {
  let experimentId: string;

  it("refuses a split that does not add up, a variant identical to the control and another shop's offer, with the fields named", async () => {
    const bad = await admin(create, "action", "/app/experiments/new", {
      json: startInput({
        variants: [
          { name: "Control", weight: "60" },
          { name: "B", weight: "30", headline: "x" },
        ],
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.variants).toMatch(/100 %/);
    const same = await admin(create, "action", "/app/experiments/new", {
      json: startInput({
        variants: [
          { name: "Control", weight: "50" },
          { name: "B", weight: "50" },
        ],
      }),
    });
    expect(same.status).toBe(400);
    expect(same.body.errors.variants).toMatch(/same as the control/);
    const foreign = await admin(create, "action", "/app/experiments/new", { shop: SHOP_B, json: startInput() });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors.offerId).toBeTruthy();
    expect(await db.experiment.count()).toBe(0);
  });

  it("starts from the admin and shows the plan inputs: the offer's baseline", async () => {
    const form = await admin(create, "loader", `/app/experiments/new?offer=${offerId}`);
    expect(form.body.offers.map((o: Json) => o.id)).toEqual([offerId]);
    expect(form.body.baseline).toMatchObject({ offerId, dailyVisitors: 0 });
    const started = await admin(create, "action", "/app/experiments/new", { json: startInput() });
    expect(started.status).toBe(302);
    experimentId = started.location!.split("/").pop()!.split("?")[0];
    const row = await db.experiment.findUniqueOrThrow({ where: { id: experimentId }, include: { variants: true } });
    expect(row).toMatchObject({
      shop: SHOP_A,
      status: "running",
      metric: "acceptance_rate",
      minimumDetectableEffect: 0.2,
    });
    expect(row.variants.map((v) => [v.key, v.weight, JSON.parse(v.config)])).toEqual(
      expect.arrayContaining([
        ["control", 50, {}],
        ["b", 50, { headline: "Campers also took", maxSuggestions: 1 }],
      ]),
    );
    // one experiment per offer at a time
    const again = await admin(create, "action", "/app/experiments/new", { json: startInput() });
    expect(again.body.errors.offerId).toMatch(/already running/);
  });

  it("serves each visitor its arm, the same on the product page and in the cart; the holdout sees nothing", async () => {
    invalidateShop(SHOP_A);
    const arms = visitorsByArm(experimentId);
    for (const context of ["product", "cart"]) {
      const query: Record<string, string> =
        context === "product" ? { context, product_id: "101" } : { context, variant_ids: "9101" };
      const control = await getOffers({ ...query, visitor_id: arms.control });
      const b = await getOffers({ ...query, visitor_id: arms.b });
      expect(control.body.slots[0]).toMatchObject({ offerId, headline: "Complete your Trail Tent" });
      expect(control.body.slots[0].items.map((i: Json) => i.productId)).toEqual(["102", "103"]);
      expect(b.body.slots[0]).toMatchObject({ offerId, headline: "Campers also took" });
      expect(b.body.slots[0].items).toHaveLength(1);
    }
    let holdout = "";
    for (let i = 0; !holdout; i++) if (assignVisitor(`holdout-${i}`, SHOP_A, 10).holdout) holdout = `holdout-${i}`;
    expect((await getOffers({ context: "product", product_id: "101", visitor_id: holdout })).body).toMatchObject({
      holdout: true,
      slots: [],
    });
  });

  it("tags events and the order's attribution with the arm, computed from the visitor and not from the client", async () => {
    const arms = visitorsByArm(experimentId);
    const now = Date.now();
    for (const [arm, visitorId] of Object.entries(arms)) {
      const served = await getOffers({ context: "product", product_id: "101", visitor_id: visitorId });
      const item = served.body.slots[0].items[0];
      const base = { offerId, productId: item.productId, placement: "product", token: item.token };
      const events = [{ id: `${arm}-imp-000001`, type: "impression", at: now, ...base }];
      if (arm === "b") events.push({ id: `${arm}-add-000001`, type: "add", at: now + 1000, ...base });
      const posted = await postEvents({ visitorId, events });
      expect(posted.status).toBe(200);
    }
    const stored = await db.event.findMany({ where: { shop: SHOP_A, offerId }, orderBy: { clientEventId: "asc" } });
    expect(stored.map((e) => [e.visitorId, e.type, e.experimentId, e.variant])).toEqual([
      [arms.b, "add", experimentId, "b"],
      [arms.b, "impression", experimentId, "b"],
      [arms.control, "impression", experimentId, "control"],
    ]);

    await upsertOrders(
      SHOP_A,
      [
        {
          id: "7001",
          createdAt: now + 60_000,
          totalPrice: 28800,
          subtotal: 28800,
          attributes: { _pairwise_visitor: arms.b },
          lines: [
            {
              id: "1",
              productId: "101",
              variantId: "9101",
              title: "Trail Tent",
              quantity: 1,
              price: 19900,
              discount: 0,
            },
            {
              id: "2",
              productId: "102",
              variantId: "9102",
              title: "Sleeping Bag",
              quantity: 1,
              price: 8900,
              discount: 0,
              properties: { _pairwise: offerId },
            },
          ],
        },
      ],
      { source: "webhook" },
    );
    await attributeOrder(SHOP_A, "7001");
    const attributions = await db.attribution.findMany({ where: { shop: SHOP_A } });
    expect(attributions.map((a) => [a.offerId, a.revenue, a.experimentId, a.variant])).toEqual([
      [offerId, 8900, experimentId, "b"],
    ]);
  });

  it("reads out per variant: visitors, conversions, rate with its interval, lift, an honest verdict", async () => {
    const page = await admin(detail, "loader", `/app/experiments/${experimentId}`, {}, { id: experimentId });
    expect(page.status).toBe(200);
    const readout = page.body.experiment.readout;
    expect(readout.variants.map((v: Json) => [v.key, v.visitors, v.total])).toEqual([
      ["control", 1, 0],
      ["b", 1, 1],
    ]);
    expect(readout.variants[1].interval[0]).toBeGreaterThan(0);
    expect(readout.variants[1].comparison.significant).toBe(false);
    // one visitor each is not a result, however striking 0 % against 100 % looks
    expect(readout.verdict.code).toBe("keep_running");
    const listed = await admin(list, "loader", "/app/experiments");
    expect(listed.body.experiments.map((e: Json) => [e.name, e.status, e.verdict.code])).toEqual([
      ["Shorter headline", "running", "keep_running"],
    ]);
    // another shop sees nothing
    expect(
      (await admin(detail, "loader", `/app/experiments/${experimentId}`, { shop: SHOP_B }, { id: experimentId }))
        .status,
    ).toBe(404);
    expect((await admin(list, "loader", "/app/experiments", { shop: SHOP_B })).body.experiments).toEqual([]);
  });

  it("ends by promoting the variant into the offer; the record and its final readout stay; it cannot end twice", async () => {
    const foreign = await admin(
      detail,
      "action",
      `/app/experiments/${experimentId}`,
      { shop: SHOP_B, json: { intent: "stop" } },
      { id: experimentId },
    );
    expect(foreign.status).toBe(404);
    const bad = await admin(
      detail,
      "action",
      `/app/experiments/${experimentId}`,
      { json: { intent: "promote", winner: "zz" } },
      { id: experimentId },
    );
    expect(bad.status).toBe(400);
    const ended = await admin(
      detail,
      "action",
      `/app/experiments/${experimentId}`,
      { json: { intent: "promote", winner: "b" } },
      { id: experimentId },
    );
    expect(ended.status).toBe(200);
    const offer = await db.offer.findUniqueOrThrow({ where: { id: offerId } });
    expect(offer).toMatchObject({ headline: "Campers also took", maxSuggestions: 1, offerSource: "manual" });
    const row = await db.experiment.findUniqueOrThrow({ where: { id: experimentId } });
    expect(row).toMatchObject({ status: "ended", outcome: "promoted", winnerKey: "b" });
    expect(JSON.parse(row.finalReadout!).variants).toHaveLength(2);
    const twice = await admin(
      detail,
      "action",
      `/app/experiments/${experimentId}`,
      { json: { intent: "stop" } },
      { id: experimentId },
    );
    expect(twice.status).toBe(409);
    // everyone now sees the promoted offer; new events carry no arm
    invalidateShop(SHOP_A);
    const arms = visitorsByArm(experimentId);
    const served = await getOffers({ context: "product", product_id: "101", visitor_id: arms.control });
    expect(served.body.slots[0]).toMatchObject({ headline: "Campers also took" });
    expect(served.body.slots[0].items).toHaveLength(1);
    const page = await admin(detail, "loader", `/app/experiments/${experimentId}`, {}, { id: experimentId });
    expect(page.body.experiment).toMatchObject({ status: "ended", outcome: "promoted" });
    expect(page.body.experiment.readout.variants[1].visitors).toBe(1);
  });
});
