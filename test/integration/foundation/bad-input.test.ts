// Inputs that must not hurt the server, through the real route modules on a real database:
// bounded webhook bodies, 400/401 instead of 500 for bad input that passed a signature, shops that
// never installed or were erased get nothing stored, the login path, customers/redact and visitor ids.
import { createHmac, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import {
  adminRequest,
  installShop,
  routeArgs,
  SHOP_A,
  SHOP_B,
  TEST_API_KEY,
  TEST_API_SECRET,
  useTestShopifyEnv,
  webhookRequest,
} from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const webhooks = await import("../../../app/routes/webhooks");
const dashboard = await import("../../../app/routes/app._index");
const appLayout = await import("../../../app/routes/app");
const loginRoute = await import("../../../app/routes/auth.login");
const { MAX_WEBHOOK_BODY_BYTES } = await import("../../../app/lib/limits");
const { REDACTED_VISITOR } = await import("../../../app/services/sync/compliance.server");

async function outcome(
  fn: () => Promise<unknown>,
): Promise<{ status: number; location: string | null; body: unknown }> {
  try {
    const result = await fn();
    if (result instanceof Response)
      return { status: result.status, location: result.headers.get("location"), body: await result.text() };
    return { status: 200, location: null, body: result };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("location"), body: await thrown.text() };
    return { status: 500, location: null, body: String(thrown) };
  }
}

/** A webhook signed with the app's secret over exactly `body`, whatever it is. */
function signedWebhook(
  shop: string,
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
  hmacOf = typeof body === "string" ? body : "",
): Request {
  return new Request("https://pairwise.test/webhooks", {
    method: "POST",
    body,
    ...(typeof body === "string" ? {} : { duplex: "half" }),
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Hmac-Sha256": createHmac("sha256", TEST_API_SECRET).update(hmacOf, "utf8").digest("base64"),
      ...headers,
    },
  } as RequestInit);
}

const deliver = (request: Request) => outcome(() => webhooks.action(routeArgs(request)));

function order(id: number, lines: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: `#${id}`,
    created_at: new Date().toISOString(),
    currency: "USD",
    subtotal_price: (lines * 10).toFixed(2),
    total_price: (lines * 10).toFixed(2),
    line_items: Array.from({ length: lines }, (_, i) => ({
      id: id * 1000 + i,
      product_id: 100 + i,
      variant_id: 900 + i,
      title: `Product ${i}`,
      sku: `SKU-${i}`,
      quantity: 1,
      price: "10.00",
      total_discount: "0.00",
      properties: [],
      tax_lines: [{ title: "VAT", price: "1.90", rate: 0.19 }],
      discount_allocations: [],
    })),
    ...extra,
  };
}

async function sessionToken(dest: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: `https://${SHOP_A}/admin`, dest, sid: randomUUID() })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience(TEST_API_KEY)
    .setSubject("1")
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 60)
    .sign(new TextEncoder().encode(TEST_API_SECRET));
}

beforeAll(async () => {
  await installShop(SHOP_A);
  await installShop(SHOP_B);
});

describe("webhook bodies are bounded before they are read", () => {
  it("refuses a declared Content-Length above the limit with 413 without reading the body", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const result = await deliver(signedWebhook(SHOP_A, body, { "Content-Length": String(200 * 1024 * 1024) }));
    expect(result.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1); // a stream may be primed once; nothing is read
  });

  it("stops reading a body without a length as soon as it passes the limit", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024 * 1024;
        if (sent > 200 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
      },
    });
    const result = await deliver(signedWebhook(SHOP_A, body));
    expect(result.status).toBe(413);
    expect(sent).toBeLessThan(MAX_WEBHOOK_BODY_BYTES + 3 * 1024 * 1024);
    expect(await db.webhookDelivery.count()).toBe(0);
  });

  it("a forged signature is refused with 401 and stores nothing", async () => {
    const result = await deliver(
      webhookRequest({ topic: "orders/create", shop: SHOP_A, payload: order(1, 1), hmac: "Zm9yZ2VkIHNpZ25hdHVyZQ==" }),
    );
    expect(result.status).toBe(401);
    expect(await db.webhookDelivery.count()).toBe(0);
  });

  it("a valid order with 600 lines is stored whole, and updated whole", async () => {
    const small = performance.now();
    expect((await deliver(signedWebhook(SHOP_A, JSON.stringify(order(7000, 1))))).status).toBe(200);
    const baseline = performance.now() - small;
    for (const [topic, lines] of [
      ["orders/create", 600],
      ["orders/updated", 601],
    ] as const) {
      const payload = JSON.stringify(order(7001, lines));
      expect(payload.length).toBeLessThan(MAX_WEBHOOK_BODY_BYTES);
      const started = performance.now();
      const result = await deliver(signedWebhook(SHOP_A, payload, { "X-Shopify-Topic": topic }));
      const ms = performance.now() - started;
      console.log(
        `[bad-input] ${topic} with ${lines} lines (${(payload.length / 1024).toFixed(0)} KB) answered in ${ms.toFixed(0)} ms (a one-line order: ${baseline.toFixed(0)} ms)`,
      );
      expect(result.status).toBe(200);
      // stored before the answer, processed right after it
      for (
        let i = 0;
        i < 300 && (await db.orderLine.count({ where: { shop: SHOP_A, order: { shopifyId: "7001" } } })) !== lines;
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
      expect(await db.orderLine.count({ where: { shop: SHOP_A, order: { shopifyId: "7001" } } })).toBe(lines);
    }
    // the delivery is marked processed just after its lines commit (on PostgreSQL another connection may look in between)
    await expect
      .poll(() => db.webhookDelivery.count({ where: { shop: SHOP_A, status: { not: "processed" } } }), {
        timeout: 10_000,
      })
      .toBe(0);
  });
});

describe("bad input after a valid signature gets 4xx, never 500", () => {
  it("a signed webhook whose shop domain is not a shop → 400", async () => {
    const result = await deliver(signedWebhook("evil.example.com", JSON.stringify(order(2, 1))));
    expect(result).toMatchObject({ status: 400, body: expect.stringMatching(/shop domain/) });
    const path = await deliver(signedWebhook("../../etc/passwd", JSON.stringify(order(3, 1))));
    expect(path.status).toBe(400);
  });

  it("a signed webhook whose body is not JSON → 400", async () => {
    const result = await deliver(signedWebhook(SHOP_A, "{not json"));
    expect(result).toMatchObject({ status: 400, body: expect.stringMatching(/not JSON/) });
    expect(await db.webhookDelivery.count({ where: { shop: SHOP_A, status: { not: "processed" } } })).toBe(0);
  });

  it("a session token whose dest is not a shop → 401", async () => {
    for (const dest of ["https://evil.example.com", "not a url", "https://shop-a.myshopify.com.evil.example"]) {
      const token = await sessionToken(dest);
      const result = await outcome(async () =>
        dashboard.loader(routeArgs(await adminRequest("/app", { shop: SHOP_A, token }))),
      );
      expect(result.status, dest).toBe(401);
    }
    // the same token with a shop's dest is fine
    const ok = await outcome(async () =>
      dashboard.loader(
        routeArgs(await adminRequest("/app", { shop: SHOP_A, token: await sessionToken(`https://${SHOP_A}`) })),
      ),
    );
    expect(ok.status).toBe(200);
  });
});

describe("shops that never installed, or were erased, get nothing stored", () => {
  it("a signed orders/create for a shop that never installed Pairwise stores nothing", async () => {
    const stranger = "never-installed.myshopify.com";
    const result = await deliver(webhookRequest({ topic: "orders/create", shop: stranger, payload: order(4, 2) }));
    expect(result.status).toBe(200);
    expect(await db.shop.count({ where: { domain: stranger } })).toBe(0);
    expect(await db.order.count({ where: { shop: stranger } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { shop: stranger } })).toBe(0);
  });

  it("after shop/redact, a late orders/updated or products/update does not re-create the shop", async () => {
    expect((await deliver(webhookRequest({ topic: "orders/create", shop: SHOP_B, payload: order(5, 2) }))).status).toBe(
      200,
    );
    expect(await db.order.count({ where: { shop: SHOP_B } })).toBe(1);
    expect(
      (await deliver(webhookRequest({ topic: "shop/redact", shop: SHOP_B, payload: { shop_domain: SHOP_B } }))).status,
    ).toBe(200);
    const late = await deliver(webhookRequest({ topic: "orders/updated", shop: SHOP_B, payload: order(5, 3) }));
    expect(late.status).toBe(200);
    const product = {
      id: 101,
      title: "Tent",
      handle: "tent",
      status: "active",
      variants: [{ id: 201, price: "10.00", inventory_quantity: 3 }],
    };
    expect((await deliver(webhookRequest({ topic: "products/update", shop: SHOP_B, payload: product }))).status).toBe(
      200,
    );
    expect(await db.shop.count({ where: { domain: SHOP_B } })).toBe(0);
    expect(await db.order.count({ where: { shop: SHOP_B } })).toBe(0);
    expect(await db.product.count({ where: { shop: SHOP_B } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { shop: SHOP_B } })).toBe(0);
  });

  it("an order webhook processed after the shop's row is gone writes nothing (the redact won the race)", async () => {
    const { handleOrderUpsert } = await import("../../../app/services/sync/orders-webhooks.server");
    await handleOrderUpsert(SHOP_B, order(6, 1));
    expect(await db.shop.count({ where: { domain: SHOP_B } })).toBe(0);
    expect(await db.order.count({ where: { shop: SHOP_B } })).toBe(0);
  });
});

describe("the login path works as in Shopify's app template", () => {
  it("/auth/login shows the shop-domain form", async () => {
    const result = await outcome(() => loginRoute.loader(routeArgs(new Request("https://pairwise.test/auth/login"))));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ error: undefined });
  });

  it("a posted shop domain starts the install or login; anything else is explained", async () => {
    const post = (shop: string) =>
      outcome(() =>
        loginRoute.action(
          routeArgs(
            new Request("https://pairwise.test/auth/login", { method: "POST", body: new URLSearchParams({ shop }) }),
          ),
        ),
      );
    const valid = await post("shop-a");
    expect(valid.status).toBe(302);
    expect(valid.location).toMatch(/shop-a/);
    expect(await post("")).toMatchObject({ status: 200, body: { error: "Enter your shop domain to log in" } });
    expect(await post("https://evil.example.com/x")).toMatchObject({
      status: 200,
      body: { error: expect.stringMatching(/valid shop domain/) },
    });
  });

  it("/app without a session token or shop goes to the login page", async () => {
    const result = await outcome(() => appLayout.loader(routeArgs(new Request("https://pairwise.test/app"))));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/auth/login");
  });
});

describe("customers/redact", () => {
  it("anonymises the visitor ids of the customer's events and orders, before and after they logged in", async () => {
    const event = (visitorId: string, customerId: string | null, i: number) => ({
      shop: SHOP_A,
      clientEventId: `redact-${visitorId}-${i}`,
      placement: "product",
      type: "impression",
      productId: "101",
      visitorId,
      customerId,
      occurredAt: new Date(),
    });
    await db.event.createMany({
      data: [
        event("visitor-of-4242", null, 1), // before logging in
        event("visitor-of-4242", "4242", 2),
        event("phone-of-4242", null, 3), // another device, seen only on an order
        event("someone-else-1", null, 4),
      ],
    });
    const payload = order(8001, 1, {
      customer: { id: 4242 },
      note_attributes: [{ name: "_pairwise_visitor", value: "phone-of-4242" }],
    });
    expect((await deliver(webhookRequest({ topic: "orders/create", shop: SHOP_A, payload }))).status).toBe(200);

    const result = await deliver(
      webhookRequest({
        topic: "customers/redact",
        shop: SHOP_A,
        payload: { customer: { id: 4242 }, orders_to_redact: [8001] },
      }),
    );
    expect(result.status).toBe(200);
    expect(
      await db.event.count({ where: { shop: SHOP_A, visitorId: { in: ["visitor-of-4242", "phone-of-4242"] } } }),
    ).toBe(0);
    expect(await db.event.count({ where: { shop: SHOP_A, visitorId: REDACTED_VISITOR } })).toBe(3);
    expect(await db.event.count({ where: { shop: SHOP_A, customerId: "4242" } })).toBe(0);
    expect(await db.event.count({ where: { shop: SHOP_A, visitorId: "someone-else-1" } })).toBe(1);
    const stored = await db.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop: SHOP_A, shopifyId: "8001" } } });
    expect([stored.customerId, stored.visitorId]).toEqual([null, null]);
  });
});
