// Starts the built app (npm run build) in this test process as the local demo, on a free port,
// against a fresh SQLite file. Import it before anything that imports app modules.
import { existsSync } from "node:fs";
import { useFreshDatabase } from "./db";

/** The build the server loads (PAIRWISE_BUILD_DIR, else build/); a concurrent build empties it briefly. */
async function waitForBuild(): Promise<void> {
  const index = `${process.env.PAIRWISE_BUILD_DIR ?? "build"}/server/index.js`;
  for (let i = 0; i < 60 && !existsSync(index); i++) await new Promise((r) => setTimeout(r, 1000));
  if (!existsSync(index)) throw new Error(`No build at ${index}: run npm run build first`);
}

export interface DemoServer {
  url: string;
  close: () => Promise<void>;
}

export async function startDemoServer({
  orders = 3000,
  experiment = false,
}: { orders?: number; experiment?: boolean } = {}): Promise<DemoServer> {
  await waitForBuild();
  useFreshDatabase();
  process.env.PAIRWISE_DEMO = "1";
  process.env.PAIRWISE_DEMO_ORDERS = String(orders);
  // the demo's experiment traffic (a minute of simulated shoppers) only where a test looks at it
  if (experiment) process.env.PAIRWISE_DEMO_EXPERIMENT = "1";
  else delete process.env.PAIRWISE_DEMO_EXPERIMENT;
  delete process.env.SHOPIFY_API_KEY;
  delete process.env.SHOPIFY_API_SECRET;
  // NODE_ENV is "test" under vitest; the demo refuses only "production".
  const { startServer } = await import("../../scripts/lib/start-server");
  const { url, close } = await startServer({ port: 0, demo: true, quiet: true });
  return { url, close };
}

/** The built app as it runs for Shopify (no demo), for tests that prove the demo is unreachable. */
export async function startProductionServer(): Promise<DemoServer> {
  await waitForBuild();
  useFreshDatabase();
  delete process.env.PAIRWISE_DEMO;
  process.env.SHOPIFY_API_KEY = "test-api-key";
  process.env.SHOPIFY_API_SECRET = "test-api-secret-for-signatures";
  process.env.SHOPIFY_APP_URL = "https://pairwise.test";
  const { startServer } = await import("../../scripts/lib/start-server");
  const { url, close } = await startServer({ port: 0, demo: false, quiet: true });
  return { url, close };
}
