import { describe, expect, it } from "vitest";
import {
  EMPTY_KEY,
  MAX_DECLINES,
  MAX_EMPTY,
  MEMORY_COOKIE,
  blockKey,
  coreKept,
  decide,
  declined,
  hasMemory,
  keepCore,
  knownEmpty,
  knownLayout,
  noteAnswer,
  rememberDecline,
  visitorId,
  type KV,
} from "../../../extensions/pairwise-theme/src/storage";
import { experimentArms, isInHoldout } from "../../../app/domain/experiments";
import type { StorefrontFacts } from "../../../app/lib/storefront-contract";

const memory = (): KV & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};
const broken: KV = {
  getItem: () => {
    throw new Error("SecurityError");
  },
  setItem: () => {
    throw new Error("QuotaExceededError");
  },
};

describe("visitor id", () => {
  it("is created once and then reused on later page views", () => {
    const s = memory();
    const first = visitorId(s, () => "3b241101-e2bb-4255-8caf-4136c566a962");
    expect(first).toBe("3b241101-e2bb-4255-8caf-4136c566a962");
    expect(visitorId(s, () => "other-id-000000")).toBe(first);
  });

  it("replaces a tampered stored value and still works when storage is blocked", () => {
    const s = memory();
    s.setItem("pairwise:vid", '"><script>');
    expect(visitorId(s, () => "fresh-id-123456")).toBe("fresh-id-123456");
    expect(visitorId(broken, () => "memory-id-123456")).toBe("memory-id-123456");
    expect(visitorId(null, () => "memory-id-123456")).toBe("memory-id-123456");
  });
});

describe("declined products", () => {
  it("are remembered across page views so they are not offered again", () => {
    const s = memory();
    rememberDecline(s, "8123456789012");
    rememberDecline(s, "8123456789013");
    rememberDecline(s, "8123456789012");
    expect(declined(s)).toEqual(["8123456789013", "8123456789012"]);
  });

  it("keep only the newest declines", () => {
    const s = memory();
    for (let i = 0; i < MAX_DECLINES + 5; i++) rememberDecline(s, String(i));
    const list = declined(s);
    expect(list).toHaveLength(MAX_DECLINES);
    expect(list[0]).toBe("5");
  });

  it("survive corrupt or blocked storage as an empty list", () => {
    const s = memory();
    s.setItem("pairwise:declined", "{oops");
    expect(declined(s)).toEqual([]);
    expect(declined(broken)).toEqual([]);
    expect(rememberDecline(broken, "1")).toEqual(["1"]);
  });
});

describe("what the last answers said (decided before a block reserves space)", () => {
  const ds = (productId: string, mode = "slots"): DOMStringMap => ({
    context: "product",
    mode,
    offerType: "any",
    productId,
  });
  const vid = "3b241101-e2bb-4255-8caf-4136c566a962";

  it("remembers a product-page block that had nothing to offer, per block and product, until it has offers", () => {
    const s = memory();
    s.setItem("pairwise:vid", vid);
    const tent = blockKey(ds("1"));
    expect(knownEmpty(s, tent)).toBe(false);
    noteAnswer(s, vid, tent, false, true);
    expect(knownEmpty(s, tent)).toBe(true);
    expect(knownEmpty(s, blockKey(ds("2")))).toBe(false);
    expect(knownEmpty(s, blockKey(ds("1", "bundle")))).toBe(false);
    noteAnswer(s, vid, tent, false, false);
    expect(knownEmpty(s, tent)).toBe(false);
  });

  it("hides every block of a visitor in the holdout, cart blocks included, until an answer says otherwise", () => {
    const s = memory();
    s.setItem("pairwise:vid", vid);
    noteAnswer(s, vid, blockKey(ds("1")), true, true);
    expect(knownEmpty(s, blockKey(ds("9")))).toBe(true);
    expect(knownEmpty(s, blockKey({ context: "cart", mode: "slots" }))).toBe(true);
    // another visitor id in this browser (storage cleared and refilled) is not in the holdout
    s.setItem("pairwise:vid", "another-visitor-0001");
    expect(knownEmpty(s, blockKey(ds("9")))).toBe(false);
    s.setItem("pairwise:vid", vid);
    noteAnswer(s, vid, blockKey(ds("9")), false, false);
    expect(knownEmpty(s, blockKey(ds("9")))).toBe(false);
  });

  it("keeps the newest MAX_EMPTY blocks, ignores a tampered list and survives broken storage", () => {
    const s = memory();
    for (let i = 0; i < MAX_EMPTY + 10; i++) noteAnswer(s, vid, blockKey(ds(String(i))), false, true);
    expect(JSON.parse(s.getItem(EMPTY_KEY)!)).toHaveLength(MAX_EMPTY);
    expect(knownEmpty(s, blockKey(ds("0")))).toBe(false);
    expect(knownEmpty(s, blockKey(ds(String(MAX_EMPTY + 9))))).toBe(true);
    s.setItem(EMPTY_KEY, '{"not":"a list"}');
    expect(knownEmpty(s, blockKey(ds("1")))).toBe(false);
    expect(() => noteAnswer(broken, vid, blockKey(ds("1")), true, true)).not.toThrow();
    expect(knownEmpty(broken, blockKey(ds("1")))).toBe(false);
    expect(knownEmpty(null, blockKey(ds("1")))).toBe(false);
  });
});

describe("what a block shows, decided before it reserves space (the app's facts and the visitor id)", () => {
  const SHOP = "tents.myshopify.com";
  const experiment = {
    id: "xp-layout",
    offerId: null,
    placement: "product" as const,
    startedAt: 0,
    endedAt: null,
    variants: [
      { key: "control", weight: 50, overrides: {} },
      { key: "b", weight: 50, overrides: { layout: "list" as const } },
    ],
  };
  const facts = (over: Partial<StorefrontFacts> = {}): StorefrontFacts => ({
    h: 10,
    l: {},
    x: [
      [
        "xp-layout",
        "product",
        [
          ["control", 50, null, 0],
          ["b", 50, "list", 0],
        ],
      ],
    ],
    ...over,
  });
  const ids = Array.from({ length: 400 }, (_, i) => `visitor-${i}-3b241101`);

  it("hides every block of a visitor in the holdout, computed as the server computes it", () => {
    for (const id of ids) expect(decide(facts(), SHOP, id, "product") === null).toBe(isInHoldout(id, SHOP, 10));
    expect(ids.filter((id) => decide(facts(), SHOP, id, "cart") === null).length).toBeGreaterThan(20);
  });

  it("gives each visitor the layout of the arm the server serves, on the experiment's placement only", () => {
    let lists = 0;
    for (const id of ids) {
      if (isInHoldout(id, SHOP, 10)) continue;
      const arm = experimentArms([experiment], id, Date.now())[0];
      const layout = decide(facts(), SHOP, id, "product");
      expect(layout).toBe(arm.variant === "b" ? "list" : "");
      if (layout === "list") lists++;
      expect(decide(facts(), SHOP, id, "cart")).toBe("");
    }
    // about half the visitors outside the holdout
    expect(lists).toBeGreaterThan(130);
    expect(lists).toBeLessThan(230);
  });

  it("shows nothing where the arm or the merchant's placement setting shows nothing, and keeps the block's own without facts", () => {
    const hideB = facts({
      x: [
        [
          "xp-layout",
          "product",
          [
            ["control", 50, null, 0],
            ["b", 50, null, 1],
          ],
        ],
      ],
    });
    const outside = ids.filter((id) => !isInHoldout(id, SHOP, 10));
    const hidden = outside.filter((id) => decide(hideB, SHOP, id, "product") === null);
    expect(hidden.length).toBeGreaterThan(100);
    for (const id of hidden) expect(experimentArms([experiment], id, Date.now())[0].variant).toBe("b");
    expect(decide(facts({ x: [], l: { cart: { hide: 1 } } }), SHOP, outside[0], "cart")).toBeNull();
    expect(decide(facts({ x: [], l: { product: { layout: "list" } } }), SHOP, outside[0], "product")).toBe("list");
    expect(decide(null, SHOP, outside[0], "product")).toBe("");
  });

  it("remembers the layout an answer asked for, per block and product", () => {
    const s = memory();
    const key = blockKey({ context: "product", mode: "slots", offerType: "any", productId: "7" });
    expect(knownLayout(s, key)).toBe("");
    noteAnswer(s, "v", key, false, false, "list");
    expect(knownLayout(s, key)).toBe("list");
    noteAnswer(s, "v", key, false, false, "grid");
    expect(knownLayout(s, key)).toBe("grid");
    noteAnswer(s, "v", key, false, false);
    expect(knownLayout(s, key)).toBe("");
    expect(knownLayout(s, null)).toBe("");
  });
});

describe("the memory cookie (whether the boot reads localStorage while the page is parsed)", () => {
  it("is found among the page's cookies by its exact name and value", () => {
    expect(hasMemory(MEMORY_COOKIE)).toBe(true);
    expect(hasMemory(`cart=abc; ${MEMORY_COOKIE}; _y=1`)).toBe(true);
    expect(hasMemory("")).toBe(false);
    expect(hasMemory("cart=abc")).toBe(false);
    expect(hasMemory(`x${MEMORY_COOKIE}`)).toBe(false); // another cookie whose name ends the same
    expect(hasMemory("pairwise_mem=0")).toBe(false);
    expect(hasMemory("pairwise_mem=10")).toBe(false);
    expect(hasMemory(`${MEMORY_COOKIE}0; a=b`)).toBe(false);
  });
});

describe("the core's URL kept (whether the next view finds the core in the browser's cache)", () => {
  const core = "https://cdn.shopify.com/extensions/0a1b/2.0.1/assets/pairwise.js";
  it("is found by a later view only under the same URL: a new version of the extension is not in the cache", () => {
    const s = memory();
    expect(coreKept(s, core)).toBe(false); // a first view
    keepCore(s, core);
    expect(coreKept(s, core)).toBe(true);
    expect(coreKept(s, core.replace("2.0.1", "2.0.2"))).toBe(false);
    keepCore(s, core.replace("2.0.1", "2.0.2"));
    expect(coreKept(s, core)).toBe(false);
  });

  it("is never found without storage, in broken storage or for an empty URL", () => {
    keepCore(broken, core);
    expect(coreKept(broken, core)).toBe(false);
    expect(coreKept(null, core)).toBe(false);
    const s = memory();
    keepCore(s, "");
    expect(coreKept(s, "")).toBe(false);
  });
});
