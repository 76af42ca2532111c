// Mints Shopify session tokens (HS256 JWTs signed with the app's secret), exactly the shape
// App Bridge obtains from Shopify admin. The local demo server plays App Bridge's part with them,
// and the tests sign admin requests with them; the app validates them with Shopify's library.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

export interface SessionTokenInput {
  shop: string;
  apiKey: string;
  apiSecret: string;
  userId?: string;
  /** seconds since epoch; defaults to now */
  now?: number;
  ttlSeconds?: number;
}

export async function mintSessionToken(input: SessionTokenInput): Promise<string> {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    sid: randomUUID(),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience(input.apiKey)
    .setSubject(input.userId ?? "1")
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (input.ttlSeconds ?? 60))
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(input.apiSecret));
}

export interface CheckoutTokenInput {
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** numeric Shopify customer id of a logged-in buyer (the `sub` claim); none for guests */
  customerId?: string | null;
  /** seconds since epoch; defaults to now */
  now?: number;
  /** Shopify's checkout session tokens live 5 minutes */
  ttlSeconds?: number;
}

/**
 * Mints a checkout UI extension session token (what `shopify.sessionToken.get()` returns): an
 * HS256 JWT signed with the app secret, `dest` the shop's myshopify domain, `sub` the customer's
 * gid only for a logged-in buyer. The demo's checkout host and the tests use it; the app verifies
 * it with `authenticate.public.checkout`.
 */
export async function mintCheckoutSessionToken(input: CheckoutTokenInput): Promise<string> {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ iss: `https://${input.shop}/checkouts`, dest: input.shop })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience(input.apiKey)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (input.ttlSeconds ?? 300))
    .setJti(randomUUID());
  if (input.customerId) jwt.setSubject(`gid://shopify/Customer/${input.customerId}`);
  return jwt.sign(new TextEncoder().encode(input.apiSecret));
}
