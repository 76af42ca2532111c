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
