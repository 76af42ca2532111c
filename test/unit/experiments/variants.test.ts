// What a variant may change beyond copy and items: the checkout discount of its arm (compiled into
// the discount function's configuration, granted by the arm the visitor hashes to), and, for an
// experiment on a placement, what that placement shows — whatever offers it holds.
import { describe, expect, it } from "vitest";
import { assignVariant, experimentArms, armOf, type LiveExperiment } from "../../../app/domain/experiments";
import { armDiscount, compileDiscountConfig, functionConfigOf, offerDiscountFor } from "../../../app/domain/discounts";
import { selectOffers } from "../../../app/domain/offers";
import { context, input, NOW, offer } from "../offers/fixtures";

const ARMS = [
  { key: "control", weight: 50 },
  { key: "b", weight: 50 },
];

describe("discount variants in the function's configuration", () => {
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
      experimentId: "exp1",
      variants: [
        { key: "b", weight: 50, discountType: "percent" as const, discountValue: 15 },
        { key: "control", weight: 50, discountType: "none" as const, discountValue: 0 },
      ],
    },
  };

  it("keeps an offer without its own discount in the rules when an arm gives one, with the arms beside", () => {
    const { config } = compileDiscountConfig({ offers: [source], bundles: [] });
    expect(config.o).toHaveLength(1);
    expect(config.o[0].d).toEqual(["%", 0]);
    expect(functionConfigOf(config).x).toEqual({
      [config.o[0].k]: {
        e: "exp1",
        a: [
          ["b", 50, "%", 15],
          ["control", 50, "%", 0],
        ],
      },
    });
    // without arms that give something, the offer is left out as before
    expect(compileDiscountConfig({ offers: [{ ...source, arms: null }], bundles: [] }).config.o).toEqual([]);
  });

  it("grants each visitor the discount of the arm the storefront's hash puts them in", () => {
    const { config } = compileDiscountConfig({ offers: [source], bundles: [] });
    for (let i = 0; i < 200; i++) {
      const visitor = `v-${i}`;
      const arm = assignVariant(visitor, "exp1", ARMS);
      expect(armDiscount(config.x, config.o[0].k, visitor)).toEqual(arm === "b" ? ["%", 15] : ["%", 0]);
      expect(offerDiscountFor(config, source.id, visitor)).toEqual(arm === "b" ? ["%", 15] : ["%", 0]);
    }
    // no visitor: the offer's own rule
    expect(offerDiscountFor(config, source.id, null)).toEqual(["%", 0]);
    expect(armDiscount(config.x, "other", "v-1")).toBeNull();
  });
});

describe("experiments on a placement", () => {
  const placementExperiment: LiveExperiment = {
    id: "exp-cart",
    offerId: null,
    placement: "product",
    startedAt: NOW - 1000,
    endedAt: null,
    variants: [
      { key: "control", weight: 50, overrides: {} },
      { key: "b", weight: 50, overrides: { maxSuggestions: 1 } },
    ],
  };
  const visitorIn = (key: string) => {
    for (let i = 0; ; i++) if (assignVariant(`p-${i}`, "exp-cart", ARMS) === key) return `p-${i}`;
  };

  it("applies the arm to whatever offers the placement shows, and tags its events", () => {
    const b = visitorIn("b");
    const control = visitorIn("control");
    const served = (visitor: string) =>
      selectOffers(
        input({
          context: context({
            assignment: { holdout: false, experiments: experimentArms([placementExperiment], visitor, NOW) },
          }),
          offers: [offer(), offer({ id: "clx0offer00002", priority: -1 })],
        }),
      );
    expect(served(control).offers.flatMap((o) => o.items)).toHaveLength(2);
    const one = served(b);
    expect(one.offers.flatMap((o) => o.items)).toHaveLength(1);
    expect(one.offers[0].experimentVariant).toBe("b");
    // another placement is not in it
    const cart = selectOffers(
      input({
        context: context({
          placement: "cart",
          productId: null,
          cart: { lines: [{ productId: offer().triggerValues[0], quantity: 1 }], subtotal: 100 },
          assignment: { holdout: false, experiments: experimentArms([placementExperiment], b, NOW) },
        }),
        offers: [offer({ placements: ["cart"] })],
      }),
    );
    expect(cart.offers.flatMap((o) => o.items)).toHaveLength(2);
    // events of that placement carry the arm; an offer experiment comes first
    expect(armOf([placementExperiment], "any-offer", b, NOW, "product")).toEqual({
      experimentId: "exp-cart",
      variant: "b",
    });
    expect(armOf([placementExperiment], "any-offer", b, NOW, "cart")).toBeNull();
  });

  it("honours the merchant's placement setting, a hidden placement showing nothing", () => {
    const shown = (placementSettings: Parameters<typeof selectOffers>[0]["placementSettings"]) =>
      selectOffers(input({ placementSettings }));
    expect(shown({ product: { maxSuggestions: 1 } }).offers.flatMap((o) => o.items)).toHaveLength(1);
    expect(shown({ product: { hide: true } }).outcome).toBe("no_match");
    expect(shown({ cart: { hide: true } }).outcome).toBe("shown");
    expect(shown({ product: { layout: "list" } }).offers[0].layout).toBe("list");
  });
});
