// Starts the built app (npm run build) in this test process as the local demo, on a free port,
// against a fresh SQLite file. Import it before anything that imports app modules.
import { useFreshDatabase } from "./db";

export interface DemoServer {
  url: string;
  close: () => Promise<void>;
}

export async function startDemoServer({ orders = 3000 }: { orders?: number } = {}): Promise<DemoServer> {
  useFreshDatabase();
  process.env.PAIRWISE_DEMO = "1";
  process.env.PAIRWISE_DEMO_ORDERS = String(orders);
  delete process.env.SHOPIFY_API_KEY;
  delete process.env.SHOPIFY_API_SECRET;
  // NODE_ENV is "test" under vitest; the demo refuses only "production".
  const { startServer } = await import("../../scripts/lib/start-server");
  const { url, close } = await startServer({ port: 0, demo: true, quiet: true });
  return { url, close };
}

/** The built app as it runs for Shopify (no demo), for tests that prove the demo is unreachable. */
export async function startProductionServer(): Promise<DemoServer> {
  useFreshDatabase();
  delete process.env.PAIRWISE_DEMO;
  process.env.SHOPIFY_API_KEY = "test-api-key";
  process.env.SHOPIFY_API_SECRET = "test-api-secret-for-signatures";
  process.env.SHOPIFY_APP_URL = "https://pairwise.test";
  const { startServer } = await import("../../scripts/lib/start-server");
  const { url, close } = await startServer({ port: 0, demo: false, quiet: true });
  return { url, close };
}
