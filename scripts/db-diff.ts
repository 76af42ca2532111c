// `npm run db:diff -- <name>`: writes the migrations for the changes made to prisma/schema.prisma,
// for both databases. (`prisma migrate dev` does not run on the Wasm engines.)
// 1. prisma/postgresql/schema.prisma is regenerated from prisma/schema.prisma (npm run db:pg-schema).
// 2. For each provider, the committed migrations are applied to a scratch database (a SQLite file; a
//    scratch database on a PostgreSQL server), introspected back into a datamodel with
//    `prisma db pull`, and diffed against that provider's schema with `prisma migrate diff`; the
//    SQL goes to prisma/migrations/<stamp>_<name>/ and prisma/postgresql/migrations/<stamp>_<name>/.
//    A provider whose migrations already match writes nothing, so after merging branches that each
//    brought a SQLite migration, this writes the PostgreSQL migration that catches up.
// The PostgreSQL server: PAIRWISE_POSTGRES_URL; without it, a throwaway local one is started with
// scripts/postgres-temp.sh (Debian's `postgresql` package) and stopped at the end.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, expectedPostgresSchema } from "./lib/pg-schema";
import { onServer, withDatabase } from "./lib/postgres-url";

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("usage: npm run db:diff -- <migration_name>");
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);

writeFileSync(POSTGRES_SCHEMA, expectedPostgresSchema());

/** The SQL that takes the database at `databaseUrl` (migrated here) to `schema`, or "" when none. */
function pendingSql(databaseUrl: string, schema: string, scratch: string): string {
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  const prisma = (args: string[]) =>
    execFileSync("npx", ["prisma", ...args], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  prisma(["migrate", "deploy"]);
  const base = join(scratch, "base.prisma");
  // `db pull --print` prints a warning about the driver adapter before the datamodel.
  const pulled = prisma(["db", "pull", "--print"]);
  writeFileSync(base, pulled.slice(Math.max(0, pulled.search(/^(generator|datasource) /m))));
  const sql = prisma(["migrate", "diff", "--from-schema-datamodel", base, "--to-schema-datamodel", schema, "--script"]);
  return sql.split("\n").some((line) => line.trim() && !line.trim().startsWith("--")) ? sql : "";
}

function write(folder: string, sql: string, label: string): void {
  if (!sql) {
    console.log(`${label}: the schema matches the migrations, no migration written.`);
    return;
  }
  const dir = join(folder, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  console.log(`${label}: wrote ${join(dir, "migration.sql")}`);
}

const scratch = mkdtempSync(join(tmpdir(), "pairwise-db-diff-"));
let tempServer: string | null = null;
try {
  write("prisma/migrations", pendingSql(`file:${join(scratch, "base.sqlite")}`, SQLITE_SCHEMA, scratch), "SQLite");

  let server = process.env.PAIRWISE_POSTGRES_URL;
  if (!server) {
    // its own folder directly under the temp dir: the server's user must be able to reach it
    tempServer = join(tmpdir(), `pairwise-db-diff-pg-${randomBytes(4).toString("hex")}`);
    const port = String(56000 + Math.floor(Math.random() * 4000));
    server = execFileSync("bash", ["scripts/postgres-temp.sh", "start", tempServer, port], { encoding: "utf8" }).trim();
  }
  const database = `pairwise_db_diff_${randomBytes(4).toString("hex")}`;
  await onServer(server, [`CREATE DATABASE "${database}"`]);
  try {
    write(
      "prisma/postgresql/migrations",
      pendingSql(withDatabase(server, database), POSTGRES_SCHEMA, scratch),
      "PostgreSQL",
    );
  } finally {
    await onServer(server, [`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`]);
  }
  console.log("Apply with npm run db:migrate (DATABASE_URL picks the database).");
} finally {
  if (tempServer) execFileSync("bash", ["scripts/postgres-temp.sh", "stop", tempServer]);
  rmSync(scratch, { recursive: true, force: true });
}
