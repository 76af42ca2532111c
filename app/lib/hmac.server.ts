// HMAC-SHA256 (RFC 2104) for a key used on every storefront request — the app proxy's signature
// check and the tracking tokens — with the key's padded blocks computed once per key instead of
// once per message. `createHmac(key)` builds an OpenSSL key object and a context on every call,
// the larger part of its cost for a short message; here each MAC is two one-shot SHA-256 calls
// (node:crypto `hash`): H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message)). The inner digest is taken as a
// latin1 string (one byte per character) and written into the outer block: asking `hash` for a
// Buffer allocates an ArrayBuffer outside V8's heap, which measured 1.33 µs against 0.44 µs, most of
// an HMAC's cost (README "Where the app's extra CPU goes"). The output is byte for byte
// `createHmac("sha256", key).update(message).digest(encoding)` — proven on random and adversarial
// keys and messages by test/unit/lib/hmac.test.ts.
import { hash } from "node:crypto";

const BLOCK = 64;

export type MacEncoding = "hex" | "base64url" | "base64";

export interface HmacSha256 {
  /** HMAC-SHA256 of `message` (as UTF-8), encoded. */
  (message: string, encoding: MacEncoding): string;
}

/** An HMAC-SHA256 function for `key` (as UTF-8, like createHmac's string key). */
export function hmacSha256(key: string | Buffer): HmacSha256 {
  let k = typeof key === "string" ? Buffer.from(key, "utf8") : Buffer.from(key);
  if (k.length > BLOCK) k = hash("sha256", k, "buffer");
  const inner = Buffer.alloc(BLOCK, 0x36);
  const outer = Buffer.alloc(BLOCK + 32, 0);
  outer.fill(0x5c, 0, BLOCK);
  for (let i = 0; i < k.length; i++) {
    inner[i] ^= k[i];
    outer[i] ^= k[i];
  }
  // A key of ASCII bytes (an app secret is) makes an inner block of ASCII bytes, which UTF-8
  // writes unchanged: the block and the message then go to `hash` as one string, encoded by it.
  if (inner.every((byte) => byte < 0x80)) {
    const innerText = inner.toString("latin1");
    return (message, encoding) => {
      outer.write(hash("sha256", innerText + message, "binary"), BLOCK, "latin1");
      return hash("sha256", outer, encoding);
    };
  }
  // Otherwise the inner block followed by the message, written in place (JavaScript runs one call at a time).
  let scratch = Buffer.allocUnsafe(BLOCK + 1024);
  inner.copy(scratch);
  return (message, encoding) => {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a message that may not fit gets a larger buffer
    if (BLOCK + message.length * 3 > scratch.length) {
      scratch = Buffer.allocUnsafe(BLOCK + Math.max(message.length * 3, scratch.length * 2));
      inner.copy(scratch);
    }
    const length = scratch.write(message, BLOCK, "utf8");
    outer.write(hash("sha256", scratch.subarray(0, BLOCK + length), "binary"), BLOCK, "latin1");
    return hash("sha256", outer, encoding);
  };
}

const byKey = new Map<string, HmacSha256>();

/** hmacSha256 of a string key, kept (the app holds one or two keys: its secret, a test's). */
export function hmacFor(key: string): HmacSha256 {
  let mac = byKey.get(key);
  if (!mac) {
    if (byKey.size > 16) byKey.clear();
    byKey.set(key, (mac = hmacSha256(key)));
  }
  return mac;
}
