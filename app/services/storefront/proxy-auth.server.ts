// Authenticates a storefront request forwarded by Shopify's app proxy with the library
// (authenticate.public.appProxy verifies the signature and its timestamp). Unsigned, forged or
// expired requests get 401 with a JSON reason, before anything is computed.
import { authenticate } from "../../shopify.server";

export interface ProxyIdentity {
  shop: string;
  customerId: string | null;
}

export function jsonError(status: number, error: string, headers?: HeadersInit): Response {
  return Response.json({ error }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export async function authenticateProxy(request: Request): Promise<ProxyIdentity> {
  try {
    await authenticate.public.appProxy(request);
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status >= 500) throw thrown;
    // The library answers 400 for a bad signature and throws for a missing or stale timestamp.
    throw jsonError(401, "invalid or expired app proxy signature");
  }
  const url = new URL(request.url);
  return { shop: url.searchParams.get("shop")!, customerId: url.searchParams.get("logged_in_customer_id") || null };
}
