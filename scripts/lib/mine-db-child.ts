// Child process of `npm run bench:mine`: mines one shop of a SQLite file the way the app's mining
// job reads it (app/services/mining/run.server.ts forEachBasket → BasketMiner with the app's
// MINING_OPTIONS, sequences included), or — `--in-memory` — the way it read before (every basket
// loaded, then mined), and prints `PAIRWISE_DB_STATS {"orders", "rules", "seconds", "maxRssKb", "cpuSeconds"}`.
// Environment: DATABASE_URL (the file), BENCH_SHOP.
export {};
const inMemory = process.argv.includes("--in-memory");
const shop = process.env.BENCH_SHOP!;
const { forEachBasket, loadBaskets } = await import("../../app/services/mining/run.server");
const { BasketMiner, mineBaskets } = await import("../../app/domain/mining/baskets");
const { MINING_OPTIONS } = await import("../../app/domain/mining/defaults");
const { default: db } = await import("../../app/db.server");
await db.shop.findFirst({ where: { domain: shop } }); // connect before the clock starts
const t = performance.now();
let result;
if (inMemory) result = mineBaskets(await loadBaskets(shop), MINING_OPTIONS);
else {
  const miner = new BasketMiner(MINING_OPTIONS);
  await forEachBasket(shop, (b) => miner.add(b));
  result = miner.finish();
}
const seconds = (performance.now() - t) / 1000;
const usage = process.resourceUsage();
const stats = {
  orders: result.orders,
  rules: result.rules.length,
  sequences: result.sequences?.rules.length ?? 0,
  seconds,
  maxRssKb: usage.maxRSS,
  cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
};
process.stdout.write(`PAIRWISE_DB_STATS ${JSON.stringify(stats)}\n`);
await db.$disconnect();
