// Authenticates a request from the checkout UI extension with the library
// (authenticate.public.checkout: the HS256 session token from `shopify.sessionToken.get()`, signed
// with the app secret, in `Authorization: Bearer`). OPTIONS preflights are answered 204 with CORS
// headers by the library; a missing, forged or expired token gets 401 — with CORS headers, so the
// extension can read the answer — before anything is computed.
import { authenticate } from "../../shopify.server";

export interface CheckoutIdentity {
  shop: string;
  /** numeric Shopify customer id from the token's `sub` (logged-in buyers only) */
  customerId: string | null;
  /** adds the CORS headers checkout needs to a response */
  cors: (response: Response) => Response;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** Access-Control-Allow-Origin on every answer: checkout extensions run in a sandbox with an opaque origin. */
export function withCors(response: Response): Response {
  response.headers.set("Access-Control-Allow-Origin", "*");
  response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  return response;
}

export function checkoutError(status: number, error: string, headers?: HeadersInit): Response {
  return withCors(Response.json({ error }, { status, headers: { "Cache-Control": "no-store", ...headers } }));
}

/** The shop a checkout token was issued for: its `dest` claim ("shop.myshopify.com", with or without https://). */
export function shopFromDest(dest: unknown): string | null {
  if (typeof dest !== "string") return null;
  const host = dest
    .replace(/^https:\/\//, "")
    .replace(/\/$/, "")
    .toLowerCase();
  return SHOP_DOMAIN.test(host) ? host : null;
}

/** "gid://shopify/Customer/123" → "123"; anything else → null. */
export function customerFromSub(sub: unknown): string | null {
  if (typeof sub !== "string") return null;
  const match = /^gid:\/\/shopify\/Customer\/(\d{1,20})$/.exec(sub);
  return match ? match[1] : null;
}

export async function authenticateCheckout(request: Request): Promise<CheckoutIdentity> {
  let result: Awaited<ReturnType<typeof authenticate.public.checkout>>;
  try {
    result = await authenticate.public.checkout(request);
  } catch (thrown) {
    if (thrown instanceof Response && request.method === "OPTIONS") throw thrown; // the preflight answer
    if (thrown instanceof Response && thrown.status >= 500) throw thrown;
    if (thrown instanceof Response && thrown.status === 410) throw checkoutError(410, "bots get no offers");
    throw checkoutError(401, "invalid or expired checkout session token");
  }
  const shop = shopFromDest(result.sessionToken.dest);
  if (!shop) throw checkoutError(401, "the session token names no shop");
  return { shop, customerId: customerFromSub(result.sessionToken.sub), cors: (r) => withCors(result.cors(r)) };
}
