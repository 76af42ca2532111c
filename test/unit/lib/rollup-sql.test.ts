// The rollups migration of each database holds exactly what app/lib/rollup-sql.ts writes (the
// backfill and the triggers), so the SQL the tests exercise is the SQL that ships; and the
// triggers of both databases are written from the same definitions.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROLLUP_TRIGGERS, rollupMigrationSql, rollupTriggerSql } from "../../../app/lib/rollup-sql";

function migration(folder: string): string {
  const name = readdirSync(folder).find((f) => f.endsWith("_rollups"));
  if (!name) throw new Error(`no rollups migration in ${folder}`);
  return readFileSync(join(folder, name, "migration.sql"), "utf8");
}

describe("rollups migration", () => {
  it("is the generator's SQL on SQLite and on PostgreSQL", () => {
    expect(migration("prisma/migrations")).toContain(rollupMigrationSql("sqlite"));
    expect(migration("prisma/postgresql/migrations")).toContain(rollupMigrationSql("postgresql"));
  });

  it("creates the same triggers on both databases, and a PostgreSQL body has no bare semicolon", () => {
    const names = (sql: string[]) =>
      sql.map((s) => /CREATE TRIGGER "([^"]+)" (\w+) (\w+) ON "(\w+)"/.exec(s)?.slice(1));
    expect(names(rollupTriggerSql("postgresql"))).toEqual(names(rollupTriggerSql("sqlite")));
    expect(ROLLUP_TRIGGERS.length).toBe(17);
    // Prisma's PostgreSQL adapter splits a migration at every ";": each function must stay whole
    for (const sql of rollupTriggerSql("postgresql")) expect(sql.split(";").length).toBe(3);
  });
});
