// A fresh, migrated SQLite file for one test file. Call before importing anything that
// imports app/db.server.ts (use dynamic imports in the test, or vi.resetModules()).
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export function useFreshDatabase(): string {
  const template = process.env.PAIRWISE_TEST_TEMPLATE_DB ?? resolve(".cache/test-db/template.sqlite");
  const dir = mkdtempSync(join(tmpdir(), "pairwise-test-"));
  const file = join(dir, "test.sqlite");
  copyFileSync(template, file);
  const url = `file:${file}`;
  process.env.DATABASE_URL = url;
  return url;
}
