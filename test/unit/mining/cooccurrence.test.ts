import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CooccurrenceCounter } from "../../../app/domain/mining/cooccurrence";
import { Interner } from "../../../app/domain/mining/interner";
import { mineBaskets } from "../../../app/domain/mining/baskets";
import { mineRules, type MinedRule } from "../../../app/domain/mining/rules";
import type { Basket } from "../../../app/domain/types";
import { referenceRules, ruleKey, type RefRule } from "./reference";

const basketArb = fc.array(
  fc.record({
    productId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "ü-7", "x,y"),
    quantity: fc.integer({ min: 1, max: 4 }),
  }),
  { minLength: 0, maxLength: 6 },
);
const basketsArb = fc
  .array(basketArb, { minLength: 1, maxLength: 40 })
  .map((lists) => lists.map((items, i): Basket => ({ orderId: String(i), items })));

/** Mines through a tiny hash table (so it grows), feeding baskets at an offset in shared buffers. */
function mineWith(baskets: Basket[], offset: number, options: Parameters<typeof mineRules>[2] = {}) {
  const names = new Interner();
  const counter = new CooccurrenceCounter(4);
  for (const b of baskets) {
    const pad = new Array<number>(offset).fill(-1);
    counter.addBasket(
      [...pad, ...b.items.map((i) => names.idOf(i.productId))],
      [...pad, ...b.items.map((i) => i.quantity)],
      b.items.length,
      offset,
    );
  }
  return mineRules(counter, (id) => names.name(id), options);
}

function expectSameFigures(actual: MinedRule[], expected: RefRule[]) {
  const got = new Map(actual.map((r) => [ruleKey(r), r]));
  expect([...got.keys()].sort()).toEqual(expected.map(ruleKey).sort());
  for (const e of expected) {
    const r = got.get(ruleKey(e))!;
    expect(r.count).toBe(e.count);
    expect(r.support).toBeCloseTo(e.support, 12);
    expect(r.confidence).toBeCloseTo(e.confidence, 12);
    expect(r.lift).toBeCloseTo(e.lift, 9);
    expect(r.attachRate).toBeCloseTo(e.attachRate, 12);
  }
}

describe("co-occurrence figures", () => {
  it("count, support, confidence, lift and attach rate equal the docs/metrics.md definitions on random baskets", () => {
    fc.assert(
      fc.property(basketsArb, fc.nat(3), (baskets, offset) => {
        const mined = mineWith(baskets, offset, { minCount: 1, alpha: null });
        expect(mined.orders).toBe(baskets.length);
        expectSameFigures(mined.rules, referenceRules(baskets));
      }),
      { numRuns: 300 },
    );
  });

  it("emits every pair in both directions, with attach rates from each side's units", () => {
    const baskets: Basket[] = [
      {
        orderId: "1",
        items: [
          { productId: "laptop", quantity: 1 },
          { productId: "mouse", quantity: 2 },
        ],
      },
      { orderId: "2", items: [{ productId: "laptop", quantity: 1 }] },
      {
        orderId: "3",
        items: [
          { productId: "mouse", quantity: 1 },
          { productId: "pad", quantity: 1 },
        ],
      },
    ];
    const { rules } = mineBaskets(baskets, { minCount: 1, alpha: null });
    const laptopMouse = rules.find((r) => r.antecedent === "laptop" && r.consequent === "mouse")!;
    const mouseLaptop = rules.find((r) => r.antecedent === "mouse" && r.consequent === "laptop")!;
    expect(laptopMouse).toMatchObject({ count: 1, support: 1 / 3, confidence: 0.5, attachRate: 1 });
    expect(laptopMouse.lift).toBeCloseTo(0.5 / (2 / 3), 12);
    expect(mouseLaptop).toMatchObject({ count: 1, confidence: 0.5, attachRate: 1 / 3 });
  });

  it("counts a product once per order for support even when it is on several lines (variants)", () => {
    const baskets: Basket[] = [
      {
        orderId: "1",
        items: [
          { productId: "tee", quantity: 1 },
          { productId: "tee", quantity: 2 },
          { productId: "cap", quantity: 1 },
        ],
      },
      { orderId: "2", items: [{ productId: "cap", quantity: 1 }] },
    ];
    const { rules } = mineBaskets(baskets, { minCount: 1, alpha: null });
    const teeCap = rules.find((r) => r.antecedent === "tee" && r.consequent === "cap")!;
    expect(teeCap).toMatchObject({ count: 1, support: 0.5, confidence: 1, lift: 1, attachRate: 1 / 3 });
    const capTee = rules.find((r) => r.antecedent === "cap" && r.consequent === "tee")!;
    expect(capTee.attachRate).toBe(3 / 2);
  });

  it("returns no rules and zero orders for no input", () => {
    expect(mineBaskets([])).toEqual({ orders: 0, rules: [], productOrders: new Map() });
  });
});

describe("thresholds", () => {
  it("keep exactly the reference rules that meet min support, count, confidence and lift", () => {
    fc.assert(
      fc.property(
        basketsArb,
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (baskets, minSupport, minCount, minConfidence, minLift) => {
          const mined = mineWith(baskets, 0, { minSupport, minCount, minConfidence, minLift, alpha: null });
          const expected = referenceRules(baskets).filter(
            (r) =>
              r.support >= minSupport - 1e-12 &&
              r.count >= minCount &&
              r.confidence >= minConfidence &&
              r.lift >= minLift,
          );
          // boundary values computed two ways may differ in the last bit; compare away from them
          const near = (x: number, t: number) => Math.abs(x - t) < 1e-9;
          const ambiguous = (r: RefRule) =>
            near(r.support, minSupport) || near(r.confidence, minConfidence) || near(r.lift, minLift);
          const keys = new Set(mined.rules.map(ruleKey));
          for (const r of referenceRules(baskets)) {
            if (ambiguous(r)) continue;
            expect(keys.has(ruleKey(r))).toBe(expected.some((e) => ruleKey(e) === ruleKey(r)));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("top K keeps the K best-scored rules of each antecedent", () => {
    fc.assert(
      fc.property(basketsArb, fc.integer({ min: 1, max: 3 }), (baskets, k) => {
        const all = mineBaskets(baskets, { minCount: 1, alpha: null }).rules;
        const top = mineBaskets(baskets, { minCount: 1, alpha: null, topK: k }).rules;
        const byAntecedent = new Map<string, MinedRule[]>();
        for (const r of all) byAntecedent.set(r.antecedent, [...(byAntecedent.get(r.antecedent) ?? []), r]);
        for (const [a, list] of byAntecedent) {
          const kept = top.filter((r) => r.antecedent === a);
          expect(kept.map(ruleKey)).toEqual(list.slice(0, k).map(ruleKey));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("orders per product", () => {
  it("counts the orders containing each product once, whatever the quantity", () => {
    const mined = mineBaskets([
      {
        orderId: "1",
        items: [
          { productId: "a", quantity: 3 },
          { productId: "b", quantity: 1 },
        ],
      },
      { orderId: "2", items: [{ productId: "a", quantity: 1 }] },
    ]);
    expect(mined.productOrders).toEqual(
      new Map([
        ["a", 2],
        ["b", 1],
      ]),
    );
  });
});
