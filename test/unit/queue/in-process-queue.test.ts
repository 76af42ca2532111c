// The SQLite backend of the job queue (one process): the same rules as pg-boss's on PostgreSQL —
// one job per shop at a time, a request merged into one already waiting ("stately"), failed
// attempts retried with doubling delays, and the history the admin shows.
import { afterEach, describe, expect, it, vi } from "vitest";
import { InProcessQueue, retryDelayMs, type JobDefinition } from "../../../app/services/queue.server";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function definition(run: JobDefinition["run"], overrides: Partial<JobDefinition> = {}): JobDefinition {
  return {
    policy: "singleton",
    retryLimit: 2,
    retryDelaySeconds: 1,
    expireInSeconds: 60,
    concurrency: 1,
    run,
    ...overrides,
  };
}

describe("in-process job queue (SQLite)", () => {
  afterEach(() => vi.useRealTimers());

  it("runs one job of a shop at a time, and different shops side by side", async () => {
    const running = new Map<string, number>();
    let overlap = 0;
    const spans: string[] = [];
    const queue = new InProcessQueue({
      work: definition(async (data) => {
        const shop = String(data.shop);
        if (running.get(shop)) overlap++;
        running.set(shop, (running.get(shop) ?? 0) + 1);
        spans.push(`start ${shop}`);
        await sleep(20);
        running.set(shop, running.get(shop)! - 1);
      }),
    });
    for (let i = 0; i < 3; i++) {
      await queue.enqueue("work", { shop: "a" });
      await queue.enqueue("work", { shop: "b" });
    }
    await queue.idle();
    expect(overlap).toBe(0);
    expect(spans.filter((s) => s === "start a")).toHaveLength(3);
    // b's first job started before a's first finished: shops do not wait for each other
    expect(spans.slice(0, 2).sort()).toEqual(["start a", "start b"]);
    expect((await queue.recent("a")).map((j) => j.state)).toEqual(["completed", "completed", "completed"]);
  });

  it("merges a request into the same shop's job that is still waiting (stately)", async () => {
    let runs = 0;
    const queue = new InProcessQueue({
      mining: definition(
        async () => {
          runs++;
          await sleep(20);
        },
        { policy: "stately" },
      ),
    });
    expect(await queue.enqueue("mining", { shop: "a" })).toBeTruthy();
    expect(await queue.enqueue("mining", { shop: "a" })).toBeNull();
    await queue.idle();
    expect(runs).toBe(1);
  });

  it("retries a failing job with doubling delays and records its attempts and last error", async () => {
    vi.useFakeTimers();
    const attempts: number[] = [];
    const queue = new InProcessQueue({
      flaky: definition(async () => {
        attempts.push(Date.now());
        if (attempts.length < 3) throw new Error(`attempt ${attempts.length} failed`);
      }),
      broken: definition(async () => {
        throw new Error("always");
      }),
    });
    await queue.enqueue("flaky", { shop: "a" });
    await queue.enqueue("broken", { shop: "b" });
    await vi.advanceTimersByTimeAsync(10);
    expect(attempts).toHaveLength(1);
    const [waiting] = await queue.recent("a");
    expect(waiting).toMatchObject({ state: "retry", attempts: 1, lastError: "attempt 1 failed" });
    await vi.advanceTimersByTimeAsync(980);
    expect(attempts).toHaveLength(1); // not before the first delay (1 s)
    await vi.advanceTimersByTimeAsync(30);
    expect(attempts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_900);
    expect(attempts).toHaveLength(2); // the second delay is 2 s
    await vi.advanceTimersByTimeAsync(200);
    expect(attempts).toHaveLength(3);
    expect((await queue.recent("a"))[0]).toMatchObject({ state: "completed", attempts: 3 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await queue.recent("b"))[0]).toMatchObject({
      state: "failed",
      attempts: 3,
      retryLimit: 2,
      lastError: "always",
    });
    expect(
      retryDelayMs(
        definition(async () => {}),
        3,
      ),
    ).toBe(4_000);
  });
});
