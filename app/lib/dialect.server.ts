// Everything that differs between the two databases, in one place. Services and the demo ask this
// module instead of testing the provider themselves; the rest of the code is provider-neutral
// Prisma (plus portable raw SQL: double-quoted identifiers, no provider-only functions).
// The provider is the one DATABASE_URL names (app/lib/config.server.ts, databaseProvider): the same
// rule app/db.server.ts uses to pick the generated client.
import { Prisma } from "../generated/prisma/client";
import { databaseProvider, type DatabaseProvider } from "./config.server";

/** The database behind app/db.server.ts. */
export function currentProvider(): DatabaseProvider {
  return databaseProvider();
}

/**
 * A case-insensitive "contains" filter for a text column. SQLite's LIKE (what Prisma's `contains`
 * compiles to there) ignores case for ASCII letters already and knows no `mode`; PostgreSQL's is
 * case-sensitive unless asked (`mode: "insensitive"`, ILIKE). Typed as the shared (SQLite) client's
 * filter, which has no `mode` field; the PostgreSQL client accepts it.
 */
export function textContains(text: string, provider: DatabaseProvider = currentProvider()): { contains: string } {
  return provider === "postgresql"
    ? ({ contains: text, mode: "insensitive" } as { contains: string })
    : { contains: text };
}

/** A value as Prisma stores it in SQLite (DateTime as ISO 8601 with "+00:00", Boolean as 0/1). */
function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  return v;
}

/** A value for json_populate_recordset (PostgreSQL casts ISO 8601 text to timestamp(3) and JSON booleans to boolean). */
function postgresValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return v.toString();
  return v;
}

interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

/** Rows per statement of bulkInsert: one JSON parameter each, so no bound-parameter limit applies. */
export const BULK_INSERT_ROWS = 10_000;

/**
 * Bulk INSERT of many rows into one table (the demo seed's ~150 000 customer, order and line rows):
 * each batch travels as ONE JSON parameter that the database unpacks itself, so Prisma handles a
 * few statements instead of a million bound values. SQLite: `json_each` + `json_extract`, values in
 * the exact format Prisma writes and reads back; PostgreSQL: `json_populate_recordset` against the
 * table's own row type, so every column gets its declared type. Measured on SQLite for 40 000
 * orders: createMany ~56 s, multi-row VALUES ~8–15 s, this ~4–12 s (by machine load).
 * Rows must all have the keys of the first row; test/integration/demo-seed.test.ts reads them back
 * through Prisma on both databases.
 */
export async function bulkInsert<T extends Record<string, unknown>>(
  tx: RawExecutor,
  table: string,
  rows: T[],
  provider: DatabaseProvider = currentProvider(),
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const names = columns.map((c) => `"${c}"`).join(", ");
  for (let i = 0; i < rows.length; i += BULK_INSERT_ROWS) {
    const batch = rows.slice(i, i + BULK_INSERT_ROWS);
    if (provider === "postgresql") {
      const json = batch.map((r) => Object.fromEntries(columns.map((c) => [c, postgresValue(r[c])])));
      await tx.$executeRawUnsafe(
        `INSERT INTO "${table}" (${names}) SELECT ${names} FROM json_populate_recordset(NULL::"${table}", $1::json)`,
        JSON.stringify(json),
      );
    } else {
      const json = batch.map((r) => columns.map((c) => sqliteValue(r[c])));
      const values = columns.map((_, j) => `json_extract(value, '$[${j}]')`).join(", ");
      await tx.$executeRawUnsafe(
        `INSERT INTO "${table}" (${names}) SELECT ${values} FROM json_each(?)`,
        JSON.stringify(json),
      );
    }
  }
}

/**
 * The UTC calendar day (`YYYY-MM-DD`) of a DateTime column in raw SQL. SQLite keeps Prisma's
 * DateTime as ISO 8601 text with its offset (strftime reads it and converts to UTC); PostgreSQL as
 * `timestamp(3)` in UTC.
 */
export function utcDay(column: Prisma.Sql, provider: DatabaseProvider = currentProvider()): Prisma.Sql {
  return provider === "postgresql"
    ? Prisma.sql`to_char(${column}, 'YYYY-MM-DD')`
    : Prisma.sql`strftime('%Y-%m-%d', ${column})`;
}

/**
 * A DateTime column moved by whole days in raw SQL, comparable with other DateTime columns: on
 * SQLite in Prisma's own text form (UTC, milliseconds, `+00:00`), on PostgreSQL as a timestamp.
 */
export function shiftDays(
  column: Prisma.Sql,
  days: number,
  provider: DatabaseProvider = currentProvider(),
): Prisma.Sql {
  if (!Number.isInteger(days)) throw new RangeError("days must be a whole number");
  return provider === "postgresql"
    ? Prisma.sql`(${column} + ${Prisma.raw(`INTERVAL '${days} days'`)})`
    : Prisma.sql`strftime('%Y-%m-%dT%H:%M:%f+00:00', ${column}, ${Prisma.raw(`'${days >= 0 ? "+" : ""}${days} days'`)})`;
}
