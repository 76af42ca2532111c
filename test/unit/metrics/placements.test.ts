import { describe, expect, it } from "vitest";
import {
  linePlacements,
  placementFigures,
  type AcceptanceEvent,
  type PlacedLine,
} from "../../../app/domain/metrics/placements";

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 1);
const line = (over: Partial<PlacedLine>): PlacedLine => ({
  quantity: 1,
  price: 1500,
  discount: 0,
  refundedQuantity: 0,
  offerId: "o1",
  productId: "p1",
  visitorId: "v1",
  orderedAt: T,
  ...over,
});
const add = (over: Partial<AcceptanceEvent>): AcceptanceEvent => ({
  visitorId: "v1",
  productId: "p1",
  offerId: "o1",
  placement: "cart",
  occurredAt: T - 1000,
  ...over,
});

describe("revenue per placement", () => {
  it("places a line where that visitor last accepted that product of that offer before the order", () => {
    const placed = linePlacements(
      [line({}), line({ productId: "p2", offerId: "auto" }), line({ productId: "p3" }), line({ visitorId: "v2" })],
      [
        add({ placement: "product", occurredAt: T - 3 * DAY }),
        add({ placement: "checkout", occurredAt: T - 60_000 }),
        add({ placement: "thank_you", occurredAt: T + 60_000 }), // after the order: not its cause
        add({ productId: "p2", offerId: null, placement: "cart" }),
        add({ productId: "p3", placement: "checkout", occurredAt: T - 40 * DAY }), // outside the window
      ],
    );
    expect(placed).toEqual(["checkout", "cart", null, null]);
  });

  it("counts impressions, acceptances (clicks on the thank-you page) and net revenue per placement, and keeps unplaced revenue apart", () => {
    const figures = placementFigures(
      [
        { placement: "checkout", type: "impression", count: 10 },
        { placement: "checkout", type: "add", count: 2 },
        { placement: "thank_you", type: "impression", count: 4 },
        { placement: "thank_you", type: "click", count: 1 },
        { placement: "cart", type: "click", count: 5 },
      ],
      [line({ price: 2000, discount: 200, quantity: 1 }), line({ productId: "p9", price: 999 })],
      [add({ placement: "checkout" })],
    );
    const by = Object.fromEntries(figures.rows.map((r) => [r.placement, r]));
    expect(figures.rows.map((r) => r.placement)).toEqual(["product", "cart", "checkout", "post_purchase", "thank_you"]);
    expect(by.checkout).toMatchObject({ impressions: 10, acceptances: 2, rate: 0.2 });
    expect(by.checkout.revenue.net).toBe(1800);
    expect(by.thank_you).toMatchObject({ impressions: 4, acceptances: 1, rate: 0.25 });
    expect(by.cart).toMatchObject({ impressions: 0, acceptances: 0, rate: null });
    expect(figures.unknownRevenue).toMatchObject({ net: 999, lines: 1 });
  });
});
