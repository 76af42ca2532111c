import { describe, expect, it } from "vitest";
import {
  customerSegments,
  isLive,
  isProblemCustomer,
  matchTrigger,
  matchesAudience,
  topDecileThreshold,
} from "../../../app/domain/offers";
import { indexCatalog } from "../../../app/domain/ranking";
import { FUEL, LANTERN, SOFA, STAKES, TENT, outdoorCatalog } from "../ranking/catalog-fixture";
import { NOW, offer } from "./fixtures";

const facts = (ordersCount: number, totalSpent: number, returnRate = 0) => ({
  ordersCount,
  totalSpent,
  returnRate,
  ownedProductIds: [],
});

describe("customer segments", () => {
  it("treats anonymous visitors and customers without orders as first-time buyers", () => {
    expect(customerSegments(null, 50000).primary).toBe("first_time");
    expect(customerSegments(facts(0, 0), 50000)).toMatchObject({ firstTime: true, returning: false, highValue: false });
  });

  it("calls customers with at least one order returning, and big spenders high-value", () => {
    expect(customerSegments(facts(1, 4000), 50000).primary).toBe("returning");
    expect(customerSegments(facts(3, 50000), 50000)).toMatchObject({
      returning: true,
      highValue: true,
      primary: "high_value",
    });
    expect(customerSegments(facts(3, 50000), null).highValue).toBe(false);
  });

  it("matches audiences: 'returning' includes high-value customers", () => {
    const hv = customerSegments(facts(3, 90000), 50000);
    expect(matchesAudience("returning", hv)).toBe(true);
    expect(matchesAudience("high_value", hv)).toBe(true);
    expect(matchesAudience("first_time", hv)).toBe(false);
    expect(matchesAudience("all", customerSegments(null, null))).toBe(true);
  });

  it("finds the top-decile spend threshold", () => {
    const totals = Array.from({ length: 100 }, (_, i) => (i + 1) * 100);
    expect(topDecileThreshold(totals)).toBe(9100);
    expect(topDecileThreshold([0, 0])).toBeNull();
    expect(topDecileThreshold([500])).toBe(500);
  });

  it("flags customers returning more than the shop's highReturnRate as problem customers", () => {
    expect(isProblemCustomer(facts(5, 1, 0.31), 0.3)).toBe(true);
    expect(isProblemCustomer(facts(5, 1, 0.3), 0.3)).toBe(false);
    expect(isProblemCustomer(null, 0.3)).toBe(false);
  });
});

describe("offer schedule", () => {
  it("is live from startsAt (inclusive) until endsAt (exclusive), only when active", () => {
    expect(isLive(offer({ startsAt: NOW, endsAt: NOW + 1 }), NOW)).toBe(true);
    expect(isLive(offer({ startsAt: NOW + 1 }), NOW)).toBe(false);
    expect(isLive(offer({ endsAt: new Date(NOW) }), NOW)).toBe(false);
    expect(isLive(offer({ status: "draft" }), NOW)).toBe(false);
  });
});

describe("trigger matching", () => {
  const catalog = indexCatalog(outdoorCatalog());
  const cart = (subtotal: number, ...ids: string[]) => ({
    lines: ids.map((productId) => ({ productId, quantity: 1 })),
    subtotal,
  });

  it("matches listed products, on the product page and in the cart", () => {
    expect(
      matchTrigger(offer({ triggerType: "products", triggerValues: [TENT] }), { productId: TENT }, catalog),
    ).toEqual([TENT]);
    expect(
      matchTrigger(
        offer({ triggerType: "products", triggerValues: [TENT] }),
        { cart: cart(23500, LANTERN, TENT) },
        catalog,
      ),
    ).toEqual([TENT]);
    expect(
      matchTrigger(offer({ triggerType: "products", triggerValues: [TENT] }), { productId: SOFA }, catalog),
    ).toEqual([]);
  });

  it("matches collections, product types and tags (case-insensitive)", () => {
    expect(
      matchTrigger(offer({ triggerType: "collections", triggerValues: ["c-tents"] }), { productId: TENT }, catalog),
    ).toEqual([TENT]);
    expect(
      matchTrigger(
        offer({ triggerType: "product_type", triggerValues: ["lighting"] }),
        { productId: LANTERN },
        catalog,
      ),
    ).toEqual([LANTERN]);
    expect(
      matchTrigger(
        offer({ triggerType: "tag", triggerValues: ["CONSUMABLE"] }),
        { cart: cart(1400, FUEL, STAKES) },
        catalog,
      ),
    ).toEqual([FUEL]);
    expect(
      matchTrigger(offer({ triggerType: "tag", triggerValues: ["living"] }), { productId: TENT }, catalog),
    ).toEqual([]);
  });

  it("matches any product, and a cart subtotal range only when a cart is known", () => {
    expect(matchTrigger(offer({ triggerType: "any", triggerValues: [] }), { productId: SOFA }, catalog)).toEqual([
      SOFA,
    ]);
    const sub = offer({
      triggerType: "cart_subtotal",
      triggerValues: [],
      cartSubtotalMin: 5000,
      cartSubtotalMax: 10000,
    });
    expect(matchTrigger(sub, { cart: cart(6000, LANTERN, STAKES) }, catalog)).toEqual([LANTERN, STAKES]);
    expect(matchTrigger(sub, { cart: cart(4999, LANTERN) }, catalog)).toEqual([]);
    expect(matchTrigger(sub, { cart: cart(10001, LANTERN) }, catalog)).toEqual([]);
    expect(matchTrigger(sub, { productId: LANTERN }, catalog)).toEqual([]);
  });

  it("uses a subtotal range on another trigger type as an extra condition", () => {
    const o = offer({ triggerType: "products", triggerValues: [TENT], cartSubtotalMin: 30000 });
    expect(matchTrigger(o, { cart: cart(20000, TENT) }, catalog)).toEqual([]);
    expect(matchTrigger(o, { cart: cart(30000, TENT) }, catalog)).toEqual([TENT]);
  });
});
