// Candidates and the follow-up business rules on hand-made histories and patterns.
import { describe, expect, it } from "vitest";
import {
  contactMoment,
  customerCandidates,
  customerHistories,
  DEFAULT_FOLLOW_UP_RULES,
  FEATURES,
  inFollowUpHoldout,
  planFollowUps,
  reasonText,
  type CustomerOrder,
  type ProductKnowledge,
  type ScoredCandidate,
} from "../../../app/domain/customers";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 1);
const order = (
  id: string,
  customerId: string,
  daysAgo: number,
  lines: [string, number, number?, number?][],
): CustomerOrder => ({
  id,
  customerId,
  createdAt: NOW - daysAgo * DAY,
  lines: lines.map(([productId, quantity, refundedQuantity = 0, discount = 0]) => ({
    productId,
    quantity,
    refundedQuantity,
    price: 1000,
    discount,
  })),
});

const knowledge: ProductKnowledge = {
  asOf: NOW,
  sequences: new Map([["machine", [{ consequent: "filters", confidence: 0.4, lift: 5, medianGapDays: 6 }]]]),
  pairs: new Map([["machine", [{ consequent: "tamper", confidence: 0.3, lift: 4 }]]]),
  replenishment: new Map([["beans", { repurchaseRate: 0.6, medianIntervalDays: 30 }]]),
  upgrades: new Map([["grinder", ["grinder-pro"]]]),
  popularity: new Map([
    ["beans", 0.2],
    ["mug", 0.1],
    ["machine", 0.05],
  ]),
  popular: ["beans", "mug", "machine"],
};

describe("customer histories and candidates", () => {
  const orders = [
    order("1", "c1", 40, [
      ["machine", 1],
      ["beans", 1],
    ]),
    order("2", "c1", 5, [
      ["beans", 2, 0, 200],
      ["grinder", 1, 1],
    ]),
    order("3", "c2", 3, [["mug", 1]]),
    { ...order("4", "c2", 2, [["machine", 1]]), cancelledAt: NOW - DAY },
    order("5", "c3", 1, [["beans", 1]]), // after asOf below: not in history
  ];
  const histories = customerHistories(orders, NOW - 2 * DAY);

  it("reduces orders to recency, frequency, spend, discounts, returns and products (cancelled orders and later orders left out)", () => {
    const c1 = histories.get("c1")!;
    expect(c1.orders).toBe(2);
    expect(c1.units).toBe(5);
    expect(c1.refundedUnits).toBe(1);
    expect(c1.discountedOrders).toBe(1);
    expect(c1.spend).toBe(1000 + 1000 + 2000 - 200);
    expect(c1.lastRefundAt).toBe(NOW - 5 * DAY);
    expect([...c1.products.keys()].sort()).toEqual(["beans", "machine"]); // the grinder was refunded
    expect(c1.products.get("beans")).toMatchObject({ orders: 2, lastAt: NOW - 5 * DAY });
    expect(histories.get("c2")!.orders).toBe(1);
    expect(histories.has("c3")).toBe(false);
  });

  it("gives each candidate its strongest reason, never an owned product unless it is replenished", () => {
    const cands = customerCandidates(histories.get("c1")!, knowledge, NOW);
    const by = new Map(cands.map((c) => [c.productId, c]));
    expect(by.get("filters")!.reason).toMatchObject({ kind: "complement", fromProductId: "machine", typicalDays: 6 });
    expect(by.get("tamper")!.reason).toMatchObject({ kind: "complement", fromProductId: "machine" });
    expect(by.get("beans")!.reason).toMatchObject({ kind: "replenishment", typicalDays: 30, boughtAt: NOW - 5 * DAY });
    expect(by.has("machine")).toBe(false); // owned, not a consumable
    expect(by.get("mug")!.reason.kind).toBe("popular");
    for (const c of cands) expect(c.features).toHaveLength(FEATURES.length);
    expect(by.get("filters")!.features[FEATURES.indexOf("sequence_confidence")]).toBe(0.4);
    expect(by.get("beans")!.features[FEATURES.indexOf("replenishment_rate")]).toBe(0.6);
    expect(by.get("filters")!.features[FEATURES.indexOf("return_rate")]).toBeCloseTo(1 / 5);
  });
});

describe("contact moments", () => {
  it("day 1 / 7 / 30 after the order by the pattern's gap, the due date for replenishment, day 30 for upgrades", () => {
    const t = NOW;
    expect(contactMoment({ kind: "complement", boughtAt: t, strength: 1 })).toEqual({
      moment: "day_1",
      contactAt: t + DAY,
    });
    expect(contactMoment({ kind: "complement", boughtAt: t, typicalDays: 9, strength: 1 })).toEqual({
      moment: "day_7",
      contactAt: t + 7 * DAY,
    });
    expect(contactMoment({ kind: "complement", boughtAt: t, typicalDays: 40, strength: 1 })).toEqual({
      moment: "day_30",
      contactAt: t + 30 * DAY,
    });
    expect(contactMoment({ kind: "replenishment", boughtAt: t, typicalDays: 21, strength: 1 })).toEqual({
      moment: "replenishment",
      contactAt: t + 21 * DAY,
    });
    expect(contactMoment({ kind: "upgrade", boughtAt: t, strength: 1 })).toEqual({
      moment: "day_30",
      contactAt: t + 30 * DAY,
    });
    expect(contactMoment({ kind: "popular", strength: 1 })).toBeNull();
  });
});

describe("planFollowUps: the business rules", () => {
  const hist = (
    customerId: string,
    o: Partial<{ units: number; refundedUnits: number; lastRefundAt: number | null; owned: string[] }> = {},
  ) => ({
    customerId,
    orders: 2,
    firstAt: NOW - 100 * DAY,
    lastAt: NOW - 10 * DAY,
    spend: 5000,
    discountedOrders: 0,
    units: o.units ?? 5,
    refundedUnits: o.refundedUnits ?? 0,
    lastRefundAt: o.lastRefundAt ?? null,
    products: new Map(
      (o.owned ?? ["machine"]).map((id) => [id, { orders: 1, firstAt: NOW - 100 * DAY, lastAt: NOW - 10 * DAY }]),
    ),
  });
  const cand = (
    customerId: string,
    productId: string,
    probability: number,
    reason: ScoredCandidate["reason"],
  ): ScoredCandidate => ({ customerId, productId, probability, reason, features: new Float64Array(FEATURES.length) });
  const due = {
    kind: "complement" as const,
    fromProductId: "machine",
    boughtAt: NOW - 8 * DAY,
    typicalDays: 6,
    strength: 0.4,
  }; // day 7: due yesterday
  const rules = { ...DEFAULT_FOLLOW_UP_RULES, holdoutPercent: 0 };
  const base = { now: NOW, horizonDays: 30, rules, sellable: (id: string) => id !== "sold-out", salt: "shop" };

  it("offers the most probable products with a reason, skipping owned, declined, unsellable, improbable and popular-only ones", () => {
    const histories = new Map([["c1", hist("c1", { owned: ["machine", "tamper"] })]]);
    const scored = [
      cand("c1", "filters", 0.3, due),
      cand("c1", "tamper", 0.9, due), // owned
      cand("c1", "cups", 0.8, due), // declined
      cand("c1", "sold-out", 0.7, due),
      cand("c1", "mug", 0.6, { kind: "popular", strength: 0.1 }),
      cand("c1", "descaler", 0.01, due), // below the probability floor
      cand("c1", "brush", 0.2, { ...due, boughtAt: NOW - 60 * DAY }), // its moment passed long ago
    ];
    const { followUps, summary } = planFollowUps({
      ...base,
      scored,
      histories,
      declined: new Map([["c1", new Set(["cups"])]]),
    });
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({
      customerId: "c1",
      status: "due",
      capped: false,
      quiet: false,
      holdout: false,
    });
    expect(followUps[0].offers.map((o) => o.productId)).toEqual(["filters"]);
    expect(followUps[0].offers[0]).toMatchObject({ moment: "day_7", contactAt: NOW - DAY });
    expect(summary.dropped).toEqual({
      owned: 1,
      declined: 1,
      unsellable: 1,
      lowProbability: 1,
      noReason: 1,
      missed: 1,
    });
    expect(summary.due).toBe(1);
  });

  it("leaves problem customers out and keeps quiet after a refund", () => {
    const histories = new Map([
      ["bad", hist("bad", { units: 10, refundedUnits: 5 })],
      ["refunded", hist("refunded", { units: 10, refundedUnits: 1, lastRefundAt: NOW - 3 * DAY })],
    ]);
    const { followUps, summary } = planFollowUps({
      ...base,
      scored: [cand("bad", "filters", 0.5, due), cand("refunded", "filters", 0.5, due)],
      histories,
    });
    expect(summary.problemCustomers).toBe(1);
    expect(followUps.map((f) => f.customerId)).toEqual(["refunded"]);
    expect(followUps[0]).toMatchObject({ status: "upcoming", quiet: true, contactAt: NOW - 3 * DAY + 14 * DAY });
    expect(summary.heldByQuiet).toBe(1);
  });

  it("counts the quiet time from the day of the refund, not from the day of the refunded order", () => {
    // bought 30 days ago, refunded 20 days after the order (10 days ago)
    const refundedOrder = {
      ...order("r1", "late", 30, [
        ["machine", 1],
        ["tamper", 1, 1],
      ]),
      lastRefundAt: NOW - 10 * DAY,
    };
    // an older refunded order without a known refund date counts from its own date
    const undated = order("r0", "late", 60, [["mug", 30, 1]]);
    const histories = customerHistories([undated, refundedOrder], NOW);
    expect(histories.get("late")!.lastRefundAt).toBe(NOW - 10 * DAY);
    expect(customerHistories([undated], NOW).get("late")!.lastRefundAt).toBe(NOW - 60 * DAY);
    // a refund issued after the cut-off is not known at the cut-off
    expect(customerHistories([refundedOrder], NOW - 15 * DAY).get("late")!.lastRefundAt).toBeNull();
    const { followUps, summary } = planFollowUps({
      ...base,
      scored: [cand("late", "filters", 0.5, due)],
      histories,
    });
    // held until quietDays after the refund; from the order's date the quiet time would be over
    expect(NOW - 30 * DAY + rules.quietDaysAfterRefund * DAY).toBeLessThan(NOW);
    expect(followUps[0]).toMatchObject({
      customerId: "late",
      status: "upcoming",
      quiet: true,
      contactAt: NOW - 10 * DAY + rules.quietDaysAfterRefund * DAY,
    });
    expect(summary.heldByQuiet).toBe(1);
  });

  it("caps contacts per customer per period across all follow-ups", () => {
    const histories = new Map([
      ["c1", hist("c1")],
      ["c2", hist("c2")],
    ]);
    const contacts = new Map([
      ["c1", [NOW - 20 * DAY, NOW - 5 * DAY]],
      ["c2", [NOW - 40 * DAY, NOW - 5 * DAY]],
    ]);
    const { followUps, summary } = planFollowUps({
      ...base,
      scored: [cand("c1", "filters", 0.5, due), cand("c2", "filters", 0.5, due)],
      histories,
      contacts,
    });
    const c1 = followUps.find((f) => f.customerId === "c1")!;
    expect(c1).toMatchObject({ status: "upcoming", capped: true, contactAt: NOW - 20 * DAY + 30 * DAY });
    expect(followUps.find((f) => f.customerId === "c2")).toMatchObject({ status: "due", capped: false });
    expect(summary.heldByCap).toBe(1);
    const uncapped = planFollowUps({
      ...base,
      rules: { ...rules, contactCap: 0 },
      scored: [cand("c1", "filters", 0.5, due)],
      histories,
      contacts,
    });
    expect(uncapped.followUps[0].status).toBe("due");
  });

  it("keeps a stable share of customers as a holdout", () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `cust-${i}`);
    const share = ids.filter((id) => inFollowUpHoldout(id, "shop", 10)).length / ids.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    expect(ids.filter((id) => inFollowUpHoldout(id, "shop", 0))).toEqual([]);
    const histories = new Map(ids.slice(0, 200).map((id) => [id, hist(id)]));
    const { followUps, summary } = planFollowUps({
      ...base,
      rules: { ...rules, holdoutPercent: 10 },
      scored: ids.slice(0, 200).map((id) => cand(id, "filters", 0.5, due)),
      histories,
    });
    expect(summary.holdout).toBe(followUps.filter((f) => f.holdout).length);
    expect(summary.holdout + summary.due).toBe(200);
    expect(followUps.filter((f) => f.holdout).every((f) => inFollowUpHoldout(f.customerId, "shop", 10))).toBe(true);
  });

  it("explains each reason in a sentence", () => {
    const title = (id: string) => ({ machine: "Espresso Machine" })[id] ?? id;
    expect(reasonText(due, title)).toBe("Goes with Espresso Machine bought on 2026-10-24");
    expect(reasonText({ kind: "replenishment", boughtAt: NOW - 20 * DAY, typicalDays: 30, strength: 0.5 }, title)).toBe(
      "Replenishment: last bought 2026-10-12, due around 2026-11-11",
    );
    expect(reasonText({ kind: "upgrade", fromProductId: "machine", boughtAt: NOW, strength: 0.5 }, title)).toBe(
      "Upgrade of Espresso Machine bought on 2026-11-01",
    );
  });
});
