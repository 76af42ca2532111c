// Requests signed the way Shopify signs them, for integration tests of real loaders/actions:
// admin requests carry a session token (HS256 JWT with the app secret, as App Bridge sends),
// webhooks carry X-Shopify-Hmac-Sha256 over the raw body, app proxy requests a query signature.
import { createHmac, randomUUID } from "node:crypto";
import { signAppProxyParams } from "../../app/demo/app-proxy-signature.server";
import { mintSessionToken } from "../../app/demo/session-token.server";

export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret-for-signatures";
export const SHOP_A = "shop-a.myshopify.com";
export const SHOP_B = "shop-b.myshopify.com";
export const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

/** Environment of a production-like app (not the demo). Call before importing app modules. */
export function useTestShopifyEnv(): void {
  process.env.SHOPIFY_API_KEY = TEST_API_KEY;
  process.env.SHOPIFY_API_SECRET = TEST_API_SECRET;
  process.env.SHOPIFY_APP_URL = "https://pairwise.test";
  delete process.env.PAIRWISE_DEMO;
  delete process.env.SCOPES;
}

/** Stores an offline session for the shop, as the library does after token exchange. */
export async function installShop(shop: string): Promise<void> {
  const { sessionStorage } = await import("../../app/shopify.server");
  const { ensureOfflineSession } = await import("../../app/demo/demo-session.server");
  const { SCOPES } = await import("../../app/lib/config.server");
  await ensureOfflineSession(sessionStorage, shop, SCOPES);
  const { default: db } = await import("../../app/db.server");
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop, scopes: SCOPES.join(",") }, update: {} });
}

export interface AdminRequestInit {
  shop: string;
  method?: string;
  /** form fields (sent as application/x-www-form-urlencoded) or a JSON-able object (sent as JSON) */
  form?: Record<string, string | string[]>;
  json?: unknown;
  secret?: string;
  token?: string | null;
}

/** A request from the embedded admin: Authorization: Bearer <session token>. */
export async function adminRequest(path: string, init: AdminRequestInit): Promise<Request> {
  const headers = new Headers({ "User-Agent": BROWSER_UA });
  const token =
    init.token === undefined
      ? await mintSessionToken({ shop: init.shop, apiKey: TEST_API_KEY, apiSecret: init.secret ?? TEST_API_SECRET })
      : init.token;
  if (token) headers.set("Authorization", `Bearer ${token}`);
  let body: BodyInit | undefined;
  if (init.form) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(init.form))
      for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    body = params;
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  } else if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers.set("Content-Type", "application/json");
  }
  return new Request(`https://pairwise.test${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
}

export interface WebhookInit {
  topic: string; // "orders/create"
  shop: string;
  payload: unknown;
  eventId?: string;
  webhookId?: string;
  secret?: string;
  /** override the signature (forgery tests) */
  hmac?: string | null;
}

export function webhookRequest(init: WebhookInit): Request {
  const body = JSON.stringify(init.payload);
  const hmac = createHmac("sha256", init.secret ?? TEST_API_SECRET)
    .update(body, "utf8")
    .digest("base64");
  const headers = new Headers({
    "Content-Type": "application/json",
    "X-Shopify-Topic": init.topic,
    "X-Shopify-Shop-Domain": init.shop,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": init.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": init.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  });
  if (init.hmac !== null) headers.set("X-Shopify-Hmac-Sha256", init.hmac ?? hmac);
  return new Request("https://pairwise.test/webhooks", { method: "POST", headers, body });
}

export interface ProxyInit {
  shop: string;
  query?: Record<string, string>;
  method?: string;
  body?: string;
  customerId?: string | null;
  secret?: string;
  /** seconds since epoch */
  timestamp?: number;
}

/** A storefront request as Shopify's app proxy forwards it to the app's /proxy/* route. */
export function appProxyRequest(path: string, init: ProxyInit): Request {
  const signed = signAppProxyParams(new URLSearchParams(init.query ?? {}), {
    shop: init.shop,
    secret: init.secret ?? TEST_API_SECRET,
    loggedInCustomerId: init.customerId ?? null,
    timestamp: init.timestamp,
  });
  return new Request(`https://pairwise.test${path}?${signed.toString()}`, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers: init.body ? { "Content-Type": "text/plain" } : undefined,
    body: init.body,
  });
}

/** Loader/action args for a Remix route module. */
export function routeArgs(request: Request, params: Record<string, string> = {}) {
  return { request, params, context: {} };
}

export interface CheckoutRequestInit {
  shop: string;
  method?: string;
  query?: Record<string, string>;
  body?: string;
  customerId?: string | null;
  secret?: string;
  /** seconds since epoch the token was issued */
  issuedAt?: number;
  /** a ready token (forgery tests); null sends none */
  token?: string | null;
  origin?: string;
}

/** A request from the checkout UI extension: Authorization: Bearer <checkout session token>, from a sandboxed origin. */
export async function checkoutRequest(path: string, init: CheckoutRequestInit): Promise<Request> {
  const { mintCheckoutSessionToken } = await import("../../app/demo/session-token.server");
  const token =
    init.token === undefined
      ? await mintCheckoutSessionToken({
          shop: init.shop,
          apiKey: TEST_API_KEY,
          apiSecret: init.secret ?? TEST_API_SECRET,
          customerId: init.customerId,
          now: init.issuedAt,
        })
      : init.token;
  const headers = new Headers({ "User-Agent": BROWSER_UA, Origin: init.origin ?? "null" });
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (init.body) headers.set("Content-Type", "application/json");
  const qs = init.query ? `?${new URLSearchParams(init.query)}` : "";
  return new Request(`https://pairwise.test${path}${qs}`, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers,
    body: init.body,
  });
}
