import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAppProxyParams } from "../../../app/demo/app-proxy-signature.server";
import { BROWSER_UA } from "../../support/shopify";
import { startProductionServer, type DemoServer } from "../../support/server";

const run = promisify(execFile);

describe("demo mode is confined to the local demo", () => {
  it("refuses to start the demo with NODE_ENV=production", async () => {
    const result = await run("npx", ["tsx", "scripts/demo.ts"], {
      env: { ...process.env, NODE_ENV: "production", PORT: "0" },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/refuses to run with NODE_ENV=production/);
  });

  it("refuses demo mode in the app's own configuration too", async () => {
    const { isDemoMode } = await import("../../../app/lib/config.server");
    expect(() => isDemoMode({ PAIRWISE_DEMO: "1", NODE_ENV: "production" })).toThrow(/refuses/);
    expect(isDemoMode({ NODE_ENV: "production" })).toBe(false);
  });

  describe("the app served for Shopify", () => {
    let server: DemoServer;
    beforeAll(async () => {
      server = await startProductionServer();
    });
    afterAll(async () => server?.close());

    it("reaches no demo path", async () => {
      const headers = { "User-Agent": BROWSER_UA };
      const storefront = await fetch(`${server.url}/storefront`, { headers, redirect: "manual" });
      expect(storefront.status).toBe(404);
      const proxy = await fetch(`${server.url}/apps/pairwise/offers?context=product&product_id=1`, {
        headers,
        redirect: "manual",
      });
      expect(proxy.status).toBe(404);
      const admin = await fetch(`${server.url}/app`, { headers, redirect: "manual" });
      expect(admin.status).not.toBe(200);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
    });

    it("answers the storefront API over HTTP only with a valid app proxy signature", async () => {
      const unsigned = await fetch(
        `${server.url}/proxy/offers?shop=shop-a.myshopify.com&context=product&product_id=1&visitor_id=visitor-0001`,
      );
      expect(unsigned.status).toBe(401);
      expect(await unsigned.json()).toEqual({ error: "invalid or expired app proxy signature" });
      const query = signAppProxyParams(
        new URLSearchParams({ context: "product", product_id: "1", visitor_id: "visitor-0001" }),
        {
          shop: "unknown-shop.myshopify.com",
          secret: "test-api-secret-for-signatures",
        },
      );
      const signed = await fetch(`${server.url}/proxy/offers?${query}`);
      expect(signed.status).toBe(404);
      expect((await signed.json()).error).toMatch(/not installed/);
      const events = await fetch(`${server.url}/proxy/events?${query}`, { method: "POST", body: "{not json" });
      expect(events.status).toBe(400);
    });
  });
});
