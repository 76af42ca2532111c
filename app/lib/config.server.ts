// Every environment variable the app (app/) reads, in one place (documented in README
// "Environment"). The command-line programs in scripts/ set some of them before they start the
// app (the demo, the benchmarks) and read their own options; vite.config.ts reads Shopify CLI's.
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
  "write_customers",
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
    scopes: env.SCOPES
      ? env.SCOPES.split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : SCOPES,
    port,
  };
}

/** The database when DATABASE_URL is unset. */
export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

/** DATABASE_URL: `file:…` for SQLite, `postgres://…` or `postgresql://…` for PostgreSQL. */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** DATABASE_POOL_SIZE: connections per process to PostgreSQL (default 10; SQLite uses one). */
export function databasePoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number(env.DATABASE_POOL_SIZE);
  return Number.isInteger(size) && size > 0 ? size : 10;
}

export type DatabaseProvider = "sqlite" | "postgresql";

/** The database behind a DATABASE_URL (prisma.config.ts applies the same rule); anything else is refused. */
export function databaseProvider(url: string = databaseUrl()): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(":")[0]}:".`,
  );
}

/** NODE_ENV=production. */
export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === "production";
}

/** NODE_ENV as Remix's request handler wants it. */
export function nodeEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.NODE_ENV;
}

/** PAIRWISE_BUILD_DIR: where `remix vite:build` wrote the build the server loads. */
export function buildDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.PAIRWISE_BUILD_DIR ?? "build";
}

/** SHOPIFY_LOG_LEVEL=info turns on the Shopify library's per-request log lines. */
export function shopifyLogInfo(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SHOPIFY_LOG_LEVEL === "info";
}

/** SHOP_CUSTOM_DOMAIN: an extra shop domain Shopify may use. */
export function shopCustomDomain(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.SHOP_CUSTOM_DOMAIN || undefined;
}

/** PAIRWISE_DEMO_ORDERS: size of the generated demo history (tests use a small one). */
export function demoOrderCount(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return env.PAIRWISE_DEMO_ORDERS ? Number(env.PAIRWISE_DEMO_ORDERS) : undefined;
}

/** PAIRWISE_EXTENSION_DIR: the theme app extension the demo storefront renders (tests point it elsewhere). */
export function extensionDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.PAIRWISE_EXTENSION_DIR ?? "extensions/pairwise-theme";
}

/** The package version npm passes to scripts it runs (npm_package_version), for /healthz. */
export function appVersion(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.npm_package_version ?? null;
}
