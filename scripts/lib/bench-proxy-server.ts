// Child process of `npm run bench:proxy`: the built app in production mode on the SQLite file that
// scripts/lib/bench-proxy-seed.ts seeded (the demo shop's catalog, orders and mined
// recommendations). Prints one line `READY <url> <productId,productId,…>` once it listens. Then, on stdin:
//   `REMINE` — re-mines the shop again and again, as the admin's button does (a worker thread),
//   `STOP`   — stops after the current run and prints `MINED <runs> <failed>`.
export {};

process.env.NODE_ENV = "production";
delete process.env.PAIRWISE_DEMO;

const { default: db } = await import("../../app/db.server");
const { DEMO_SHOP } = await import("../../app/lib/config.server");
const products = await db.recommendation.findMany({
  where: { shop: DEMO_SHOP, kind: "cross_sell" },
  distinct: ["productId"],
  select: { productId: true },
  take: 200,
});
const { startServer } = await import("./start-server");
const { url, hooks } = await startServer({ port: 0, demo: false, quiet: true });
console.log(`READY ${url} ${products.map((p) => p.productId).join(",")}`);
// Exit normally on SIGTERM, so that `node --cpu-prof` (bench:proxy --profile) writes its profile.
process.once("SIGTERM", () => process.exit(0));

const { createInterface } = await import("node:readline");
let mining: Promise<{ runs: number; failed: number }> | null = null;
let stop = false;
async function remine(): Promise<{ runs: number; failed: number }> {
  let runs = 0;
  let failed = 0;
  while (!stop) {
    try {
      await hooks.runMiningJob(DEMO_SHOP, { trigger: "bench" });
      runs++;
    } catch (error) {
      failed++;
      console.error("re-mine failed:", error instanceof Error ? error.message : error);
    }
  }
  return { runs, failed };
}
for await (const line of createInterface({ input: process.stdin })) {
  const command = line.trim();
  if (command === "REMINE" && !mining) {
    stop = false;
    mining = remine();
  } else if (command === "STOP" && mining) {
    stop = true;
    const { runs, failed } = await mining;
    console.log(`MINED ${runs} ${failed}`);
    mining = null;
  }
}
