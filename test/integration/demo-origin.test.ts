// The demo signs every /app request as the demo shop's admin, so it must refuse state-changing
// requests that another site's page makes (a cross-origin form post), and let its own through.
import express from "express";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../support/db";

useFreshDatabase();
process.env.PAIRWISE_DEMO = "1";
delete process.env.SHOPIFY_API_KEY;
delete process.env.SHOPIFY_API_SECRET;
const { mountDemoRoutes } = await import("../../app/demo/demo-routes.server");

let base = "";
let close: () => void = () => undefined;

beforeAll(async () => {
  const app = express();
  mountDemoRoutes(app);
  // what Remix would do with the request: here, say whether it arrived signed
  app.all("*", (req, res) => res.json({ signed: typeof req.headers.authorization === "string" }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

function post(path: string, headers: Record<string, string>) {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: "name=Evil&status=active",
    redirect: "manual",
  });
}

describe("demo admin and cross-origin requests", () => {
  it("refuses a form posted from another site's page, before signing it", async () => {
    const byOrigin = await post("/app/offers/new", { Origin: "https://evil.example" });
    expect(byOrigin.status).toBe(403);
    expect(await byOrigin.text()).toMatch(/another site/);
    expect(
      (await post("/app/settings", { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" })).status,
    ).toBe(403);
    expect((await post("/app", { "Sec-Fetch-Site": "same-site" })).status).toBe(403);
    expect((await post("/app/offers/new", { Origin: "null" })).status).toBe(403);
    // the demo checkout places orders: same rule
    expect((await post("/storefront/checkout", { Origin: "https://evil.example" })).status).toBe(403);
    expect((await post("/cart/add.js", { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
  });

  it("lets the demo's own pages post, and any page link to it", async () => {
    const own = await post("/app/offers/new", { Origin: base, "Sec-Fetch-Site": "same-origin" });
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ signed: true });
    // typed into the address bar, or not from a browser at all
    expect((await post("/app/settings", { "Sec-Fetch-Site": "none" })).status).toBe(200);
    expect((await post("/app/settings", {})).status).toBe(200);
    // a link from elsewhere opens the admin
    const linked = await fetch(`${base}/app`, { headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(linked.status).toBe(200);
    expect(await linked.json()).toEqual({ signed: true });
  });
});
