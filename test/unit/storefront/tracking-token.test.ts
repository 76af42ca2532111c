// Tracking tokens: the per-answer signer issues exactly the tokens of trackingToken, whose MAC is
// HMAC-SHA256 as createHmac computes it (tokens issued before stay valid); a token verifies only
// for the visitor, offer, product, placement and slot it was served with, within its lifetime.
import fc from "fast-check";
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  TOKEN_TTL_MS,
  tokenSigner,
  trackingToken,
  verifyTrackingToken,
  type ServedItem,
} from "../../../app/services/storefront/tracking-token.server";

const SECRET = "token-secret";
const SHOP = "example.myshopify.com";
const NOW = 1_790_000_000_123;

const items = fc.record<ServedItem>({
  offerId: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: null }),
  productId: fc.string({ minLength: 1, maxLength: 40 }),
  placement: fc.constantFrom("product", "cart", "checkout", "thank_you"),
  slot: fc.constantFrom("0", "1", "2", "b"),
});
const visitors = fc.string({ minLength: 1, maxLength: 64 });

describe("tracking tokens", () => {
  it("the signer's tokens are trackingToken's, with createHmac's MAC", () => {
    fc.assert(
      fc.property(visitors, items, fc.integer({ min: 0, max: 4_000_000_000_000 }), (visitorId, item, servedAt) => {
        const token = tokenSigner(SHOP, visitorId, servedAt, SECRET)(item);
        expect(token).toBe(trackingToken({ ...item, shop: SHOP, visitorId, servedAt }, SECRET));
        const seconds = Math.floor(servedAt / 1000);
        const message = `${SHOP}|${visitorId}|${seconds}|${item.slot}|${item.offerId ?? "auto"}|${item.productId}|${item.placement}`;
        const mac = createHmac("sha256", SECRET).update(message).digest("base64url").slice(0, 22);
        expect(token).toBe(`${seconds.toString(36)}.${item.slot}.${mac}`);
      }),
      { numRuns: 1000 },
    );
  });

  it("verifies for what was served, and for nothing else", () => {
    fc.assert(
      fc.property(visitors, items, visitors, items, (visitorId, item, otherVisitor, other) => {
        const token = tokenSigner(SHOP, visitorId, NOW, SECRET)(item);
        const subject = {
          shop: SHOP,
          visitorId,
          offerId: item.offerId,
          productId: item.productId,
          placement: item.placement,
        };
        expect(verifyTrackingToken(token, subject, SECRET, NOW + 1000)).toMatchObject({ ok: true });
        if (otherVisitor !== visitorId)
          expect(verifyTrackingToken(token, { ...subject, visitorId: otherVisitor }, SECRET, NOW).ok).toBe(false);
        if (other.productId !== item.productId)
          expect(verifyTrackingToken(token, { ...subject, productId: other.productId }, SECRET, NOW).ok).toBe(false);
        if (other.offerId !== item.offerId && (other.offerId ?? "auto") !== (item.offerId ?? "auto"))
          expect(verifyTrackingToken(token, { ...subject, offerId: other.offerId }, SECRET, NOW).ok).toBe(false);
        if (other.placement !== item.placement)
          expect(verifyTrackingToken(token, { ...subject, placement: other.placement }, SECRET, NOW).ok).toBe(false);
        expect(verifyTrackingToken(token, { ...subject, shop: "other.myshopify.com" }, SECRET, NOW).ok).toBe(false);
        expect(verifyTrackingToken(token, subject, "another-secret", NOW).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses forged tokens: another slot or time, a changed MAC, a malformed one, an expired one", () => {
    const item: ServedItem = { offerId: "offer-1", productId: "101", placement: "product", slot: "0" };
    const subject = { shop: SHOP, visitorId: "v-1", offerId: "offer-1", productId: "101", placement: "product" };
    const token = tokenSigner(SHOP, "v-1", NOW, SECRET)(item);
    const [time, slot, mac] = token.split(".");
    expect(verifyTrackingToken(`${time}.1.${mac}`, subject, SECRET, NOW)).toEqual({
      ok: false,
      reason: "invalid token",
    });
    const later = (parseInt(time, 36) + 1).toString(36);
    expect(verifyTrackingToken(`${later}.${slot}.${mac}`, subject, SECRET, NOW).ok).toBe(false);
    const flipped = mac.slice(0, -1) + (mac.endsWith("A") ? "B" : "A");
    expect(verifyTrackingToken(`${time}.${slot}.${flipped}`, subject, SECRET, NOW).ok).toBe(false);
    for (const bad of ["", "x", `${time}.${slot}`, `${time}.${slot}.${mac}x`, `${time}.${slot}.${mac.slice(1)}`])
      expect(verifyTrackingToken(bad, subject, SECRET, NOW)).toEqual({ ok: false, reason: "invalid token" });
    fc.assert(
      fc.property(fc.string({ minLength: 22, maxLength: 22 }), (guess) => {
        expect(verifyTrackingToken(`${time}.${slot}.${guess}`, subject, SECRET, NOW).ok).toBe(guess === mac);
      }),
    );
    expect(verifyTrackingToken(token, subject, SECRET, NOW + TOKEN_TTL_MS + 1000)).toEqual({
      ok: false,
      reason: "token expired",
    });
  });
});
