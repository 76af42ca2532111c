// The webhook body bound over real HTTP, against the built app as it runs for Shopify: huge
// bodies (declared, or streamed without a length) are answered 413 early without the server
// holding them, concurrently; a valid large order is answered 200 with its lines stored.
import { createHmac, randomUUID } from "node:crypto";
import { request as httpRequest, type OutgoingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { testProvider } from "../../support/db";
import { startProductionServer, type DemoServer } from "../../support/server";
import { startWorkerProcess } from "../../support/worker-process";
import { BROWSER_UA } from "../../support/shopify";
import { httpStorefront } from "../../support/attacks";

let server: DemoServer;
const SHOP = "bounds-shop.myshopify.com";
const SECRET = "test-api-secret-for-signatures";
const MB = 1024 * 1024;

let worker: ChildProcess | null = null;

beforeAll(async () => {
  server = await startProductionServer();
  const { default: db } = await import("../../../app/db.server");
  await db.shop.create({ data: { domain: SHOP } });
  // On PostgreSQL a large delivery is a queued job, which a worker process runs (as in production).
  if (testProvider() === "postgresql") worker = await startWorkerProcess(process.env.DATABASE_URL!);
}, 90_000);

afterAll(async () => {
  worker?.kill("SIGTERM");
  await server?.close();
});

interface Sent {
  status: number | null;
  /** bytes of body written before the answer arrived (or the connection closed) */
  written: number;
  ms: number;
}

/** POSTs /webhooks with `total` bytes of body written in 1 MB chunks, stopping at the answer. */
function post(headers: OutgoingHttpHeaders, total: number): Promise<Sent> {
  const url = new URL(`${server.url}/webhooks`);
  const chunk = Buffer.alloc(MB, 32);
  const started = performance.now();
  return new Promise((resolve) => {
    let written = 0;
    let done = false;
    const finish = (status: number | null) => {
      if (done) return;
      done = true;
      resolve({ status, written, ms: Math.round(performance.now() - started) });
    };
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers },
      (res) => {
        res.resume();
        finish(res.statusCode ?? null);
      },
    );
    req.on("error", () => finish(null));
    const pump = () => {
      while (!done && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

const webhookHeaders = (extra: OutgoingHttpHeaders = {}): OutgoingHttpHeaders => ({
  "Content-Type": "application/json",
  "X-Shopify-Topic": "orders/create",
  "X-Shopify-Shop-Domain": SHOP,
  "X-Shopify-API-Version": "2026-10",
  "X-Shopify-Webhook-Id": randomUUID(),
  "X-Shopify-Event-Id": randomUUID(),
  "X-Shopify-Hmac-Sha256": "Zm9yZ2Vk",
  ...extra,
});

describe("POST /webhooks over HTTP", () => {
  it("answers three concurrent unsigned 200 MB bodies with 413 without reading them", async () => {
    const rssBefore = process.memoryUsage().rss;
    const results = await Promise.all(
      Array.from({ length: 3 }, () => post(webhookHeaders({ "Content-Length": String(200 * MB) }), 200 * MB)),
    );
    const grownMb = (process.memoryUsage().rss - rssBefore) / MB;
    console.log(
      `[webhook-bounds] declared 200 MB ×3: ${results.map((r) => `${r.status} after ${r.ms} ms, ${(r.written / MB).toFixed(0)} MB written`).join("; ")}; RSS +${grownMb.toFixed(0)} MB`,
    );
    for (const r of results) {
      expect(r.status).toBe(413);
      expect(r.written).toBeLessThan(200 * MB);
    }
    expect(grownMb).toBeLessThan(100);
  });

  it("answers a body streamed without a length with 413 once it passes the limit", async () => {
    const rssBefore = process.memoryUsage().rss;
    const result = await post(webhookHeaders({ "Transfer-Encoding": "chunked" }), 60 * MB);
    const grownMb = (process.memoryUsage().rss - rssBefore) / MB;
    console.log(
      `[webhook-bounds] chunked 60 MB: ${result.status} after ${result.ms} ms, ${(result.written / MB).toFixed(0)} MB written; RSS +${grownMb.toFixed(0)} MB`,
    );
    expect(result.status).toBe(413);
    expect(grownMb).toBeLessThan(100);
  });

  it("a valid order with 800 lines is answered 200 and stored", async () => {
    const order = (id: number, lines: number) => ({
      id,
      name: `#${id}`,
      created_at: new Date().toISOString(),
      line_items: Array.from({ length: lines }, (_, i) => ({
        id: id * 1000 + i,
        product_id: 100 + i,
        variant_id: 900 + i,
        title: `Product ${i}`,
        quantity: 1,
        price: "10.00",
        total_discount: "0.00",
        properties: [],
      })),
    });
    const send = async (payload: string) => {
      const hmac = createHmac("sha256", SECRET).update(payload, "utf8").digest("base64");
      const response = await fetch(`${server.url}/webhooks`, {
        method: "POST",
        headers: webhookHeaders({ "X-Shopify-Hmac-Sha256": hmac }) as Record<string, string>,
        body: payload,
      });
      return { status: response.status };
    };
    const small = await send(JSON.stringify(order(990000, 1)));
    const payload = JSON.stringify(order(990001, 800));
    const large = await send(payload);
    // (No timing here: client and server share this process, and the order is written right after
    // the answer, so the client sees the answer only once the write is done. bad-input.test.ts
    // measures the route itself.)
    expect([small.status, large.status]).toEqual([200, 200]);
    const { default: db } = await import("../../../app/db.server");
    let lines = 0;
    for (let i = 0; i < 300 && lines < 800; i++) {
      lines = await db.orderLine.count({ where: { shop: SHOP, order: { shopifyId: "990001" } } });
      if (lines < 800) await new Promise((r) => setTimeout(r, 100));
    }
    expect(lines).toBe(800);
  });

  it("bad input is answered 4xx, never 500", async () => {
    const body = "{not json";
    const hmac = createHmac("sha256", SECRET).update(body, "utf8").digest("base64");
    const malformed = await fetch(`${server.url}/webhooks`, {
      method: "POST",
      headers: webhookHeaders({ "X-Shopify-Hmac-Sha256": hmac }) as Record<string, string>,
      body,
    });
    expect(malformed.status).toBe(400);
    const badShop = await fetch(`${server.url}/webhooks`, {
      method: "POST",
      headers: webhookHeaders({
        "X-Shopify-Hmac-Sha256": createHmac("sha256", SECRET).update("{}", "utf8").digest("base64"),
        "X-Shopify-Shop-Domain": "evil.example.com",
      }) as Record<string, string>,
      body: "{}",
    });
    expect(badShop.status).toBe(400);
    const browser = { "User-Agent": BROWSER_UA };
    const login = await fetch(`${server.url}/auth/login`, { headers: browser });
    expect(login.status).toBe(200);
    expect(await login.text()).toContain("Shop domain");
    const app = await fetch(`${server.url}/app`, { redirect: "manual", headers: browser });
    expect(app.status).toBe(302);
    expect(app.headers.get("location")).toBe("/auth/login");
  });

  it("the storefront event flood over HTTP (test/support/attacks.ts) is refused with 200/429, never a 500", async () => {
    const storefront = httpStorefront(server.url, { shop: SHOP, address: "198.51.100.9" });
    const statuses: number[] = [];
    for (let b = 0; b < 15; b++) {
      const events = Array.from({ length: 50 }, () => ({
        id: randomUUID(),
        type: "add",
        offerId: null,
        productId: "101",
        placement: "product",
        token: "mzzzzz.0.AAAAAAAAAAAAAAAAAAAAAA",
        at: Date.now(),
      }));
      const result = await storefront.events(JSON.stringify({ visitorId: `attacker-${b}-visitor`, events }));
      statuses.push(result.status);
      if (result.status === 200) expect(result.body.accepted).toBe(0);
    }
    expect(new Set(statuses)).toEqual(new Set([200, 429]));
  });
});
