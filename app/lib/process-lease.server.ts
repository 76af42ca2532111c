// "This process is working on X", as the database sees it: on PostgreSQL a session advisory lock
// (pg_try_advisory_lock) held on a connection of the lease's own. PostgreSQL releases it when the
// session ends — when the holder releases it, and also when the holder's process dies or loses its
// connection — so work marked as under way whose lease can be taken has no live owner: the job
// queue's recovery resumes it (app/services/jobs.server.ts, bulk imports). SQLite serves one
// process per database: a lease always succeeds, and the process recovers its own work at start.
import pg from "pg";
import { databaseProvider, databaseUrl } from "./config.server";

export interface Lease {
  /** Ends the lease (closes its session); idempotent. */
  release(): Promise<void>;
}

const NO_LEASE: Lease = { release: async () => {} };

/**
 * Takes the lease named `name`, or null when a live session holds it. `url`: the PostgreSQL
 * database (default DATABASE_URL).
 */
export async function takeLease(name: string, url: string = databaseUrl()): Promise<Lease | null> {
  if (databaseProvider(url) !== "postgresql") return NO_LEASE;
  const client = new pg.Client({ connectionString: url, application_name: "pairwise-lease" });
  client.on("error", () => {}); // a lost connection ends the lease; its holder finds out on release
  await client.connect();
  let held = false;
  try {
    const { rows } = await client.query<{ held: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held",
      [`pairwise:${name}`],
    );
    held = rows[0]?.held === true;
  } finally {
    if (!held) await client.end().catch(() => {});
  }
  if (!held) return null;
  let ended: Promise<void> | null = null;
  return { release: () => (ended ??= client.end().catch(() => {})) };
}
