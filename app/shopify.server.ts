import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { appConfig, shopCustomDomain, shopifyLogInfo } from "./lib/config.server";
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
  logger: { level: shopifyLogInfo() ? LogSeverity.Info : LogSeverity.Warning },
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  ...(shopCustomDomain() ? { customShopDomains: [shopCustomDomain()!] } : {}),
});

export default shopify;
export const isDemo = config.demo;
export const apiKey = config.apiKey;
/** Signs the storefront's tracking tokens (the app secret never leaves the server). */
export const trackingSecret = config.apiSecret;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
