// One order → basket definition (docs/metrics.md): the same export, read by the mine CLI, stored
// by the sync and mined by the app's mining job, and split by the offline evaluation, gives the
// same orders and the same attach rates — refunds netted, cancelled orders skipped.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";

useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { importOrders } = await import("../../../app/services/sync/ingest-orders.server");
const { loadBaskets, runMiningJob } = await import("../../../app/services/mining/mining-job.server");
const { forEachBasket } = await import("../../../app/services/mining/run.server");
const { parseBulkOrdersJsonl } = await import("../../../app/lib/ingest/bulk-jsonl");
const { mineBaskets } = await import("../../../app/domain/mining");
const { timeSplit } = await import("../../../app/domain/evaluation/split");
const { mineOrdersFile } = await import("../../../scripts/lib/read-orders");

const SHOP = "baskets.myshopify.com";
const MUG = "8001";
const APRON = "8002";
const TEA = "8003";
const OPTIONS = { minCount: 1, alpha: null, minSupport: 0, minConfidence: 0, minLift: 0 } as const;

afterAll(async () => {
  await db.$disconnect();
});

/** An Admin API bulk export (JSONL, children after their order) with refunds and cancellations. */
function writeExport(): string {
  const rows: unknown[] = [];
  const money = (cents: number) => ({ shopMoney: { amount: (cents / 100).toFixed(2) } });
  let n = 0;
  const order = (lines: { product: string | null; quantity: number; current?: number }[], cancelled = false) => {
    const id = `gid://shopify/Order/${5500000000000 + ++n}`;
    const at = new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
    rows.push({
      id,
      name: `#${1000 + n}`,
      createdAt: at,
      updatedAt: at,
      cancelledAt: cancelled ? at : null,
      currencyCode: "USD",
      customer: { id: `gid://shopify/Customer/${7000 + (n % 9)}` },
      subtotalPriceSet: money(1000),
      totalDiscountsSet: money(0),
      totalPriceSet: money(1000),
      customAttributes: [],
    });
    lines.forEach((l, i) =>
      rows.push({
        id: `gid://shopify/LineItem/${n * 10 + i}`,
        title: l.product ? `Product ${l.product}` : "Gift wrapping",
        sku: null,
        quantity: l.quantity,
        currentQuantity: l.current ?? l.quantity,
        product: l.product ? { id: `gid://shopify/Product/${l.product}` } : null,
        variant: l.product ? { id: `gid://shopify/ProductVariant/9${l.product}` } : null,
        originalUnitPriceSet: money(500),
        totalDiscountSet: money(0),
        discountAllocations: [],
        customAttributes: [],
        __parentId: id,
      }),
    );
  };
  for (let i = 0; i < 40; i++)
    order([
      { product: MUG, quantity: 2 },
      { product: APRON, quantity: 1, current: i < 10 ? 0 : 1 },
    ]);
  for (let i = 0; i < 20; i++) order([{ product: MUG, quantity: 1 }]);
  for (let i = 0; i < 10; i++)
    order([
      { product: APRON, quantity: 1 },
      { product: TEA, quantity: 3, current: 1 },
    ]);
  for (let i = 0; i < 8; i++)
    order(
      [
        { product: MUG, quantity: 1 },
        { product: APRON, quantity: 2 },
      ],
      true,
    );
  for (let i = 0; i < 5; i++)
    order([
      { product: null, quantity: 1 },
      { product: TEA, quantity: 1, current: 0 },
    ]);
  const dir = mkdtempSync(join(tmpdir(), "pairwise-baskets-"));
  const file = join(dir, "orders.jsonl");
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return file;
}

const attachRates = (rules: { antecedent: string; consequent: string; attachRate: number; count: number }[]) =>
  Object.fromEntries(
    rules
      .map((r) => [`${r.antecedent}→${r.consequent}`, [r.count, r.attachRate]])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );

describe("order → basket, one definition", () => {
  it("the mine CLI, the app's mining job and the evaluation count the same orders and attach rates", async () => {
    const file = writeExport();
    await db.shop.create({ data: { domain: SHOP, scopes: "read_orders" } });
    expect(await importOrders(SHOP, parseBulkOrdersJsonl(createReadStream(file)), { source: "bulk" })).toBe(83);

    const cli = await mineOrdersFile(file, "bulk-jsonl", OPTIONS);
    const app = mineBaskets(await loadBaskets(SHOP), OPTIONS);
    const orders: Parameters<typeof timeSplit>[0] = [];
    for await (const o of parseBulkOrdersJsonl(createReadStream(file))) (orders as unknown[]).push(o);
    const split = timeSplit(orders, { end: Date.UTC(2026, 6, 1), testMonths: 3 });
    const evaluation = mineBaskets([...split.train, ...split.test], OPTIONS);

    // 83 orders: 8 cancelled and 5 left empty by refunds are not baskets.
    expect(cli.orders).toBe(70);
    expect(app.orders).toBe(70);
    expect(evaluation.orders).toBe(70);
    expect(attachRates(app.rules)).toEqual(attachRates(cli.rules));
    expect(attachRates(evaluation.rules)).toEqual(attachRates(cli.rules));

    // Attach rate(mug → apron) = units of apron in orders with a mug / units of mug, net of
    // refunds: 30 aprons kept (10 of 40 refunded) over 100 mugs (40 × 2 + 20). Counted gross, the
    // app used to say 40 / 100.
    const mugApron = app.rules.find((r) => r.antecedent === MUG && r.consequent === APRON)!;
    expect(mugApron.count).toBe(30);
    expect(mugApron.attachRate).toBeCloseTo(0.3, 12);
    // Attach rate(apron → tea): one tea of three kept in each of 10 orders, over 40 aprons kept.
    expect(app.rules.find((r) => r.antecedent === APRON && r.consequent === TEA)!.attachRate).toBeCloseTo(10 / 40, 12);

    const run = await runMiningJob(SHOP, { now: new Date(Date.UTC(2026, 6, 1)) });
    expect(run.orders).toBe(70);

    // Streamed in pages of any size (an order with no line at all included), the same baskets in
    // the same order; every order not cancelled counts as read.
    await db.order.create({ data: { shop: SHOP, shopifyId: "no-lines", createdAt: new Date(Date.UTC(2026, 2, 1)) } });
    const all = await loadBaskets(SHOP);
    for (const pageSize of [1, 7, 75, 76, 5000]) {
      const streamed: typeof all = [];
      const pages: number[] = [];
      await forEachBasket(
        SHOP,
        (b) => streamed.push(b),
        async (read) => void pages.push(read),
        pageSize,
      );
      expect(streamed).toEqual(all);
      expect(pages.at(-1)).toBe(76);
    }
    expect(all).toHaveLength(70);
  });
});
