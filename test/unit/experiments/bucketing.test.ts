import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  assignVariant,
  assignVisitor,
  bucket,
  fmix32,
  fnv1a32,
  hash32,
  isInHoldout,
} from "../../../app/domain/experiments";

describe("deterministic bucketing", () => {
  it("implements FNV-1a exactly (published test vectors) and finishes with murmur3's mix", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    expect(fmix32(0)).toBe(0);
    expect(hash32("foobar")).toBe(fmix32(0xbf9cf968));
  });

  it("hashes the same UTF-8 bytes as TextEncoder (the discount function has none), any string", () => {
    const reference = (input: string) => {
      let h = 0x811c9dc5;
      for (const b of new TextEncoder().encode(input)) h = Math.imul(h ^ b, 0x01000193);
      return h >>> 0;
    };
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => fnv1a32(s) === reference(s)));
    for (const s of ["é", "€", "😀", "\ud800", "a\udc00b", "\ud83d"]) expect(fnv1a32(s)).toBe(reference(s));
  });

  it("spreads ids that differ only in their last character", () => {
    const buckets = new Set<number>();
    for (let i = 0; i < 10; i++) buckets.add(Math.floor(bucket(`visitor-${i}`, "exp") * 10));
    expect(buckets.size).toBeGreaterThanOrEqual(5);
  });

  it("puts the same visitor in the same bucket every time, in [0, 1)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (visitor, salt) => {
        const b = bucket(visitor, salt);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(1);
        expect(bucket(visitor, salt)).toBe(b);
      }),
    );
  });

  it("holds out about holdoutPercent of visitors", () => {
    let held = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) if (isInHoldout(`v_${i}`, "outdoor-gear.myshopify.com", 10)) held++;
    // 10 % ± 5 standard deviations (σ ≈ 0.21 %).
    expect(held / n).toBeGreaterThan(0.1 - 0.011);
    expect(held / n).toBeLessThan(0.1 + 0.011);
  });

  it("holds out nobody at 0 % and everybody at 100 %", () => {
    expect(isInHoldout("v1", "s", 0)).toBe(false);
    expect(isInHoldout("v1", "s", 100)).toBe(true);
  });

  it("splits visitors by the variants' weights", () => {
    const counts: Record<string, number> = { control: 0, a: 0, b: 0 };
    const n = 30_000;
    for (let i = 0; i < n; i++)
      counts[
        assignVariant(`visitor-${i}`, "exp_42", [
          { key: "control", weight: 50 },
          { key: "a", weight: 30 },
          { key: "b", weight: 20 },
        ])!
      ]++;
    expect(counts.control / n).toBeCloseTo(0.5, 1);
    expect(counts.a / n).toBeCloseTo(0.3, 1);
    expect(counts.b / n).toBeCloseTo(0.2, 1);
  });

  it("does not move visitors when the database returns the variants in another order", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (visitor) => {
        const v = [
          { key: "control", weight: 50 },
          { key: "a", weight: 50 },
        ];
        expect(assignVariant(visitor, "exp", v)).toBe(assignVariant(visitor, "exp", [...v].reverse()));
      }),
    );
  });

  it("assigns no arm when no variant has weight", () => {
    expect(assignVariant("v", "exp", [{ key: "a", weight: 0 }])).toBeNull();
  });

  it("keeps holdout and experiment arms independent", () => {
    // Among non-held-out visitors, the arm split is still ~50/50.
    let a = 0;
    let total = 0;
    for (let i = 0; i < 20_000; i++) {
      const r = assignVisitor(`v${i}`, "shop.myshopify.com", 50, {
        id: "exp1",
        variants: [
          { key: "a", weight: 1 },
          { key: "b", weight: 1 },
        ],
      });
      if (r.holdout) {
        expect(r.variant).toBeNull();
        continue;
      }
      total++;
      if (r.variant === "a") a++;
    }
    expect(a / total).toBeGreaterThan(0.47);
    expect(a / total).toBeLessThan(0.53);
  });
});
