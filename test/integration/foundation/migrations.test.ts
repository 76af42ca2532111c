// The committed migrations of the database under test (prisma/migrations for SQLite,
// prisma/postgresql/migrations for PostgreSQL) build exactly the schema of that database
// (prisma/schema.prisma, prisma/postgresql/schema.prisma): a model or index added to the schema
// without `npm run db:diff -- <name>` fails here, on each database's pass.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testProvider, useFreshDatabase } from "../../support/db";

const url = useFreshDatabase();
const schema = testProvider() === "postgresql" ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma";
const prisma = (args: string[]) =>
  execFileSync("npx", ["prisma", ...args], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

describe(`the committed migrations (${testProvider()})`, () => {
  it("are all applied to a fresh test database, and build exactly the schema", { timeout: 240_000 }, () => {
    expect(prisma(["migrate", "status"])).toMatch(/Database schema is up to date/);
    // introspect what the migrations built, then ask Prisma for the SQL that would take it to the schema
    const pulled = prisma(["db", "pull", "--print"]);
    const base = join(mkdtempSync(join(tmpdir(), "pairwise-migrations-")), "migrated.prisma");
    writeFileSync(base, pulled.slice(Math.max(0, pulled.search(/^(generator|datasource) /m))));
    const sql = prisma([
      "migrate",
      "diff",
      "--from-schema-datamodel",
      base,
      "--to-schema-datamodel",
      schema,
      "--script",
    ]);
    const statements = sql.split("\n").filter((line) => line.trim() && !line.trim().startsWith("--"));
    expect(statements, `the schema needs a migration: npm run db:diff -- <name>\n${sql}`).toEqual([]);
  });
});
