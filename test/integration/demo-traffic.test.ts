import { describe, expect, it } from "vitest";
import { useFreshDatabase } from "../support/db";
import { useTestShopifyEnv, TEST_API_SECRET } from "../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../app/db.server");
const { seedDemoShop } = await import("../../app/demo/seed.server");
const { runMiningJob } = await import("../../app/services/mining/mining-job.server");
const { simulateStorefrontTraffic } = await import("../../app/demo/storefront-traffic.server");
const { DEMO_SHOP } = await import("../../app/lib/config.server");
const { DEFAULT_NOW } = await import("../../app/demo/generate");

describe("the demo's simulated storefront traffic", () => {
  it("leaves only what the app's own code paths stored: served items, verified events, attributed offer lines, holdout exposure", async () => {
    await seedDemoShop(db, { seed: 42, orders: 2500 });
    await db.shop.update({ where: { domain: DEMO_SHOP }, data: { holdoutPercent: 20 } });
    await runMiningJob(DEMO_SHOP);
    const summary = await simulateStorefrontTraffic(db, {
      seed: 42,
      now: DEFAULT_NOW,
      visitors: 300,
      secret: TEST_API_SECRET,
    });
    expect(summary.skipped).toBe(false);
    expect(summary.orders).toBeGreaterThan(50);
    expect(await db.event.count({ where: { shop: DEMO_SHOP } })).toBe(summary.events);

    const orders = await db.order.findMany({
      where: { shop: DEMO_SHOP, name: { startsWith: "#SIM" } },
      include: { lines: true, attributions: true },
    });
    expect(orders).toHaveLength(summary.orders);
    const groups = new Set(orders.map((o) => o.exposure));
    expect(groups).toEqual(new Set(["exposed", "control"]));
    for (const order of orders) {
      // the holdout saw no offers, so bought none
      if (order.exposure === "control") expect(order.attributions).toHaveLength(0);
      for (const a of order.attributions) {
        const line = order.lines.find((l) => l.id === a.orderLineId)!;
        expect(a.revenue).toBe(line.price * line.quantity - line.discount);
        expect(line.offerId).toBeTruthy();
      }
    }
    const attributed = orders.flatMap((o) => o.attributions);
    expect(attributed.length).toBe(summary.attributedLines);
    expect(attributed.length).toBeGreaterThan(0);
    // every "add" event names an item the widget was served (tokens were verified on the way in)
    const adds = await db.event.count({ where: { shop: DEMO_SHOP, type: "add" } });
    expect(adds).toBeGreaterThanOrEqual(attributed.length);

    const again = await simulateStorefrontTraffic(db, {
      seed: 42,
      now: DEFAULT_NOW,
      visitors: 300,
      secret: TEST_API_SECRET,
    });
    expect(again.skipped).toBe(true);
    expect(await db.order.count({ where: { shop: DEMO_SHOP, name: { startsWith: "#SIM" } } })).toBe(summary.orders);
  }, 180_000);

  it("resumes after a crash part-way through: every visitor simulated once, nothing stored twice", async () => {
    // a new generation (another size) starts the traffic over
    await seedDemoShop(db, { seed: 42, orders: 2400 });
    await runMiningJob(DEMO_SHOP);
    const crash = new Error("killed");
    const cut = simulateStorefrontTraffic(db, {
      seed: 42,
      now: DEFAULT_NOW,
      visitors: 300,
      secret: TEST_API_SECRET,
      // dies in the middle of the second chunk: its visitors' events are stored, their orders not yet
      onVisitor: (done) => {
        if (done === 150) throw crash;
      },
    });
    await expect(cut).rejects.toBe(crash);
    const state = await db.demoState.findUniqueOrThrow({ where: { shop: DEMO_SHOP } });
    expect(state.trafficVisitors).toBe(100);
    expect(state.trafficDoneAt).toBeNull();
    const eventsBefore = await db.event.count({ where: { shop: DEMO_SHOP } });

    const resumed = await simulateStorefrontTraffic(db, {
      seed: 42,
      now: DEFAULT_NOW,
      visitors: 300,
      secret: TEST_API_SECRET,
    });
    expect(resumed).toMatchObject({ skipped: false, resumedAt: 100, visitors: 200 });
    expect((await db.demoState.findUniqueOrThrow({ where: { shop: DEMO_SHOP } })).trafficDoneAt).not.toBeNull();
    // the events of visitors 100–149 the crashed run had stored were matched, not stored again
    expect(await db.event.count({ where: { shop: DEMO_SHOP } })).toBe(eventsBefore + resumed.events);

    const orders = await db.order.findMany({
      where: { shop: DEMO_SHOP, name: { startsWith: "#SIM" } },
      include: { lines: true, attributions: true },
    });
    const visitorsWithOrders = orders.map((o) => o.visitorId);
    expect(new Set(visitorsWithOrders).size).toBe(orders.length);
    expect(new Set(orders.map((o) => o.name)).size).toBe(orders.length);
    // orders from before, inside and after the cut-short chunk
    const index = (o: (typeof orders)[number]) => Number(o.visitorId!.slice("demo-visitor-".length));
    expect(orders.some((o) => index(o) < 100)).toBe(true);
    expect(orders.some((o) => index(o) >= 100 && index(o) < 150)).toBe(true);
    expect(orders.some((o) => index(o) >= 200)).toBe(true);
    expect(Math.max(...orders.map(index))).toBeLessThan(300);
    for (const o of orders)
      for (const a of o.attributions) expect(o.lines.some((l) => l.id === a.orderLineId)).toBe(true);

    // and a restart after it finished does nothing more
    expect(
      (await simulateStorefrontTraffic(db, { seed: 42, now: DEFAULT_NOW, visitors: 300, secret: TEST_API_SECRET }))
        .skipped,
    ).toBe(true);
  }, 180_000);
});
