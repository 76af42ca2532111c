// A migrated SQLite file holding one bench shop with `orders` generated orders (seed-bench-db.ts),
// cached under .cache/bench/db/ and reused by later runs with the same parameters.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { seedBenchDb } from "./seed-bench-db";
import { DEFAULT_PARAMS, type ZipfBasketParams } from "./zipf-baskets";

export const BENCH_SHOP = "bench-large.myshopify.com";
const DIR = resolve(".cache/bench/db");
const SEED_VERSION = 1;

export function benchDb(orders: number, log: (line: string) => void): string {
  const params: ZipfBasketParams = { ...DEFAULT_PARAMS, orders };
  const key = createHash("sha256").update(JSON.stringify({ params, SEED_VERSION })).digest("hex").slice(0, 12);
  const file = join(DIR, `orders-${orders}-${key}.sqlite`);
  if (existsSync(file)) {
    // a file seeded before the latest migrations gets them (the rollups migration backfills its shop)
    const t = performance.now();
    const out = execFileSync("npx", ["prisma", "migrate", "deploy"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: `file:${file}` },
    });
    if (!/No pending migrations/.test(out))
      log(`migrated ${file} (backfill included) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return file;
  }
  mkdirSync(DIR, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  const t = performance.now();
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    stdio: "ignore",
    env: { ...process.env, DATABASE_URL: `file:${tmp}` },
  });
  const { lines } = seedBenchDb(tmp, BENCH_SHOP, params);
  for (const suffix of ["-wal", "-shm"]) rmSync(tmp + suffix, { force: true });
  renameSync(tmp, file);
  log(`seeded ${file}: ${orders} orders, ${lines} lines in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return file;
}
