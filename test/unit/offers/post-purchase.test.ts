// Post-purchase: which products are offered after payment, the changeset discount Shopify expects,
// and when the app refuses to sign a changeset.
import { describe, expect, it } from "vitest";
import {
  changesetDiscount,
  changeToSign,
  postPurchaseMaxQuantity,
  postPurchasePicks,
  selectOffers,
  type ChangesetRequest,
  type ServedPostPurchaseOffer,
} from "../../../app/domain/offers";
import { FOOTPRINT, LANTERN, STAKES, TENT } from "../ranking/catalog-fixture";
import { context, input, offer } from "./fixtures";

const orderedTent = context({
  placement: "post_purchase",
  productId: null,
  cart: { lines: [{ productId: TENT, quantity: 1, price: 19900 }], subtotal: 19900 },
});

describe("postPurchasePicks", () => {
  it("offers the selection's products in order, distinct, up to the merchant's limit", () => {
    const selection = selectOffers(
      input({
        context: orderedTent,
        offers: [offer({ placements: ["post_purchase"], discountType: "percent", discountValue: 15 })],
      }),
    );
    const picks = postPurchasePicks(selection, 2);
    expect(picks.map((p) => p.item.productId)).toEqual([STAKES, FOOTPRINT]);
    expect(picks[0].offer.discountValue).toBe(15);
    expect(postPurchasePicks(selection, 1)).toHaveLength(1);
    expect(postPurchasePicks(selection, 0)).toHaveLength(0);
  });

  it("never offers what is in the order or owned, and nothing from an offer placed elsewhere", () => {
    const owned = selectOffers(
      input({
        context: {
          ...orderedTent,
          customer: { ordersCount: 2, totalSpent: 30000, returnRate: 0, ownedProductIds: [STAKES] },
        },
        offers: [offer({ placements: ["post_purchase"], offeredProductIds: [TENT, STAKES, FOOTPRINT] })],
      }),
    );
    expect(postPurchasePicks(owned, 3).map((p) => p.item.productId)).toEqual([FOOTPRINT]);
    const elsewhere = selectOffers(
      input({ context: orderedTent, offers: [offer({ placements: ["product", "cart"] })], autoRecommendations: false }),
    );
    expect(postPurchasePicks(elsewhere, 3)).toEqual([]);
  });

  it("counts sequential patterns as companions only when asked (after a purchase)", () => {
    const sequential = [
      {
        productId: TENT,
        recommendedProductId: LANTERN,
        kind: "sequential" as const,
        source: "mined" as const,
        score: 0.8,
        lift: 3,
      },
    ];
    const base = {
      context: orderedTent,
      offers: [offer({ placements: ["post_purchase"], offerSource: "recommended", offeredProductIds: [] })],
      recommendations: sequential,
    };
    expect(postPurchasePicks(selectOffers(input(base)), 1)).toEqual([]);
    expect(
      postPurchasePicks(selectOffers(input({ ...base, sequentialAsCrossSell: true })), 1).map((p) => p.item.productId),
    ).toEqual([LANTERN]);
  });
});

describe("changesetDiscount", () => {
  it("is Shopify's ExplicitDiscount: percent as percentage, cents as a fixed amount in the currency", () => {
    expect(changesetDiscount("percent", 15, "Bundle")).toEqual({ value: 15, valueType: "percentage", title: "Bundle" });
    expect(changesetDiscount("percent", 150, "x")?.value).toBe(100);
    expect(changesetDiscount("fixed", 500, "x")).toEqual({ value: 5, valueType: "fixed_amount", title: "x" });
    expect(changesetDiscount("none", 10, "x")).toBeNull();
    expect(changesetDiscount("percent", 0, "x")).toBeNull();
  });
});

describe("changeToSign", () => {
  const served: ServedPostPurchaseOffer = {
    variantId: "42",
    status: "offered",
    changesetJti: null,
    maxQuantity: 3,
    discountType: "percent",
    discountValue: 10,
  };
  const ok: ChangesetRequest = { variantId: "42", quantity: 2, discount: { value: 10, valueType: "percentage" } };

  it("signs the served variant with the merchant's discount", () => {
    expect(changeToSign(served, ok, "Offer")).toEqual({
      ok: true,
      change: {
        type: "add_variant",
        variantId: 42,
        quantity: 2,
        discount: { value: 10, valueType: "percentage", title: "Offer" },
      },
    });
    const plain = changeToSign(
      { ...served, discountType: "none", discountValue: 0 },
      { ...ok, discount: null },
      "Offer",
    );
    expect(plain).toEqual({ ok: true, change: { type: "add_variant", variantId: 42, quantity: 2 } });
  });

  it("refuses what was not offered, a second signature, a decline, a quantity or discount not offered", () => {
    const reason = (s: ServedPostPurchaseOffer | null, r = ok) => {
      const d = changeToSign(s, r, "Offer");
      return d.ok ? "ok" : d.reason;
    };
    expect(reason(null)).toBe("not_offered");
    expect(reason({ ...served, changesetJti: "j" })).toBe("already_signed");
    expect(reason({ ...served, status: "accepted" })).toBe("already_signed");
    expect(reason({ ...served, status: "declined" })).toBe("declined");
    expect(reason(served, { ...ok, variantId: "43" })).toBe("variant_not_offered");
    expect(reason(served, { ...ok, quantity: 4 })).toBe("quantity_not_allowed");
    expect(reason(served, { ...ok, quantity: 0 })).toBe("quantity_not_allowed");
    expect(reason(served, { ...ok, discount: { value: 50, valueType: "percentage" } })).toBe("discount_not_configured");
    expect(reason(served, { ...ok, discount: { value: 10, valueType: "fixed_amount" } })).toBe(
      "discount_not_configured",
    );
    expect(reason(served, { ...ok, discount: null })).toBe("discount_not_configured");
    expect(reason({ ...served, discountType: "none", discountValue: 0 })).toBe("discount_not_configured");
  });
});

describe("postPurchaseMaxQuantity", () => {
  it("is at most 5 and never eats into the low-stock floor", () => {
    expect(postPurchaseMaxQuantity({ tracked: false, quantity: null }, 2)).toBe(5);
    expect(postPurchaseMaxQuantity({ tracked: true, quantity: 100 }, 2)).toBe(5);
    expect(postPurchaseMaxQuantity({ tracked: true, quantity: 4 }, 2)).toBe(3);
    expect(postPurchaseMaxQuantity({ tracked: true, quantity: 2 }, 2)).toBe(1);
  });
});
