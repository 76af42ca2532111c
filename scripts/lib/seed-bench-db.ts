// Writes the bench's generated order lines (zipf-baskets.ts) into a migrated SQLite file as one
// shop's orders and order lines, with better-sqlite3 directly (Prisma's createMany would take
// minutes for millions of rows). Only the columns mining reads carry data; the rest take defaults.
import Database from "better-sqlite3";
import { zipfLinesCsv, type ZipfBasketParams } from "./zipf-baskets";

export function seedBenchDb(file: string, shop: string, params: ZipfBasketParams): { orders: number; lines: number } {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const now = new Date().toISOString().replace("Z", "+00:00");
  db.prepare(`INSERT INTO "Shop" (domain) VALUES (?)`).run(shop);
  const order = db.prepare(`INSERT INTO "Order" (id, shop, shopifyId, customerId, createdAt, updatedAt, source) VALUES (?, ?, ?, ?, ?, ?, 'bench')`);
  const line = db.prepare(`INSERT INTO "OrderLine" (id, shop, orderId, productId, quantity, price) VALUES (?, ?, ?, ?, ?, 1000)`);
  let orders = 0;
  let lines = 0;
  let current = "";
  const insert = db.transaction((chunk: string) => {
    for (const row of chunk.split("\n")) {
      if (!row || row.startsWith("order_id")) continue;
      const [orderId, productId, quantity, customerId, createdAt] = row.split(",");
      const id = `bo_${orderId}`;
      if (orderId !== current) {
        current = orderId;
        order.run(id, shop, orderId, customerId, createdAt.replace("Z", ".000+00:00"), now);
        orders++;
      }
      line.run(`bl_${++lines}`, shop, id, productId, Number(quantity));
    }
  });
  for (const chunk of zipfLinesCsv(params)) insert(chunk);
  db.close();
  return { orders, lines };
}
