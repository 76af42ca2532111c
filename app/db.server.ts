// The one PrismaClient, and the one place that knows which database is behind it.
// DATABASE_URL selects the driver adapter: `file:` → SQLite (better-sqlite3, the embedded
// default); `postgres://` / `postgresql://` → PostgreSQL (pg). See README "Databases".
import { PrismaClient } from "./generated/prisma/client";
import { sqliteAdapter } from "./lib/sqlite-adapter.server";

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

function createClient(url: string): PrismaClient {
  if (url.startsWith("file:")) {
    // one connection, made safe for concurrent requests: see app/lib/sqlite-adapter.server.ts
    return new PrismaClient({ adapter: sqliteAdapter(url) });
  }
  throw new Error(
    `DATABASE_URL must start with "file:" for the SQLite build of the client (got "${url.split(":")[0]}:"). ` +
      "See README, Databases, for PostgreSQL.",
  );
}

declare global {
  var __pairwisePrisma: PrismaClient | undefined;
}

// Reuse one client across Vite's hot reloads in development.
const prisma: PrismaClient = globalThis.__pairwisePrisma ?? createClient(databaseUrl());
if (process.env.NODE_ENV !== "production") globalThis.__pairwisePrisma = prisma;

export default prisma;
export type { PrismaClient };
