// `npm run test:faults` (also part of `npm test`): the attacks and fault runs, replayed against the
// built app as a real server process on loopback. Forged and duplicated webhooks at concurrency;
// SIGKILL in the middle of a webhook burst and in the middle of a mining run, then a restart on
// the same database. What must hold: every acknowledged delivery is stored and processed once
// (zero lost, zero duplicated), no answer is a 5xx, and forged input moves no figure.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../support/db";
import {
  type AppProcess,
  printTally,
  record,
  sendUntilAnswered,
  sendWebhook,
  startAppProcess,
  waitFor,
  withConcurrency,
  type Outcome,
} from "../support/fault-harness";
import { adminRequest, installShop, useTestShopifyEnv } from "../support/shopify";

useTestShopifyEnv();
const databaseUrl = useFreshDatabase();
const { default: db } = await import("../../app/db.server");
const { seedDemoShop, DEMO_SHOP_DOMAIN: SHOP } = await import("../../app/demo/seed.server");
const { INTERRUPTED_RUN_ERROR } = await import("../../app/services/mining/mining-job.server");

let app: AppProcess;
let offerId = "";
const FIRST_ORDER = 7_700_000_000;

/** An orders/create payload: a main product and one line added through the offer. */
function order(n: number) {
  return {
    id: FIRST_ORDER + n,
    name: `#F${n}`,
    created_at: new Date().toISOString(),
    currency: "USD",
    total_price: "120.00",
    subtotal_price: "120.00",
    line_items: [
      {
        id: 9_000_000 + n * 2,
        product_id: 8000000001,
        variant_id: 1,
        title: "Main",
        quantity: 1,
        price: "100.00",
        total_discount: "0.00",
        properties: [],
      },
      {
        id: 9_000_001 + n * 2,
        product_id: 8000000002,
        variant_id: 2,
        title: "Offered",
        quantity: 1,
        price: "20.00",
        total_discount: "0.00",
        properties: [{ name: "_pairwise", value: offerId }],
      },
    ],
  };
}

/** Money figures a forger would want to move: orders, attributed revenue, processed deliveries. */
async function figures() {
  const [orders, revenue, deliveries] = await Promise.all([
    db.order.count({ where: { shop: SHOP } }),
    db.attribution.aggregate({ where: { shop: SHOP }, _sum: { revenue: true } }),
    db.webhookDelivery.count({ where: { shop: SHOP } }),
  ]);
  return { orders, attributedRevenue: revenue._sum.revenue ?? 0, deliveries };
}

/** For the orders of these numbers: how many are missing, and how many are stored more than once. */
async function storedOnce(numbers: number[]) {
  const ids = numbers.map((n) => String(FIRST_ORDER + n));
  const orders = await db.order.findMany({
    where: { shop: SHOP, shopifyId: { in: ids } },
    include: { lines: true, attributions: true },
  });
  const byId = new Map(orders.map((o) => [o.shopifyId, o]));
  const lost = ids.filter((id) => !byId.has(id)).length;
  // an order processed twice would show doubled lines or attributions
  const duplicated = orders.filter((o) => o.lines.length !== 2 || o.attributions.length !== 1).length;
  return { lost, duplicated };
}

const count5xx = (outcomes: Outcome[]) => outcomes.filter((o) => typeof o === "number" && o >= 500).length;
const acked = (outcomes: Outcome[]) => outcomes.filter((o) => o === 200).length;
/** "178 × 200, 2 × no answer" */
function breakdown(outcomes: Outcome[]): string {
  const counts = new Map<Outcome, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts].map(([o, n]) => `${n} × ${o}`).join(", ");
}

beforeAll(async () => {
  await seedDemoShop(db, { seed: 42, orders: 3000 });
  await installShop(SHOP);
  offerId = (await db.offer.create({ data: { shop: SHOP, name: "Fault-run offer", status: "active" } })).id;
  app = await startAppProcess(databaseUrl);
}, 180_000);

afterAll(async () => {
  await app?.stop();
  printTally();
});

describe("fault runs", () => {
  it("forged webhooks at concurrency: all refused, nothing stored, no figure moved", async () => {
    const before = await figures();
    const tasks = Array.from(
      { length: 150 },
      (_, i) => () =>
        sendWebhook(app.url, {
          topic: "orders/create",
          shop: SHOP,
          payload: order(100_000 + i),
          ...(i % 3 === 0
            ? { secret: "someone-elses-secret" }
            : i % 3 === 1
              ? { hmac: Buffer.from(randomUUID()).toString("base64") }
              : { hmac: null }),
        }),
    );
    const outcomes = await withConcurrency(tasks, 25);
    record({
      run: "forged webhooks (150, 25 at a time)",
      sent: 150,
      acknowledged: acked(outcomes),
      lost: 0,
      duplicated: 0,
      "5xx": count5xx(outcomes),
      note: "must all be refused",
    });
    expect(outcomes.every((o) => o === 401 || o === 400)).toBe(true);
    expect(await figures()).toEqual(before);
  }, 120_000);

  it("duplicated webhooks at concurrency: each event processed once", async () => {
    const numbers = Array.from({ length: 60 }, (_, i) => i);
    const eventIds = numbers.map(() => randomUUID());
    // every event three times (Shopify's retries and its occasional double delivery), interleaved
    const sends = [...numbers, ...numbers, ...numbers].sort((a, b) => ((a * 7919 + b) % 13) - ((b * 7919 + a) % 13));
    const outcomes = await withConcurrency(
      sends.map(
        (n) => () =>
          sendWebhook(app.url, { topic: "orders/create", shop: SHOP, eventId: eventIds[n], payload: order(n) }),
      ),
      30,
    );
    // what got no answer in time (a loaded machine) Shopify sends again, as it would
    const unanswered = sends.filter((_, i) => outcomes[i] !== 200);
    const again = await withConcurrency(
      unanswered.map(
        (n) => () =>
          sendUntilAnswered(app.url, { topic: "orders/create", shop: SHOP, eventId: eventIds[n], payload: order(n) }),
      ),
      4,
    );
    const retried = again.map((r) => r.outcome);
    const { lost, duplicated } = await storedOnce(numbers);
    record({
      run: "duplicated webhooks (60 events × 3, 30 at a time)",
      sent: sends.length,
      acknowledged: acked(outcomes),
      lost,
      duplicated,
      "5xx": count5xx(outcomes) + again.reduce((n, r) => n + r.serverErrors, 0),
      note: unanswered.length
        ? `${breakdown(outcomes)}; ${unanswered.length} sent again: ${breakdown(retried)}`
        : breakdown(outcomes),
    });
    expect(count5xx(outcomes)).toBe(0);
    expect(outcomes.every((o) => o === 200 || o === "no answer")).toBe(true);
    expect(acked(retried)).toBe(retried.length);
    expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(await db.webhookDelivery.count({ where: { shop: SHOP, eventId: { in: eventIds } } })).toBe(60);
  }, 120_000);

  it("SIGKILL during a webhook burst, restart: nothing acknowledged is lost, Shopify's retries store the rest once", async () => {
    const numbers = Array.from({ length: 250 }, (_, i) => 1_000 + i);
    const eventIds = new Map(numbers.map((n) => [n, randomUUID()]));
    let answered = 0;
    const killed = waitFor("80 acknowledgements", async () => answered >= 80, { timeoutMs: 60_000, everyMs: 5 }).then(
      () => app.kill9(),
    );
    const outcomes = await withConcurrency(
      numbers.map((n) => async () => {
        const outcome = await sendWebhook(app.url, {
          topic: "orders/create",
          shop: SHOP,
          eventId: eventIds.get(n),
          payload: order(n),
        });
        if (outcome === 200) answered++;
        return outcome;
      }),
      16,
    );
    await killed;
    const acknowledged = numbers.filter((_, i) => outcomes[i] === 200);
    expect(acknowledged.length).toBeGreaterThanOrEqual(80);
    expect(acknowledged.length).toBeLessThan(numbers.length);

    app = await startAppProcess(databaseUrl);
    // deliveries stored before the kill but not processed are taken up at start-up
    await waitFor("the acknowledged deliveries to be processed", async () => {
      const open = await db.webhookDelivery.count({
        where: { shop: SHOP, eventId: { in: acknowledged.map((n) => eventIds.get(n)!) }, status: { not: "processed" } },
      });
      return open === 0;
    });
    const afterRestart = await storedOnce(acknowledged);
    record({
      run: "SIGKILL during 250 webhooks, restart",
      sent: numbers.length,
      acknowledged: acknowledged.length,
      ...afterRestart,
      "5xx": count5xx(outcomes),
      note: "acknowledged before the kill",
    });
    expect(count5xx(outcomes)).toBe(0);
    expect(afterRestart).toEqual({ lost: 0, duplicated: 0 });

    // Shopify retries what got no 200 (and sometimes what did): all stored, each once
    const again = await withConcurrency(
      numbers
        .filter((_, i) => outcomes[i] !== 200 || i % 10 === 0)
        .map(
          (n) => () =>
            sendUntilAnswered(app.url, {
              topic: "orders/create",
              shop: SHOP,
              eventId: eventIds.get(n),
              payload: order(n),
            }),
        ),
      16,
    );
    const retried = again.map((r) => r.outcome);
    const serverErrors = again.reduce((n, r) => n + r.serverErrors, 0);
    const final = await storedOnce(numbers);
    record({
      run: "… then Shopify's retries",
      sent: retried.length,
      acknowledged: acked(retried),
      ...final,
      "5xx": serverErrors,
      note: "all 250 events",
    });
    expect(serverErrors).toBe(0);
    expect(acked(retried)).toBe(retried.length);
    expect(final).toEqual({ lost: 0, duplicated: 0 });
  }, 180_000);

  it("SIGKILL during a mining run, restart: the run is marked interrupted, mined again, and re-mining is not blocked", async () => {
    const mine = async () => {
      const request = await adminRequest("/app/insights", { shop: SHOP, method: "POST", json: { intent: "mine" } });
      const response = await fetch(`${app.url}/app/insights?_data=routes%2Fapp.insights`, {
        method: "POST",
        headers: request.headers,
        body: await request.text(),
      });
      return { status: response.status, body: await response.text() };
    };
    const started = await mine();
    expect(started.status).toBe(200);
    const run = await waitFor(
      "a running mining run",
      () => db.miningRun.findFirst({ where: { shop: SHOP, status: "running" } }),
      { everyMs: 10 },
    );
    await app.kill9();
    expect((await db.miningRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("running");

    app = await startAppProcess(databaseUrl);
    const interrupted = await db.miningRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(interrupted).toMatchObject({ status: "failed", error: INTERRUPTED_RUN_ERROR });
    const redone = await waitFor("the recovery run", () =>
      db.miningRun.findFirst({ where: { shop: SHOP, trigger: "recovery", status: { in: ["succeeded", "failed"] } } }),
    );
    expect(redone.status).toBe("succeeded");
    expect(await db.recommendation.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    const again = await mine();
    expect(again.status).toBe(200);
    expect(again.body).toMatch(/Mining started|already in progress/);
    await waitFor(
      "no run left running",
      async () => (await db.miningRun.count({ where: { shop: SHOP, status: "running" } })) === 0,
    );
    record({
      run: "SIGKILL during mining, restart",
      sent: 1,
      acknowledged: 1,
      lost: 0,
      duplicated: 0,
      "5xx": 0,
      note: `run ${interrupted.status} (interrupted), recovery run ${redone.status}`,
    });
  }, 180_000);
});
