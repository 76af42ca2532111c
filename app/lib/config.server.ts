// Every environment variable the app reads, in one place (documented in README "Environment").
export const DEMO_SHOP = "pairwise-demo.myshopify.com";
export const DEMO_API_KEY = "pairwise-demo-api-key";
// Public on purpose: it only signs requests to the local demo, which refuses to run in production.
export const DEMO_API_SECRET = "pairwise-demo-secret-do-not-use-in-production";

/** The Admin API access scopes the app asks for (shopify.app.toml says the same; README says why). */
export const SCOPES = [
  "read_products",
  "read_inventory",
  "read_orders",
  "read_all_orders",
  "read_customers",
  "write_discounts",
  "write_cart_transforms",
];

export class DemoModeError extends Error {}

/** Demo mode: PAIRWISE_DEMO=1. Refused outright when NODE_ENV=production. */
export function isDemoMode(env: NodeJS.ProcessEnv = process.env): boolean {
  const demo = env.PAIRWISE_DEMO === "1";
  if (demo && env.NODE_ENV === "production") {
    throw new DemoModeError("Demo mode (PAIRWISE_DEMO=1) refuses to run with NODE_ENV=production.");
  }
  return demo;
}

export interface AppConfig {
  demo: boolean;
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  port: number;
}

export function appConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const demo = isDemoMode(env);
  const port = Number(env.PORT || 3000);
  const apiKey = env.SHOPIFY_API_KEY || (demo ? DEMO_API_KEY : "");
  const apiSecret = env.SHOPIFY_API_SECRET || (demo ? DEMO_API_SECRET : "");
  if (!apiKey || !apiSecret) {
    throw new Error("SHOPIFY_API_KEY and SHOPIFY_API_SECRET must be set (or run the local demo with `npm run demo`).");
  }
  return {
    demo,
    apiKey,
    apiSecret,
    appUrl: env.SHOPIFY_APP_URL || `http://localhost:${port}`,
    scopes: env.SCOPES ? env.SCOPES.split(",").map((s) => s.trim()).filter(Boolean) : SCOPES,
    port,
  };
}
