// Token buckets per key: `capacity` tokens at once, then `refillPerSecond`.
// - SQLite (one process): in memory (`RateLimiter`).
// - PostgreSQL (several web processes): one bucket per key in the RateBucket table, shared by every
//   process (`SharedRateLimiter`): one atomic INSERT … ON CONFLICT DO UPDATE … WHERE refills the
//   bucket, checks it and takes the tokens, so two processes never both spend the last token.
// `rateLimiter()` picks one by the database, as app/db.server.ts does.
import db from "../db.server";
import { databaseProvider, databaseUrl } from "./config.server";

export interface TokenBuckets {
  /** Takes `cost` tokens for `key`; false when the bucket has fewer. */
  take(key: string, cost?: number): Promise<boolean>;
}

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Takes `cost` tokens for `key`; false when the bucket is empty. */
  take(key: string, cost = 1, now = Date.now()): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
      bucket = { tokens: this.capacity, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSecond);
    bucket.at = now;
    if (bucket.tokens < cost) return false;
    bucket.tokens -= cost;
    return true;
  }
}

/** A query runner: the app's Prisma client, or a `pg` client (tests use a second connection). */
export type SqlRunner = (sql: string, params: unknown[]) => Promise<unknown[]>;

const prismaRunner: SqlRunner = (sql, params) => db.$queryRawUnsafe<unknown[]>(sql, ...params);

// The refilled level, computed from the stored row and the database's clock (one clock for all processes;
// UTC, as Prisma writes DateTime columns).
const REFILLED = `LEAST($2::float8, "RateBucket"."tokens" + EXTRACT(EPOCH FROM ((now() AT TIME ZONE 'UTC')::timestamp(3) - "RateBucket"."updatedAt")) * $4::float8)`;
const TAKE_SQL = `INSERT INTO "RateBucket" ("key", "tokens", "updatedAt") VALUES ($1, $2::float8 - $3::float8, (now() AT TIME ZONE 'UTC')::timestamp(3))
ON CONFLICT ("key") DO UPDATE SET "tokens" = ${REFILLED} - $3::float8, "updatedAt" = (now() AT TIME ZONE 'UTC')::timestamp(3)
WHERE ${REFILLED} >= $3::float8
RETURNING "tokens"`;

/** The same token bucket, kept in PostgreSQL and shared by every process. Keys are prefixed by `name`. */
export class SharedRateLimiter implements TokenBuckets {
  constructor(
    private readonly name: string,
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly run: SqlRunner = prismaRunner,
  ) {}

  async take(key: string, cost = 1): Promise<boolean> {
    if (cost > this.capacity) return false;
    const rows = await this.run(TAKE_SQL, [`${this.name}|${key}`, this.capacity, cost, this.refillPerSecond]);
    return rows.length > 0;
  }
}

class MemoryBuckets implements TokenBuckets {
  private readonly limiter: RateLimiter;
  constructor(capacity: number, refillPerSecond: number) {
    this.limiter = new RateLimiter(capacity, refillPerSecond);
  }
  take(key: string, cost = 1): Promise<boolean> {
    return Promise.resolve(this.limiter.take(key, cost));
  }
}

/** Token buckets named `name`: shared through PostgreSQL when that is the database, in memory on SQLite. */
export function rateLimiter(name: string, capacity: number, refillPerSecond: number): TokenBuckets {
  return databaseProvider(databaseUrl()) === "postgresql"
    ? new SharedRateLimiter(name, capacity, refillPerSecond)
    : new MemoryBuckets(capacity, refillPerSecond);
}

/** Buckets untouched for this long are full again, whatever their limit: pruned (PostgreSQL). */
export const RATE_BUCKET_IDLE_MS = 2 * 3_600_000;

export async function pruneRateBuckets(now = new Date()): Promise<number> {
  const { count } = await db.rateBucket.deleteMany({
    where: { updatedAt: { lt: new Date(now.getTime() - RATE_BUCKET_IDLE_MS) } },
  });
  return count;
}
