import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binomialLowerTail, suspiciousOffers, suspiciousShop, type EventPatternRow } from "../../../app/domain/metrics";

const row = (
  key: string,
  acceptances: number,
  orderedLines: number,
  impressions = acceptances * 20,
): EventPatternRow => ({ key, impressions, acceptances, orderedLines });

describe("binomialLowerTail", () => {
  it("matches the exact distribution on small cases", () => {
    // Binomial(4, 0.5): P(X ≤ 1) = (1 + 4) / 16
    expect(binomialLowerTail(1, 4, 0.5)).toBeCloseTo(5 / 16, 12);
    expect(binomialLowerTail(0, 10, 0.3)).toBeCloseTo(0.7 ** 10, 12);
    expect(binomialLowerTail(10, 10, 0.3)).toBe(1);
  });

  it("is a probability that grows with k", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.integer({ min: 0, max: 50 }),
        (n, p, k) => {
          const a = binomialLowerTail(Math.min(k, n), n, p);
          const b = binomialLowerTail(Math.min(k + 1, n), n, p);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(1 + 1e-9);
          expect(b + 1e-12).toBeGreaterThanOrEqual(a);
        },
      ),
    );
  });
});

describe("suspiciousOffers", () => {
  it("flags an offer whose adds almost never become orders while the shop's other offers' adds do", () => {
    const rows = [row("camping", 400, 140), row("coffee", 200, 66), row("auto", 300, 95), row("forged", 900, 6)];
    const findings = suspiciousOffers(rows);
    expect(findings.map((f) => f.key)).toEqual(["forged"]);
    const f = findings[0];
    expect(f.norm).toBeCloseTo((140 + 66 + 95) / 900, 6);
    expect(f.conversion).toBeCloseTo(6 / 900, 6);
    // 6 ordered lines explain about 18 adds at the shop's norm; the rest are unexplained
    expect(f.unexplainedAcceptances).toBe(Math.round(900 - 6 / ((140 + 66 + 95) / 900)));
    expect(f.pValue).toBeLessThan(1e-10);
  });

  it("does not flag honest offers, small offers, or an offer that converts somewhat worse", () => {
    expect(suspiciousOffers([row("a", 400, 140), row("b", 200, 40), row("c", 20, 0)])).toEqual([]);
    // 29 adds without an order: too few to judge
    expect(suspiciousOffers([row("a", 400, 140), row("small", 29, 0)])).toEqual([]);
  });

  it("judges an offer alone in its shop against the floor of real shoppers' conversion", () => {
    expect(suspiciousOffers([row("only", 200, 0)])).toEqual([]); // 0.98^200 ≈ 0.018: not significant
    expect(suspiciousOffers([row("only", 2000, 0)]).map((f) => f.key)).toEqual(["only"]);
    expect(suspiciousOffers([row("only", 2000, 300)])).toEqual([]);
  });

  it("flags nothing when every offer's adds convert alike, however many adds there are", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        (adds, rate) => {
          expect(suspiciousOffers(adds.map((n, i) => row(`o${i}`, n, Math.round(n * rate))))).toEqual([]);
        },
      ),
    );
  });
});

describe("suspiciousShop", () => {
  it("flags a period whose adds convert far less than the shop's own history", () => {
    const finding = suspiciousShop({ acceptances: 10_000, orderedLines: 60 }, { acceptances: 500, orderedLines: 160 });
    expect(finding).not.toBeNull();
    expect(finding!.norm).toBeCloseTo(0.32, 6);
    expect(suspiciousShop({ acceptances: 520, orderedLines: 150 }, { acceptances: 500, orderedLines: 160 })).toBeNull();
  });

  it("falls back to the floor without history", () => {
    expect(suspiciousShop({ acceptances: 10_000, orderedLines: 3 }, null)?.norm).toBe(0.02);
    expect(suspiciousShop({ acceptances: 100, orderedLines: 0 }, null)).toBeNull();
  });
});
