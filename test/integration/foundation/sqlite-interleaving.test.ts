// SQLite behind Prisma's driver adapter has one connection. A webhook acknowledged (200) while
// another request's interactive transaction is open must not live or die with that transaction:
// here the transaction is rolled back after the webhook's answer, and the delivery (and a shopper
// event stored the same way) must still be there. Without app/lib/sqlite-adapter.server.ts the
// delivery's INSERT runs inside the open transaction and is rolled back with it. On PostgreSQL
// (the PostgreSQL test pass) each transaction has a connection of its own from the pool, so the
// webhook need not wait; what was acknowledged must survive all the same. And SQLite's other
// connections (the worker threads) may write while a request's transaction runs: the transaction
// must wait for them, not fail.
import { Worker } from "node:worker_threads";
import { beforeAll, describe, expect, it } from "vitest";
import { testProvider, useFreshDatabase } from "../../support/db";
import { installShop, routeArgs, SHOP_A, useTestShopifyEnv, webhookRequest } from "../../support/shopify";

useTestShopifyEnv();
const databaseUrl = useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const { action } = await import("../../../app/routes/webhooks");

beforeAll(async () => {
  await installShop(SHOP_A);
});

class Abort extends Error {}
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("acknowledged writes and other requests' transactions", () => {
  it("keeps a webhook acknowledged while another transaction was open, when that transaction rolls back", async () => {
    const eventId = "interleaved-event-1";
    let answered: number | null = null;
    let answeredInsideTransaction = false;

    const rolledBack = db
      .$transaction(async (tx) => {
        // another request's transaction: it writes, awaits, and fails
        await tx.shop.update({ where: { domain: SHOP_A }, data: { name: "half-written" } });
        const delivery = action(
          routeArgs(
            webhookRequest({
              topic: "customers/data_request",
              shop: SHOP_A,
              eventId,
              payload: { customer: { id: 77 }, orders_requested: [] },
            }),
          ),
        ).then((response) => {
          answered = response.status;
        });
        await tick(50);
        answeredInsideTransaction = answered !== null;
        await tx.offer.create({ data: { shop: SHOP_A, name: "doomed" } });
        void delivery;
        throw new Abort("the other request fails");
      })
      .catch((error: unknown) => {
        if (!(error instanceof Abort)) throw error;
        return "rolled back";
      });

    expect(await rolledBack).toBe("rolled back");
    await expect.poll(() => answered, { timeout: 5_000 }).toBe(200);
    // SQLite: the webhook waited for the transaction instead of writing into it (one connection)
    if (testProvider() === "sqlite") expect(answeredInsideTransaction).toBe(false);
    // the transaction's own writes are gone …
    expect((await db.shop.findUniqueOrThrow({ where: { domain: SHOP_A } })).name).not.toBe("half-written");
    expect(await db.offer.count({ where: { shop: SHOP_A, name: "doomed" } })).toBe(0);
    // … and what was acknowledged is stored and processed
    const stored = await db.webhookDelivery.findMany({ where: { shop: SHOP_A, eventId } });
    expect(stored).toHaveLength(1);
    expect(stored[0].status).toBe("processed");
    expect(await db.customerDataRequest.count({ where: { shop: SHOP_A, customerId: "77" } })).toBe(1);
  });

  it("keeps a plain write issued during an open transaction that rolls back, and hides the transaction's rows from outside reads", async () => {
    let outsideRead: number | null = null;
    let outsideWrite: Promise<unknown> | null = null;
    await db
      .$transaction(async (tx) => {
        await tx.offer.create({ data: { shop: SHOP_A, name: "uncommitted" } });
        void db.offer.count({ where: { shop: SHOP_A, name: "uncommitted" } }).then((n) => (outsideRead = n));
        outsideWrite = db.event.create({
          data: {
            shop: SHOP_A,
            clientEventId: "interleaved-event-2",
            placement: "product",
            type: "impression",
            visitorId: "v-1",
            occurredAt: new Date(),
          },
        });
        await tick(30);
        throw new Abort("rolled back");
      })
      .catch((error: unknown) => {
        if (!(error instanceof Abort)) throw error;
      });
    await outsideWrite;
    await expect.poll(() => outsideRead).toBe(0);
    expect(await db.event.count({ where: { shop: SHOP_A, clientEventId: "interleaved-event-2" } })).toBe(1);
    expect(await db.offer.count({ where: { shop: SHOP_A, name: "uncommitted" } })).toBe(0);
  });

  it("still runs concurrent transactions one after another, and each commits", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.$transaction(
          async (tx) => {
            await tx.offer.create({ data: { shop: SHOP_A, name: `concurrent-${i}` } });
            await tick(1);
            await tx.offer.updateMany({ where: { shop: SHOP_A, name: `concurrent-${i}` }, data: { priority: i } });
            // queued behind each other: on a busy machine the last may wait longer than Prisma's default 2 s
          },
          { maxWait: 60_000 },
        ),
      ),
    );
    expect(await db.offer.count({ where: { shop: SHOP_A, name: { startsWith: "concurrent-" } } })).toBe(20);
  });

  // The worker threads (mining, follow-ups, bulk import) write through connections of their own.
  // Here a second connection holds a write transaction while a transaction of the app reads, then
  // writes. Begun as a reader (a plain BEGIN), that transaction's write failed at once (SQLITE_BUSY,
  // "Operation has timed out"; "database is locked" once the other had committed past its snapshot);
  // begun IMMEDIATE, it waits for the lock and then reads what the other connection committed.
  it.skipIf(testProvider() !== "sqlite")(
    "waits for another connection's write transaction instead of failing with 'database is locked'",
    async () => {
      const worker = new Worker(
        `const { parentPort, workerData } = require("node:worker_threads");
        const Database = require("better-sqlite3");
        const db = new Database(workerData.file, { timeout: 5000 });
        db.exec("BEGIN IMMEDIATE");
        db.prepare('UPDATE "Shop" SET "name" = ? WHERE "domain" = ?').run("written by the worker", workerData.shop);
        parentPort.postMessage("locked");
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000); // holds the lock 1 s
        db.exec("COMMIT");
        db.close();
        parentPort.postMessage("committed");`,
        { eval: true, workerData: { file: databaseUrl.replace(/^file:/, ""), shop: SHOP_A } },
      );
      const said = (message: string) =>
        new Promise<void>((resolve, reject) => {
          worker.on("message", (m: string) => m === message && resolve());
          worker.on("error", reject);
        });
      const locked = said("locked");
      const committed = said("committed");
      await locked; // the app's transaction starts while the worker holds the write lock
      const seen = await db.$transaction(async (tx) => {
        const shop = await tx.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
        await tx.offer.create({ data: { shop: SHOP_A, name: "written after the worker" } });
        return shop.name;
      });
      await committed;
      await worker.terminate();
      expect(seen).toBe("written by the worker");
      expect(await db.offer.count({ where: { shop: SHOP_A, name: "written after the worker" } })).toBe(1);
    },
  );
});
