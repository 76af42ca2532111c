// Keys asked for together are read together, once each, per group; a failed read fails its
// callers only; a forgotten read is not shared with later callers.
import { describe, expect, it } from "vitest";
import { batchLoader } from "../../../app/lib/batch-loader";

function recorder(fail = new Set<string>()) {
  const calls: { group: string; keys: string[]; context: number }[] = [];
  const loader = batchLoader<string, number>(
    async (group, keys, context) => {
      calls.push({ group, keys, context });
      if (keys.some((k) => fail.has(k))) throw new Error("read failed");
      return new Map(keys.filter((k) => k !== "none").map((k) => [k, `${group}:${k}@${context}`]));
    },
    (key) => `fallback ${key}`,
    { maxBatch: 3 },
  );
  return { calls, loader };
}

describe("batchLoader", () => {
  it("reads the keys of one turn together, per group, in chunks, each key once", async () => {
    const { calls, loader } = recorder();
    const values = await Promise.all([
      loader.load("a", "1", 7),
      loader.load("a", "2", 8),
      loader.load("a", "1", 9),
      loader.load("b", "1", 7),
      loader.load("a", "3", 7),
      loader.load("a", "4", 7),
      loader.load("a", "none", 7),
    ]);
    expect(values).toEqual(["a:1@7", "a:2@7", "a:1@7", "b:1@7", "a:3@7", "a:4@7", "fallback none"]);
    expect(calls).toEqual([
      { group: "a", keys: ["1", "2", "3"], context: 7 },
      { group: "a", keys: ["4", "none"], context: 7 },
      { group: "b", keys: ["1"], context: 7 },
    ]);
    // the next turn reads again
    await loader.load("a", "1", 10);
    expect(calls).toHaveLength(4);
  });

  it("with a window, reads the keys asked for within it together", async () => {
    const calls: string[][] = [];
    const loader = batchLoader<string>(
      async (_, keys) => {
        calls.push(keys);
        return new Map(keys.map((k) => [k, k]));
      },
      (key) => key,
      { windowMs: 30 },
    );
    const first = loader.load("a", "1", undefined);
    await new Promise((r) => setTimeout(r, 5));
    const second = loader.load("a", "2", undefined);
    expect(await Promise.all([first, second])).toEqual(["1", "2"]);
    expect(calls).toEqual([["1", "2"]]);
  });

  it("fails the callers of a failed read only, and reads again afterwards", async () => {
    const { calls, loader } = recorder(new Set(["bad"]));
    const results = await Promise.allSettled([loader.load("a", "bad", 1), loader.load("b", "good", 1)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled"]);
    expect(loader.loading("a", "bad")).toBe(false);
    await expect(loader.load("a", "bad", 1)).rejects.toThrow("read failed");
    expect(calls).toHaveLength(3);
  });

  it("does not share a forgotten read with later callers", async () => {
    const { calls, loader } = recorder();
    const first = loader.load("a", "1", 1);
    loader.forget("a");
    const second = loader.load("a", "1", 2);
    expect(second).not.toBe(first);
    await Promise.all([first, second]);
    const third = loader.load("a", "2", 3);
    loader.forget("a", "2");
    expect(loader.loading("a", "2")).toBe(false);
    await third;
    expect(calls.length).toBeGreaterThanOrEqual(1);
  });
});
