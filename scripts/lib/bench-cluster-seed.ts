// Child process of `npm run bench:cluster`: the template database's demo shop (3,000 orders, mined,
// installed with an offline session as after token exchange) on DATABASE_URL.
import { installShop } from "../../test/support/shopify";

const { default: db } = await import("../../app/db.server");
const { seedDemoShop, DEMO_SHOP_DOMAIN } = await import("../../app/demo/seed.server");
const { runMiningJob } = await import("../../app/services/mining/mining-job.server");
await seedDemoShop(db, { seed: 42, orders: 3000 });
await installShop(DEMO_SHOP_DOMAIN);
const run = await runMiningJob(DEMO_SHOP_DOMAIN, { trigger: "bench" });
await run.followUps;
console.log(`demo shop seeded and mined: ${await db.recommendation.count()} recommendations`);
await db.$disconnect();
process.exit(0);
