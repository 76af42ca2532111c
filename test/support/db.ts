// A fresh, migrated database for one test file. Call before importing anything that imports
// app/db.server.ts (use dynamic imports in the test, or vi.resetModules()).
// - SQLite (default): a copy of the template file global-setup.ts migrated.
// - PostgreSQL (PAIRWISE_TEST_DATABASE=postgresql, `npm run test:postgres`): a new database on the
//   server at PAIRWISE_POSTGRES_URL, created from the template database global-setup.ts migrated
//   (CREATE DATABASE … TEMPLATE: a file copy, ~0.1 s), dropped by global-setup's teardown.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export type TestProvider = "sqlite" | "postgresql";

/** The database this test run uses. */
export function testProvider(): TestProvider {
  return process.env.PAIRWISE_TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
}

/** Prefix of every database a PostgreSQL test run creates (global-setup drops them at the end). */
export function postgresRunPrefix(): string {
  const run = process.env.PAIRWISE_TEST_RUN;
  if (!run)
    throw new Error(
      "PAIRWISE_TEST_RUN is unset: the PostgreSQL test databases are made by test/support/global-setup.ts",
    );
  return `pairwise_test_${run}`;
}

/** The same server's URL with another database. */
export function postgresDatabaseUrl(database: string): string {
  const url = new URL(process.env.PAIRWISE_POSTGRES_URL ?? "");
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs SQL on the PostgreSQL server synchronously (a child process: test files import this at top level). */
export function postgresSync(statements: string[]): void {
  const script =
    'const pg = require("pg"); const c = new pg.Client({ connectionString: process.env.SERVER });' +
    "c.connect().then(async () => { for (const s of JSON.parse(process.env.STATEMENTS)) await c.query(s); await c.end(); })" +
    ".catch((e) => { console.error(e.message); process.exit(1); });";
  execFileSync(process.execPath, ["-e", script], {
    env: { ...process.env, SERVER: process.env.PAIRWISE_POSTGRES_URL, STATEMENTS: JSON.stringify(statements) },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

export function useFreshDatabase(): string {
  let url: string;
  if (testProvider() === "postgresql") {
    const prefix = postgresRunPrefix();
    const database = `${prefix}_${randomBytes(5).toString("hex")}`;
    postgresSync([`CREATE DATABASE "${database}" TEMPLATE "${prefix}_template"`]);
    url = postgresDatabaseUrl(database);
  } else {
    const template = process.env.PAIRWISE_TEST_TEMPLATE_DB ?? resolve(".cache/test-db/template.sqlite");
    const dir = mkdtempSync(join(tmpdir(), "pairwise-test-"));
    const file = join(dir, "test.sqlite");
    copyFileSync(template, file);
    url = `file:${file}`;
  }
  process.env.DATABASE_URL = url;
  return url;
}
