import { describe, expect, it } from "vitest";
import { EventQueue, type NewEvent, type QueueDeps } from "../../../extensions/pairwise-theme/src/queue";

function harness() {
  const sent: Array<{ visitorId: string; events: Array<Record<string, unknown>> }> = [];
  let timer: (() => void) | null = null;
  let clock = 1_764_190_000_000;
  let n = 0;
  const deps: QueueDeps = {
    send: (body) => void sent.push(JSON.parse(body)),
    now: () => clock,
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    setTimer: (fn) => {
      timer = fn;
      return 1;
    },
    clearTimer: () => {
      timer = null;
    },
  };
  return {
    sent,
    deps,
    tick: (ms: number) => (clock += ms),
    fireTimer: () => timer?.(),
    hasTimer: () => timer !== null,
  };
}

const impression = (productId: string): NewEvent => ({
  type: "impression",
  offerId: "clx0offer0001",
  productId,
  placement: "product",
  token: "tok",
});

describe("event batching", () => {
  it("sends queued events together after the delay, with id and timestamp", () => {
    const h = harness();
    const q = new EventQueue("v-123456789", h.deps);
    q.track(impression("1"));
    h.tick(500);
    q.track({ ...impression("1"), type: "click" });
    expect(h.sent).toHaveLength(0);
    h.fireTimer();
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0].visitorId).toBe("v-123456789");
    expect(h.sent[0].events).toEqual([
      { id: "00000000-0000-4000-8000-000000000001", at: 1_764_190_000_000, ...impression("1") },
      { id: "00000000-0000-4000-8000-000000000002", at: 1_764_190_000_500, ...impression("1"), type: "click" },
    ]);
  });

  it("counts an impression once per slot and item per page view", () => {
    const h = harness();
    const q = new EventQueue("v-123456789", h.deps);
    expect(q.track(impression("1"), "slot-a:1")).toBe(true);
    expect(q.track(impression("1"), "slot-a:1")).toBe(false);
    expect(q.track(impression("1"), "slot-b:1")).toBe(true);
    expect(q.size).toBe(2);
  });

  it("never sends more than 50 events in one request", () => {
    const h = harness();
    const q = new EventQueue("v-123456789", h.deps);
    for (let i = 0; i < 120; i++) q.track(impression(String(i)));
    q.flush();
    expect(h.sent.map((b) => b.events.length)).toEqual([50, 50, 20]);
    expect(new Set(h.sent.flatMap((b) => b.events.map((e) => e.id))).size).toBe(120);
  });

  it("flushes on demand (page hidden) and sends nothing when empty", () => {
    const h = harness();
    const q = new EventQueue("v-123456789", h.deps);
    q.flush();
    expect(h.sent).toHaveLength(0);
    q.track(impression("1"));
    q.flush();
    expect(h.sent).toHaveLength(1);
    expect(h.hasTimer()).toBe(false);
    h.fireTimer();
    expect(h.sent).toHaveLength(1);
  });

  it("keeps working when the transport throws", () => {
    const h = harness();
    const q = new EventQueue("v-123456789", {
      ...h.deps,
      send: () => {
        throw new Error("beacon refused");
      },
    });
    q.track(impression("1"));
    expect(() => q.flush()).not.toThrow();
    expect(q.size).toBe(0);
  });
});
