// Next best offers for existing customers through the real loaders and actions, on a real SQLite
// file, with requests signed as Shopify signs them: follow-ups computed from the demo generator's
// history (model validated on a later window), the Customers page's list, rules and figures, the
// CSV export, delivery to Shopify through the Admin API stand-in (every document validated against
// the real 2026-10 schema: metafield definition, customer metafields, due tag, segment), shop
// isolation, and customers/redact erasing a customer's follow-ups.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { adminRequest, installShop, routeArgs, SHOP_B, useTestShopifyEnv, webhookRequest } from "../../support/shopify";
import { startAdminApiStandin, STANDIN_SHOP, type AdminApiStandin } from "../../support/admin-api-standin";

useTestShopifyEnv();
useFreshDatabase();
const api: AdminApiStandin = await startAdminApiStandin();
api.server.listen({ onUnhandledRequest: "error" });
const { default: db } = await import("../../../app/db.server");
const { seedDemoShop, DEMO_SHOP_DOMAIN } = await import("../../../app/demo/seed.server");
const { computeFollowUps } = await import("../../../app/services/customers/follow-ups.server");
const page = await import("../../../app/routes/app.customers");
const csv = await import("../../../app/routes/app.customers.export[.]csv");
const webhooks = await import("../../../app/routes/webhooks");

const NOW = new Date(Date.UTC(2026, 10, 1));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loader data is asserted field by field
type Json = any;

async function load(path: string, shop = STANDIN_SHOP): Promise<Json> {
  return page.loader(routeArgs(await adminRequest(path, { shop })) as never);
}
async function act(form: Record<string, string>, shop = STANDIN_SHOP): Promise<{ status: number; body: Json }> {
  const res = (await page.action(routeArgs(await adminRequest("/app/customers", { shop, form })) as never)) as Response;
  return { status: res.status, body: await res.json() };
}

let computed: Awaited<ReturnType<typeof computeFollowUps>>;

beforeAll(async () => {
  await seedDemoShop(db, { seed: 42, now: NOW.getTime(), orders: 6000 });
  // the generated shop becomes the stand-in's shop (every row follows: ON UPDATE CASCADE)
  await db.shop.update({ where: { domain: DEMO_SHOP_DOMAIN }, data: { domain: STANDIN_SHOP } });
  await installShop(STANDIN_SHOP);
  await db.session.updateMany({ where: { shop: STANDIN_SHOP }, data: { accessToken: "standin-token" } });
  await installShop(SHOP_B);
  computed = await computeFollowUps(STANDIN_SHOP, NOW);
}, 300_000);
afterAll(() => api?.server.close());

describe("follow-ups computed from the shop's history", () => {
  it("plans follow-ups with reasons and probabilities, validated on a later window against the baselines", async () => {
    expect(computed.customers).toBeGreaterThan(500);
    expect(computed.followUps).toBeGreaterThan(20);
    const data = await load("/app/customers");
    const byMethod = Object.fromEntries(data.validation.results.map((r: Json) => [r.method, r]));
    expect(Object.keys(byMethod)).toEqual(["Pairwise", "Most popular", "Buy again", "Recency only"]);
    expect(byMethod.Pairwise.auc).toBeGreaterThan(byMethod["Most popular"].auc);
    expect(byMethod.Pairwise.auc).toBeGreaterThan(byMethod["Recency only"].auc);
    expect(new Date(data.validation.cutoff).getTime()).toBe(NOW.getTime() - 30 * 86_400_000);
    expect(data.summary.due + data.summary.upcoming + data.summary.holdout).toBe(computed.followUps);
    expect(data.list.length).toBeGreaterThan(0);
    for (const row of data.list) {
      expect(["due", "upcoming"]).toContain(row.status);
      expect(row.holdout).toBe(false);
      expect(row.offers.length).toBeGreaterThan(0);
      expect(row.offers.length).toBeLessThanOrEqual(3);
      for (const o of row.offers) {
        expect(o.probability).toBeGreaterThanOrEqual(0.02);
        expect(o.probability).toBeLessThan(1);
        expect(o.reason).toMatch(
          /^(Goes with .+ bought on \d{4}-\d\d-\d\d|Replenishment: last bought \d{4}-\d\d-\d\d, due around \d{4}-\d\d-\d\d|Upgrade of .+)$/,
        );
        expect(o.title).toBeTruthy();
        // the reason as data the page words in the admin's language: the same product and dates
        expect(o.why.kind).toBe(o.reasonKind);
        expect(o.reason).toContain(o.why.boughtAt.slice(0, 10));
        if (o.reasonKind === "replenishment") expect(o.reason).toContain(o.why.dueAt.slice(0, 10));
        else expect(o.reason).toContain(o.why.product);
      }
    }
  });

  it("reads the reason's dates back from follow-ups stored before they were kept apart", async () => {
    const before = await load("/app/customers");
    const row = before.list[0];
    const stored = await db.customerFollowUp.findUniqueOrThrow({
      where: { shop_customerId: { shop: STANDIN_SHOP, customerId: row.customerId } },
    });
    const legacy = (JSON.parse(stored.offers) as Json[]).map((o) => {
      const copy = { ...o };
      delete copy.boughtAt;
      delete copy.dueAt;
      return copy;
    });
    await db.customerFollowUp.update({ where: { id: stored.id }, data: { offers: JSON.stringify(legacy) } });
    try {
      const after = await load("/app/customers");
      const day = (iso: string | null) => iso?.slice(0, 10) ?? null;
      const whys = (r: Json) =>
        r.offers.map((o: Json) => ({ ...o.why, boughtAt: day(o.why.boughtAt), dueAt: day(o.why.dueAt) }));
      expect(whys(after.list[0])).toEqual(whys(row));
      expect(after.list[0].offers.every((o: Json) => o.boughtAt === undefined)).toBe(true);
    } finally {
      await db.customerFollowUp.update({ where: { id: stored.id }, data: { offers: stored.offers } });
    }
  });

  it("never offers a product the customer owns unless they replenish it, nor one out of stock", async () => {
    const rows = await db.customerFollowUp.findMany({ where: { shop: STANDIN_SHOP, status: { not: "none" } } });
    const variants = await db.variant.findMany({ where: { shop: STANDIN_SHOP }, include: { product: true } });
    const sellable = new Set(
      variants
        .filter((v) => v.availableForSale && (!v.inventoryTracked || (v.inventoryQuantity ?? 0) >= 2))
        .map((v) => v.product.shopifyId),
    );
    for (const r of rows.slice(0, 200)) {
      const owned = new Set(
        (
          await db.orderLine.findMany({
            where: { shop: STANDIN_SHOP, order: { customerId: r.customerId, cancelledAt: null } },
            select: { productId: true, quantity: true, refundedQuantity: true },
          })
        )
          .filter((l) => l.quantity > l.refundedQuantity)
          .map((l) => l.productId),
      );
      for (const o of JSON.parse(r.offers) as { productId: string; reasonKind: string }[]) {
        if (owned.has(o.productId)) expect(o.reasonKind).toBe("replenishment");
        expect(sellable.has(o.productId)).toBe(true);
      }
    }
  });

  it("filters the list by status, pages it, and keeps bad query values harmless", async () => {
    const due = await load("/app/customers?status=due");
    expect(due.list.every((r: Json) => r.status === "due" && !r.holdout)).toBe(true);
    const holdout = await load("/app/customers?status=holdout");
    expect(holdout.list.every((r: Json) => r.holdout)).toBe(true);
    const odd = await load("/app/customers?status=%3Cscript%3E&page=-4");
    expect(odd.page).toBe(1);
    expect(odd.total).toBe((await load("/app/customers")).total);
  });

  it("saves valid rules and answers invalid ones with 400 and field errors", async () => {
    const bad = await act({
      intent: "rules",
      maxOffers: "0",
      minProbabilityPercent: "150",
      horizonDays: "45",
      contactCap: "2",
      contactPeriodDays: "30",
      quietDaysAfterRefund: "14",
      holdoutPercent: "10",
      attributionDays: "14",
      discountPercent: "0",
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["horizonDays", "maxOffers", "minProbabilityPercent"]);
    const good = await act({
      intent: "rules",
      maxOffers: "2",
      minProbabilityPercent: "3",
      horizonDays: "30",
      contactCap: "1",
      contactPeriodDays: "30",
      quietDaysAfterRefund: "21",
      holdoutPercent: "10",
      attributionDays: "14",
      discountPercent: "0",
    });
    expect(good.status).toBe(200);
    expect(await db.followUpSettings.findUniqueOrThrow({ where: { shop: STANDIN_SHOP } })).toMatchObject({
      maxOffers: 2,
      minProbability: 0.03,
      contactCap: 1,
      quietDaysAfterRefund: 21,
    });
    expect((await act({ intent: "launch-rockets" })).status).toBe(400);
  });

  it("exports the planned follow-ups as CSV, one row per offer, holdout left out", async () => {
    const res = (await csv.loader(
      routeArgs(await adminRequest("/app/customers/export.csv", { shop: STANDIN_SHOP })) as never,
    )) as Response;
    expect(res.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "customer_id,status,contact_at,position,product_id,product_title,product_handle,reason_kind,reason,due_at,probability,capped,quiet",
    );
    const rows = await db.customerFollowUp.findMany({
      where: { shop: STANDIN_SHOP, holdout: false, status: { in: ["due", "upcoming"] } },
    });
    expect(lines.length - 1).toBe(rows.reduce((n, r) => n + (JSON.parse(r.offers) as unknown[]).length, 0));
    const holdoutIds = new Set(
      (await db.customerFollowUp.findMany({ where: { shop: STANDIN_SHOP, holdout: true } })).map((r) => r.customerId),
    );
    expect(lines.slice(1).some((l) => holdoutIds.has(l.split(",")[0]))).toBe(false);
  });

  it("shows another shop nothing of this one", async () => {
    const other = await load("/app/customers", SHOP_B);
    expect(other.total).toBe(0);
    expect(other.summary).toBeNull();
    const res = (await csv.loader(
      routeArgs(await adminRequest("/app/customers/export.csv", { shop: SHOP_B })) as never,
    )) as Response;
    expect((await res.text()).trim().split("\r\n")).toHaveLength(1);
  });
});

describe("delivery to Shopify", () => {
  it("declares the metafield definition and segment, writes pairwise.next_offers to followed-up customers and tags those due; the holdout gets nothing", async () => {
    const res = await act({ intent: "sync" });
    expect(res.body.message).toMatch(/^Synced/);
    expect(res.status).toBe(200);
    expect(api.state.problems).toEqual([]);
    expect([...api.state.metafieldDefinitions.keys()]).toEqual(["CUSTOMER pairwise.next_offers"]);
    expect(api.state.segments).toEqual([
      expect.objectContaining({
        name: "Pairwise: due for a follow-up",
        query: "customer_tags CONTAINS 'pairwise-follow-up-due'",
      }),
    ]);
    const rows = await db.customerFollowUp.findMany({ where: { shop: STANDIN_SHOP, status: { not: "none" } } });
    for (const r of rows) {
      const held = api.state.customers.get(`gid://shopify/Customer/${r.customerId}`);
      if (r.holdout) {
        expect(held?.metafields.size ?? 0).toBe(0);
        continue;
      }
      const value = JSON.parse(held!.metafields.get("pairwise.next_offers")!);
      expect(value.offers.map((o: Json) => o.product_id)).toEqual(
        (JSON.parse(r.offers) as Json[]).map((o) => `gid://shopify/Product/${o.productId}`),
      );
      expect(value.offers[0]).toEqual(
        expect.objectContaining({
          title: expect.any(String),
          reason: expect.any(String),
          due_at: expect.any(String),
          probability: expect.any(Number),
        }),
      );
      expect(held!.tags.has("pairwise-follow-up-due")).toBe(r.status === "due");
    }
    // due, non-holdout follow-ups are now delivered contacts
    const delivered = await db.followUpContact.count({ where: { shop: STANDIN_SHOP, deliveredAt: { not: null } } });
    expect(delivered).toBe(rows.filter((r) => r.status === "due" && !r.holdout).length);
  });

  it("sends nothing when nothing changed, and removes what is no longer planned", async () => {
    const before = api.state.received.length;
    expect((await act({ intent: "sync" })).status).toBe(200);
    expect(api.state.received.length).toBe(before);
    const due = await db.customerFollowUp.findFirstOrThrow({
      where: { shop: STANDIN_SHOP, status: "due", holdout: false },
    });
    await db.customerFollowUp.update({ where: { id: due.id }, data: { status: "none", offers: "[]" } });
    expect((await act({ intent: "sync" })).status).toBe(200);
    const held = api.state.customers.get(`gid://shopify/Customer/${due.customerId}`)!;
    expect(held.metafields.size).toBe(0);
    expect(held.tags.has("pairwise-follow-up-due")).toBe(false);
    expect(await db.customerFollowUp.count({ where: { id: due.id } })).toBe(0);
    expect(api.state.problems).toEqual([]);
  });
});

describe("quiet time after a refund", () => {
  it("a signed refunds/create stores when the refund was issued and holds the customer from that day", async () => {
    const DAY = 86_400_000;
    const quietDays =
      (await db.followUpSettings.findUnique({ where: { shop: STANDIN_SHOP } }))?.quietDaysAfterRefund ?? 14;
    // a due customer with an order well before the refund (its own date's quiet time long over)
    const due = await db.customerFollowUp.findMany({ where: { shop: STANDIN_SHOP, status: "due" } });
    let order = null;
    for (const f of due) {
      order = await db.order.findFirst({
        where: {
          shop: STANDIN_SHOP,
          customerId: f.customerId,
          cancelledAt: null,
          createdAt: { lt: new Date(NOW.getTime() - 25 * DAY) },
          lines: { some: { shopifyId: { not: null }, quantity: { gt: 0 } } },
        },
        include: { lines: true },
      });
      if (order) break;
    }
    expect(order).not.toBeNull();
    const line = order!.lines.find((l) => l.shopifyId && l.quantity > 0)!;
    const refundedAt = new Date(NOW.getTime() - 2 * DAY);
    const res = await webhooks.action(
      routeArgs(
        webhookRequest({
          topic: "refunds/create",
          shop: STANDIN_SHOP,
          payload: {
            id: 880001,
            order_id: Number(order!.shopifyId),
            created_at: refundedAt.toISOString(),
            refund_line_items: [{ id: 1, line_item_id: Number(line.shopifyId), quantity: 1 }],
          },
        }),
      ) as never,
    );
    expect((res as Response).status).toBe(200);
    await expect
      .poll(async () => (await db.order.findUniqueOrThrow({ where: { id: order!.id } })).lastRefundAt?.getTime())
      .toBe(refundedAt.getTime());
    expect((await db.orderLine.findUniqueOrThrow({ where: { id: line.id } })).refundedQuantity).toBe(
      line.refundedQuantity + 1,
    );
    await computeFollowUps(STANDIN_SHOP, NOW);
    const held = await db.customerFollowUp.findUniqueOrThrow({
      where: { shop_customerId: { shop: STANDIN_SHOP, customerId: order!.customerId! } },
    });
    expect(held.status).toBe("upcoming");
    expect(held.quiet).toBe(true);
    // from the refund's day (the order's own quiet time ended before NOW)
    expect(order!.createdAt.getTime() + quietDays * DAY).toBeLessThan(NOW.getTime());
    expect(held.contactAt.getTime()).toBeGreaterThanOrEqual(refundedAt.getTime() + quietDays * DAY);
    expect(held.contactAt.getTime()).toBeGreaterThan(NOW.getTime());
  }, 120_000);
});

describe("customers/redact", () => {
  it("erases the customer's next best offers and follow-up contacts, and the data request lists them", async () => {
    const row = await db.customerFollowUp.findFirstOrThrow({ where: { shop: STANDIN_SHOP, status: "due" } });
    const request = await webhooks.action(
      routeArgs(
        webhookRequest({
          topic: "customers/data_request",
          shop: STANDIN_SHOP,
          payload: { customer: { id: Number(row.customerId) }, data_request: { id: 9 } },
        }),
      ) as never,
    );
    expect((request as Response).status).toBe(200);
    const report = JSON.parse(
      (await db.customerDataRequest.findFirstOrThrow({ where: { shop: STANDIN_SHOP, customerId: row.customerId } }))
        .report,
    );
    expect(report.nextBestOffers.offers.length).toBeGreaterThan(0);
    const res = await webhooks.action(
      routeArgs(
        webhookRequest({
          topic: "customers/redact",
          shop: STANDIN_SHOP,
          payload: { customer: { id: Number(row.customerId) }, orders_to_redact: [] },
        }),
      ) as never,
    );
    expect((res as Response).status).toBe(200);
    await expect
      .poll(() => db.customerFollowUp.count({ where: { shop: STANDIN_SHOP, customerId: row.customerId } }))
      .toBe(0);
    expect(await db.followUpContact.count({ where: { shop: STANDIN_SHOP, customerId: row.customerId } })).toBe(0);
    expect(await db.customerFollowUp.count({ where: { shop: STANDIN_SHOP } })).toBeGreaterThan(0);
  });
});
