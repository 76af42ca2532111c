import { describe, expect, it } from "vitest";
import {
  EMPTY_KEY,
  MAX_DECLINES,
  MAX_EMPTY,
  blockKey,
  declined,
  knownEmpty,
  noteAnswer,
  rememberDecline,
  visitorId,
  type KV,
} from "../../../extensions/pairwise-theme/src/storage";

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
