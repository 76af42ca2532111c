// Tracking tokens: each offered item carries an HMAC of (shop, offer, product, placement), echoed
// back by the widget in events, so that an event can only count for an item Pairwise really
// served in that shop and placement (a visitor cannot inflate another offer's figures).
import { createHmac, timingSafeEqual } from "node:crypto";

export interface TokenSubject {
  shop: string;
  offerId: string | null;
  productId: string;
  placement: string;
}

function message(s: TokenSubject): string {
  return `${s.shop}|${s.offerId ?? "auto"}|${s.productId}|${s.placement}`;
}

export function trackingToken(subject: TokenSubject, secret: string): string {
  return createHmac("sha256", secret).update(message(subject)).digest("base64url").slice(0, 22);
}

export function verifyTrackingToken(token: string, subject: TokenSubject, secret: string): boolean {
  const expected = Buffer.from(trackingToken(subject, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
