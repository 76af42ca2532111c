// `npm run db:pg-schema [-- --check]`: writes prisma/postgresql/schema.prisma from prisma/schema.prisma
// (see scripts/lib/pg-schema.ts); with --check, writes nothing and exits 1 when the copy is stale.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, expectedPostgresSchema } from "./lib/pg-schema";

const expected = expectedPostgresSchema();
const current = existsSync(POSTGRES_SCHEMA) ? readFileSync(POSTGRES_SCHEMA, "utf8") : "";
if (process.argv.includes("--check")) {
  if (current !== expected) {
    console.error(
      `${POSTGRES_SCHEMA} is stale: run npm run db:pg-schema (then npm run db:diff -- <name> for its migration).`,
    );
    process.exit(1);
  }
  console.log(`${POSTGRES_SCHEMA} matches ${SQLITE_SCHEMA}.`);
} else if (current === expected) {
  console.log(`${POSTGRES_SCHEMA} is up to date.`);
} else {
  writeFileSync(POSTGRES_SCHEMA, expected);
  console.log(`Wrote ${POSTGRES_SCHEMA} from ${SQLITE_SCHEMA}.`);
}
