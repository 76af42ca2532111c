// Every admin page in the local demo, in Debian's Chromium, over the seeded demo shop: the
// dashboard's figures, insights with a re-mine that shows its progress, settings saved, a bundle
// created from a proposal. Screenshots kept in test-results/screenshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { DemoServer } from "../../support/server";
import { screenshot, sidewaysScroll } from "../../support/browser";
import { launchAdminBrowser, newAdminPage, startAdminDemo } from "./launch";

const SHOP = "pairwise-demo.myshopify.com";
let server: DemoServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startAdminDemo({ orders: 1500 });
  browser = await launchAdminBrowser();
  ({ page } = await newAdminPage(browser));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("admin pages in the local demo", () => {
  it("shows the dashboard's KPIs computed from the demo orders", async () => {
    const { default: db } = await import("../../../app/db.server");
    const orders = await db.order.count({ where: { shop: SHOP } });
    expect(orders).toBeGreaterThan(0);
    await page.goto(`${server.url}/app?days=365`);
    for (const label of [
      "Attributed revenue",
      "Offer acceptance rate",
      "Cross-sell rate",
      "AOV with offers vs without",
      "Orders held",
      "Data freshness",
    ])
      await expect.poll(() => page.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(orders.toLocaleString("en"), { exact: true }).count()).toBeGreaterThan(0);
    // The trend charts render in the browser (Polaris Viz draws SVG).
    await expect.poll(() => page.locator("svg[role='table'], svg").count()).toBeGreaterThan(2);
    await page.waitForTimeout(500);
    await screenshot(page, "admin-dashboard");

    const { context, page: phone } = await newAdminPage(browser, { mobile: true });
    await phone.goto(`${server.url}/app`);
    await expect.poll(() => phone.getByText("Orders held", { exact: true }).count()).toBeGreaterThan(0);
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(1);
    await phone.waitForTimeout(500);
    await screenshot(phone, "admin-dashboard-phone");
    await context.close();
  }, 60_000);

  it("lists mined pairs, prefills an offer from one, and re-mines with visible progress", async () => {
    await page.goto(`${server.url}/app/insights`);
    const firstOffer = page.getByRole("link", { name: /^Create an offer:/ }).first();
    await expect.poll(() => firstOffer.count()).toBe(1);
    await screenshot(page, "admin-insights-pairs");
    const label = (await firstOffer.getAttribute("aria-label"))!;
    const [, a, b] = /^Create an offer: (.+) with (.+)$/.exec(label)!;
    await firstOffer.click();
    await page.waitForURL(/\/app\/offers\/new\?/);
    await expect.poll(() => page.getByLabel("Offer name").inputValue()).toBe(`${a} → ${b}`);

    await page.goto(`${server.url}/app/insights?tab=sequences`);
    await expect.poll(() => page.getByText("Typical gap").count()).toBeGreaterThan(0);
    await screenshot(page, "admin-insights-sequences");

    await page.goto(`${server.url}/app/insights?tab=sync`);
    await expect.poll(() => page.getByText("This is the local demo").count()).toBe(1);
    const { default: db } = await import("../../../app/db.server");
    const runsBefore = await db.miningRun.count({ where: { shop: SHOP } });
    await page.getByRole("button", { name: "Re-mine recommendations" }).click();
    await expect.poll(() => db.miningRun.count({ where: { shop: SHOP } })).toBe(runsBefore + 1);
    // The page polls until the run finishes and then lists it as succeeded.
    await expect
      .poll(
        async () => (await db.miningRun.findFirst({ where: { shop: SHOP }, orderBy: { startedAt: "desc" } }))?.status,
        { timeout: 60_000 },
      )
      .toBe("succeeded");
    await expect
      .poll(() => page.getByText(/manual · learned from [\d,]+ orders → found [\d,]+ pairs/).count(), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    await screenshot(page, "admin-insights-sync");

    const { context, page: phone } = await newAdminPage(browser, { mobile: true });
    await phone.goto(`${server.url}/app/insights`);
    await expect.poll(() => phone.getByRole("link", { name: "Create offer" }).count()).toBeGreaterThan(0);
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(1);
    await screenshot(phone, "admin-insights-phone");
    await context.close();
  }, 120_000);

  it("saves settings and shows a validation error inline", async () => {
    await page.goto(`${server.url}/app/settings`);
    // the sliders show their values without being dragged
    for (const value of ["3", "0.3", "10%"])
      await expect.poll(() => page.getByText(value, { exact: true }).count()).toBeGreaterThan(0);
    // a percent field speaks of percent; the cap takes 0 (no cap)
    await page.getByLabel("High return rate").fill("150");
    await page.getByLabel("Frequency cap for your offers").fill("0");
    await page.getByLabel("Relevance threshold").fill("1.5");
    await page.getByRole("button", { name: "Save" }).first().click();
    await expect.poll(() => page.getByText("The relevance threshold is between 0 and 1").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText("The high return rate is between 0% and 100%").count()).toBeGreaterThan(0);
    expect(await page.getByText(/frequency cap is/i).count()).toBe(0);
    await screenshot(page, "admin-settings-errors");
    // an error leaves as soon as its field is fixed, before the next save
    await page.getByLabel("High return rate").fill("30");
    await expect.poll(() => page.getByText("The high return rate is between 0% and 100%").count()).toBe(0);
    expect(await page.getByText("The relevance threshold is between 0 and 1").count()).toBeGreaterThan(0);
    await page.getByLabel("Relevance threshold").fill("0.25");
    await page.getByLabel("Free-shipping threshold").fill("75");
    await page.getByRole("button", { name: "Save" }).first().click();
    await expect.poll(() => page.getByText("Settings saved").count()).toBeGreaterThan(0);
    const { default: db } = await import("../../../app/db.server");
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect([shop.relevanceThreshold, shop.freeShippingThreshold, shop.frequencyCapPerDay, shop.highReturnRate]).toEqual(
      [0.25, 7500, 0, 0.3],
    );
    await screenshot(page, "admin-settings");
  }, 60_000);

  it("shows an unknown admin page as not found inside the app, and answers the browser's favicon request", async () => {
    await page.goto(`${server.url}/app/nope`);
    await expect.poll(() => page.getByText("This page does not exist in this shop").count()).toBeGreaterThan(0);
    // the app's navigation is still there
    await expect.poll(() => page.getByRole("link", { name: "Settings" }).count()).toBeGreaterThan(0);
    await screenshot(page, "admin-not-found");
    const favicon = await page.request.get(`${server.url}/favicon.ico`);
    expect([favicon.status(), favicon.headers()["content-type"]]).toEqual([200, "image/svg+xml"]);
  });

  it("creates a bundle from a frequently-bought-together proposal with one click", async () => {
    await page.goto(`${server.url}/app/bundles`);
    const create = page.getByRole("button", { name: /^Create bundle .+/ }).first();
    await expect.poll(() => create.count()).toBe(1);
    const title = (await create.getAttribute("aria-label"))!.replace(/^Create bundle /, "");
    await create.click();
    await expect.poll(() => page.getByText("Bundle created").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole("heading", { name: title }).count()).toBe(1);
    const { default: db } = await import("../../../app/db.server");
    const bundle = await db.bundle.findFirstOrThrow({ where: { shop: SHOP, title }, include: { components: true } });
    expect(bundle.source).toBe("mined");
    expect(bundle.components.length).toBeGreaterThanOrEqual(2);
    await screenshot(page, "admin-bundles");
  }, 60_000);
});
