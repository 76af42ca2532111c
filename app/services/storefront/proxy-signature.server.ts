// Shopify's app proxy signature, checked synchronously with node:crypto. It gives the same verdict
// as the library's `authenticate.public.appProxy` signature check (@shopify/shopify-app-remix 6 →
// @shopify/shopify-api 15 `validateHmac` with `signator: "appProxy"`) on every input — proven by
// the property test test/unit/storefront/proxy-signature.test.ts, which runs both on random and
// adversarial queries — but costs a few microseconds instead of ~200 µs: the library imports a
// WebCrypto key and signs on the thread pool on every request.
//
// What is checked, exactly as the library does:
//  - an empty or absent `index` parameter is dropped (Remix's index-route marker);
//  - parameters are grouped by name (values joined with ","); `hmac`, `shop`, `signature` and
//    `timestamp` may appear only once;
//  - `signature` must be present and non-empty; `timestamp` an integer within 90 s of now;
//  - the message is every parameter but `hmac` and `signature`, sorted by name with
//    String#localeCompare, written `name=value` and concatenated; HMAC-SHA256 with the app secret,
//    hex, compared in constant time;
//  - when that fails, the library tries again with Remix's `_data` parameter for the route
//    (`routes/<path>` and `routes/<path>._index`) in front, as a Remix data request carries it.
import { timingSafeEqual } from "node:crypto";
import { hmacFor } from "../../lib/hmac.server";

/** The library's HMAC_TIMESTAMP_PERMITTED_CLOCK_TOLERANCE_SEC. */
export const APP_PROXY_TIMESTAMP_TOLERANCE_SEC = 90;
const SINGLE_VALUE = new Set(["hmac", "shop", "signature", "timestamp"]);
const HEX_LENGTH = 64;

class Invalid extends Error {}

/** One attempt of the library's validateHmac: true, false, or throws Invalid. */
function attempt(params: URLSearchParams, secret: string, nowMs: number): boolean {
  const query: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of params) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (SINGLE_VALUE.has(key)) throw new Invalid();
    else query[key] = `${existing},${value}`;
  }
  const signature = query.signature;
  if (!signature) throw new Invalid();
  const timestamp = Number(query.timestamp);
  if (query.timestamp === undefined || !Number.isInteger(timestamp)) throw new Invalid();
  if (Math.abs(Math.trunc(nowMs / 1000) - timestamp) > APP_PROXY_TIMESTAMP_TOLERANCE_SEC) throw new Invalid();
  // Same object shape as the library's `{ hmac, signature, ...query }`: integer-like names come
  // first in the spread, which matters where localeCompare calls two names equal (stable sort).
  const { hmac: _hmac, signature: _signature, ...rest } = query;
  const message = Object.entries(rest)
    .sort(([a], [b]) => a.localeCompare(b))
    .reduce((acc, [key, value]) => `${acc}${key}=${value}`, "");
  const expected = hmacFor(secret)(message, "hex"); // = createHmac("sha256", secret)…digest("hex")
  // The library compares JSON.stringify'd UTF-8 bytes: equal exactly when the strings are equal.
  const given = Buffer.from(signature, "utf8");
  if (given.length !== HEX_LENGTH) return false;
  return timingSafeEqual(given, Buffer.from(expected, "latin1"));
}

/**
 * Whether `url` (the request URL the app received from Shopify's app proxy) carries a valid app
 * proxy signature for `secret` at `nowMs`. `query`: url.search already parsed, when the caller
 * has it (it is not modified).
 */
export function isValidAppProxyUrl(
  url: URL,
  secret: string,
  nowMs: number = Date.now(),
  query?: URLSearchParams,
): boolean {
  try {
    let params = query ?? new URLSearchParams(url.search);
    if (params.has("index") && !params.get("index")) {
      params = new URLSearchParams(params);
      params.delete("index");
    }
    if (attempt(params, secret, nowMs)) return true;
    const cleanPath = url.pathname.replace(/^\//, "").replace(/\/$/, "").replaceAll("/", ".");
    const data = `routes%2F${cleanPath}`;
    if (attempt(new URLSearchParams(`?_data=${data}&${params.toString().replace(/^\?/, "")}`), secret, nowMs))
      return true;
    return attempt(new URLSearchParams(`?_data=${data}._index&${url.search.replace(/^\?/, "")}`), secret, nowMs);
  } catch (error) {
    if (error instanceof Invalid) return false;
    throw error;
  }
}
