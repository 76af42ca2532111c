// The SQL that keeps the dashboard's daily rollups (DailyOrderRollup, DailyLineRollup,
// DailyEventRollup in prisma/schema.prisma) equal to the orders, lines and events they sum: the
// backfill of existing rows and the triggers that maintain them, for SQLite and PostgreSQL from one
// text, so both databases count alike. The migrations (prisma/migrations/*_rollups and
// prisma/postgresql/migrations/*_rollups) hold this module's output (test/unit/lib/rollup-sql.test.ts
// checks that they still do); rebuildRollups (app/services/admin/rollups.server.ts) and the bench's
// seed run its backfill for one shop.
//
// What a row contributes:
//  - an order: 1 order, its subtotal and subtotal² to (shop, UTC day of createdAt, exposure or "",
//    has an offer line, cancelled);
//  - a line: to (shop, its order's day, offerId or "", its order's cancelled) 1 line, net =
//    max(0, price × quantity − discount), refunded = round(net × refunded units / quantity) (half
//    up), units = max(0, quantity), refunded units = min(units, max(0, refundedQuantity)): the
//    arithmetic of lineRevenue and refundRate (app/domain/metrics), as the reference SQL
//    (app/services/admin/period-figures.server.ts) writes it;
//  - an event: 1 to (shop, UTC day of occurredAt, offerId or "", placement, type).
// Every trigger subtracts the old contribution and adds the new one, so writing the same order
// twice changes nothing and an update moves exactly its difference.
//
// Visibility: the line triggers run BEFORE each row, where both databases see the statement's
// earlier rows but not the current one ("another offer line of this order" is then exact even when
// one statement writes several lines of an order). An order is deleted before its lines are
// cascaded, so its BEFORE DELETE trigger takes its lines' contributions with it and the cascaded
// lines find no order and add nothing. Every statement is guarded by the shop's row: when a shop
// is deleted, its cascaded rows change no rollup, and a trigger on Shop deletes its rollups.

import { PLACEMENT_WINDOW_MS, PLACING_EVENT_TYPES } from "../domain/metrics/placements";

export type RollupDialect = "sqlite" | "postgresql";

const ORDER_KEYS = ["shop", "day", "exposure", "withOffer", "cancelled"];
const ORDER_SUMS = ["orders", "subtotal", "subtotalSq"];
const LINE_KEYS = ["shop", "day", "offerId", "cancelled"];
const LINE_SUMS = ["lines", "gross", "refunded", "units", "refundedUnits"];
const EVENT_KEYS = ["shop", "day", "offerId", "placement", "type"];
const EVENT_SUMS = ["count"];
const PLACEMENT_KEYS = ["shop", "day", "offerId", "placement", "cancelled"];
const OLP_COLUMNS = [
  "lineId",
  "shop",
  "orderId",
  "visitorId",
  "offerKey",
  "productKey",
  "orderedAt",
  "day",
  "cancelled",
  "placement",
  "gross",
  "refunded",
  "units",
  "refundedUnits",
];
const PLACEMENT_WINDOW_DAYS = Math.round(PLACEMENT_WINDOW_MS / 86_400_000);

const q = (name: string) => `"${name}"`;

function dayOf(column: string, dialect: RollupDialect): string {
  return dialect === "postgresql" ? `to_char(${column}, 'YYYY-MM-DD')` : `strftime('%Y-%m-%d', ${column})`;
}

const flag = (condition: string) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;

/** A DateTime column moved by whole days, comparable with other DateTime columns (dialect.server.ts, shiftDays). */
function shift(column: string, days: number, dialect: RollupDialect): string {
  return dialect === "postgresql"
    ? `(${column} + INTERVAL '${days} days')`
    : `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${column}, '${days >= 0 ? "+" : ""}${days} days')`;
}

/**
 * The placement of an offer line (linePlacements' rule, as placement-figures.server.ts writes it):
 * that of the latest add, accept or click of the order's visitor for the line's product and offer
 * ("auto" lines: events without an offer id) at or before the order, within the window; "" when none.
 */
function placementOf(
  shop: string,
  visitorId: string,
  offerKey: string,
  productKey: string,
  orderedAt: string,
  d: RollupDialect,
) {
  return `COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = ${shop} AND e."visitorId" = ${visitorId} AND e."type" IN (${PLACING_EVENT_TYPES.map((t) => `'${t}'`).join(", ")})
      AND COALESCE(e."offerId", 'auto') = ${offerKey} AND COALESCE(e."productId", '') = ${productKey}
      AND e."occurredAt" <= ${orderedAt} AND e."occurredAt" >= ${shift(orderedAt, -PLACEMENT_WINDOW_DAYS, d)}
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), '')`;
}

function distinct(a: string, b: string, dialect: RollupDialect): string {
  return dialect === "postgresql" ? `${a} IS DISTINCT FROM ${b}` : `${a} IS NOT ${b}`;
}

/** INSERT … SELECT … ON CONFLICT: adds the selected sums to the rows of those keys. */
function upsert(table: string, keys: string[], sums: string[], select: string): string {
  const columns = [...keys, ...sums].map(q).join(", ");
  const set = sums.map((s) => `${q(s)} = ${q(table)}.${q(s)} + excluded.${q(s)}`).join(", ");
  return `INSERT INTO ${q(table)} (${columns})\n  ${select}\n  ON CONFLICT (${keys.map(q).join(", ")}) DO UPDATE SET ${set}`;
}

/**
 * The refunded amount of a line, round(net × refunded units / quantity) half up, from SQL
 * expressions of its net amount, refunded units and quantity (`positive`: the quantity as compared
 * with 0). Also what the reference SQL sums (period-figures.server.ts, LINE_TOTALS).
 */
export function refundedAmount(net: string, ru: string, quantity: string, positive = quantity): string {
  return `(CASE WHEN ${positive} > 0 THEN (2 * ${net} * ${ru} + ${quantity}) / (2 * ${quantity}) ELSE 0 END)`;
}

/** The units of a line: its quantity, 0 when not positive. */
export function unitsOf(quantity: string, positive = quantity): string {
  return `(CASE WHEN ${positive} > 0 THEN ${quantity} ELSE 0 END)`;
}

/** The per-line amounts of an OrderLine row `r` (NEW, OLD or an alias): also the reference SQL's (LINE_AMOUNTS). */
export function lineAmounts(r: string) {
  const gross = `CAST(${r}."price" AS BIGINT) * ${r}."quantity" - ${r}."discount"`;
  const net = `(CASE WHEN ${gross} > 0 THEN ${gross} ELSE 0 END)`;
  const ru = `(CASE WHEN ${r}."quantity" <= 0 OR ${r}."refundedQuantity" <= 0 THEN 0 WHEN ${r}."refundedQuantity" < ${r}."quantity" THEN CAST(${r}."refundedQuantity" AS BIGINT) ELSE CAST(${r}."quantity" AS BIGINT) END)`;
  const quantity = `CAST(${r}."quantity" AS BIGINT)`;
  const refunded = refundedAmount(net, ru, quantity, `${r}."quantity"`);
  const units = unitsOf(quantity, `${r}."quantity"`);
  return { quantity, net, ru, refunded, units };
}

const shopExists = (shop: string) => `EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = ${shop})`;
const hasOfferLine = (orderId: string, exceptLine?: string) =>
  `EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = ${orderId} AND ol."offerId" IS NOT NULL${exceptLine ? ` AND ol."id" <> ${exceptLine}` : ""})`;

/** An order row's contribution (sign ±1) with the given "has an offer line" flag. */
function orderContribution(o: string, sign: 1 | -1, withOffer: string, dialect: RollupDialect, from = "", where = "") {
  const sub = `CAST(${o}."subtotal" AS BIGINT)`;
  return upsert(
    "DailyOrderRollup",
    ORDER_KEYS,
    ORDER_SUMS,
    `SELECT ${o}."shop", ${dayOf(`${o}."createdAt"`, dialect)}, COALESCE(${o}."exposure", ''), ${withOffer}, ${flag(`${o}."cancelledAt" IS NOT NULL`)}, ${sign}, ${sign} * ${sub}, ${sign} * ${sub} * ${sub}${from} WHERE ${shopExists(`${o}."shop"`)}${where}`,
  );
}

/** One line's contribution (sign ±1) through its order. */
function lineContribution(r: string, sign: 1 | -1, dialect: RollupDialect) {
  const a = lineAmounts(r);
  return upsert(
    "DailyLineRollup",
    LINE_KEYS,
    LINE_SUMS,
    `SELECT o."shop", ${dayOf(`o."createdAt"`, dialect)}, COALESCE(${r}."offerId", ''), ${flag(`o."cancelledAt" IS NOT NULL`)}, ${sign}, ${sign} * ${a.net}, ${sign} * ${a.refunded}, ${sign} * ${a.units}, ${sign} * ${a.ru}
  FROM "Order" o WHERE o."id" = ${r}."orderId" AND ${shopExists(`o."shop"`)}`,
  );
}

/** All lines of order row `o` (sign ±1), e.g. when the order moves to another day or is cancelled. */
function orderLinesContribution(o: string, sign: 1 | -1, dialect: RollupDialect, where = "") {
  const a = lineAmounts("l");
  return upsert(
    "DailyLineRollup",
    LINE_KEYS,
    LINE_SUMS,
    `SELECT ${o}."shop", ${dayOf(`${o}."createdAt"`, dialect)}, COALESCE(l."offerId", ''), ${flag(`${o}."cancelledAt" IS NOT NULL`)}, ${sign} * COUNT(*), ${sign} * SUM(${a.net}), ${sign} * SUM(${a.refunded}), ${sign} * SUM(${a.units}), ${sign} * SUM(${a.ru})
  FROM "OrderLine" l WHERE l."orderId" = ${o}."id" AND ${shopExists(`${o}."shop"`)}${where}
  GROUP BY COALESCE(l."offerId", '')`,
  );
}

/** Moves the order `orderId` between "without" and "with an offer line" when `condition` holds. */
function moveOrder(orderId: string, toWithOffer: 0 | 1, condition: string, dialect: RollupDialect): string[] {
  const from = ` FROM "Order" mo`;
  const where = ` AND mo."id" = ${orderId} AND ${condition}`;
  return [
    orderContribution("mo", -1, String(1 - toWithOffer), dialect, from, where),
    orderContribution("mo", 1, String(toWithOffer), dialect, from, where),
  ];
}

function eventContribution(r: string, sign: 1 | -1, dialect: RollupDialect) {
  return upsert(
    "DailyEventRollup",
    EVENT_KEYS,
    EVENT_SUMS,
    `SELECT ${r}."shop", ${dayOf(`${r}."occurredAt"`, dialect)}, COALESCE(${r}."offerId", ''), ${r}."placement", ${r}."type", ${sign} WHERE ${shopExists(`${r}."shop"`)}`,
  );
}

/** The stored contributions (OfferLinePlacement rows matching `where`, alias p) added to or taken from the rollup. */
function storedPlacements(sign: 1 | -1, where: string): string {
  return upsert(
    "DailyPlacementRollup",
    PLACEMENT_KEYS,
    LINE_SUMS,
    `SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", ${sign} * COUNT(*), ${sign} * SUM(p."gross"), ${sign} * SUM(p."refunded"), ${sign} * SUM(p."units"), ${sign} * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE ${where} AND ${shopExists(`p."shop"`)}
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"`,
  );
}

/** OfferLinePlacement rows computed from the offer lines matching `where` (aliases l and o). */
function placementRows(where: string, d: RollupDialect): string {
  const a = lineAmounts("l");
  return `INSERT INTO "OfferLinePlacement" (${OLP_COLUMNS.map(q).join(", ")})
  SELECT l."id", o."shop", o."id", o."visitorId", l."offerId", COALESCE(l."productId", ''), o."createdAt", ${dayOf(`o."createdAt"`, d)}, ${flag(`o."cancelledAt" IS NOT NULL`)},
    ${placementOf(`o."shop"`, `o."visitorId"`, `l."offerId"`, `COALESCE(l."productId", '')`, `o."createdAt"`, d)},
    ${a.net}, ${a.refunded}, ${a.units}, ${a.ru}
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE ${where} AND l."offerId" IS NOT NULL AND ${shopExists(`o."shop"`)}`;
}

/** Recomputes the placement contributions of the lines matching `storedWhere` (over p) / `lineWhere` (over l, o). */
function refreshLines(storedWhere: (alias: string) => string, lineWhere: string, d: RollupDialect): string[] {
  return [
    storedPlacements(-1, storedWhere("p")),
    `DELETE FROM "OfferLinePlacement" WHERE ${storedWhere(`"OfferLinePlacement"`)}`,
    placementRows(lineWhere, d),
    storedPlacements(1, storedWhere("p")),
  ];
}

/** Re-places the stored offer lines an acceptance event `r` (NEW or OLD) can explain. */
function refreshPlacementsOf(r: string, d: RollupDialect): string[] {
  const where = (p: string) =>
    `${p}."shop" = ${r}."shop" AND ${p}."visitorId" = ${r}."visitorId" AND ${p}."offerKey" = COALESCE(${r}."offerId", 'auto')
    AND ${p}."productKey" = COALESCE(${r}."productId", '') AND ${p}."orderedAt" >= ${r}."occurredAt"
    AND ${p}."orderedAt" <= ${shift(`${r}."occurredAt"`, PLACEMENT_WINDOW_DAYS + 1, d)} AND ${r}."type" IN (${PLACING_EVENT_TYPES.map((t) => `'${t}'`).join(", ")})`;
  const t = `"OfferLinePlacement"`;
  return [
    storedPlacements(-1, where("p")),
    `UPDATE ${t} SET "placement" = ${placementOf(`${t}."shop"`, `${t}."visitorId"`, `${t}."offerKey"`, `${t}."productKey"`, `${t}."orderedAt"`, d)} WHERE ${where(t)}`,
    storedPlacements(1, where("p")),
  ];
}

interface Trigger {
  name: string;
  timing: "BEFORE" | "AFTER";
  event: "INSERT" | "UPDATE" | "DELETE";
  table: string;
  when?: string;
  statements: string[];
}

function triggers(d: RollupDialect): Trigger[] {
  const changed = (cols: string[]) => cols.map((c) => distinct(`OLD."${c}"`, `NEW."${c}"`, d)).join(" OR ");
  const placing = PLACING_EVENT_TYPES.map((t) => `'${t}'`).join(", ");
  const newLineOthers = hasOfferLine(`NEW."orderId"`, `NEW."id"`);
  const oldLineOthers = hasOfferLine(`OLD."orderId"`, `OLD."id"`);
  const dayOrCancelChanged = ` AND (${dayOf(`OLD."createdAt"`, d)} <> ${dayOf(`NEW."createdAt"`, d)} OR ${flag(`OLD."cancelledAt" IS NULL`)} <> ${flag(`NEW."cancelledAt" IS NULL`)} OR OLD."shop" <> NEW."shop")`;
  return [
    {
      name: "rollup_order_insert",
      timing: "AFTER",
      event: "INSERT",
      table: "Order",
      statements: [orderContribution("NEW", 1, flag(hasOfferLine(`NEW."id"`)), d)],
    },
    {
      name: "rollup_order_update",
      timing: "AFTER",
      event: "UPDATE",
      table: "Order",
      when: changed(["shop", "createdAt", "cancelledAt", "exposure", "subtotal"]),
      statements: [
        orderContribution("OLD", -1, flag(hasOfferLine(`OLD."id"`)), d),
        orderContribution("NEW", 1, flag(hasOfferLine(`NEW."id"`)), d),
        orderLinesContribution("OLD", -1, d, dayOrCancelChanged),
        orderLinesContribution("NEW", 1, d, dayOrCancelChanged),
      ],
    },
    {
      name: "rollup_order_delete",
      timing: "BEFORE",
      event: "DELETE",
      table: "Order",
      statements: [
        orderContribution("OLD", -1, flag(hasOfferLine(`OLD."id"`)), d),
        orderLinesContribution("OLD", -1, d),
      ],
    },
    {
      name: "rollup_line_insert",
      timing: "BEFORE",
      event: "INSERT",
      table: "OrderLine",
      statements: [
        lineContribution("NEW", 1, d),
        ...moveOrder(`NEW."orderId"`, 1, `NEW."offerId" IS NOT NULL AND NOT ${newLineOthers}`, d),
      ],
    },
    {
      name: "rollup_line_update",
      timing: "BEFORE",
      event: "UPDATE",
      table: "OrderLine",
      when: changed(["orderId", "quantity", "price", "discount", "refundedQuantity", "offerId"]),
      statements: [
        lineContribution("OLD", -1, d),
        lineContribution("NEW", 1, d),
        ...moveOrder(
          `OLD."orderId"`,
          0,
          `OLD."offerId" IS NOT NULL AND NEW."offerId" IS NULL AND NOT ${oldLineOthers}`,
          d,
        ),
        ...moveOrder(
          `NEW."orderId"`,
          1,
          `OLD."offerId" IS NULL AND NEW."offerId" IS NOT NULL AND NOT ${newLineOthers}`,
          d,
        ),
      ],
    },
    {
      name: "rollup_line_delete",
      timing: "BEFORE",
      event: "DELETE",
      table: "OrderLine",
      statements: [
        lineContribution("OLD", -1, d),
        ...moveOrder(`OLD."orderId"`, 0, `OLD."offerId" IS NOT NULL AND NOT ${oldLineOthers}`, d),
      ],
    },
    {
      name: "rollup_event_insert",
      timing: "AFTER",
      event: "INSERT",
      table: "Event",
      statements: [eventContribution("NEW", 1, d)],
    },
    {
      name: "rollup_event_update",
      timing: "AFTER",
      event: "UPDATE",
      table: "Event",
      when: changed(["shop", "occurredAt", "offerId", "placement", "type"]),
      statements: [eventContribution("OLD", -1, d), eventContribution("NEW", 1, d)],
    },
    {
      name: "rollup_event_delete",
      timing: "AFTER",
      event: "DELETE",
      table: "Event",
      statements: [eventContribution("OLD", -1, d)],
    },
    {
      name: "rollup_placement_line_insert",
      timing: "AFTER",
      event: "INSERT",
      table: "OrderLine",
      statements: refreshLines((p) => `${p}."lineId" = NEW."id"`, `l."id" = NEW."id"`, d),
    },
    {
      name: "rollup_placement_line_update",
      timing: "AFTER",
      event: "UPDATE",
      table: "OrderLine",
      when: changed(["orderId", "quantity", "price", "discount", "refundedQuantity", "offerId", "productId"]),
      statements: refreshLines((p) => `${p}."lineId" = NEW."id"`, `l."id" = NEW."id"`, d),
    },
    {
      name: "rollup_placement_line_delete",
      timing: "AFTER",
      event: "DELETE",
      table: "OrderLine",
      statements: refreshLines((p) => `${p}."lineId" = OLD."id"`, `l."id" = OLD."id"`, d),
    },
    {
      name: "rollup_placement_order_update",
      timing: "AFTER",
      event: "UPDATE",
      table: "Order",
      when: changed(["shop", "createdAt", "cancelledAt", "visitorId"]),
      statements: refreshLines((p) => `${p}."orderId" = NEW."id"`, `l."orderId" = NEW."id"`, d),
    },
    {
      name: "rollup_placement_event_insert",
      timing: "AFTER",
      event: "INSERT",
      table: "Event",
      when: `NEW."type" IN (${placing})`,
      statements: refreshPlacementsOf("NEW", d),
    },
    {
      name: "rollup_placement_event_update",
      timing: "AFTER",
      event: "UPDATE",
      table: "Event",
      when: changed(["shop", "occurredAt", "offerId", "placement", "type", "visitorId", "productId"]),
      statements: [...refreshPlacementsOf("OLD", d), ...refreshPlacementsOf("NEW", d)],
    },
    {
      name: "rollup_placement_event_delete",
      timing: "AFTER",
      event: "DELETE",
      table: "Event",
      when: `OLD."type" IN (${placing})`,
      statements: refreshPlacementsOf("OLD", d),
    },
    {
      name: "rollup_shop_delete",
      timing: "AFTER",
      event: "DELETE",
      table: "Shop",
      statements: [
        "DailyOrderRollup",
        "DailyLineRollup",
        "DailyEventRollup",
        "DailyPlacementRollup",
        "OfferLinePlacement",
      ].map((t) => `DELETE FROM ${q(t)} WHERE "shop" = OLD."domain"`),
    },
  ];
}

function triggerSql(t: Trigger, d: RollupDialect): string {
  const body = t.statements.map((s) => `  ${s};`).join("\n");
  if (d === "sqlite")
    return `CREATE TRIGGER ${q(t.name)} ${t.timing} ${t.event} ON ${q(t.table)} FOR EACH ROW${t.when ? `\nWHEN ${t.when}` : ""}\nBEGIN\n${body}\nEND;`;
  const ret = t.timing === "AFTER" ? "NULL" : t.event === "DELETE" ? "OLD" : "NEW";
  // Prisma's PostgreSQL driver adapter (6.19) runs a migration by splitting it at every ";", which
  // would cut a function body apart: the body is a U&'' literal whose semicolons are written \003B.
  const literal = `BEGIN\n${body}\n  RETURN ${ret};\nEND`
    .replace(/\\/g, "\\\\")
    .replace(/'/g, "''")
    .replace(/;/g, "\\003B");
  return `CREATE FUNCTION ${q(t.name)}() RETURNS trigger LANGUAGE plpgsql AS U&'${literal}';\nCREATE TRIGGER ${q(t.name)} ${t.timing} ${t.event} ON ${q(t.table)} FOR EACH ROW${t.when ? `\nWHEN (${t.when})` : ""}\nEXECUTE FUNCTION ${q(t.name)}();`;
}

/**
 * The statements that (re)compute the rollups from the stored rows: of every shop, or of one shop
 * (its rows must have been deleted first; `shop` is a SQL literal or a placeholder such as `?`/`$1`).
 */
export function rollupBackfillSql(d: RollupDialect, shop?: string): string[] {
  const a = lineAmounts("l");
  const onlyOrders = shop ? ` WHERE o."shop" = ${shop}` : "";
  const onlyEvents = shop ? ` WHERE e."shop" = ${shop}` : "";
  const insert = (table: string, keys: string[], sums: string[], select: string) =>
    `INSERT INTO ${q(table)} (${[...keys, ...sums].map(q).join(", ")})\n  ${select}`;
  return [
    insert(
      "DailyOrderRollup",
      ORDER_KEYS,
      ORDER_SUMS,
      `SELECT o."shop", ${dayOf(`o."createdAt"`, d)}, COALESCE(o."exposure", ''), ${flag(hasOfferLine(`o."id"`))}, ${flag(`o."cancelledAt" IS NOT NULL`)}, COUNT(*), SUM(CAST(o."subtotal" AS BIGINT)), SUM(CAST(o."subtotal" AS BIGINT) * CAST(o."subtotal" AS BIGINT))
  FROM "Order" o${onlyOrders}
  GROUP BY 1, 2, 3, 4, 5`,
    ),
    insert(
      "DailyLineRollup",
      LINE_KEYS,
      LINE_SUMS,
      `SELECT o."shop", ${dayOf(`o."createdAt"`, d)}, COALESCE(l."offerId", ''), ${flag(`o."cancelledAt" IS NOT NULL`)}, COUNT(*), SUM(${a.net}), SUM(${a.refunded}), SUM(${a.units}), SUM(${a.ru})
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"${onlyOrders}
  GROUP BY 1, 2, 3, 4`,
    ),
    insert(
      "DailyEventRollup",
      EVENT_KEYS,
      EVENT_SUMS,
      `SELECT e."shop", ${dayOf(`e."occurredAt"`, d)}, COALESCE(e."offerId", ''), e."placement", e."type", COUNT(*)
  FROM "Event" e${onlyEvents}
  GROUP BY 1, 2, 3, 4, 5`,
    ),
    placementRows(shop ? `o."shop" = ${shop}` : "1 = 1", d),
    insert(
      "DailyPlacementRollup",
      PLACEMENT_KEYS,
      LINE_SUMS,
      `SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", COUNT(*), SUM(p."gross"), SUM(p."refunded"), SUM(p."units"), SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p${shop ? ` WHERE p."shop" = ${shop}` : ""}
  GROUP BY 1, 2, 3, 4, 5`,
    ),
  ];
}

/** The triggers' CREATE statements (PostgreSQL: each function, then its trigger). */
export function rollupTriggerSql(d: RollupDialect): string[] {
  return triggers(d).map((t) => triggerSql(t, d));
}

/** The names of the triggers. */
export const ROLLUP_TRIGGERS = triggers("sqlite").map((t) => t.name);

/** What the rollups migration appends to the tables Prisma created: the backfill, then the triggers. */
export function rollupMigrationSql(d: RollupDialect): string {
  return [
    "-- Dashboard rollups: backfill and triggers, written by app/lib/rollup-sql.ts (rollupMigrationSql).",
    ...rollupBackfillSql(d).map((s) => `${s};`),
    ...rollupTriggerSql(d),
  ].join("\n\n");
}
