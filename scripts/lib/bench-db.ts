// A migrated database holding one bench shop with `orders` generated orders (seed-bench-db.ts),
// reused by later runs with the same parameters: a SQLite file cached under .cache/bench/db/, or a
// database on a PostgreSQL server (benchPostgresDb).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import { seedBenchDb, seedBenchPostgres } from "./seed-bench-db";
import { DEFAULT_PARAMS, type ZipfBasketParams } from "./zipf-baskets";

export const BENCH_SHOP = "bench-large.myshopify.com";
const DIR = resolve(".cache/bench/db");
const SEED_VERSION = 1;

function paramsKey(orders: number): { params: ZipfBasketParams; key: string } {
  const params: ZipfBasketParams = { ...DEFAULT_PARAMS, orders };
  const key = createHash("sha256").update(JSON.stringify({ params, SEED_VERSION })).digest("hex").slice(0, 12);
  return { params, key };
}

/** `prisma migrate deploy` on `url`; whether it applied anything. */
function migrate(url: string): boolean {
  const out = execFileSync("npx", ["prisma", "migrate", "deploy"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url },
  });
  return !/No pending migrations/.test(out);
}

export function benchDb(orders: number, log: (line: string) => void): string {
  const { params, key } = paramsKey(orders);
  const file = join(DIR, `orders-${orders}-${key}.sqlite`);
  if (existsSync(file)) {
    // a file seeded before the latest migrations gets them (the rollups migration backfills its shop)
    const t = performance.now();
    if (migrate(`file:${file}`))
      log(`migrated ${file} (backfill included) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return file;
  }
  mkdirSync(DIR, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  const t = performance.now();
  migrate(`file:${tmp}`);
  const { lines } = seedBenchDb(tmp, BENCH_SHOP, params);
  for (const suffix of ["-wal", "-shm"]) rmSync(tmp + suffix, { force: true });
  renameSync(tmp, file);
  log(`seeded ${file}: ${orders} orders, ${lines} lines in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return file;
}

/**
 * The same bench shop in a database of its own on the PostgreSQL server at `serverUrl`
 * (pairwise_bench_<orders>_<key>), seeded once into a scratch database that is renamed when
 * complete. Returns the database's URL.
 */
export async function benchPostgresDb(orders: number, serverUrl: string, log: (line: string) => void): Promise<string> {
  const { params, key } = paramsKey(orders);
  const name = `pairwise_bench_${orders}_${key}`;
  const urlOf = (database: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  try {
    const exists = await server.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (exists.rowCount) {
      const t = performance.now();
      if (migrate(urlOf(name)))
        log(`migrated ${name} (backfill included) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return urlOf(name);
    }
    const tmp = `${name}_seeding`;
    const t = performance.now();
    await server.query(`DROP DATABASE IF EXISTS "${tmp}"`);
    await server.query(`CREATE DATABASE "${tmp}"`);
    migrate(urlOf(tmp));
    const { lines } = await seedBenchPostgres(urlOf(tmp), BENCH_SHOP, params);
    await server.query(`ALTER DATABASE "${tmp}" RENAME TO "${name}"`);
    log(
      `seeded PostgreSQL database ${name}: ${orders} orders, ${lines} lines in ${((performance.now() - t) / 1000).toFixed(0)} s`,
    );
    return urlOf(name);
  } finally {
    await server.end();
  }
}
