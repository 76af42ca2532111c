// The daily rollups the dashboard reads equal the direct SQL over the orders, lines and events,
// after any sequence of writes: orders created and updated through the webhook handlers (also
// re-delivered, also moved to another day, cancelled, lines added, changed and removed), refunds
// (also re-delivered), offer ids set afterwards (attribution), exposure changed, orders deleted,
// events stored (duplicates refused by the unique keys), an offer deleted (its events' offer id set
// to null), events erased. Checked for several periods after every stretch of writes, on SQLite and
// (npm run test:postgres) on PostgreSQL; a rebuild from scratch gives the same rows as the
// triggers kept; a deleted shop leaves no rollup behind.
import { afterAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { mulberry32 } from "../../../scripts/lib/zipf-baskets";

useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { handleOrderUpsert, handleRefundCreate } = await import("../../../app/services/sync/orders-webhooks.server");
const { periodFigures } = await import("../../../app/services/admin/period-figures.server");
const rollups = await import("../../../app/services/admin/rollups.server");
const { dashboardFigures } = await import("../../../app/services/admin/dashboard.server");
const { placementRevenueDirect } = await import("../../../app/services/admin/placement-figures.server");
const { momentsFromSums, aovLift } = await import("../../../app/domain/metrics/index");

const SHOP = "rollups.myshopify.com";
const OTHER = "rollups-other.myshopify.com";
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 18, 45, 0);

afterAll(async () => {
  await db.$disconnect();
});

type Range = { from: string; to: string };

/** Figures with the days that hold nothing left out, maps as sorted arrays (comparable). */
function comparable(f: Awaited<ReturnType<typeof periodFigures>>) {
  return {
    ...f,
    offers: [...f.offers.entries()].sort(([a], [b]) => a.localeCompare(b)),
    days: [...f.days.entries()]
      .filter(([, d]) => d.orders !== 0 || d.offerOrders !== 0 || d.revenue !== 0)
      .sort(([a], [b]) => a.localeCompare(b)),
  };
}

async function directEvents(shop: string, range: Range) {
  const { from, to } = rollups.rangeInstants(range);
  const rows = await db.event.groupBy({
    by: ["offerId", "placement", "type"],
    where: { shop, occurredAt: { gte: from, lte: to } },
    _count: { _all: true },
  });
  return rows
    .map((r) => ({ offerId: r.offerId, placement: r.placement, type: r.type, count: r._count._all }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

async function directOfferLines(shop: string, range: Range) {
  const { from, to } = rollups.rangeInstants(range);
  const rows = await db.orderLine.groupBy({
    by: ["offerId"],
    where: { offerId: { not: null }, order: { shop, cancelledAt: null, createdAt: { gte: from, lte: to } } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.offerId!, r._count._all]));
}

async function tables(shop: string) {
  const nonZero = <T extends Record<string, unknown>>(rows: T[], sums: (keyof T)[]) =>
    rows.filter((r) => sums.some((s) => Number(r[s]) !== 0));
  return {
    orders: nonZero(
      await db.dailyOrderRollup.findMany({
        where: { shop },
        orderBy: [{ day: "asc" }, { exposure: "asc" }, { withOffer: "asc" }, { cancelled: "asc" }],
      }),
      ["orders", "subtotal", "subtotalSq"],
    ),
    lines: nonZero(
      await db.dailyLineRollup.findMany({
        where: { shop },
        orderBy: [{ day: "asc" }, { offerId: "asc" }, { cancelled: "asc" }],
      }),
      ["lines", "gross", "refunded", "units", "refundedUnits"],
    ),
    placements: nonZero(
      await db.dailyPlacementRollup.findMany({
        where: { shop },
        orderBy: [{ day: "asc" }, { offerId: "asc" }, { placement: "asc" }, { cancelled: "asc" }],
      }),
      ["lines", "gross", "refunded", "units", "refundedUnits"],
    ),
    offerLines: await db.offerLinePlacement.findMany({ where: { shop }, orderBy: { lineId: "asc" } }),
    events: nonZero(
      await db.dailyEventRollup.findMany({
        where: { shop },
        orderBy: [{ day: "asc" }, { offerId: "asc" }, { placement: "asc" }, { type: "asc" }],
      }),
      ["count"],
    ),
  };
}

let checks = 0;
async function expectEqual(label: string, r: () => number) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const ranges: Range[] = [7, 30, 90, 365, 800].map((d) => rollups.lastDays(d, NOW));
  const a = rollups.utcDayOf(NOW - Math.floor(r() * 400) * DAY);
  const b = rollups.utcDayOf(NOW - Math.floor(r() * 400) * DAY);
  ranges.push(a < b ? { from: a, to: b } : { from: b, to: a });
  for (const shop of [SHOP, OTHER]) {
    for (const range of ranges) {
      const { from, to } = rollups.rangeInstants(range);
      const direct = await periodFigures(shop, from, to);
      const rolled = await rollups.rollupPeriodFigures(shop, range);
      expect(comparable(rolled), `${label}: ${shop} ${range.from}..${range.to}`).toEqual(comparable(direct));
      const events = (await rollups.rollupEventCounts(shop, range)).sort((x, y) =>
        JSON.stringify(x).localeCompare(JSON.stringify(y)),
      );
      expect(events, `${label}: events`).toEqual(await directEvents(shop, range));
      expect(await rollups.rollupOfferLines(shop, range), `${label}: offer lines`).toEqual(
        await directOfferLines(shop, range),
      );
      expect(await rollups.rollupPlacementRevenue(shop, range), `${label}: placements`).toEqual(
        await placementRevenueDirect(shop, range),
      );
      const offerId = pick(["offer_a", "offer_b", "offer_gone"]);
      expect(await rollups.rollupPlacementRevenue(shop, range, { offerId }), `${label}: ${offerId}`).toEqual(
        await placementRevenueDirect(shop, range, { offerId }),
      );
      checks++;
    }
    expect(await rollups.rollupTotals(shop)).toEqual({
      orders: await db.order.count({ where: { shop } }),
      orderLines: await db.orderLine.count({ where: { shop } }),
    });
  }
}

describe("daily rollups", () => {
  it("equal the direct SQL after random orders, updates, refunds, re-deliveries, deletions and events", async () => {
    const r = mulberry32(2026);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    for (const domain of [SHOP, OTHER]) await db.shop.create({ data: { domain, scopes: "read_orders" } });
    const offers = ["offer_a", "offer_b", "offer_c", "offer_gone"];
    for (const id of offers) await db.offer.create({ data: { id, shop: SHOP, name: id, status: "active" } });
    const payloads = new Map<string, { shop: string; payload: Record<string, unknown> }>();
    const refunds: { shop: string; payload: Record<string, unknown> }[] = [];
    let refundId = 1;
    let eventId = 0;

    const orderPayload = (id: number) => {
      const createdAt = NOW - Math.floor(r() * 420 * DAY) + (r() < 0.1 ? DAY : 0);
      const lines = Array.from({ length: Math.floor(r() * 5) }, (_, k) => {
        const quantity = pick([1, 1, 2, 3, 0, 7]);
        const price = pick([1999, 2500, 1, 0, 333, 99_999]);
        return {
          id: id * 10 + k + (r() < 0.15 ? 5 : 0), // now and then another line id: a line removed, one added
          product_id: 1000 + Math.floor(r() * 20),
          variant_id: 5000 + k,
          title: `Product ${k}`,
          quantity,
          price: (price / 100).toFixed(2),
          total_discount: (pick([0, 0, 100, price * Math.max(quantity, 1) + 5]) / 100).toFixed(2),
          properties: r() < 0.4 ? [{ name: "_pairwise", value: pick(offers) }] : [],
        };
      });
      const subtotal = lines.reduce((s, l) => s + Math.max(0, Math.round(Number(l.price) * 100) * l.quantity), 0);
      const withRefund = lines.length > 0 && r() < 0.3;
      return {
        id,
        created_at: new Date(createdAt).toISOString(),
        cancelled_at: r() < 0.08 ? new Date(createdAt + 3600_000).toISOString() : null,
        currency: "EUR",
        subtotal_price: ((subtotal + pick([0, 1, 12_345])) / 100).toFixed(2),
        note_attributes: [
          { name: "_pairwise_visitor", value: `v-${id % 17}` },
          ...(r() < 0.8 ? [{ name: "_pairwise_exposure", value: pick(["exposed", "exposed", "control"]) }] : []),
        ],
        line_items: lines,
        refunds: withRefund
          ? [
              {
                id: refundId++,
                created_at: new Date(createdAt + DAY).toISOString(),
                refund_line_items: [{ line_item_id: lines[0].id, quantity: 1 }],
              },
            ]
          : [],
      };
    };

    for (let step = 0; step < 420; step++) {
      const op = r();
      const shop = r() < 0.85 ? SHOP : OTHER;
      if (op < 0.4) {
        // an order snapshot (orders/create or orders/updated): new, or a later version of a known order
        const id = 1 + Math.floor(r() * 90);
        const payload = orderPayload(id);
        payloads.set(`${shop}|${id}`, { shop, payload });
        await handleOrderUpsert(shop, payload);
      } else if (op < 0.5 && payloads.size) {
        // a re-delivered webhook: the same snapshot again
        const { shop: s, payload } = pick([...payloads.values()]);
        await handleOrderUpsert(s, payload);
      } else if (op < 0.6 && payloads.size) {
        // refunds/create, sometimes delivered twice
        const { shop: s, payload } = pick([...payloads.values()]);
        const lines = payload.line_items as { id: number }[];
        if (lines.length) {
          const refund = {
            id: refundId++,
            order_id: payload.id,
            created_at: new Date(NOW).toISOString(),
            refund_line_items: [{ line_item_id: pick(lines).id, quantity: pick([1, 2, 9]) }],
          };
          refunds.push({ shop: s, payload: refund });
          await handleRefundCreate(s, refund);
        }
        if (refunds.length && r() < 0.5) {
          const again = pick(refunds);
          await handleRefundCreate(again.shop, again.payload);
        }
      } else if (op < 0.66) {
        // an acceptance of a stored offer line, arriving after its order (or too early, or after it)
        const line = await db.orderLine.findFirst({
          where: { shop, offerId: { not: null } },
          orderBy: { id: "asc" },
          skip: Math.floor(r() * 40),
          include: { order: true },
        });
        if (line?.order.visitorId)
          await db.event.create({
            data: {
              shop,
              clientEventId: `e-${++eventId}`,
              offerId: line.offerId === "auto" || !offers.includes(line.offerId!) ? null : line.offerId,
              placement: pick(["product", "cart", "checkout", "post_purchase", "thank_you"]),
              type: pick(["add", "add", "accept", "click", "impression"]),
              productId: line.productId,
              visitorId: line.order.visitorId,
              occurredAt: new Date(
                line.order.createdAt.getTime() - pick([0, 3_600_000, 29 * DAY, 30 * DAY, 30 * DAY + 1, -60_000]),
              ),
            },
          });
      } else if (op < 0.78) {
        // storefront events, some re-sent with the same client event id (refused by the unique key)
        const count = 1 + Math.floor(r() * 6);
        for (let k = 0; k < count; k++) {
          const clientEventId = r() < 0.15 && eventId > 0 ? `e-${Math.floor(r() * eventId)}` : `e-${++eventId}`;
          try {
            await db.event.create({
              data: {
                shop,
                clientEventId,
                offerId: r() < 0.7 && shop === SHOP ? pick(offers) : null,
                placement: pick(["product", "cart", "checkout", "post_purchase", "thank_you"]),
                type: pick(["impression", "impression", "add", "accept", "click", "decline"]),
                productId: String(1000 + Math.floor(r() * 20)),
                visitorId: `v-${Math.floor(r() * 17)}`,
                occurredAt: new Date(NOW - Math.floor(r() * 400 * DAY)),
              },
            });
          } catch (error) {
            expect(String(error)).toMatch(/Unique constraint/i);
          }
        }
      } else if (op < 0.84) {
        // attribution: an offer id set on lines afterwards; or taken away
        const lines = await db.orderLine.findMany({
          where: { shop },
          orderBy: { id: "asc" },
          select: { id: true },
          take: 3,
          skip: Math.floor(r() * 20),
        });
        for (const l of lines)
          await db.orderLine.update({ where: { id: l.id }, data: { offerId: r() < 0.7 ? pick(offers) : null } });
      } else if (op < 0.9) {
        // the exposure learnt later; an order moved to another day
        const order = await db.order.findFirst({ where: { shop }, orderBy: { id: "asc" }, skip: Math.floor(r() * 30) });
        if (order)
          await db.order.update({
            where: { id: order.id },
            data:
              r() < 0.5
                ? { exposure: pick(["exposed", "control", null]) }
                : { createdAt: new Date(order.createdAt.getTime() - 3 * DAY) },
          });
      } else if (op < 0.94) {
        // an order deleted (its lines cascade); a line deleted on its own
        const order = await db.order.findFirst({
          where: { shop },
          orderBy: { id: "asc" },
          skip: Math.floor(r() * 30),
          include: { lines: true },
        });
        if (order && r() < 0.5) {
          await db.order.delete({ where: { id: order.id } });
          for (const [key, p] of payloads)
            if (p.shop === shop && String(p.payload.id) === order.shopifyId) payloads.delete(key);
        } else if (order?.lines.length) await db.orderLine.delete({ where: { id: order.lines[0].id } });
      } else if (op < 0.97) {
        // several lines of one order in one statement (both databases see each row's predecessors)
        const order = await db.order.findFirst({ where: { shop }, orderBy: { id: "asc" }, skip: Math.floor(r() * 30) });
        if (order) {
          const offerId = r() < 0.5 ? pick(offers) : null;
          await db.orderLine.createMany({
            data: [1, 2, 3].map((k) => ({ shop, orderId: order.id, quantity: k, price: 1000 * k, offerId })),
          });
          if (r() < 0.5) await db.orderLine.deleteMany({ where: { orderId: order.id, quantity: { in: [1, 2, 3] } } });
        }
      } else if (step > 200 && offers.includes("offer_gone")) {
        // a deleted offer: its events keep their counts under "no offer"
        await db.offer.delete({ where: { id: "offer_gone" } });
        offers.splice(offers.indexOf("offer_gone"), 1);
      } else {
        await db.event.deleteMany({ where: { shop, visitorId: `v-${Math.floor(r() * 17)}`, type: "decline" } });
      }
      if (step % 60 === 59) await expectEqual(`after step ${step}`, r);
    }
    await expectEqual("at the end", r);
    expect(checks).toBeGreaterThan(80);

    // the data reaches what it is meant to
    const year = await rollups.rollupPeriodFigures(SHOP, rollups.lastDays(365, NOW));
    expect(year.withOffer.orders).toBeGreaterThan(5);
    expect(year.exposure.control.n).toBeGreaterThan(1);
    expect([...year.offers.values()].some((t) => t.refunded > 0)).toBe(true);
    expect((await db.event.count({ where: { shop: SHOP, offerId: null } })) > 0).toBe(true);
    const placed = await rollups.rollupPlacementRevenue(SHOP, rollups.lastDays(800, NOW));
    expect([...placed.keys()].filter((k) => k !== "").length).toBeGreaterThanOrEqual(3);
    expect(placed.get("")?.lines).toBeGreaterThan(5);

    // AOV lift's moments from the exact sums are those of the orders themselves
    const { from, to } = rollups.rangeInstants(rollups.lastDays(365, NOW));
    const orders = await db.order.findMany({
      where: { shop: SHOP, cancelledAt: null, createdAt: { gte: from, lte: to } },
      select: { subtotal: true, exposure: true },
    });
    const lift = aovLift(
      orders.map((o) => ({
        subtotal: o.subtotal,
        exposure: o.exposure === "exposed" || o.exposure === "control" ? o.exposure : null,
        lines: [],
      })),
    );
    const dashboard = await dashboardFigures(SHOP, 365, { now: NOW });
    expect({ ...dashboard.kpis.aovLift, ci95: null }).toEqual({ ...lift, ci95: null });
    expect(dashboard.kpis.aovLift.ci95![0]).toBeCloseTo(lift.ci95![0], 6);
    const control = momentsFromSums(year.exposure.control.n, year.exposure.control.sum, year.exposure.control.sumSq);
    expect(control.n).toBe(lift.control.orders);

    // a rebuild from the stored rows gives exactly what the triggers kept
    const kept = await tables(SHOP);
    await rollups.rebuildRollups(SHOP);
    expect(await tables(SHOP)).toEqual(kept);
    expect(kept.orders.length).toBeGreaterThan(20);

    // a deleted shop leaves no rollup behind; the other shop's stay what its rows make (its events
    // that named the deleted shop's offers lost their offer id, and their lines their placement)
    expect((await tables(OTHER)).lines.length).toBeGreaterThan(0);
    await db.shop.delete({ where: { domain: SHOP } });
    expect(await tables(SHOP)).toEqual({ orders: [], lines: [], placements: [], offerLines: [], events: [] });
    const other = await tables(OTHER);
    await rollups.rebuildRollups(OTHER);
    expect(await tables(OTHER)).toEqual(other);
    await expectEqual("after a shop was deleted", r);
  }, 300_000);
});
