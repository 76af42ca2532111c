// Follow-up tracking in the domain: which order a follow-up brought (its link's `_pairwise` token or
// its code, the same customer, inside the attribution window), the refund-adjusted revenue it is
// credited with, and revenue per customer against the holdout with an always-valid interval.
import { describe, expect, it } from "vitest";
import {
  compareWithHoldout,
  followUpTokens,
  matchFollowUpOrder,
  trackedRevenue,
  type RevenueOrder,
  type TrackedFollowUp,
} from "../../../app/domain/customers";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);
const TOKEN = "AbCdEfGhIjKlMnOpQrStUv";
const OTHER = "zzzzzzzzzzzzzzzzzzzzzz";

const followUp: TrackedFollowUp = {
  id: "f1",
  customerId: "c1",
  token: TOKEN,
  discountCode: "PW-0A1B2C3D4E",
  productIds: ["filters"],
  issuedAt: T0,
  contactAt: T0 + 2 * DAY,
};
const find = {
  byToken: (t: string) => (t === followUp.token ? followUp : undefined),
  byCode: (c: string) => (c === followUp.discountCode ? followUp : undefined),
};
const order = (over: Partial<Parameters<typeof matchFollowUpOrder>[0]> = {}) => ({
  customerId: "c1",
  createdAt: T0 + 5 * DAY,
  tokens: [] as string[],
  discountCodes: [] as string[],
  ...over,
});

describe("followUpTokens", () => {
  it("reads well-formed `_pairwise` values from landing pages and referrers, paths or full URLs", () => {
    expect(followUpTokens([`/products/filters?_pairwise=${TOKEN}&utm_source=email`, null])).toEqual([TOKEN]);
    expect(followUpTokens([undefined, `https://shop.example/products/x?a=1&_pairwise=${OTHER}`])).toEqual([OTHER]);
    expect(followUpTokens([`/?_pairwise=${TOKEN}`, `https://x.test/?_pairwise=${TOKEN}`])).toEqual([TOKEN]);
  });

  it("ignores malformed values, other parameters and oversized input", () => {
    expect(followUpTokens(["/products/x?_pairwise=short", "/products/x?pairwise=" + TOKEN, "::::"])).toEqual([]);
    expect(followUpTokens([`/products/x?_pairwise=${TOKEN}'%3Cscript%3E`])).toEqual([]);
    expect(followUpTokens([`/products/x?_pairwise=${TOKEN}&pad=${"a".repeat(5000)}`])).toEqual([]);
  });
});

describe("matchFollowUpOrder", () => {
  it("matches the customer's order by the link's token", () => {
    expect(matchFollowUpOrder(order({ tokens: [TOKEN] }), find, 14)).toEqual({ followUp, by: "link" });
  });

  it("matches by the follow-up's code, whatever its case", () => {
    expect(matchFollowUpOrder(order({ discountCodes: [" pw-0a1b2c3d4e "] }), find, 14)).toEqual({
      followUp,
      by: "code",
    });
  });

  it("gives nothing for a token or code the app did not issue", () => {
    expect(matchFollowUpOrder(order({ tokens: [OTHER], discountCodes: ["SUMMER10"] }), find, 14)).toBeNull();
  });

  it("gives nothing to another customer's order, or an order without a customer", () => {
    expect(matchFollowUpOrder(order({ customerId: "c2", tokens: [TOKEN] }), find, 14)).toBeNull();
    expect(matchFollowUpOrder(order({ customerId: "c2", discountCodes: ["PW-0A1B2C3D4E"] }), find, 14)).toBeNull();
    expect(matchFollowUpOrder(order({ customerId: null, tokens: [TOKEN] }), find, 14)).toBeNull();
  });

  it("gives nothing outside the window: before the follow-up was issued, or after the window after its moment", () => {
    expect(matchFollowUpOrder(order({ createdAt: T0 - 1, tokens: [TOKEN] }), find, 14)).toBeNull();
    const lastMoment = T0 + 2 * DAY + 14 * DAY;
    expect(matchFollowUpOrder(order({ createdAt: lastMoment, tokens: [TOKEN] }), find, 14)).not.toBeNull();
    expect(matchFollowUpOrder(order({ createdAt: lastMoment + 1, tokens: [TOKEN] }), find, 14)).toBeNull();
    expect(matchFollowUpOrder(order({ createdAt: lastMoment + 1, tokens: [TOKEN] }), find, 30)).not.toBeNull();
  });
});

describe("trackedRevenue", () => {
  const line = (productId: string, quantity: number, refundedQuantity = 0, discount = 0) => ({
    productId,
    quantity,
    price: 1000,
    discount,
    refundedQuantity,
  });
  const at = (lines: RevenueOrder["lines"], cancelled = false): RevenueOrder => ({
    customerId: "c1",
    createdAt: T0 + 3 * DAY,
    cancelled,
    lines,
  });

  it("credits the followed-up products' lines net of discounts, and the order's whole revenue", () => {
    const r = trackedRevenue([{ order: at([line("filters", 2, 0, 200), line("mug", 1)]), followUp, by: "link" }]);
    expect(r).toEqual({
      orders: 1,
      byLink: 1,
      byCode: 0,
      attributed: 1800,
      orderRevenue: 2800,
      followUpsWithOrders: 1,
    });
  });

  it("takes refunds off (a fully refunded line brings nothing) and leaves cancelled orders out", () => {
    const r = trackedRevenue([
      { order: at([line("filters", 2, 1)]), followUp, by: "code" },
      { order: at([line("filters", 1, 1)]), followUp, by: "link" },
      { order: at([line("filters", 3)], true), followUp, by: "link" },
    ]);
    expect(r.orders).toBe(2);
    expect(r.attributed).toBe(1000);
    expect(r.orderRevenue).toBe(1000);
    expect(r.byCode).toBe(1);
  });
});

describe("compareWithHoldout", () => {
  const NOW = T0 + 60 * DAY;
  const o = (
    customerId: string,
    daysAfterT0: number,
    cents: number,
    productId = "mug",
    refunded = 0,
  ): RevenueOrder => ({
    customerId,
    createdAt: T0 + daysAfterT0 * DAY,
    cancelled: false,
    lines: [{ productId, quantity: 1, price: cents, discount: 0, refundedQuantity: refunded }],
  });

  it("compares revenue per customer in the same window after the follow-up moment, refunds taken off", () => {
    const contacts = [
      { customerId: "a", contactAt: T0, productIds: ["filters"], holdout: false },
      { customerId: "b", contactAt: T0, productIds: ["filters"], holdout: false },
      { customerId: "h", contactAt: T0, productIds: ["filters"], holdout: true },
      { customerId: "h2", contactAt: T0, productIds: ["filters"], holdout: true },
      { customerId: "future", contactAt: NOW + DAY, productIds: ["filters"], holdout: false },
    ];
    const orders = [
      o("a", 3, 5000, "filters"),
      o("a", 20, 9999), // after the 14-day window
      o("b", -1, 7000), // before the follow-up
      o("h", 5, 3000, "filters", 1), // refunded
      o("h2", 5, 2000),
    ];
    const r = compareWithHoldout(contacts, orders, 14, NOW);
    expect(r.followedUp).toMatchObject({ customers: 2, converted: 1, revenue: 5000, revenuePerCustomer: 2500 });
    expect(r.holdout).toMatchObject({ customers: 2, converted: 0, revenue: 2000, revenuePerCustomer: 1000 });
    expect(r.difference).toBe(1500);
    expect(r.incrementalRevenue).toBe(3000);
    expect(r.byContacts).toEqual([{ contacts: "1", customers: 2, revenuePerCustomer: 2500 }]);
  });

  it("gives an interval around the difference that narrows with customers and excludes 0 for a clear effect", () => {
    const contacts = [];
    const orders = [];
    for (let i = 0; i < 400; i++) {
      const holdout = i % 2 === 0;
      contacts.push({ customerId: `c${i}`, contactAt: T0, productIds: ["filters"], holdout });
      // followed-up customers spend 30.00 more on average, with spread
      orders.push(o(`c${i}`, 2, (holdout ? 2000 : 5000) + ((i * 7919) % 2000)));
    }
    const r = compareWithHoldout(contacts, orders, 14, NOW);
    expect(r.ci).not.toBeNull();
    expect(r.ci![0]).toBeGreaterThan(0);
    expect(r.ci![0]).toBeLessThan(r.difference);
    expect(r.ci![1]).toBeGreaterThan(r.difference);
    expect(r.significant).toBe(true);

    const none = compareWithHoldout(
      contacts,
      orders.map((x, i) => ({ ...x, lines: [{ ...x.lines[0], price: 3000 + ((i * 7919) % 2000) }] })),
      14,
      NOW,
    );
    expect(none.significant).toBe(false);
    expect(none.ci![0]).toBeLessThan(0);
    expect(none.ci![1]).toBeGreaterThan(0);
  });

  it("counts a customer once however many follow-ups they got, and shows revenue by follow-ups received", () => {
    const contacts = [
      { customerId: "a", contactAt: T0, productIds: ["x"], holdout: false },
      { customerId: "a", contactAt: T0 + 20 * DAY, productIds: ["y"], holdout: false },
      { customerId: "b", contactAt: T0, productIds: ["x"], holdout: false },
    ];
    const r = compareWithHoldout(contacts, [o("a", 25, 4000, "y"), o("b", 1, 1000)], 14, NOW);
    expect(r.followedUp.customers).toBe(2);
    expect(r.followedUp.converted).toBe(1);
    expect(r.byContacts).toEqual([
      { contacts: "1", customers: 1, revenuePerCustomer: 1000 },
      { contacts: "2", customers: 1, revenuePerCustomer: 4000 },
    ]);
    expect(r.ci).toBeNull(); // no holdout customers
  });
});
