// The benches' PostgreSQL loader (scripts/lib/seed-bench-db.ts, `bench:dashboard --postgres`) on a
// real PostgreSQL server (the PostgreSQL test pass; skipped on SQLite): the database holds exactly
// the generated orders and lines (benchOrders, which the SQLite bench file is written from too),
// its dashboard rollups equal the figures computed from those rows, and the rollup triggers it
// disabled while loading are back on.
import { afterAll, describe, expect, it } from "vitest";
import { benchOrders, seedBenchPostgres } from "../../../scripts/lib/seed-bench-db";
import { DEFAULT_PARAMS } from "../../../scripts/lib/zipf-baskets";
import { testProvider, useFreshDatabase } from "../../support/db";

const postgres = testProvider() === "postgresql";
const url = postgres ? useFreshDatabase() : "";
const SHOP = "bench-seed.myshopify.com";
const params = { ...DEFAULT_PARAMS, orders: 2_000 };

describe.skipIf(!postgres)("the benches' PostgreSQL loader", () => {
  const connections: { $disconnect(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.$disconnect()));
  });

  it("loads the generated orders and lines, with rollups equal to the rows' figures, and leaves the triggers on", async () => {
    const { orders, lines } = await seedBenchPostgres(url, SHOP, params);
    const generated = [...benchOrders(params)];
    expect(orders).toBe(generated.length);
    expect(lines).toBe(generated.reduce((n, o) => n + o.lines.length, 0));

    const { default: db } = await import("../../../app/db.server");
    connections.push(db);
    const stored = await db.order.findMany({
      where: { shop: SHOP },
      orderBy: { id: "asc" },
      include: { lines: { orderBy: { id: "asc" } } },
    });
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    expect(
      stored.map((o) => ({
        id: o.id,
        shopifyId: o.shopifyId,
        customerId: o.customerId,
        createdAt: o.createdAt.toISOString(),
        subtotal: o.subtotal,
        exposure: o.exposure,
        lines: o.lines.map((l) => ({
          id: l.id,
          productId: l.productId,
          quantity: l.quantity,
          price: l.price,
          discount: l.discount,
          refundedQuantity: l.refundedQuantity,
          offerId: l.offerId,
        })),
      })),
    ).toEqual(
      generated
        .map((o) => ({ ...o, createdAt: new Date(o.createdAt).toISOString(), lines: [...o.lines].sort(byId) }))
        .sort(byId),
    );

    // the rollups backfilled after loading give the figures computed from the rows themselves
    const { periodFigures } = await import("../../../app/services/admin/period-figures.server");
    const { rollupPeriodFigures, lastDays, rangeInstants } = await import("../../../app/services/admin/rollups.server");
    const now = Math.max(...generated.map((o) => Date.parse(o.createdAt))) + 1000;
    const range = lastDays(365, now);
    const { from, to } = rangeInstants(range);
    const rolled = await rollupPeriodFigures(SHOP, range);
    const direct = await periodFigures(SHOP, from, to);
    // (days without orders are listed by one side only)
    const comparable = (f: typeof rolled) => ({
      ...f,
      days: [...f.days.entries()].filter(([, d]) => d.orders || d.offerOrders || d.revenue).sort(),
    });
    expect(rolled.orders).toBe(generated.length);
    expect(comparable(rolled)).toEqual(comparable(direct));

    // the triggers are on again: an order written the app's way moves the rollups
    const before = (await rollupPeriodFigures(SHOP, range)).orders;
    await db.order.create({
      data: {
        shop: SHOP,
        shopifyId: "after-the-load",
        createdAt: new Date(now - 60_000),
        subtotal: 1000,
        lines: { create: [{ shop: SHOP, productId: "p1", quantity: 1, price: 1000 }] },
      },
    });
    expect((await rollupPeriodFigures(SHOP, range)).orders).toBe(before + 1);
  }, 120_000);
});
