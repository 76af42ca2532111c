// Authenticates a storefront request forwarded by Shopify's app proxy: its signature and timestamp
// (proxy-signature.server.ts: the library's check, same verdict on every input, proven by a
// property test against authenticate.public.appProxy, without its per-request WebCrypto cost).
// Unsigned, forged or expired requests get 401 with a JSON reason, before anything is computed.
import { appSecret } from "../../shopify.server";
import { isValidAppProxyUrl } from "./proxy-signature.server";

export interface ProxyIdentity {
  shop: string;
  customerId: string | null;
}

export function jsonError(status: number, error: string, headers?: HeadersInit): Response {
  return Response.json({ error }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export const INVALID_PROXY_SIGNATURE = "invalid or expired app proxy signature";

/**
 * The shop and logged-in customer of a signed app proxy URL, or null when the signature is not
 * valid. `query`: url.search already parsed, when the caller has it.
 */
export function proxyIdentity(
  url: URL,
  query: URLSearchParams = new URLSearchParams(url.search),
): ProxyIdentity | null {
  if (!isValidAppProxyUrl(url, appSecret, Date.now(), query)) return null;
  return { shop: query.get("shop")!, customerId: query.get("logged_in_customer_id") || null };
}

export async function authenticateProxy(request: Request): Promise<ProxyIdentity> {
  const identity = proxyIdentity(new URL(request.url));
  if (!identity) throw jsonError(401, INVALID_PROXY_SIGNATURE);
  return identity;
}
