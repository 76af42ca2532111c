// Signs a storefront request the way Shopify's app proxy does before forwarding it to the app:
// every query parameter, sorted by name, written `name=value` (several values joined by ","),
// concatenated without separators, HMAC-SHA256 with the app secret, hex, as `signature`.
// The app verifies it (app/services/storefront/proxy-signature.server.ts, the library's verdict); the local demo storefront
// and the tests use this to play Shopify's part.
import { createHmac } from "node:crypto";

export function appProxySignature(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface AppProxyContext {
  shop: string;
  secret: string;
  /** storefront prefix, "/apps/pairwise" */
  pathPrefix?: string;
  loggedInCustomerId?: string | null;
  /** seconds since epoch */
  timestamp?: number;
}

/** Adds Shopify's app proxy parameters and signature to a query string. */
export function signAppProxyParams(original: URLSearchParams, ctx: AppProxyContext): URLSearchParams {
  const params = new URLSearchParams(original);
  for (const key of ["signature", "shop", "path_prefix", "timestamp", "logged_in_customer_id"]) params.delete(key);
  params.set("shop", ctx.shop);
  params.set("path_prefix", ctx.pathPrefix ?? "/apps/pairwise");
  params.set("timestamp", String(ctx.timestamp ?? Math.floor(Date.now() / 1000)));
  params.set("logged_in_customer_id", ctx.loggedInCustomerId ?? "");
  params.set("signature", appProxySignature(params, ctx.secret));
  return params;
}
