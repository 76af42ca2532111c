import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  acceptanceRates,
  aovLift,
  attributedRevenue,
  attributedRevenueFromRows,
  byOffer,
  byPlacement,
  bySegment,
  byVariant,
  crossSellRate,
  dailySeries,
  exposedVsControlConversion,
  groupBy,
  lineRevenue,
  localDay,
  refundWarning,
  type MetricOrder,
  type MetricOrderLine,
  type OfferEvent,
} from "../../../app/domain/metrics";

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const ev = (over: Partial<OfferEvent>): OfferEvent => ({
  type: "impression",
  offerId: "off_1",
  placement: "product",
  variant: null,
  segment: "first_time",
  productId: "8103",
  visitorId: "v1",
  occurredAt: T0,
  ...over,
});
const line = (over: Partial<MetricOrderLine> = {}): MetricOrderLine => ({
  quantity: 1,
  price: 2500,
  discount: 0,
  refundedQuantity: 0,
  offerId: null,
  ...over,
});

describe("offer acceptance rate", () => {
  const events = [
    ev({}),
    ev({}),
    ev({}),
    ev({}),
    ev({ type: "click" }),
    ev({ type: "add" }),
    ev({ placement: "cart" }),
    ev({ placement: "cart" }),
    ev({ placement: "cart", type: "decline" }),
    ev({ placement: "post_purchase", offerId: "off_2", variant: "b" }),
    ev({ placement: "post_purchase", offerId: "off_2", variant: "b", type: "accept" }),
  ];

  it("is acceptances / impressions per offer (clicks and declines are not acceptances)", () => {
    expect(acceptanceRates(events, byOffer)).toEqual([
      { key: "off_1", impressions: 6, acceptances: 1, rate: 1 / 6 },
      { key: "off_2", impressions: 1, acceptances: 1, rate: 1 },
    ]);
  });

  it("groups by placement, variant, segment or combinations", () => {
    expect(acceptanceRates(events, byPlacement).map((r) => [r.key, r.rate])).toEqual([
      ["cart", 0],
      ["post_purchase", 1],
      ["product", 0.25],
    ]);
    expect(acceptanceRates(events, byVariant).map((r) => r.key)).toEqual(["b", "none"]);
    expect(acceptanceRates(events, bySegment)[0].key).toBe("first_time");
    expect(acceptanceRates(events, groupBy(byOffer, byPlacement)).map((r) => r.key)).toEqual([
      "off_1|cart",
      "off_1|product",
      "off_2|post_purchase",
    ]);
  });

  it("has no rate without impressions", () => {
    expect(acceptanceRates([ev({ type: "accept" })])[0]).toEqual({
      key: "off_1",
      impressions: 0,
      acceptances: 1,
      rate: null,
    });
  });
});

describe("cross-sell rate", () => {
  it("is orders with at least one accepted offer line / all orders", () => {
    const orders: MetricOrder[] = [
      { subtotal: 20000, lines: [line(), line({ offerId: "off_1" }), line({ offerId: "off_2" })] },
      { subtotal: 5000, lines: [line()] },
      { subtotal: 5000, lines: [line()] },
      { subtotal: 5000, lines: [line({ offerId: "off_1" })] },
    ];
    expect(crossSellRate(orders)).toEqual({ orders: 4, withOffer: 2, rate: 0.5 });
    expect(crossSellRate([]).rate).toBeNull();
  });
});

describe("attributed revenue", () => {
  it("counts accepted offer lines net of discounts, minus refunds", () => {
    const lines = [
      line({ offerId: "off_1", quantity: 2, price: 2500, discount: 750 }), // 4250 net
      line({ offerId: "off_1", quantity: 4, price: 1000, discount: 400, refundedQuantity: 1 }), // 3600 net, 900 refunded
      line({ offerId: "off_2", quantity: 1, price: 9900 }),
      line({ quantity: 1, price: 50000 }), // not sold through an offer
    ];
    expect(attributedRevenue(lines)).toEqual({ gross: 17750, refunded: 900, net: 16850, lines: 3 });
    expect(attributedRevenue(lines, "off_1")).toEqual({ gross: 7850, refunded: 900, net: 6950, lines: 2 });
  });

  it("sums stored attribution rows", () => {
    expect(
      attributedRevenueFromRows([
        { revenue: 4250, refundedRevenue: 0 },
        { revenue: 3600, refundedRevenue: 900 },
      ]),
    ).toEqual({ gross: 7850, refunded: 900, net: 6950, lines: 2 });
  });

  it("never refunds more than a line earned (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 30 }),
        (quantity, price, discount, refundedQuantity) => {
          const r = lineRevenue(line({ quantity, price, discount, refundedQuantity, offerId: "o" }));
          expect(r.net).toBeGreaterThanOrEqual(0);
          expect(r.refunded).toBeGreaterThanOrEqual(0);
          expect(r.refunded).toBeLessThanOrEqual(r.net);
        },
      ),
    );
  });
});

describe("AOV lift", () => {
  it("is AOV of exposed orders − AOV of control orders, ignoring orders of unknown exposure", () => {
    const orders: MetricOrder[] = [
      { subtotal: 6000, exposure: "exposed", lines: [] },
      { subtotal: 8000, exposure: "exposed", lines: [] },
      { subtotal: 4000, exposure: "control", lines: [] },
      { subtotal: 6000, exposure: "control", lines: [] },
      { subtotal: 100000, exposure: null, lines: [] },
    ];
    const r = aovLift(orders);
    expect(r.exposed).toEqual({ orders: 2, aov: 7000 });
    expect(r.control).toEqual({ orders: 2, aov: 5000 });
    expect(r.lift).toBe(2000);
    expect(r.relativeLift).toBe(0.4);
    // Welch: se = √(2e6/2 + 2e6/2) = √2e6
    const se = Math.sqrt(2e6);
    expect(r.ci95![0]).toBeCloseTo(2000 - 1.959964 * se, 1);
  });

  it("has no lift without a control group", () => {
    expect(aovLift([{ subtotal: 5000, exposure: "exposed", lines: [] }])).toMatchObject({
      lift: null,
      ci95: null,
      control: { orders: 0, aov: null },
    });
  });
});

describe("warning metrics", () => {
  const many = (n: number, refunded: number, offerId: string | null): MetricOrderLine[] =>
    Array.from({ length: n }, (_, i) => line({ offerId, refundedQuantity: i < refunded ? 1 : 0 }));

  it("flags offer-sold lines refunded far above the shop's baseline", () => {
    const w = refundWarning(many(200, 40, "off_1"), many(2000, 100, null));
    expect(w).toMatchObject({
      offerRate: 0.2,
      baselineRate: 0.05,
      offerUnits: 200,
      flagged: true,
      reason: "refunds_above_baseline",
    });
  });

  it("does not flag on a small sample, nor when the rate is close to the baseline", () => {
    expect(refundWarning(many(10, 5, "off_1"), many(2000, 100, null))).toMatchObject({
      flagged: false,
      reason: "not_enough_data",
    });
    expect(refundWarning(many(200, 12, "off_1"), many(2000, 100, null))).toMatchObject({
      flagged: false,
      reason: "ok",
    });
  });

  it("flags exposure that significantly lowers conversion, not one that raises it", () => {
    const bad = exposedVsControlConversion({ visitors: 9000, orders: 180 }, { visitors: 1000, orders: 35 });
    expect(bad.flagged).toBe(true);
    expect(bad.exposedRate).toBeCloseTo(0.02, 12);
    const good = exposedVsControlConversion({ visitors: 9000, orders: 400 }, { visitors: 1000, orders: 30 });
    expect(good.flagged).toBe(false);
  });
});

describe("daily series", () => {
  it("buckets by the shop's local day and fills empty days with zeros", () => {
    const from = Date.UTC(2026, 10, 20, 0, 0, 0);
    const to = Date.UTC(2026, 10, 22, 12, 0, 0);
    const items = [
      { at: Date.UTC(2026, 10, 20, 10, 0), value: 1000 },
      // 23:30 UTC on the 20th is already the 21st in Berlin (UTC+1)
      { at: Date.UTC(2026, 10, 20, 23, 30), value: 500 },
      { at: Date.UTC(2026, 10, 22, 9, 0), value: 200 },
    ];
    expect(dailySeries(items, { from, to, tzOffsetMinutes: 60 })).toEqual([
      { date: "2026-11-20", count: 1, sum: 1000 },
      { date: "2026-11-21", count: 1, sum: 500 },
      { date: "2026-11-22", count: 1, sum: 200 },
    ]);
    expect(dailySeries(items, { from, to, tzOffsetMinutes: 0 }).map((p) => p.count)).toEqual([2, 0, 1]);
  });

  it("handles time zones behind UTC", () => {
    expect(localDay(Date.UTC(2026, 10, 21, 3, 0), -300)).toBe("2026-11-20");
  });

  it("covers every day of the range exactly once and loses no item inside it (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: -720, max: 840 }),
        fc.array(fc.integer({ min: 0, max: 60 * 86_400_000 }), { maxLength: 50 }),
        (days, tz, offsets) => {
          const from = T0;
          const to = T0 + days * 86_400_000;
          const items = offsets.map((o) => ({ at: from + o })).filter((i) => i.at <= to);
          const series = dailySeries(items, { from, to, tzOffsetMinutes: tz });
          expect(series.length).toBe(days + 1);
          expect(new Set(series.map((p) => p.date)).size).toBe(series.length);
          expect(series.reduce((s, p) => s + p.count, 0)).toBe(items.length);
        },
      ),
    );
  });
});
