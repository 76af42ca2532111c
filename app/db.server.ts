// The one PrismaClient, and the one place that picks the database behind it, by DATABASE_URL
// (app/lib/config.server.ts, databaseProvider):
// - `file:…` — SQLite, the embedded default: the client generated from prisma/schema.prisma
//   (app/generated/prisma), over better-sqlite3, made safe for concurrent requests by
//   app/lib/sqlite-adapter.server.ts;
// - `postgres://…` / `postgresql://…` — PostgreSQL, the production option: the client generated from
//   prisma/postgresql/schema.prisma (app/generated/prisma-pg, same models), over a `pg` pool through
//   @prisma/adapter-pg. DATABASE_POOL_SIZE sets the pool's size (default 10 connections per process).
// Both clients are typed as the SQLite one: their models and queries are the same, and what differs
// between the databases (case-insensitive search, bulk inserts) lives in app/lib/dialect.server.ts.
// Every service reaches the database through this client: route code through the services,
// and a function that must also run inside a transaction takes the client or the transaction
// as its first parameter.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/prisma-pg/client";
import { databasePoolSize, databaseProvider, databaseUrl, isProduction } from "./lib/config.server";
import { sqliteAdapter } from "./lib/sqlite-adapter.server";

function createClient(url: string): PrismaClient {
  if (databaseProvider(url) === "postgresql") {
    const client = new PostgresPrismaClient({
      adapter: new PrismaPg({ connectionString: url, max: databasePoolSize() }),
    });
    return client as unknown as PrismaClient;
  }
  // one connection, made safe for concurrent requests: see app/lib/sqlite-adapter.server.ts
  return new PrismaClient({ adapter: sqliteAdapter(url) });
}

declare global {
  var __pairwisePrisma: PrismaClient | undefined;
}

// Reuse one client across Vite's hot reloads in development.
const prisma: PrismaClient = globalThis.__pairwisePrisma ?? createClient(databaseUrl());
if (!isProduction()) globalThis.__pairwisePrisma = prisma;

export default prisma;
export type { PrismaClient };
