// A bulk import left "importing" by a web process that died is resumed by the job queue's recovery
// (PostgreSQL: several processes, so nothing can be taken over at start-up; the PostgreSQL pass
// only). The importing process holds the job's lease, a session advisory lock that PostgreSQL
// drops when the process dies; an import whose lease is held is left alone.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFixture, startAdminApiStandin, type AdminApiStandin } from "../../support/admin-api-standin";
import { testProvider, useFreshDatabase } from "../../support/db";

const postgres = testProvider() === "postgresql";
const url = postgres ? useFreshDatabase() : "";

/** A separate process that takes the lease of `name` and holds it until killed. */
async function leaseHolder(name: string): Promise<ChildProcess> {
  const source = `
    const { takeLease } = await import(${JSON.stringify(`${process.cwd()}/app/lib/process-lease.server.ts`)});
    const lease = await takeLease(${JSON.stringify(name)}, ${JSON.stringify(url)});
    console.log(lease ? "HELD" : "REFUSED");
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", source], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the lease holder exited (${code})`)));
  });
  if (line !== "HELD") throw new Error(`the lease holder says ${line}`);
  return child;
}

describe.skipIf(!postgres)("bulk imports interrupted on PostgreSQL", () => {
  let api: AdminApiStandin;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    api = await startAdminApiStandin();
    api.server.listen({ onUnhandledRequest: "error" });
  }, 120_000);
  afterAll(() => {
    children.forEach((c) => c.kill("SIGKILL"));
    api?.server.close();
  });

  it("an import whose process died goes back to running and the next poll imports it; a live one is left alone", async () => {
    const { default: db } = await import("../../../app/db.server");
    const { startSync, pollSync, completeBulkOperation, resumeOrphanedImports, importLeaseName } =
      await import("../../../app/services/sync/bulk-operations.server");
    const shop = "import-recovery.myshopify.com";
    const sleep = async () => {};
    const { job } = await startSync(api.admin, shop, "orders", { sleep });
    api.finish(job.bulkOperationId!, { status: "COMPLETED", jsonl: readFixture("orders_bulk.jsonl") });

    // a web process claims the import and is importing it (holds its lease)…
    const web = await leaseHolder(importLeaseName(job.id));
    children.push(web);
    await db.syncJob.update({ where: { id: job.id }, data: { status: "importing" } });
    // …while it lives, recovery and other callers leave the job to it
    expect(await resumeOrphanedImports(shop)).toBe(0);
    expect(await resumeOrphanedImports()).toBe(0);
    expect((await completeBulkOperation(api.admin, shop, job.bulkOperationId!, { sleep }))?.status).toBe("importing");
    expect(await pollSync(api.admin, shop, { sleep })).toEqual([]);
    expect((await db.syncJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("importing");

    // the web process dies mid-import (its connection closes with it)
    web.kill("SIGKILL");
    await new Promise((resolve) => web.once("exit", resolve));
    let resumed = 0;
    for (let i = 0; i < 100 && resumed === 0; i++) {
      resumed = await resumeOrphanedImports(shop);
      if (resumed === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(resumed).toBe(1);
    expect((await db.syncJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("running");
    // the next poll (the worker's shop maintenance) imports it again, once
    expect((await pollSync(api.admin, shop, { sleep }))[0]).toMatchObject({ status: "completed", processed: 3 });
    expect(await db.order.count({ where: { shop } })).toBe(3);
    expect(await resumeOrphanedImports()).toBe(0);
  });

  it("two processes completing one operation together import it once", async () => {
    const { default: db } = await import("../../../app/db.server");
    const { startSync, completeBulkOperation, importLeaseName } =
      await import("../../../app/services/sync/bulk-operations.server");
    const shop = "import-once.myshopify.com";
    const sleep = async () => {};
    const { job } = await startSync(api.admin, shop, "orders", { sleep });
    api.finish(job.bulkOperationId!, { status: "COMPLETED", jsonl: readFixture("orders_bulk.jsonl") });
    // another process holds the import's lease (it is about to claim it): this one does not import
    const other = await leaseHolder(importLeaseName(job.id));
    children.push(other);
    expect((await completeBulkOperation(api.admin, shop, job.bulkOperationId!, { sleep }))?.status).toBe("running");
    expect(await db.order.count({ where: { shop } })).toBe(0);
    other.kill("SIGKILL");
    await new Promise((resolve) => other.once("exit", resolve));
    let done = null;
    for (let i = 0; i < 100 && done?.status !== "completed"; i++) {
      done = await completeBulkOperation(api.admin, shop, job.bulkOperationId!, { sleep });
      if (done?.status !== "completed") await new Promise((r) => setTimeout(r, 100));
    }
    expect(done).toMatchObject({ status: "completed", processed: 3 });
  });
});
