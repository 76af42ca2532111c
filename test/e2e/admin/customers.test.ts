// The Customers page in the local demo, in Debian's Chromium: follow-ups computed by the app from
// the demo shop's history (due and upcoming, with reasons and probabilities), the rules' effect,
// the results of follow-ups delivered on past days against the holdout, the model's validation,
// the CSV export, and rules saved. Screenshots kept in test-results/screenshots.
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
  server = await startAdminDemo({ orders: 4000 });
  browser = await launchAdminBrowser();
  ({ page } = await newAdminPage(browser));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("Customers page in the local demo", () => {
  it("shows the computed follow-ups with reasons and probabilities, the rules' effect, results against the holdout and the model's validation", async () => {
    const { default: db } = await import("../../../app/db.server");
    const planned = await db.customerFollowUp.count({
      where: { shop: SHOP, holdout: false, status: { in: ["due", "upcoming"] } },
    });
    expect(planned).toBeGreaterThan(0);
    await page.goto(`${server.url}/app/customers`);
    for (const label of [
      "Due for a follow-up",
      "Held back by the contact cap",
      "Results of follow-ups sent",
      "Effect of the rules",
      "How good the purchase probabilities are",
      "Where follow-ups go",
      "Follow-up rules",
    ])
      await expect.poll(() => page.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByText(/^(Goes with .+ bought on|Replenishment: last bought|Upgrade of)/).count())
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.getByText(`${planned.toLocaleString("en")} customers`, { exact: false }).count())
      .toBeGreaterThan(0);
    // follow-ups delivered on past days of the demo, measured against the holdout
    await expect.poll(() => page.getByRole("rowheader", { name: "Holdout (not sent)" }).count()).toBe(1);
    await expect.poll(() => page.getByRole("rowheader", { name: "Followed up" }).count()).toBe(1);
    // the demo's simulated responses went through the order ingest and the follow-up matching
    const tracked = await db.followUpOrder.groupBy({ by: ["matchedBy"], where: { shop: SHOP }, _count: true });
    const byLink = tracked.find((t) => t.matchedBy === "link")?._count ?? 0;
    const byCode = tracked.find((t) => t.matchedBy === "code")?._count ?? 0;
    expect(byLink).toBeGreaterThan(0);
    expect(byCode).toBeGreaterThan(0);
    await expect
      .poll(() =>
        page
          .getByText(
            new RegExp(`^${byLink + byCode} orders \\(${byLink} through a link, ${byCode} with a follow-up’s code\\)`),
          )
          .count(),
      )
      .toBe(1);
    await expect.poll(() => page.getByText(/^Revenue per customer [+−]/).count()).toBe(1);
    // holdout customers got no link, no code, no metafield
    const holdoutIds = (await db.customerFollowUp.findMany({ where: { shop: SHOP, holdout: true } })).map(
      (r) => r.customerId,
    );
    expect(holdoutIds.length).toBeGreaterThan(0);
    expect(await db.followUpLink.count({ where: { shop: SHOP, customerId: { in: holdoutIds } } })).toBe(0);
    await expect.poll(() => page.getByRole("rowheader", { name: /^Pairwise \(this model/ }).count()).toBe(1);
    await page.waitForTimeout(500);
    await screenshot(page, "admin-customers");

    await page.getByRole("tab", { name: "Due now" }).click();
    await page.waitForURL(/status=due/);
    await expect.poll(() => page.getByText("Due", { exact: true }).count()).toBeGreaterThan(0);
    const table = page.locator("table").first();
    await expect.poll(() => table.getByText("Due", { exact: true }).count()).toBeGreaterThan(0);
    expect(await table.getByText("Upcoming", { exact: true }).count()).toBe(0);
  }, 120_000);

  it("exports the follow-ups as CSV from the page", async () => {
    await page.goto(`${server.url}/app/customers`);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("pairwise-follow-ups.csv");
    const { readFile } = await import("node:fs/promises");
    const text = await readFile((await file.path())!, "utf8");
    expect(text.split("\r\n")[0]).toMatch(/^customer_id,status,contact_at,position,product_id/);
    expect(text.trim().split("\r\n").length).toBeGreaterThan(1);
  }, 60_000);

  it("saves the follow-up rules", async () => {
    await page.goto(`${server.url}/app/customers`);
    const cap = page.getByLabel("Contact cap", { exact: true });
    await cap.fill("3");
    await page.getByRole("button", { name: "Save rules" }).click();
    // the toast shows once the action and the page's reload are done (seconds on a loaded machine)
    await expect.poll(() => page.getByText(/Rules saved/).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const { default: db } = await import("../../../app/db.server");
    expect((await db.followUpSettings.findUniqueOrThrow({ where: { shop: SHOP } })).contactCap).toBe(3);
    const { context, page: phone } = await newAdminPage(browser, { mobile: true });
    await phone.goto(`${server.url}/app/customers`);
    await expect.poll(() => phone.getByText("Due for a follow-up", { exact: true }).count()).toBeGreaterThan(0);
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(1);
    await phone.waitForTimeout(500);
    await screenshot(phone, "admin-customers-phone");
    await context.close();
  }, 60_000);
});
