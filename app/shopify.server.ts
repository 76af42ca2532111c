import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { adminInputError, webhookInputError } from "./lib/auth-errors.server";
import { appConfig } from "./lib/config.server";
import { CachedSessionStorage } from "./lib/session-cache.server";

const config = appConfig();

export const apiVersion = ApiVersion.October26;

const shopify = shopifyApp({
  apiKey: config.apiKey,
  apiSecretKey: config.apiSecret,
  apiVersion,
  scopes: config.scopes,
  appUrl: config.appUrl,
  authPathPrefix: "/auth",
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sessionStorage: new CachedSessionStorage(new PrismaSessionStorage(prisma as any)),
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  // Per-request info lines would cost the app proxy at hundreds of requests a second.
  logger: { level: process.env.SHOPIFY_LOG_LEVEL === "info" ? LogSeverity.Info : LogSeverity.Warning },
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  // A shop exists for Pairwise from the moment it installs (webhooks for other shops store nothing).
  hooks: {
    afterAuth: async ({ session }) => {
      const { ensureShop } = await import("./services/admin/shops.server");
      await ensureShop(session.shop, session.scope ?? "");
    },
  },
  ...(process.env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [process.env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const isDemo = config.demo;
export const apiKey = config.apiKey;
/** Signs the storefront's tracking tokens (the app secret never leaves the server). */
export const trackingSecret = config.apiSecret;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
/**
 * The library's authenticate, with bad input that passed the signature check answered 4xx instead
 * of 500 (app/lib/auth-errors.server.ts): an admin request whose session token names no shop → 401;
 * a webhook with an invalid shop domain or a body that is not JSON → 400.
 */
export const authenticate: typeof shopify.authenticate = {
  ...shopify.authenticate,
  admin: (async (request: Request) => {
    try {
      return await shopify.authenticate.admin(request);
    } catch (thrown) {
      throw adminInputError(thrown, request);
    }
  }) as typeof shopify.authenticate.admin,
  webhook: (async (request: Request) => {
    const copy = request.clone();
    try {
      return await shopify.authenticate.webhook(request);
    } catch (thrown) {
      throw webhookInputError(thrown, request, await copy.text().catch(() => ""));
    }
  }) as typeof shopify.authenticate.webhook,
};
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
