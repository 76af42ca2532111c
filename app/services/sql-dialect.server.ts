// The SQL that differs between SQLite and PostgreSQL, in one place. Everything else the services
// send with $queryRaw is written to run unchanged on both (quoted identifiers, CASE instead of
// MAX/GREATEST, CAST(… AS BIGINT), standard joins and sub-selects).
import { Prisma } from "../generated/prisma/client";
import { databaseUrl } from "../lib/config.server";

export type SqlProvider = "sqlite" | "postgresql";

/** The database behind DATABASE_URL: `postgres://` / `postgresql://` → PostgreSQL, anything else (`file:`) → SQLite. */
export function sqlProvider(url: string = databaseUrl()): SqlProvider {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

/**
 * The UTC calendar day (`YYYY-MM-DD`) of a DateTime column. SQLite keeps Prisma's DateTime as
 * ISO 8601 text with its offset (strftime reads it and converts to UTC); PostgreSQL as
 * `timestamp(3)` in UTC.
 */
export function utcDay(column: Prisma.Sql, provider: SqlProvider = sqlProvider()): Prisma.Sql {
  return provider === "postgresql" ? Prisma.sql`to_char(${column}, 'YYYY-MM-DD')` : Prisma.sql`strftime('%Y-%m-%d', ${column})`;
}

/**
 * A DateTime column moved by whole days, comparable with other DateTime columns: on SQLite in
 * Prisma's own text form (UTC, milliseconds, `+00:00`), on PostgreSQL as a timestamp.
 */
export function shiftDays(column: Prisma.Sql, days: number, provider: SqlProvider = sqlProvider()): Prisma.Sql {
  if (!Number.isInteger(days)) throw new RangeError("days must be a whole number");
  return provider === "postgresql"
    ? Prisma.sql`(${column} + ${Prisma.raw(`INTERVAL '${days} days'`)})`
    : Prisma.sql`strftime('%Y-%m-%dT%H:%M:%f+00:00', ${column}, ${Prisma.raw(`'${days >= 0 ? "+" : ""}${days} days'`)})`;
}
