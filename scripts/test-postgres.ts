// `npm run test:postgres` (the last step of `npm test`): the integration tests again, on PostgreSQL.
// The server is PAIRWISE_POSTGRES_URL (any database on it; the tests create and drop their own,
// one per test file, named pairwise_test_<run>_…). `bash .ci/run` starts a throwaway server and sets
// it; `scripts/postgres-temp.sh start DIR PORT` does the same by hand. Without it the pass is
// skipped with a notice (SQLite, the embedded default, is always tested).
import { spawnSync } from "node:child_process";
import pg from "pg";

const server = process.env.PAIRWISE_POSTGRES_URL;
if (!server) {
  console.log(
    "\nPostgreSQL pass skipped: PAIRWISE_POSTGRES_URL is not set. `bash .ci/run` starts a server and runs it;\n" +
      "by hand: `scripts/postgres-temp.sh start /tmp/pairwise-pg 55432` and\n" +
      "`PAIRWISE_POSTGRES_URL=postgresql://postgres@localhost:55432/postgres npm run test:postgres`.\n",
  );
  process.exit(0);
}

const client = new pg.Client({ connectionString: server });
try {
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
  console.log(`\nIntegration tests on PostgreSQL ${rows[0].server_version} (${new URL(server).host})\n`);
} catch (error) {
  console.error(`PAIRWISE_POSTGRES_URL is set but the server does not answer: ${(error as Error).message}`);
  process.exit(1);
} finally {
  await client.end().catch(() => {});
}

const result = spawnSync("npx", ["vitest", "run", "test/integration", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    ...process.env,
    PAIRWISE_TEST_DATABASE: "postgresql",
    PAIRWISE_TEST_RUN: process.env.PAIRWISE_TEST_RUN ?? String(process.pid),
  },
});
process.exit(result.status ?? 1);
