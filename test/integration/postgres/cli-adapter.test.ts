// The CLI-only workaround for prisma/orm#27403 (prisma/postgresql/cli-adapter.ts), on a real
// PostgreSQL server (the PostgreSQL test pass; skipped on SQLite). It proves the upstream failure
// still happens without the workaround — when this first test fails, the upstream fix has landed
// and the workaround can go — and that with it the catalogs' values come back as text.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { cliPostgresAdapter } from "../../../prisma/postgresql/cli-adapter";
import { testProvider, useFreshDatabase } from "../../support/db";

const postgres = testProvider() === "postgresql";
const url = postgres ? useFreshDatabase() : "";
const query = (sql: string) => ({ sql, args: [], argTypes: [] });
// what the schema engine reads while it migrates or introspects: catalog columns of type name, char, regclass, name[]
const CATALOG_SQL = `SELECT c.relname, c.relkind, c.oid::regclass AS reg, ARRAY[c.relname, n.nspname]::name[] AS names
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relname = 'Shop'`;

describe.skipIf(!postgres)("Prisma CLI on PostgreSQL: catalog types reported as text (prisma/orm#27403)", () => {
  const open: { dispose(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(open.map((a) => a.dispose()));
  });

  it("without the workaround, @prisma/adapter-pg cannot read a catalog column of type name", async () => {
    const adapter = await new PrismaPg({ connectionString: url }).connect();
    open.push(adapter);
    const failure = await adapter
      .queryRaw(query("SELECT relname FROM pg_class LIMIT 1"))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(JSON.stringify((failure as { cause?: unknown }).cause ?? String(failure))).toMatch(
      /UnsupportedNativeDataType|name/,
    );
  });

  it("with it, the same catalogs read back as text and text[], values unchanged", async () => {
    const adapter = await cliPostgresAdapter(url).connect();
    open.push(adapter);
    const result = await adapter.queryRaw(query(CATALOG_SQL));
    expect(result.columnNames).toEqual(["relname", "relkind", "reg", "names"]);
    expect(result.rows).toEqual([["Shop", "r", '"Shop"', ["Shop", "public"]]]);
    // and inside a transaction (the path migrate deploy takes for each migration)
    const tx = await adapter.startTransaction();
    expect((await tx.queryRaw(query(CATALOG_SQL))).rows).toEqual(result.rows);
    await tx.commit();
    // ordinary columns keep their own types
    const plain = await adapter.queryRaw(query(`SELECT 1::int AS n, 'x'::text AS t, now() AS at`));
    expect(plain.rows[0][0]).toBe(1);
    expect(plain.rows[0][1]).toBe("x");
  });
});
