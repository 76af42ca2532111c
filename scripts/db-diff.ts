// `npm run db:diff -- <name>`: writes a new migration for the changes made to prisma/schema.prisma.
// (`prisma migrate dev` does not run on the Wasm engines.) The committed migrations are applied to
// a scratch SQLite file, introspected back into a datamodel with `prisma db pull`, and diffed
// against the schema with `prisma migrate diff`; the SQL goes to
// prisma/migrations/<timestamp>_<name>/migration.sql, applied by `npm run db:migrate`.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
if (!name) {
  console.error("usage: npm run db:diff -- <migration_name>");
  process.exit(2);
}

const scratch = mkdtempSync(join(tmpdir(), "pairwise-db-diff-"));
const env = { ...process.env, DATABASE_URL: `file:${join(scratch, "base.sqlite")}` };
const prisma = (args: string[]) => execFileSync("npx", ["prisma", ...args], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

prisma(["migrate", "deploy"]);
const base = join(scratch, "base.prisma");
// `db pull --print` prints a warning about the driver adapter before the datamodel.
const pulled = prisma(["db", "pull", "--print", "--schema", "prisma/schema.prisma"]);
writeFileSync(base, pulled.slice(Math.max(0, pulled.search(/^(generator|datasource) /m))));
const sql = prisma(["migrate", "diff", "--from-schema-datamodel", base, "--to-schema-datamodel", "prisma/schema.prisma", "--script"]);
if (!sql.split("\n").some((line) => line.trim() && !line.trim().startsWith("--"))) {
  console.log("The schema matches the migrations: no migration written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "migration.sql"), sql);
console.log(`Wrote ${join(dir, "migration.sql")}; apply it with npm run db:migrate.`);
