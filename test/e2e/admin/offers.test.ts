// The merchant's offer workflow in the local demo, in Debian's Chromium: create an offer with the
// catalog picker, find it in the list, edit it, pause it, delete it. Screenshots of every admin
// page are kept in test-results/screenshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { DemoServer } from "../../support/server";
import { screenshot, sidewaysScroll } from "../../support/browser";
import { launchAdminBrowser, newAdminPage, startAdminDemo } from "./launch";

const SHOP = "pairwise-demo.myshopify.com";
let server: DemoServer;
let browser: Browser;
let page: Page;

async function seedCatalog() {
  const { default: db } = await import("../../../app/db.server");
  const products = [
    { shopifyId: "990001", title: "Zephyr Laptop 14", price: 129900 },
    { shopifyId: "990002", title: "Zephyr Laptop Sleeve", price: 3900 },
    { shopifyId: "990003", title: "Zephyr Wireless Mouse", price: 2900 },
  ];
  for (const p of products) {
    const row = await db.product.upsert({
      where: { shop_shopifyId: { shop: SHOP, shopifyId: p.shopifyId } },
      create: {
        shop: SHOP,
        shopifyId: p.shopifyId,
        title: p.title,
        handle: p.title.toLowerCase().replace(/\s+/g, "-"),
        productType: "Electronics",
      },
      update: {},
    });
    await db.variant.upsert({
      where: { shop_shopifyId: { shop: SHOP, shopifyId: `${p.shopifyId}1` } },
      create: { shop: SHOP, shopifyId: `${p.shopifyId}1`, productId: row.id, price: p.price },
      update: {},
    });
  }
  return db;
}

async function pick(label: string, search: string, title: string) {
  await page.getByRole("button", { name: `Browse products: ${label}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByPlaceholder("Search by title, type or vendor").fill(search);
  await dialog.getByRole("checkbox", { name: title, exact: true }).check();
  await dialog.getByRole("button", { name: /^Select/ }).click();
  await expect.poll(() => dialog.count()).toBe(0);
}

beforeAll(async () => {
  server = await startAdminDemo({ orders: 200 });
  await seedCatalog();
  browser = await launchAdminBrowser();
  ({ page } = await newAdminPage(browser));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("offers in the local demo", () => {
  it("creates, finds, edits, pauses and deletes an offer", async () => {
    await page.goto(`${server.url}/app/offers/new`);
    await page.getByLabel("Offer name").fill("Laptop accessories");

    // Saving without products shows the server's inline errors.
    await page.getByRole("button", { name: "Save offer" }).first().click();
    await expect.poll(() => page.getByText("Choose products that trigger the offer").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/Choose the products to offer/).count()).toBeGreaterThan(0);

    await pick("Trigger products", "laptop 14", "Zephyr Laptop 14");
    await pick("Offered products", "sleeve", "Zephyr Laptop Sleeve");
    await page.getByLabel("Discount", { exact: true }).selectOption("percent");
    await page.getByLabel("Percent off").fill("10");
    await page.getByLabel("Headline").fill("Protect your {product}");
    // The live preview fills {product} with the trigger product; an unsaved offer's saving is not
    // at checkout yet, so the preview shows the regular price and says why.
    await expect.poll(() => page.getByText("Protect your Zephyr Laptop 14").count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByText(/Takes effect at checkout once the offer is saved and active/).count())
      .toBeGreaterThan(0);
    expect(await page.getByText("$35.10").count()).toBe(0);
    await screenshot(page, "admin-offer-new");

    await page.getByRole("button", { name: "Save offer" }).first().click();
    await page.waitForURL(/\/app\/offers\/(?!new)[a-z0-9]+/);
    await expect.poll(() => page.getByText("Offer created").count()).toBeGreaterThan(0);
    // Saved and active: the demo shop's discount holds it, so the preview shows the checkout's price.
    await expect.poll(() => page.getByText("Live at checkout").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText("$35.10").count()).toBeGreaterThan(0);
    await screenshot(page, "admin-offer-live");
    const offerUrl = page.url().replace(/\?.*$/, "");

    // Found in the list.
    await page.goto(`${server.url}/app/offers`);
    const row = page.getByRole("row", { name: /Laptop accessories/ });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.getByText("Active").count()).toBe(1);
    await screenshot(page, "admin-offers-list");

    // Edited: the save bar appears for unsaved changes; saving persists the new name.
    await page.goto(offerUrl);
    await page.getByLabel("Offer name").fill("Laptop accessories, 10% off");
    await expect.poll(() => page.getByText("Unsaved changes").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Save", exact: true }).first().click();
    await expect.poll(() => page.getByText("Offer saved").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole("heading", { name: "Laptop accessories, 10% off" }).count()).toBe(1);
    await screenshot(page, "admin-offer-edit");

    // Paused from the list with a bulk action.
    await page.goto(`${server.url}/app/offers`);
    const edited = page.getByRole("row", { name: /Laptop accessories, 10% off/ });
    await edited.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => page.getByText("1 offer paused").count()).toBeGreaterThan(0);
    await expect.poll(() => edited.getByText("Paused").count()).toBe(1);

    // Deleted from its page, after confirming.
    await page.goto(offerUrl);
    await page.getByRole("button", { name: "Delete" }).first().click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete offer" }).click();
    await page.waitForURL(/\/app\/offers(\?|$)/);
    await expect.poll(() => page.getByText("Offer deleted").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole("row", { name: /Laptop accessories/ }).count()).toBe(0);
  }, 120_000);

  it("keeps the offers list usable on a phone-sized screen", async () => {
    const { default: db } = await import("../../../app/db.server");
    await db.offer.create({
      data: {
        shop: SHOP,
        name: "Phone check offer",
        status: "active",
        placements: JSON.stringify(["cart", "checkout"]),
      },
    });
    const { context, page: phone } = await newAdminPage(browser, { mobile: true });
    await phone.goto(`${server.url}/app/offers`);
    await expect.poll(() => phone.getByText("Phone check offer").count()).toBeGreaterThan(0);
    const overflow = await sidewaysScroll(phone);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(phone, "admin-offers-list-phone");
    await phone.goto(`${server.url}/app/offers/new`);
    await expect.poll(() => phone.getByLabel("Offer name").count()).toBe(1);
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(1);
    await screenshot(phone, "admin-offer-new-phone");
    await context.close();
  }, 60_000);
});
