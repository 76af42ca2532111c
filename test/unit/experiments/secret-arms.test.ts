// A discount experiment's arms cannot be chosen by computing the hash: the experiment's secret salt
// (held by the app and by the discount function's own metafield) is mixed into the visitor's hash.
// The storefront and the function still agree on every visitor's arm — assignment stays computed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { armDiscount, compileDiscountConfig, functionConfigOf, offerDiscountFor } from "../../../app/domain/discounts";
import { assignVariant, experimentArms, type LiveExperiment } from "../../../app/domain/experiments";

const KEYS = ["control", "b", "c", "d"];

/** 2–4 arms with whole-percent weights adding up to 100, each with its own percent off. */
const armsArb = fc
  .integer({ min: 2, max: 4 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 5, max: 40 }), { minLength: n - 1, maxLength: n - 1 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 90 }), { minLength: n, maxLength: n }),
    ),
  )
  .filter(([w]) => w.reduce((s, x) => s + x, 0) <= 95)
  .map(([w, off]) => {
    const weights = [...w, 100 - w.reduce((s, x) => s + x, 0)];
    return weights.map((weight, i) => ({ key: KEYS[i], weight, percent: off[i] }));
  });

const saltArb = fc.string({
  unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
  minLength: 24,
  maxLength: 24,
});
/** visitor ids as a cart attribute may carry them, non-ASCII and lone surrogates included */
const visitorArb = fc.oneof(fc.uuid(), fc.string({ unit: "binary", minLength: 1, maxLength: 40 }));

function setup(experimentId: string, salt: string, arms: { key: string; weight: number; percent: number }[]) {
  const source = {
    id: "clx0offer0001",
    triggerType: "products" as const,
    triggerValues: ["1"],
    cartSubtotalMin: null,
    cartSubtotalMax: null,
    eligibleProductIds: ["2"],
    discountType: "none" as const,
    discountValue: 0,
    arms: {
      experimentId,
      salt,
      variants: arms.map((a) => ({
        key: a.key,
        weight: a.weight,
        discountType: "percent" as const,
        discountValue: a.percent,
      })),
    },
  };
  const { config } = compileDiscountConfig({ offers: [source], bundles: [] });
  const live: LiveExperiment = {
    id: experimentId,
    offerId: source.id,
    startedAt: 0,
    endedAt: null,
    salt,
    variants: arms.map((a) => ({
      key: a.key,
      weight: a.weight,
      overrides: { discountType: "percent", discountValue: a.percent },
    })),
  };
  return { config, live, source };
}

describe("a discount experiment's secret salt", () => {
  it("keeps the storefront's arm and the function's grant the same for every visitor", () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        saltArb,
        armsArb,
        fc.array(visitorArb, { minLength: 1, maxLength: 20 }),
        (id, salt, arms, visitors) => {
          const { config, live, source } = setup(id, salt, arms);
          const fn = functionConfigOf(config);
          expect(fn.x?.[config.o[0].k]?.s).toBe(salt);
          for (const visitor of visitors) {
            // the storefront: the arm the offer is served in, and the price it shows for it
            const [arm] = experimentArms([live], visitor, 1);
            const percent = arms.find((a) => a.key === arm.variant)!.percent;
            expect(offerDiscountFor(config, source.id, visitor)).toEqual(["%", percent]);
            // the function: the same arm from its own metafield and the cart's visitor attribute
            expect(armDiscount(fn.x, config.o[0].k, visitor)).toEqual(["%", percent]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("makes the public hash useless for picking an arm", () => {
    const arms = [
      { key: "control", weight: 50, percent: 0 },
      { key: "b", weight: 50, percent: 20 },
    ];
    const { config } = setup("clx0exp0001", "q7Rk2mVx9LpA3sWd0ZtYbN4c", arms);
    const fn = functionConfigOf(config);
    // a shopper computes, without the salt, ids that land in the richer arm
    const picked: string[] = [];
    for (let i = 0; picked.length < 2000; i++)
      if (assignVariant(`shopper-${i}`, "clx0exp0001", arms) === "b") picked.push(`shopper-${i}`);
    const richer = picked.filter((v) => armDiscount(fn.x, config.o[0].k, v)?.[1] === 20).length / picked.length;
    // they do no better than any visitor: half of them (the split), not all
    expect(richer).toBeGreaterThan(0.45);
    expect(richer).toBeLessThan(0.55);
  });

  it("is never in what a shopper can read: the products' rules", () => {
    const salt = "q7Rk2mVx9LpA3sWd0ZtYbN4c";
    const { config } = setup("clx0exp0001", salt, [
      { key: "control", weight: 50, percent: 0 },
      { key: "b", weight: 50, percent: 20 },
    ]);
    expect(Object.values(config.r).join("\n")).not.toContain(salt);
    expect(JSON.stringify(functionConfigOf(config))).toContain(salt);
  });

  it("leaves an experiment without one on the public hash (as before)", () => {
    const variants = [
      { key: "control", weight: 50 },
      { key: "b", weight: 50 },
    ];
    for (let i = 0; i < 100; i++)
      expect(assignVariant(`v-${i}`, "e1", variants, null)).toBe(assignVariant(`v-${i}`, "e1", variants));
  });
});
