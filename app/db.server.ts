// The one PrismaClient, and the one place that knows which database is behind it. This build
// speaks SQLite only (better-sqlite3 through Prisma's driver adapter, made safe for concurrent
// requests by app/lib/sqlite-adapter.server.ts): DATABASE_URL must be a `file:` URL, and anything
// else is refused at start-up with a clear error. PostgreSQL needs its own generated client and
// migrations, which are not wired yet (README "Database").
// Every service reaches the database through this client: route code through the services,
// and a function that must also run inside a transaction takes the client or the transaction
// as its first parameter.
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl, isProduction } from "./lib/config.server";
import { sqliteAdapter } from "./lib/sqlite-adapter.server";

function createClient(url: string): PrismaClient {
  if (url.startsWith("file:")) {
    // one connection, made safe for concurrent requests: see app/lib/sqlite-adapter.server.ts
    return new PrismaClient({ adapter: sqliteAdapter(url) });
  }
  throw new Error(
    `DATABASE_URL must start with "file:" for the SQLite build of the client (got "${url.split(":")[0]}:"). ` +
      "See README, Database, for PostgreSQL.",
  );
}

declare global {
  var __pairwisePrisma: PrismaClient | undefined;
}

// Reuse one client across Vite's hot reloads in development.
const prisma: PrismaClient = globalThis.__pairwisePrisma ?? createClient(databaseUrl());
if (!isProduction()) globalThis.__pairwisePrisma = prisma;

export default prisma;
export type { PrismaClient };
