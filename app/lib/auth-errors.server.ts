// Bad input that reaches Shopify's library after a valid signature must get a 4xx, never a 500.
// The library verifies first (an unsigned or forged request is answered 401 by the library itself)
// and only then reads the shop from the request: a webhook whose X-Shopify-Shop-Domain is not a
// shop domain, or whose body is not JSON, and a session token whose `dest` is not a shop URL,
// make it throw plain errors. These helpers turn exactly those into clear answers and let every
// other error through (a database that is down stays a 5xx).

const SHOP_DOMAIN = /^[a-zA-Z0-9][a-zA-Z0-9-_]*\.(myshopify\.com|shopify\.com|myshopify\.io|shop\.dev)$/;

/** A shop's *.myshopify.com domain (or the other domains Shopify's library accepts), or SHOP_CUSTOM_DOMAIN. */
export function isShopDomain(value: string | null | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!value) return false;
  return SHOP_DOMAIN.test(value) || (!!env.SHOP_CUSTOM_DOMAIN && value === env.SHOP_CUSTOM_DOMAIN);
}

function textError(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** What to throw instead of `thrown`, an error from authenticate.webhook for `request` (read body: `rawBody`). */
export function webhookInputError(thrown: unknown, request: Request, rawBody: string): unknown {
  if (thrown instanceof Response) return thrown;
  if (!isShopDomain(request.headers.get("x-shopify-shop-domain")))
    return textError(400, "X-Shopify-Shop-Domain is not a shop domain");
  try {
    JSON.parse(rawBody);
  } catch {
    return textError(400, "the webhook body is not JSON");
  }
  return thrown;
}

/** The `dest` claim of a bearer session token, without verifying it (the library has, when this is asked). */
function sessionTokenDest(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : new URL(request.url).searchParams.get("id_token");
  const payload = token?.split(".")[1];
  if (!payload) return null;
  try {
    const dest = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { dest?: unknown }).dest;
    return typeof dest === "string" ? dest : null;
  } catch {
    return null;
  }
}

/** What to throw instead of `thrown`, an error from authenticate.admin for `request`. */
export function adminInputError(thrown: unknown, request: Request): unknown {
  if (thrown instanceof Response) return thrown;
  const dest = sessionTokenDest(request);
  let host: string | null = null;
  try {
    host = dest ? new URL(dest).hostname : null;
  } catch {
    host = null;
  }
  if (dest !== null && !isShopDomain(host)) return textError(401, "the session token's dest is not a shop");
  return thrown;
}
