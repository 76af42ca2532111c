// The app's synchronous app proxy signature check gives the Shopify library's verdict on random
// and adversarial queries (property test against authenticate.public.appProxy itself), keeps the
// library's 90-second timestamp window, and compares signatures in constant time.
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, shopifyApp } from "@shopify/shopify-app-remix/server";
import fc from "fast-check";
import type * as nodeCrypto from "node:crypto";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appProxySignature, signAppProxyParams } from "../../../app/demo/app-proxy-signature.server";
import { isValidAppProxyUrl } from "../../../app/services/storefront/proxy-signature.server";

// Watch the constant-time comparison (the real one runs).
const compare = vi.hoisted(() => ({ calls: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof nodeCrypto>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compare.calls++;
      return actual.timingSafeEqual(a, b);
    },
  };
});

const SECRET = "property-secret";
const NOW_SEC = 1_790_000_000;
const SHOP = "example.myshopify.com";

// The library, configured as the app configures it; no session is stored (the signature verdict
// comes before any session lookup, and no session only means an empty admin context).
const library = shopifyApp({
  apiKey: "key",
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.October26,
  appUrl: "https://app.example.com",
  scopes: ["read_products"],
  sessionStorage: {
    storeSession: async () => true,
    loadSession: async () => undefined,
    deleteSession: async () => true,
    deleteSessions: async () => true,
    findSessionsByShop: async () => [],
  },
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
});

async function libraryVerdict(url: string): Promise<boolean> {
  try {
    await library.authenticate.public.appProxy(new Request(url));
    return true;
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status < 500) return false;
    throw thrown;
  }
}

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW_SEC * 1000 + 437);
});
afterAll(() => vi.useRealTimers());

async function agree(url: string): Promise<boolean> {
  const ours = isValidAppProxyUrl(new URL(url), SECRET, Date.now());
  const theirs = await libraryVerdict(url);
  expect({ url, ours }).toEqual({ url, ours: theirs });
  return ours;
}

/** Parameter names and values that stress the message: duplicates, separators, Unicode, case, digits. */
const nameArb = fc.oneof(
  fc.constantFrom(
    "shop",
    "timestamp",
    "signature",
    "hmac",
    "path_prefix",
    "logged_in_customer_id",
    "index",
    "_data",
    "context",
    "product_id",
    "a",
    "A",
    "b",
    "ä",
    "a=b",
    "1",
    "10",
    "2",
    "__proto__",
    "constructor",
    "",
  ),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: "grapheme", maxLength: 4 }),
);
const valueArb = fc.oneof(
  fc.constantFrom("", ",", "=", "&", "+", " ", "%", "é", "1,2"),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: "grapheme", maxLength: 4 }),
);
const timestampArb = fc.oneof(
  fc.integer({ min: NOW_SEC - 200, max: NOW_SEC + 200 }).map(String),
  fc.constantFrom(
    String(NOW_SEC - 90),
    String(NOW_SEC - 91),
    String(NOW_SEC + 90),
    String(NOW_SEC + 91),
    `${NOW_SEC}.0`,
    `${NOW_SEC}.5`,
    ` ${NOW_SEC} `,
    "",
    "abc",
    `0x${NOW_SEC.toString(16)}`,
    "1e9",
    "-0",
  ),
);

function query(pairs: [string, string][]): string {
  const params = new URLSearchParams();
  for (const [k, v] of pairs) params.append(k, v);
  return params.toString();
}

/** Signs exactly the message the library builds (so that valid cases are common, not only rejections). */
function signPairs(pairs: [string, string][]): string {
  return appProxySignature(new URLSearchParams(query(pairs)), SECRET);
}

describe("app proxy signature: same verdict as the Shopify library", () => {
  it("accepts what Shopify signs and rejects forgeries, tampering and stale timestamps", async () => {
    const base = new URLSearchParams({ context: "product", product_id: "123", visitor_id: "visitor-0001" });
    const signed = signAppProxyParams(base, { shop: SHOP, secret: SECRET, timestamp: NOW_SEC });
    expect(await agree(`https://app.example.com/proxy/offers?${signed}`)).toBe(true);
    const tampered = new URLSearchParams(signed);
    tampered.set("product_id", "124");
    expect(await agree(`https://app.example.com/proxy/offers?${tampered}`)).toBe(false);
    const forged = signAppProxyParams(base, { shop: SHOP, secret: "other-secret", timestamp: NOW_SEC });
    expect(await agree(`https://app.example.com/proxy/offers?${forged}`)).toBe(false);
    for (const [ts, ok] of [
      [NOW_SEC - 90, true],
      [NOW_SEC - 91, false],
      [NOW_SEC + 90, true],
      [NOW_SEC + 91, false],
    ] as const) {
      const p = signAppProxyParams(base, { shop: SHOP, secret: SECRET, timestamp: ts });
      expect(await agree(`https://app.example.com/proxy/offers?${p}`)).toBe(ok);
    }
    const upper = new URLSearchParams(signed);
    upper.set("signature", signed.get("signature")!.toUpperCase());
    expect(await agree(`https://app.example.com/proxy/offers?${upper}`)).toBe(false);
    const doubled = new URLSearchParams(signed);
    doubled.append("signature", signed.get("signature")!);
    expect(await agree(`https://app.example.com/proxy/offers?${doubled}`)).toBe(false);
    expect(await agree(`https://app.example.com/proxy/offers?shop=${SHOP}`)).toBe(false);
  });

  it("agrees on random parameter lists, signed correctly, signed wrongly or not at all", async () => {
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(nameArb, valueArb), { maxLength: 8 }),
        timestampArb,
        fc.constantFrom(
          "right",
          "wrong-secret",
          "random",
          "truncated",
          "upper-case",
          "look-alike",
          "extended",
          "none",
          "duplicated-ts",
          "index-empty",
          "data-route",
        ),
        fc.constantFrom("/proxy/offers", "/proxy/events", "/proxy/offers/", "/"),
        async (pairs, timestamp, mode, path) => {
          const all: [string, string][] = [
            ...pairs.filter(([k]) => k !== "signature"),
            ["timestamp", timestamp],
            ["shop", SHOP],
          ];
          if (mode === "duplicated-ts") all.push(["timestamp", timestamp]);
          if (mode === "index-empty") all.push(["index", ""]);
          let signature: string | null = signPairs(all);
          if (mode === "data-route")
            signature = signPairs([
              ["_data", `routes/${path.replace(/^\//, "").replace(/\/$/, "").replaceAll("/", ".")}`],
              ...all,
            ]);
          if (mode === "wrong-secret") signature = createHmac("sha256", "nope").update("x").digest("hex");
          if (mode === "random") signature = "0".repeat(64);
          if (mode === "truncated") signature = signature.slice(0, 63);
          if (mode === "upper-case") signature = signature.toUpperCase();
          // U+0130 and U+0161 are written as "0" and "a" by a latin1 write: a check that wrote
          // before it looked at the characters would take this for the right signature
          if (mode === "look-alike")
            signature = `${signature.slice(0, 63)}${String.fromCharCode(signature.charCodeAt(63) + 0x100)}`;
          if (mode === "extended") signature = `${signature}0`;
          if (mode === "none") signature = null;
          const final = signature === null ? all : [...all, ["signature", signature] as [string, string]];
          if (await agree(`https://app.example.com${path}?${query(final)}`)) valid++;
        },
      ),
      { numRuns: 900, seed: 1313 },
    );
    // the generator reaches both verdicts often
    expect(valid).toBeGreaterThan(25);
  });

  it("agrees on raw query strings a client may send (encodings, empty names, stray separators)", async () => {
    const signedRaw = signAppProxyParams(new URLSearchParams({ context: "cart" }), {
      shop: SHOP,
      secret: SECRET,
      timestamp: NOW_SEC,
    }).toString();
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(
            fc.constantFrom(
              "&",
              "=",
              "%",
              "%2",
              "%20",
              "+",
              "?",
              "#",
              ";",
              "a",
              "é",
              "%E9",
              "index",
              "signature=",
              "timestamp=1",
              "&&",
            ),
            { maxLength: 10 },
          )
          .map((p) => p.join("")),
        fc.boolean(),
        async (raw, prefix) => {
          await agree(`https://app.example.com/proxy/offers?${prefix ? `${raw}&${signedRaw}` : `${signedRaw}&${raw}`}`);
        },
      ),
      { numRuns: 300, seed: 4242 },
    );
  });
});

describe("app proxy signature: constant-time comparison", () => {
  it("compares with crypto.timingSafeEqual, never with ===", () => {
    compare.calls = 0;
    const p = signAppProxyParams(new URLSearchParams({ context: "cart" }), {
      shop: SHOP,
      secret: SECRET,
      timestamp: NOW_SEC,
    });
    const wrong = new URLSearchParams(p);
    wrong.set("signature", "f".repeat(64));
    expect(isValidAppProxyUrl(new URL(`https://a.example/proxy/offers?${wrong}`), SECRET, Date.now())).toBe(false);
    expect(isValidAppProxyUrl(new URL(`https://a.example/proxy/offers?${p}`), SECRET, Date.now())).toBe(true);
    // the wrong signature: three attempts (plain, Remix's _data route, its index), each compared; the right one: one
    expect(compare.calls).toBe(4);
  });
});
