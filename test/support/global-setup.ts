// Builds one SQLite template database from the committed migrations (exactly what
// `npm run db:migrate` applies); each test file that needs a database copies it (see db.ts).
// Built under a private name and renamed into place, so concurrent runs never see half a file.
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

export const TEMPLATE_DIR = resolve(".cache/test-db");
export const TEMPLATE_DB = join(TEMPLATE_DIR, "template.sqlite");

export default function setup(): void {
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const building = join(TEMPLATE_DIR, `template.${process.pid}.sqlite`);
  rmSync(building, { force: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${building}` },
    stdio: "pipe",
  });
  renameSync(building, TEMPLATE_DB);
  process.env.PAIRWISE_TEST_TEMPLATE_DB = TEMPLATE_DB;
}
