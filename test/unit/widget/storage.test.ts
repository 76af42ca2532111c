import { describe, expect, it } from "vitest";
import {
  MAX_DECLINES,
  declined,
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
