// Helpers for the tooling that creates scratch PostgreSQL databases (db:diff, the PostgreSQL test
// pass): the server comes from PAIRWISE_POSTGRES_URL (any database on it; scratch databases are
// created next to it).
import pg from "pg";

/** The same server's URL with another database name. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs statements (CREATE/DROP DATABASE cannot run in a transaction) on the server's own database. */
export async function onServer(serverUrl: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
