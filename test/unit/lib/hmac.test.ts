// The storefront's HMAC-SHA256 (precomputed key blocks, one-shot hashes) is node:crypto's
// createHmac, byte for byte, on random and adversarial keys and messages.
import fc from "fast-check";
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacFor, hmacSha256, type MacEncoding } from "../../../app/lib/hmac.server";

const reference = (key: string | Buffer, message: string, encoding: MacEncoding) =>
  createHmac("sha256", key).update(message, "utf8").digest(encoding);

const encodings = fc.constantFrom<MacEncoding>("hex", "base64url", "base64");

describe("hmacSha256", () => {
  it("equals createHmac on random keys and messages (any Unicode, any length)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 100 }),
        fc.string({ unit: "binary", maxLength: 3000 }),
        encodings,
        (key, message, encoding) => {
          expect(hmacSha256(key)(message, encoding)).toBe(reference(key, message, encoding));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("equals createHmac on keys around the block size and binary keys", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        fc.string({ maxLength: 200 }),
        encodings,
        (bytes, message, encoding) => {
          const key = Buffer.from(bytes);
          expect(hmacSha256(key)(message, encoding)).toBe(reference(key, message, encoding));
        },
      ),
      { numRuns: 1000 },
    );
    for (const length of [0, 1, 31, 32, 63, 64, 65, 127, 128, 129])
      for (const key of ["k".repeat(length), "é".repeat(length)])
        expect(hmacSha256(key)("m", "hex")).toBe(reference(key, "m", "hex"));
  });

  it("is right after a long message, a short one, lone surrogates and NULs (no state leaks between calls)", () => {
    const mac = hmacFor("secret");
    const messages = ["a".repeat(5000), "", "x", "\u0000\u0000", "\ud800", "b\udc00c", "é".repeat(700), "short"];
    for (const m of [...messages, ...messages.reverse()]) expect(mac(m, "hex")).toBe(reference("secret", m, "hex"));
  });

  it("differs for a different key or message", () => {
    expect(hmacFor("secret")("m", "hex")).not.toBe(hmacFor("secreT")("m", "hex"));
    expect(hmacFor("secret")("m", "hex")).not.toBe(hmacFor("secret")("n", "hex"));
  });
});
