// Experiments in the local demo, in Debian's Chromium: the demo's experiment (simulated shoppers
// through the real serving, event and attribution paths) shows its verdict; a merchant creates a
// new experiment with the plan shown before the start, watches it, and ends both — one by stopping,
// one by promoting the winner into the offer. Screenshots in test-results/screenshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { DemoServer } from "../../support/server";
import { screenshot } from "../../support/browser";
import { launchAdminBrowser, newAdminPage, startAdminDemo } from "./launch";

const SHOP = "pairwise-demo.myshopify.com";
let server: DemoServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startAdminDemo({ orders: 1500, experiment: true });
  browser = await launchAdminBrowser();
  ({ page } = await newAdminPage(browser));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const db = async () => (await import("../../../app/db.server")).default;

describe("experiments in the local demo", () => {
  it("lists the demo's experiment with its verdict and shows the readout", async () => {
    await page.goto(`${server.url}/app/experiments`);
    await page.getByRole("heading", { name: "Experiments" }).first().waitFor();
    const row = page.getByRole("row", { name: /Camping kit: what other campers took/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("Variant wins");
    await screenshot(page, "admin-experiments-list");

    await page.getByRole("link", { name: "Camping kit: what other campers took" }).click();
    await page
      .getByText(/Social proof wins: acceptance rate \+\d+\.\d%/)
      .first()
      .waitFor();
    // per variant: visitors, conversions, the rate with its interval, lift with its always-valid interval
    const table = page.locator("table");
    expect(await table.textContent()).toMatch(/Control.*Social proof/s);
    expect(await table.locator("tbody tr").count()).toBe(2);
    expect(await table.locator("tbody tr").nth(1).textContent()).toMatch(/Better/);
    expect(await page.getByText("Holding").count()).toBeGreaterThan(0);
    await screenshot(page, "admin-experiment-verdict");
  });

  it("creates an experiment with the plan shown before the start, watches it and stops it with no winner", async () => {
    await page.goto(`${server.url}/app/experiments/new`);
    await page.getByLabel("Experiment name").fill("Coffee: one bag instead of two");
    await page.getByLabel("Offer to test").selectOption({ label: "Beans for new espresso machines" });
    await page
      .getByText(/per variant/)
      .first()
      .waitFor();
    const plan = (await page
      .getByText(/per variant/)
      .first()
      .textContent())!;
    const perVariant = Number(plan.replace(/[^\d]/g, ""));
    expect(perVariant).toBeGreaterThan(100);
    // a smaller lift needs more visitors: the plan follows the form
    await page.getByLabel("Smallest lift worth detecting").fill("5");
    await expect
      .poll(async () =>
        Number(
          (
            (await page
              .getByText(/per variant/)
              .first()
              .textContent()) ?? ""
          ).replace(/[^\d]/g, ""),
        ),
      )
      .toBeGreaterThan(perVariant * 3);
    await page.getByLabel("Smallest lift worth detecting").fill("20");
    await page.getByLabel("Headline").fill("One bag to start: {product}");
    await page.getByLabel("Number of items").selectOption("1");
    await screenshot(page, "admin-experiment-new");

    await page.getByRole("button", { name: "Start experiment" }).first().click();
    await page.getByText("The experiment is running").waitFor();
    expect(await page.getByText("No visitor has seen the experiment yet.").count()).toBe(1);
    expect(await page.getByText('Headline: "One bag to start: {product}"').count()).toBe(1);
    await screenshot(page, "admin-experiment-running");

    await page.getByRole("button", { name: "End experiment" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("There is no winner yet").waitFor();
    await dialog.getByLabel("Stop with no winner").check();
    await dialog.getByRole("button", { name: "Stop with no winner" }).click();
    await page.getByText("Ended: stopped").first().waitFor();
    const offer = await (
      await db()
    ).offer.findFirstOrThrow({ where: { shop: SHOP, name: "Beans for new espresso machines" } });
    expect(offer.headline).toBe("Beans for your {product}");
    expect(offer.maxSuggestions).toBeNull();
  }, 120_000);

  it("ends the demo's experiment by promoting the winner into the offer; the record stays", async () => {
    await page.goto(`${server.url}/app/experiments`);
    await page.getByRole("link", { name: "Camping kit: what other campers took" }).click();
    await page.getByRole("button", { name: "End experiment" }).click();
    const dialog = page.getByRole("dialog");
    // the winner is the preselected choice
    expect(await dialog.getByLabel("Promote Social proof (the winner)").isChecked()).toBe(true);
    await screenshot(page, "admin-experiment-end");
    await dialog.getByRole("button", { name: "Promote and end" }).click();
    await page.getByText("Ended: winner promoted").first().waitFor();
    await page.getByText(/Social proof was promoted into the offer/).waitFor();
    const offer = await (
      await db()
    ).offer.findFirstOrThrow({ where: { shop: SHOP, name: "Complete the camping kit" } });
    expect(offer.headline).toBe("Campers who bought the {product} took these too");
    await page.goto(`${server.url}/app/experiments`);
    await page.getByRole("row", { name: /Coffee: one bag instead of two/ }).waitFor();
    expect(await page.getByRole("row", { name: /Camping kit/ }).textContent()).toContain("Ended: winner promoted");
    await screenshot(page, "admin-experiments-ended");
  }, 120_000);
});
