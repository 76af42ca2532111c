// Prisma CLI configuration: every command runs on the Wasm engines shipped in the npm package
// (no Rust binaries to download), through a driver adapter. DATABASE_URL picks the database, by
// the same rule as the app (app/lib/config.server.ts, databaseProvider):
// - `file:…` (the default) — SQLite: prisma/schema.prisma and prisma/migrations/;
// - `postgres://…` or `postgresql://…` — PostgreSQL: prisma/postgresql/schema.prisma (generated
//   from the SQLite one by `npm run db:pg-schema`) and prisma/postgresql/migrations/, through
//   @prisma/adapter-pg with the CLI-only workaround of prisma/postgresql/cli-adapter.ts.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { cliPostgresAdapter } from "./prisma/postgresql/cli-adapter";
import { DEFAULT_DATABASE_URL, databaseProvider } from "./app/lib/config.server";

// The schemas read env("DATABASE_URL"); give it the same default as the app (app/db.server.ts).
const url = (process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL);
const postgres = databaseProvider(url) === "postgresql";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  async adapter() {
    return postgres ? cliPostgresAdapter(url) : new PrismaBetterSQLite3({ url });
  },
});
