// A placement experiment in the local demo, in Debian's Chromium: the new-experiment form in German
// (every label, the placement controls and the plan), then in English a merchant creates an
// experiment on the cart (how many items it shows), shoppers of each arm see their number of items
// on the cart page and the admin's readout counts them, and the merchant ends it by promoting the
// variant: it becomes the cart's setting and every shopper then sees it. Screenshots in
// test-results/screenshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { DemoServer } from "../../support/server";
import { screenshot, sidewaysScroll } from "../../support/browser";
import { cartOf, shopper, visitor } from "../storefront/support";
import { launchAdminBrowser, newAdminPage, startAdminDemo } from "./launch";

const SHOP = "pairwise-demo.myshopify.com";
const TENT = "/storefront/products/trailhead-2-person-tent";
const NAME = "Cart: one suggestion instead of several";
let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  server = await startAdminDemo({ orders: 1500 });
  browser = await launchAdminBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const db = async () => (await import("../../../app/db.server")).default;
const { assignVariant } = await import("../../../app/domain/experiments");

/** A visitor outside the holdout in the chosen arm of a 50/50 experiment. */
function visitorIn(experimentId: string, arm: "control" | "b"): string {
  for (;;) {
    const id = visitor(false);
    const got = assignVariant(id, experimentId, [
      { key: "control", weight: 50 },
      { key: "b", weight: 50 },
    ]);
    if (got === arm) return id;
  }
}

/** A shopper puts the tent in the cart and opens the cart page: the items the cart's block shows. */
async function cartSuggestions(visitorId: string): Promise<number> {
  const { context, page } = await shopper(browser, { visitorId });
  await page.goto(server.url + TENT);
  await page.click('#product-form [name="add"]');
  await expect.poll(async () => (await cartOf(page)).item_count).toBe(1);
  await page.goto(server.url + "/storefront/cart");
  await page.waitForSelector("#pw-cart-ymal:not([aria-busy])", { state: "attached" });
  const shown = await page.locator("#pw-cart-ymal .pw-item:not(.pw-sk)").count();
  // the widget reports the items a shopper saw (half in view), in a batch sent 3 s after the first
  await page.locator("#pw-cart-ymal .pw-item:not(.pw-sk)").last().scrollIntoViewIfNeeded();
  await expect
    .poll(async () =>
      (await db()).event.count({ where: { shop: SHOP, visitorId, placement: "cart", type: "impression" } }),
    )
    .toBeGreaterThan(0);
  await context.close();
  return shown;
}

async function visibleTexts(page: Page): Promise<string> {
  return (await page.locator("body").innerText()).replace(/\s+/g, " ");
}

describe("a placement experiment in the admin", () => {
  it("shows the new-experiment form in German, the placement's controls and the plan included", async () => {
    const { page, context } = await newAdminPage(browser);
    await page.goto(`${server.url}/app/experiments/new?locale=de-DE`);
    await page.getByLabel("Name des Experiments").waitFor();
    await page.getByText("Kleinste Steigerung, die erkannt werden soll").first().waitFor();
    // an offer's variants first: copy, items, count and discount, all German
    const offerForm = await visibleTexts(page);
    for (const german of [
      "Zu testendes Angebot",
      "Überschrift",
      "Artikel",
      "Anzahl der Artikel",
      "Rabatt an der Kasse",
    ])
      expect(offerForm).toContain(german);
    for (const english of ["Offer to test", "Headline", "Number of items", "Discount at checkout", "Same as the offer"])
      expect(offerForm).not.toContain(english);
    await page.getByText("Alles, was eine Platzierung zeigt", { exact: true }).click();
    // the demo's history has traffic on the product page: the plan is read from it
    await page.getByLabel("Zu testende Platzierung").selectOption({ label: "Produktseite" });
    await page.getByText(/Sie zeigt jetzt bis zu \d+ Artikel/).waitFor();
    await page.getByText(/Kontrolle: Produktseite, wie jetzt/).waitFor();
    await page.getByLabel("Gezeigte Artikel (Produktseite)").selectOption("1");
    // the widget's placements also test a layout; the choices are in German
    const layout = page.getByLabel("Layout (Produktseite)");
    expect(await layout.locator("option").allTextContents()).toEqual([
      "Wie jetzt (Einstellung jedes Theme-Blocks)",
      "Raster",
      "Liste",
    ]);
    await layout.selectOption("list");
    await page
      .getByText(/Besucher pro Variante/)
      .first()
      .waitFor();
    const text = await visibleTexts(page);
    for (const german of [
      "Neues Experiment",
      "Was getestet wird",
      "Hauptkennzahl",
      "Leitplanken",
      "Anteil der Besucher",
      "Variante hinzufügen",
      "Vor dem Start",
      "Experiment starten",
    ])
      expect(text).toContain(german);
    for (const english of [
      "Start experiment",
      "Experiment name",
      "What to test",
      "Before you start",
      "Share of visitors",
      "per variant",
      "Add variant",
      "Guardrails",
    ])
      expect(text).not.toContain(english);
    await screenshot(page, "admin-de-experiment-new-placement");
    // none in the cart: the plan says so, in German
    await page.getByLabel("Zu testende Platzierung").selectOption({ label: "Kasse" });
    // checkout draws its own offers: no layout to test there
    expect(await page.getByLabel("Layout (Kasse)").count()).toBe(0);
    await page.getByLabel("Zu testende Platzierung").selectOption({ label: "Warenkorb" });
    await page.getByText(/Zu wenige Daten für einen Plan: Warenkorb hatte 0 Besucher und keine Conversions/).waitFor();
    // a refusal in German too
    await page.getByLabel("Name des Experiments").fill("");
    await page.getByRole("button", { name: "Experiment starten" }).first().click();
    await page.getByText("Das Experiment wurde nicht gestartet").waitFor();
    await page.getByText("Benennen Sie das Experiment").first().waitFor();
    await context.close();
  });

  it("fits a phone: the placement form with its item count and layout controls, in English", async () => {
    const { page, context } = await newAdminPage(browser, { mobile: true });
    await page.goto(`${server.url}/app/experiments/new`);
    await page.getByLabel("Experiment name").waitFor();
    await page.getByText("Everything one placement shows", { exact: true }).click();
    await page.getByLabel("Placement to test").selectOption({ label: "Product page" });
    await page.getByLabel("Items shown (Product page)").selectOption("1");
    await page.getByLabel("Layout (Product page)").selectOption("list");
    await page
      .getByText(/visitors per variant/)
      .first()
      .waitFor();
    // every control is on the screen's width: nothing to scroll sideways, no control cut off
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(1);
    for (const label of ["Placement to test", "Items shown (Product page)", "Layout (Product page)"]) {
      const box = (await page.getByLabel(label).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await page.getByLabel("Layout (Product page)").scrollIntoViewIfNeeded();
    await screenshot(page, "admin-experiment-new-placement-phone");
    await context.close();
  });

  it("creates an experiment on the cart, watches each arm's shoppers arrive and promotes the variant into the cart's setting", async () => {
    const { page, context } = await newAdminPage(browser);
    await page.goto(`${server.url}/app/experiments/new`);
    await page.getByLabel("Experiment name").fill(NAME);
    await page.getByText("Everything one placement shows", { exact: true }).click();
    await page.getByLabel("Placement to test").selectOption({ label: "Cart" });
    const help = (await page.getByText(/It shows up to \d+ items? now/).textContent())!;
    const now = Number(/up to (\d+)/.exec(help)![1]);
    expect(now).toBeGreaterThan(1);
    // the control's number cannot be chosen for the variant
    const option = page.getByLabel("Items shown (Cart)").locator(`option[value="${now}"]`);
    expect(await option.isDisabled()).toBe(true);
    await page.getByLabel("Items shown (Cart)").selectOption("1");
    // the demo's history has no cart traffic: no plan, said plainly
    await page.getByText(/Not enough data to plan: Cart had 0 visitors and no conversions/).waitFor();
    await screenshot(page, "admin-experiment-new-placement");
    await page.getByRole("button", { name: "Start experiment" }).first().click();
    await page.getByText("The experiment is running").waitFor();
    await page.getByText(/On the placement Cart \(everything it shows\)/).waitFor();
    expect(await page.getByText("Shows 1 item").count()).toBe(1);
    expect(await page.getByText("The placement as it is").count()).toBe(1);
    expect(await page.getByText(/No plan: the placement had too little traffic before the start/).count()).toBe(1);

    const experiment = await (await db()).experiment.findFirstOrThrow({ where: { shop: SHOP, name: NAME } });
    expect(experiment).toMatchObject({ offerId: null, placement: "cart", status: "running" });
    // shoppers of each arm: the variant's shows one item in the cart, the control's its usual number
    const control = visitorIn(experiment.id, "control");
    const b = visitorIn(experiment.id, "b");
    expect(await cartSuggestions(b)).toBe(1);
    expect(await cartSuggestions(control)).toBeGreaterThan(1);
    await expect
      .poll(async () =>
        (
          await (
            await db()
          ).event.findMany({
            where: { shop: SHOP, experimentId: experiment.id, type: "impression" },
            distinct: ["visitorId"],
            select: { visitorId: true, variant: true },
          })
        )
          .map((e) => `${e.visitorId}:${e.variant}`)
          .sort(),
      )
      .toEqual([`${b}:b`, `${control}:control`].sort());

    // watch: the readout counts one visitor in each arm
    await page.reload();
    const table = page.locator("table");
    await table.waitFor();
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBe(2);
    // variant, share, visitors
    const cells = async (i: number) =>
      (await rows.nth(i).locator("th, td").allInnerTexts()).slice(0, 3).map((c) => c.replace(/\s+/g, " ").trim());
    expect(await cells(0)).toEqual(["Control control", "50%", "1"]);
    expect(await cells(1)).toEqual(["Variant B", "50%", "1"]);
    await screenshot(page, "admin-experiment-placement-running");

    // end: promote the variant; it becomes the cart's setting for everyone
    await page.getByRole("button", { name: "End experiment" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Promote Variant B", { exact: true }).click();
    await dialog.getByText("Cart becomes: Shows 1 item. Every visitor sees it.").waitFor();
    await dialog.getByRole("button", { name: "Promote and end" }).click();
    await page.getByText("Ended: winner promoted").first().waitFor();
    await page.getByText(/Variant B became the placement's setting/).waitFor();
    const shop = await (await db()).shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(JSON.parse(shop.placementSettings!).cart).toMatchObject({ maxSuggestions: 1 });
    expect(await cartSuggestions(control)).toBe(1);
    await page.goto(`${server.url}/app/experiments`);
    const row = page.getByRole("row", { name: new RegExp(NAME) });
    await row.waitFor();
    expect(await page.getByRole("columnheader", { name: "Offer or placement" }).count()).toBe(1);
    expect(await row.textContent()).toContain("Everything on the cart");
    expect(await row.textContent()).toContain("Ended: winner promoted");
    await screenshot(page, "admin-experiments-placement-ended");
    await context.close();
  }, 180_000);
});
