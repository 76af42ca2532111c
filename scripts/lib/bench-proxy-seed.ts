// Child process of `npm run bench:proxy`, run before the server starts: migrations, the demo shop's
// catalog and BENCH_ORDERS orders, mined, on DATABASE_URL (a SQLite file kept between runs). In a
// process of its own, so that the measured server starts as `npm start` does: a server that had
// seeded and mined the shop itself cost 90–96 µs of CPU per request, against 72–75 µs for one that
// had not, in interleaved runs (README "The bench's server no longer seeds the shop itself").
import { execFileSync } from "node:child_process";

process.env.NODE_ENV = "production"; // as the server it seeds for
delete process.env.PAIRWISE_DEMO;

execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "ignore", env: process.env });
const { default: db } = await import("../../app/db.server");
const { seedDemoShop, DEMO_SHOP_DOMAIN } = await import("../../app/demo/seed.server");
const { runMiningJob } = await import("../../app/services/mining/mining-job.server");
const orders = Number(process.env.BENCH_ORDERS ?? 20_000);
const seeded = await seedDemoShop(db, { seed: "pairwise-demo", orders });
await db.shop.update({ where: { domain: DEMO_SHOP_DOMAIN }, data: { holdoutPercent: 10 } });
if (!seeded.skipped || (await db.recommendation.count({ where: { shop: DEMO_SHOP_DOMAIN } })) === 0) {
  const run = await runMiningJob(DEMO_SHOP_DOMAIN, { trigger: "bench" });
  await run.followUps;
}
await db.$disconnect();
process.exit(0);
