// Makes the local demo shop ready, in phases that each record their completion in DemoState, so a
// restart skips what is done and a crash resumes where it stopped: the demo shop's data generated
// and seeded (skipped when the stored fingerprint is this generation's), its recommendations mined
// from those orders (once per generation), four weeks of simulated storefront traffic (resumed
// after the last recorded visitor), and its offline session stored through the library's session
// storage.
import db from "../db.server";
import { appConfig, DEMO_SHOP, demoOrderCount } from "../lib/config.server";
import { seedDemoShop } from "./seed.server";
import { rulesChanged } from "../services/discounts/index.server";
import { demoAdminApi } from "./admin-api.server";
import { runMiningJob } from "../services/mining/mining-job.server";
import { sessionStorage } from "../shopify.server";
import { ensureOfflineSession } from "./demo-session.server";
import { DEFAULT_NOW } from "./generate";
import { ensureDemoOffers, simulateStorefrontTraffic } from "./storefront-traffic.server";
import { simulateDemoExperiment } from "./experiment-traffic.server";
import { backfillFollowUpHistory } from "./follow-up-history.server";
import { standInAdminApi } from "../services/admin-api.server";

export const DEMO_SEED = 42;
export const DEMO_FREE_SHIPPING_CENTS = 7500;

export interface DemoSummary {
  shop: string;
  products: number;
  orders: number;
  recommendations: number;
  seededMs: number;
  minedMs: number | null;
  /** orders placed by the simulated storefront traffic (0 when it was already there) */
  trafficOrders: number;
}

export async function prepareDemo(): Promise<DemoSummary> {
  const config = appConfig();
  const orders = demoOrderCount();
  const seeded = await seedDemoShop(db, { seed: DEMO_SEED, orders });
  await db.shop.update({ where: { domain: DEMO_SHOP }, data: { scopes: config.scopes.join(",") } });
  // the storefront preview's cart shows progress towards free shipping (the generator's $75)
  await db.shop.updateMany({
    where: { domain: DEMO_SHOP, freeShippingThreshold: null },
    data: { freeShippingThreshold: DEMO_FREE_SHIPPING_CENTS },
  });
  await ensureOfflineSession(sessionStorage, DEMO_SHOP, config.scopes);
  // Follow-ups (customer metafields, tags) and the checkout discount go to the demo's stand-in of
  // the Admin API (app/demo/admin-api.server.ts), as the app writes them to Shopify.
  standInAdminApi(DEMO_SHOP, demoAdminApi);
  let minedMs: number | null = null;
  const state = await db.demoState.findUniqueOrThrow({ where: { shop: DEMO_SHOP } });
  if (state.minedGeneration !== state.generation) {
    const started = performance.now();
    // follow-ups as the daily job would have delivered them on past days, then today's with the mining run
    await backfillFollowUpHistory(DEMO_SHOP, DEFAULT_NOW);
    await (
      await runMiningJob(DEMO_SHOP, { trigger: "demo" })
    ).followUps;
    await db.demoState.update({ where: { shop: DEMO_SHOP }, data: { minedGeneration: state.generation } });
    minedMs = Math.round(performance.now() - started);
  }
  // The demo shop's offers, and its Pairwise discount (the stand-in forgets it on restart): the
  // simulated shoppers then see and pay the prices checkout grants.
  await ensureDemoOffers(db);
  await rulesChanged(DEMO_SHOP, null);
  // Four weeks of shoppers through the real storefront code paths, once (see storefront-traffic.server.ts).
  const traffic = await simulateStorefrontTraffic(db, {
    seed: DEMO_SEED,
    now: DEFAULT_NOW,
    secret: config.apiSecret,
    visitors: orders && orders < 10_000 ? 400 : 3000,
  });
  // One A/B test of an offer over the last three weeks, on shoppers of its own, which reaches a
  // verdict on the Experiments page (see experiment-traffic.server.ts).
  // Small demos (tests: PAIRWISE_DEMO_ORDERS < 10 000) run it only with PAIRWISE_DEMO_EXPERIMENT=1.
  const small = orders !== undefined && orders < 10_000;
  if (!small || process.env.PAIRWISE_DEMO_EXPERIMENT === "1") {
    await simulateDemoExperiment(db, {
      seed: DEMO_SEED,
      now: DEFAULT_NOW,
      secret: config.apiSecret,
      visitors: small ? 1200 : 1600,
    });
  }
  return {
    trafficOrders: traffic.orders,
    shop: DEMO_SHOP,
    products: seeded.products,
    orders: seeded.orders,
    recommendations: await db.recommendation.count({ where: { shop: DEMO_SHOP } }),
    seededMs: Math.round(seeded.ms),
    minedMs,
  };
}
