// The one PrismaClient, and the one place that knows which database is behind it. This build
// speaks SQLite only (better-sqlite3 through Prisma's driver adapter): DATABASE_URL must be a
// `file:` URL, and anything else is refused at start-up with a clear error. PostgreSQL needs its
// own generated client and migrations, which are not wired yet (README "Database").
// Every service reaches the database through this client: route code through the services,
// and a function that must also run inside a transaction takes the client or the transaction
// as its first parameter.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl, isProduction } from "./lib/config.server";

function createClient(url: string): PrismaClient {
  if (url.startsWith("file:")) {
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
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
