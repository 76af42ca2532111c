import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_NOW, generateDemoShop } from "../../../app/demo/generate";
import { resolveGroundTruth } from "../../../app/demo/ground-truth";
import {
  assumeInStock,
  DEFAULT_SHOP_SETTINGS,
  leaveOneOutCases,
  runEvaluation,
  timeSplit,
  trainPairwise,
  type EvaluationReport,
} from "../../../app/domain/evaluation";
import { selectOffers } from "../../../app/domain/offers";

// A small generated shop (same generator and seed as the demo, 6 000 orders): big enough for the
// planted structure to show, small enough to run in a few seconds.
const shop = generateDemoShop({ seed: 42, orders: 6_000, now: DEFAULT_NOW });
const truth = resolveGroundTruth(shop.products);

describe("offline evaluation on a generated shop", () => {
  let report: EvaluationReport;
  beforeAll(() => {
    report = runEvaluation({
      orders: shop.orders,
      catalog: shop.products,
      truth: {
        complements: truth.complements,
        decoys: truth.decoys.map((d) => d.productId),
        substitutes: truth.substitutes,
      },
      end: DEFAULT_NOW,
      testMonths: 3,
    });
  });

  it("tests on the last three months with every item of every multi-item order hidden in turn", () => {
    expect(new Date(report.cutoff).toISOString()).toBe("2026-08-01T00:00:00.000Z");
    expect(report.trainOrders).toBeGreaterThan(3 * report.testOrders);
    expect(report.testOrdersUsed).toBeGreaterThan(500);
    expect(report.cases).toBeGreaterThan(2 * report.testOrdersUsed);
    for (const r of Object.values(report.results)) expect(r.cases).toBe(report.cases);
  });

  it("Pairwise suggests true complements more precisely than popularity and raw co-occurrence counts", () => {
    const { pairwise, popularity, cooccurrence } = report.results;
    expect(pairwise.triggerShown).toBeGreaterThan(1000);
    expect(pairwise.precision).toBeGreaterThan(cooccurrence.precision + 0.1);
    expect(pairwise.precision).toBeGreaterThan(popularity.precision + 0.1);
    expect(pairwise.complementHitRate).toBeGreaterThan(cooccurrence.complementHitRate);
    expect(pairwise.complementHitRate).toBeGreaterThan(popularity.complementHitRate);
  });

  it("Pairwise (almost) never suggests the decoys the baselines are full of", () => {
    const { pairwise, popularity, cooccurrence } = report.results;
    expect(pairwise.decoyShare).toBeLessThan(0.02);
    expect(popularity.decoyShare).toBeGreaterThan(0.5);
    expect(cooccurrence.decoyShare).toBeGreaterThan(0.3);
  });

  it("Pairwise beats both baselines on HitRate@3 when the hidden item is not a decoy", () => {
    const { pairwise, popularity, cooccurrence } = report.results;
    expect(pairwise.nonDecoyHitRate).toBeGreaterThan(cooccurrence.nonDecoyHitRate);
    expect(pairwise.nonDecoyHitRate).toBeGreaterThan(popularity.nonDecoyHitRate);
    expect(pairwise.nonDecoyMrr).toBeGreaterThan(cooccurrence.nonDecoyMrr);
    // Over all cases it is close to popularity (the full demo shop: 0.21 vs 0.21, README), not
    // above it on this smaller shop: a list keeps one of a set of alternatives, and the generator
    // plants "a tent comes with one of two sleeping bags", so the other bag is a hidden item the
    // list no longer holds. That is the price of never suggesting two alternatives at once.
    // Over ALL cases raw co-occurrence has the higher HitRate@3: a decoy is hidden in about one
    // case in five and co-occurrence "predicts" it from volume alone, where Pairwise shows no
    // unrelated product by design (see scripts/eval.ts output, "HitRate@3 / MRR, decoy not hidden").
  });

  it("Pairwise keeps substitutes of the cart out of its suggestions, and alternatives out of one list", () => {
    const { pairwise, cooccurrence } = report.results;
    // raw co-occurrence suggests what is bought with the cart, substitutes included
    expect(pairwise.substituteShare).toBeLessThan(0.03);
    expect(pairwise.substituteShare).toBeLessThan(cooccurrence.substituteShare);
    expect(pairwise.alternativeListShare).toBeLessThan(cooccurrence.alternativeListShare);
    expect(cooccurrence.substitutesShown).toBeGreaterThan(0); // the measure can see substitutes
  });

  it("Pairwise shows nothing below the relevance threshold rather than filling the slot", () => {
    const { pairwise, popularity } = report.results;
    expect(popularity.coverage).toBe(1);
    expect(pairwise.coverage).toBeGreaterThan(0.7);
    expect(pairwise.coverage).toBeLessThan(1);
  });
});

describe("Pairwise ranker", () => {
  it("ranks exactly what the cart slot shows: its first three are the slot's three suggestions", () => {
    const catalog = assumeInStock(shop.products);
    const { cutoff, train, test } = timeSplit(shop.orders, { end: DEFAULT_NOW, testMonths: 3 });
    const model = trainPairwise({ train, catalog, now: cutoff });
    const carts = leaveOneOutCases(test)
      .slice(0, 200)
      .map((c) => c.cart);
    let shownSomething = 0;
    for (const cart of carts) {
      const slot = selectOffers({
        context: {
          placement: "cart",
          cart: { lines: cart.map((productId) => ({ productId, quantity: 1 })), subtotal: 0 },
          customer: null,
          visitor: { declinedOfferIds: [], declinedProductIds: [], offerImpressionsToday: {} },
          assignment: { holdout: false },
          now: cutoff,
        },
        offers: [],
        recommendations: model.rows.filter((r) => cart.includes(r.productId)),
        catalog,
        settings: DEFAULT_SHOP_SETTINGS,
      });
      const shown = slot.offers.flatMap((o) => o.items.map((i) => i.productId));
      expect(model.rank(cart).slice(0, 3)).toEqual(shown);
      if (shown.length) shownSomething++;
    }
    expect(shownSomething).toBeGreaterThan(100);
  });

  it("uses the settings a new shop gets (the Prisma Shop defaults)", () => {
    const schema = readFileSync(new URL("../../../prisma/schema.prisma", import.meta.url), "utf8");
    const dflt = (field: string) =>
      Number(new RegExp(`\\n\\s*${field}\\s+\\w+\\s+@default\\(([\\d.]+)\\)`).exec(schema)?.[1]);
    for (const field of [
      "relevanceThreshold",
      "maxSuggestions",
      "lowStockThreshold",
      "marginPreference",
      "frequencyCapPerDay",
      "holdoutPercent",
      "highReturnRate",
    ] as const) {
      expect(DEFAULT_SHOP_SETTINGS[field], field).toBe(dflt(field));
    }
  });
});
