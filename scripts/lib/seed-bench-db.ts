// Writes the bench's generated order lines (zipf-baskets.ts) as one shop's orders and order lines,
// into a migrated SQLite file with better-sqlite3 directly, or into a migrated PostgreSQL database
// with pg (Prisma's createMany would take minutes for millions of rows). The rollup triggers are
// off while inserting (and on SQLite the indexes dropped, then rebuilt); then the shop's dashboard
// rollups are computed in one pass (app/lib/rollup-sql.ts) and the triggers restored.
// Besides what mining reads, each order gets what the dashboard reads, deterministically: prices,
// some discounts and refunds, one line in ten sold through one of 20 offers, and the visitor's
// exposure (10 % control). Both databases get the same rows (benchOrders).
import Database from "better-sqlite3";
import pg from "pg";
import { rollupBackfillSql } from "../../app/lib/rollup-sql";
import { mulberry32, zipfLinesCsv, type ZipfBasketParams } from "./zipf-baskets";

export const BENCH_OFFERS = 20;

export interface BenchLine {
  id: string;
  productId: string;
  quantity: number;
  price: number;
  discount: number;
  refundedQuantity: number;
  offerId: string | null;
}

export interface BenchOrder {
  id: string;
  shopifyId: string;
  customerId: string;
  /** ISO 8601, UTC */
  createdAt: string;
  subtotal: number;
  exposure: "control" | "exposed";
  lines: BenchLine[];
}

/** The bench shop's orders, in the generator's order, each with its lines. */
export function* benchOrders(params: ZipfBasketParams): Generator<BenchOrder> {
  const random = mulberry32(params.seed + 7);
  let lines = 0;
  type Open = { shopifyId: string; customerId: string; createdAt: string; lines: Omit<BenchLine, "id">[] };
  let current = null as Open | null;
  const finish = (o: Open): BenchOrder => ({
    id: `bo_${o.shopifyId}`,
    shopifyId: o.shopifyId,
    customerId: o.customerId,
    createdAt: o.createdAt,
    subtotal: o.lines.reduce((s, l) => s + Math.max(0, l.price * l.quantity - l.discount), 0),
    exposure: random() < 0.1 ? "control" : "exposed",
    lines: o.lines.map((l) => ({ id: `bl_${++lines}`, ...l })),
  });
  for (const chunk of zipfLinesCsv(params)) {
    for (const row of chunk.split("\n")) {
      if (!row || row.startsWith("order_id")) continue;
      const [orderId, productId, quantity, customerId, createdAt] = row.split(",");
      if (orderId !== current?.shopifyId) {
        if (current) yield finish(current);
        current = { shopifyId: orderId, customerId, createdAt, lines: [] };
      }
      const q = Number(quantity);
      const price = 500 + (Number(productId.slice(-4)) % 100) * 100;
      const offerId = random() < 0.1 ? `bench_offer_${Math.floor(random() * BENCH_OFFERS)}` : null;
      current.lines.push({
        productId,
        quantity: q,
        price,
        discount: random() < 0.2 ? Math.round(price * q * 0.1) : 0,
        refundedQuantity: random() < 0.05 ? 1 : 0,
        offerId,
      });
    }
  }
  if (current) yield finish(current);
}

/** Groups of `size` (the last one shorter). */
function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export function seedBenchDb(file: string, shop: string, params: ZipfBasketParams): { orders: number; lines: number } {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('Order', 'OrderLine') AND sql IS NOT NULL`,
    )
    .all() as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`DROP INDEX "${i.name}"`);
  const triggers = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('Order', 'OrderLine', 'Event')`,
    )
    .all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  const now = new Date().toISOString().replace("Z", "+00:00");
  db.prepare(`INSERT INTO "Shop" (domain) VALUES (?)`).run(shop);
  const offer = db.prepare(`INSERT INTO "Offer" (id, shop, name, status, updatedAt) VALUES (?, ?, ?, 'active', ?)`);
  for (let k = 0; k < BENCH_OFFERS; k++) offer.run(`bench_offer_${k}`, shop, `Bench offer ${k + 1}`, now);
  const order = db.prepare(
    `INSERT INTO "Order" (id, shop, shopifyId, customerId, createdAt, updatedAt, source, subtotal, exposure) VALUES (?, ?, ?, ?, ?, ?, 'bench', ?, ?)`,
  );
  const line = db.prepare(
    `INSERT INTO "OrderLine" (id, shop, orderId, productId, quantity, price, discount, refundedQuantity, offerId) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let orders = 0;
  let lines = 0;
  const insert = db.transaction((batch: BenchOrder[]) => {
    for (const o of batch) {
      // SQLite holds Prisma's DateTime as text with milliseconds and an explicit offset
      order.run(
        o.id,
        shop,
        o.shopifyId,
        o.customerId,
        o.createdAt.replace("Z", ".000+00:00"),
        now,
        o.subtotal,
        o.exposure,
      );
      for (const l of o.lines)
        line.run(l.id, shop, o.id, l.productId, l.quantity, l.price, l.discount, l.refundedQuantity, l.offerId);
      orders++;
      lines += o.lines.length;
    }
  });
  for (const batch of batches(benchOrders(params), 10_000)) insert(batch);
  for (const i of indexes) db.exec(i.sql);
  db.transaction(() => {
    for (const statement of rollupBackfillSql("sqlite", "?")) db.prepare(statement).run(shop);
  })();
  for (const t of triggers) db.exec(t.sql);
  db.close();
  return { orders, lines };
}

/**
 * The same rows into a migrated PostgreSQL database (`url`): batches of 5,000 orders, each one
 * statement per table over `unnest`ed arrays, with the tables' own triggers disabled meanwhile.
 */
export async function seedBenchPostgres(
  url: string,
  shop: string,
  params: ZipfBasketParams,
): Promise<{ orders: number; lines: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = ['"Order"', '"OrderLine"'];
    for (const t of tables) await client.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    await client.query(`INSERT INTO "Shop" (domain) VALUES ($1)`, [shop]);
    for (let k = 0; k < BENCH_OFFERS; k++)
      await client.query(
        `INSERT INTO "Offer" (id, shop, name, status, "updatedAt") VALUES ($1, $2, $3, 'active', now() AT TIME ZONE 'UTC')`,
        [`bench_offer_${k}`, shop, `Bench offer ${k + 1}`],
      );
    let orders = 0;
    let lines = 0;
    for (const batch of batches(benchOrders(params), 5_000)) {
      const all = batch.flatMap((o) => o.lines.map((l) => ({ orderId: o.id, ...l })));
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO "Order" (id, shop, "shopifyId", "customerId", "createdAt", "updatedAt", source, subtotal, exposure)
         SELECT u.id, $1, u.sid, u.cid, u.at, now() AT TIME ZONE 'UTC', 'bench', u.subtotal, u.exposure
         FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamp(3)[], $6::int[], $7::text[])
           AS u(id, sid, cid, at, subtotal, exposure)`,
        [
          shop,
          batch.map((o) => o.id),
          batch.map((o) => o.shopifyId),
          batch.map((o) => o.customerId),
          batch.map((o) => o.createdAt),
          batch.map((o) => o.subtotal),
          batch.map((o) => o.exposure),
        ],
      );
      await client.query(
        `INSERT INTO "OrderLine" (id, shop, "orderId", "productId", quantity, price, discount, "refundedQuantity", "offerId")
         SELECT u.id, $1, u.oid, u.pid, u.quantity, u.price, u.discount, u.refunded, u.offer
         FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::text[])
           AS u(id, oid, pid, quantity, price, discount, refunded, offer)`,
        [
          shop,
          all.map((l) => l.id),
          all.map((l) => l.orderId),
          all.map((l) => l.productId),
          all.map((l) => l.quantity),
          all.map((l) => l.price),
          all.map((l) => l.discount),
          all.map((l) => l.refundedQuantity),
          all.map((l) => l.offerId),
        ],
      );
      await client.query("COMMIT");
      orders += batch.length;
      lines += all.length;
    }
    await client.query("BEGIN");
    for (const statement of rollupBackfillSql("postgresql", "$1")) await client.query(statement, [shop]);
    await client.query("COMMIT");
    for (const t of tables) await client.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    await client.query(`ANALYZE`);
    return { orders, lines };
  } finally {
    await client.end();
  }
}
