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
const LOWER_HEX = /^[0-9a-f]{64}$/;
// The two sides of the comparison, written in place (JavaScript runs one check at a time): two
// Buffers allocated per request were a measurable part of this endpoint's cost.
const givenBytes = Buffer.alloc(HEX_LENGTH);
const expectedBytes = Buffer.alloc(HEX_LENGTH);

class Invalid extends Error {}

/** Names an object keeps as array indices, listed first in ascending order whatever their insertion order. */
const INDEX_NAME = /^(?:0|[1-9][0-9]{0,9})$/;
const isIndexName = (name: string) => INDEX_NAME.test(name) && Number(name) < 4_294_967_295;
const byLocale = (a: string, b: string) => a.localeCompare(b);
const byNumber = (a: string, b: string) => Number(a) - Number(b);

/** One attempt of the library's validateHmac: true, false, or throws Invalid. */
function attempt(params: URLSearchParams, secret: string, nowMs: number): boolean {
  const query = new Map<string, string>();
  params.forEach((value, key) => {
    const existing = query.get(key);
    if (existing === undefined) query.set(key, value);
    else if (SINGLE_VALUE.has(key)) throw new Invalid();
    else query.set(key, `${existing},${value}`);
  });
  const signature = query.get("signature");
  if (!signature) throw new Invalid();
  const stamp = query.get("timestamp");
  const timestamp = Number(stamp);
  if (stamp === undefined || !Number.isInteger(timestamp)) throw new Invalid();
  if (Math.abs(Math.trunc(nowMs / 1000) - timestamp) > APP_PROXY_TIMESTAMP_TOLERANCE_SEC) throw new Invalid();
  // The names in the order of the library's `Object.entries({ ...query })` without hmac and
  // signature — array-index names first, ascending, then the others as they first appear — which
  // matters where localeCompare calls two names equal (the sort is stable).
  let names: string[] = [];
  let indexNames: string[] | null = null;
  for (const name of query.keys()) {
    if (name === "hmac" || name === "signature") continue;
    if (isIndexName(name)) (indexNames ??= []).push(name);
    else names.push(name);
  }
  if (indexNames) names = [...indexNames.sort(byNumber), ...names];
  names.sort(byLocale);
  let message = "";
  for (const name of names) message += `${name}=${query.get(name)}`;
  const expected = hmacFor(secret)(message, "hex"); // = createHmac("sha256", secret)…digest("hex")
  // The library compares JSON.stringify'd UTF-8 bytes: equal exactly when the strings are equal.
  // `expected` is always 64 lower-case hex digits, so a signature of any other form is unequal
  // whatever the secret (telling so early reveals nothing about it); two of that form are
  // compared in constant time.
  if (!LOWER_HEX.test(signature)) return false;
  givenBytes.write(signature, "latin1");
  expectedBytes.write(expected, "latin1");
  return timingSafeEqual(givenBytes, expectedBytes);
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
