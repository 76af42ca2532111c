// Writes the bench's generated order lines (zipf-baskets.ts) into a migrated SQLite file as one
// shop's orders and order lines, with better-sqlite3 directly (Prisma's createMany would take
// minutes for millions of rows; the indexes and the rollup triggers are dropped while inserting, then
// the indexes rebuilt, the shop's dashboard rollups computed in one pass (app/lib/rollup-sql.ts) and
// the triggers restored).
// Besides what mining reads, each order gets what the dashboard reads, deterministically: prices,
// some discounts and refunds, one line in ten sold through one of 20 offers, and the visitor's
// exposure (10 % control).
import Database from "better-sqlite3";
import { rollupBackfillSql } from "../../app/lib/rollup-sql";
import { mulberry32, zipfLinesCsv, type ZipfBasketParams } from "./zipf-baskets";

export const BENCH_OFFERS = 20;

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
  const random = mulberry32(params.seed + 7);
  let orders = 0;
  let lines = 0;
  type Line = [
    productId: string,
    quantity: number,
    price: number,
    discount: number,
    refunded: number,
    offerId: string | null,
  ];
  let current: { id: string; shopifyId: string; customerId: string; createdAt: string; lines: Line[] } | null = null;
  const flush = () => {
    if (!current) return;
    const id = `bo_${current.shopifyId}`;
    const subtotal = current.lines.reduce((s, l) => s + Math.max(0, l[2] * l[1] - l[3]), 0);
    order.run(
      id,
      shop,
      current.shopifyId,
      current.customerId,
      current.createdAt,
      now,
      subtotal,
      random() < 0.1 ? "control" : "exposed",
    );
    for (const l of current.lines) line.run(`bl_${++lines}`, shop, id, l[0], l[1], l[2], l[3], l[4], l[5]);
    orders++;
  };
  const insert = db.transaction((chunk: string) => {
    for (const row of chunk.split("\n")) {
      if (!row || row.startsWith("order_id")) continue;
      const [orderId, productId, quantity, customerId, createdAt] = row.split(",");
      if (orderId !== current?.shopifyId) {
        flush();
        current = {
          id: orderId,
          shopifyId: orderId,
          customerId,
          createdAt: createdAt.replace("Z", ".000+00:00"),
          lines: [],
        };
      }
      const q = Number(quantity);
      const price = 500 + (Number(productId.slice(-4)) % 100) * 100;
      const offerId = random() < 0.1 ? `bench_offer_${Math.floor(random() * BENCH_OFFERS)}` : null;
      current.lines.push([
        productId,
        q,
        price,
        random() < 0.2 ? Math.round(price * q * 0.1) : 0,
        random() < 0.05 ? 1 : 0,
        offerId,
      ]);
    }
  });
  for (const chunk of zipfLinesCsv(params)) insert(chunk);
  db.transaction(flush)();
  for (const i of indexes) db.exec(i.sql);
  db.transaction(() => {
    for (const statement of rollupBackfillSql("sqlite", "?")) db.prepare(statement).run(shop);
  })();
  for (const t of triggers) db.exec(t.sql);
  db.close();
  return { orders, lines };
}
