// Tracking tokens: every offered item the storefront is served carries a token, echoed back by the
// widget in its events. The token binds what was served to whom, when and where:
//
//   <served at, seconds, base 36>.<slot>.<HMAC-SHA256 truncated to 128 bits, base64url>
//   HMAC over shop | visitor | served at | slot | offer | product | placement (the app secret;
//   app/lib/hmac.server.ts: createHmac's output, with the key's blocks prepared once)
//
// e.g. "t5k2pq.0.mN3…" (about 32 characters). An event counts only when its token was served to
// the batch's own visitor, for that offer, product and placement, no longer than TOKEN_TTL_MS ago;
// and only once per token and kind (events.server.ts). A token taken from one page view therefore
// cannot be replayed under other visitor ids, nor for other offers, nor days later.
import { timingSafeEqual } from "node:crypto";
import { hmacFor } from "../../lib/hmac.server";

/** How long after serving an item its events still count (a shopper's visit, generously). */
export const TOKEN_TTL_MS = 6 * 3_600_000;
/** Clock skew tolerated between the app's servers. */
const SKEW_MS = 5 * 60_000;
const MAC_LENGTH = 22;

/** Matches the shape of a token (validation of input before any cryptography). */
export const TOKEN_PATTERN = /^[0-9a-z]{1,10}\.[0-9a-z]{1,4}\.[A-Za-z0-9_-]{22}$/;

export interface ServedItem {
  offerId: string | null;
  productId: string;
  placement: string;
  /** which slot of the answer it was served in: "0", "1", … or "b" (the bundle) */
  slot: string;
}

export interface TokenSubject extends ServedItem {
  shop: string;
  visitorId: string;
  /** ms since epoch; the token keeps whole seconds */
  servedAt: number;
}

/** The MAC of an item served to `prefix` (shop | visitor | served at, seconds). */
function itemMac(prefix: string, item: ServedItem, secret: string): string {
  const message = `${prefix}|${item.slot}|${item.offerId ?? "auto"}|${item.productId}|${item.placement}`;
  return hmacFor(secret)(message, "base64url").slice(0, MAC_LENGTH);
}

function mac(s: TokenSubject, servedSeconds: number, secret: string): string {
  return itemMac(`${s.shop}|${s.visitorId}|${servedSeconds}`, s, secret);
}

export function trackingToken(subject: TokenSubject, secret: string): string {
  const seconds = Math.floor(subject.servedAt / 1000);
  return `${seconds.toString(36)}.${subject.slot}.${mac(subject, seconds, secret)}`;
}

/** trackingToken for the items of one answer (one visitor, one moment), what is common computed once. */
export function tokenSigner(
  shop: string,
  visitorId: string,
  servedAt: number,
  secret: string,
): (item: ServedItem) => string {
  const seconds = Math.floor(servedAt / 1000);
  const prefix = `${shop}|${visitorId}|${seconds}`;
  const time = seconds.toString(36);
  return (item) => `${time}.${item.slot}.${itemMac(prefix, item, secret)}`;
}

export type TokenCheck =
  | { ok: true; servedAt: number; /** unique per served item: the key of "once per token and kind" */ key: string }
  | { ok: false; reason: "invalid token" | "token expired" };

/**
 * Whether `token` was issued by this app for this visitor, offer, product and placement, and is
 * still within TOKEN_TTL_MS of serving at `now`.
 */
export function verifyTrackingToken(
  token: string,
  subject: Omit<TokenSubject, "servedAt" | "slot">,
  secret: string,
  now = Date.now(),
): TokenCheck {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: "invalid token" };
  const [time, slot, given] = token.split(".");
  const seconds = parseInt(time, 36);
  const expected = Buffer.from(mac({ ...subject, slot, servedAt: seconds * 1000 }, seconds, secret));
  if (!timingSafeEqual(Buffer.from(given), expected)) return { ok: false, reason: "invalid token" };
  const servedAt = seconds * 1000;
  if (servedAt > now + SKEW_MS || now - servedAt > TOKEN_TTL_MS) return { ok: false, reason: "token expired" };
  return { ok: true, servedAt, key: given };
}
