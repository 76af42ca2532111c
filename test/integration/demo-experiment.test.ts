// The demo's experiment: simulated shoppers through the real serving, event and attribution paths
// reach a verdict on the Experiments page's readout, the same at every start, and a second run
// changes nothing.
import { describe, expect, it } from "vitest";
import { useFreshDatabase } from "../support/db";
import { useTestShopifyEnv, TEST_API_SECRET } from "../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../app/db.server");
const { seedDemoShop } = await import("../../app/demo/seed.server");
const { runMiningJob } = await import("../../app/services/mining/mining-job.server");
const { simulateStorefrontTraffic } = await import("../../app/demo/storefront-traffic.server");
const { simulateDemoExperiment, DEMO_EXPERIMENT_NAME } = await import("../../app/demo/experiment-traffic.server");
const { readoutOf, getExperiment } = await import("../../app/services/admin/experiments.server");
const { DEMO_SHOP } = await import("../../app/lib/config.server");
const { DEFAULT_NOW } = await import("../../app/demo/generate");

describe("the demo's experiment", () => {
  it("runs on the app's own paths and reaches a verdict for the planted effect", async () => {
    await seedDemoShop(db, { seed: 42, orders: 2500 });
    await runMiningJob(DEMO_SHOP);
    await simulateStorefrontTraffic(db, { seed: 42, now: DEFAULT_NOW, visitors: 200, secret: TEST_API_SECRET });
    const started = performance.now();
    const run = await simulateDemoExperiment(db, {
      seed: 42,
      now: DEFAULT_NOW,
      visitors: 1200,
      secret: TEST_API_SECRET,
    });
    console.log(
      `demo experiment: 1200 visitors, ${run.orders} orders in ${Math.round(performance.now() - started)} ms`,
    );
    expect(run.skipped).toBe(false);
    const experiment = await db.experiment.findFirstOrThrow({ where: { shop: DEMO_SHOP, name: DEMO_EXPERIMENT_NAME } });
    // the same id from the same seed at every start: a visitor's arm hashes it, so the arms, the
    // figures and the verdict are the demo's own, not a draw (a random id lost the verdict at times)
    expect(experiment.id).toBe("demo-experiment-42");
    // every stored figure came through the paths: tagged events and attributions
    const tagged = await db.event.groupBy({
      by: ["variant"],
      where: { experimentId: experiment.id, type: "impression" },
      _count: { _all: true },
    });
    expect(tagged.map((t) => t.variant).sort()).toEqual(["b", "control"]);
    expect(await db.attribution.count({ where: { experimentId: experiment.id, variant: "b" } })).toBeGreaterThan(0);
    const readout = (await readoutOf(DEMO_SHOP, experiment.id, DEFAULT_NOW))!;
    expect(readout.srm.mismatch).toBe(false);
    expect(readout.verdict).toMatchObject({ code: "variant_wins", winner: "b" });
    expect(readout.variants[1].comparison!.lift!).toBeGreaterThan(0.2);
    const page = await getExperiment(DEMO_SHOP, experiment.id, DEFAULT_NOW);
    expect(page!.variants.map((v) => v.changes)).toEqual([
      [],
      [{ kind: "headline", text: "Campers who bought the {product} took these too" }],
    ]);
    const again = await simulateDemoExperiment(db, {
      seed: 42,
      now: DEFAULT_NOW,
      visitors: 1200,
      secret: TEST_API_SECRET,
    });
    expect(again.skipped).toBe(true);
  }, 300_000);
});
