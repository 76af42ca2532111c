// Builds one template database from the committed migrations (exactly what `npm run db:migrate`
// applies); each test file that needs a database gets a copy of it (see db.ts).
// - SQLite: a file, built under a private name and renamed into place, so concurrent runs never
//   see half a file.
// - PostgreSQL (PAIRWISE_TEST_DATABASE=postgresql): the database <prefix>_template on the server at
//   PAIRWISE_POSTGRES_URL, migrated from prisma/postgresql/migrations; the teardown drops it and
//   every database the run created from it.
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { postgresDatabaseUrl, postgresRunPrefix, postgresSync, testProvider } from "./db";

export const TEMPLATE_DIR = resolve(".cache/test-db");
export const TEMPLATE_DB = join(TEMPLATE_DIR, "template.sqlite");

function migrate(databaseUrl: string): void {
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
}

export default function setup(): (() => void) | void {
  if (testProvider() === "postgresql") {
    if (!process.env.PAIRWISE_POSTGRES_URL)
      throw new Error(
        "PAIRWISE_TEST_DATABASE=postgresql needs PAIRWISE_POSTGRES_URL (a server the tests may create databases on)",
      );
    process.env.PAIRWISE_TEST_RUN ??= `${process.pid}`;
    const prefix = postgresRunPrefix();
    postgresSync([`DROP DATABASE IF EXISTS "${prefix}_template"`, `CREATE DATABASE "${prefix}_template"`]);
    migrate(postgresDatabaseUrl(`${prefix}_template`));
    return () => {
      // every database of this run (the template last: the copies were made from it)
      const script =
        'const pg = require("pg"); const c = new pg.Client({ connectionString: process.env.SERVER });' +
        "c.connect().then(async () => { const { rows } = await c.query(\"SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname LIKE '%_template'\", [process.env.PREFIX + '_%']);" +
        ' for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`); await c.end(); })' +
        ".catch((e) => { console.error(e.message); process.exit(1); });";
      execFileSync(process.execPath, ["-e", script], {
        env: { ...process.env, SERVER: process.env.PAIRWISE_POSTGRES_URL, PREFIX: prefix },
        stdio: "inherit",
      });
    };
  }
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const building = join(TEMPLATE_DIR, `template.${process.pid}.sqlite`);
  rmSync(building, { force: true });
  migrate(`file:${building}`);
  renameSync(building, TEMPLATE_DB);
  process.env.PAIRWISE_TEST_TEMPLATE_DB = TEMPLATE_DB;
}
