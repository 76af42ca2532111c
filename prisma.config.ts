// Prisma CLI configuration: every command runs on the Wasm engines shipped in the npm package
// (no Rust binaries to download), through the same driver adapter the app uses.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The schema reads env("DATABASE_URL"); give it the same default as the app (app/db.server.ts).
const url = (process.env.DATABASE_URL ??= "file:./prisma/dev.sqlite");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    return new PrismaBetterSQLite3({ url });
  },
});
