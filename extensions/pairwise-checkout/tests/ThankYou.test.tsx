// @vitest-environment jsdom
/// <reference types="@shopify/ui-extensions/purchase.thank-you.block.render" />
import { getExtension } from "@shopify/ui-extensions-tester";
import { createCartLine } from "@shopify/ui-extensions-tester/checkout";
import { waitFor } from "@testing-library/preact";
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { appFetch, offersAnswer } from "./fixtures";

const extension = getExtension("purchase.thank-you.block.render");

beforeEach(() => {
  extension.setUp();
  extension.shopify.lines.value = [
    createCartLine({ merchandise: { ...createCartLine().merchandise, id: "gid://shopify/ProductVariant/777" } }),
  ];
  extension.shopify.localization.currency.value = { isoCode: "USD" };
  extension.shopify.shop = { ...extension.shopify.shop, storefrontUrl: "https://shop.example/" };
  extension.shopify.sessionToken.get = vi.fn().mockResolvedValue("signed.session.token");
});

afterEach(() => {
  render(null, document.body);
  extension.tearDown();
});

describe("thank-you block", () => {
  test("links each suggestion to its product page and records impressions", async () => {
    const app = appFetch(offersAnswer("thank_you", 2));
    extension.fetch = vi.fn(app.fetch);
    await extension.render();
    await waitFor(() => expect(document.body.querySelectorAll("s-link").length).toBe(2));
    const hrefs = [...document.body.querySelectorAll("s-link")].map(
      (l) => l.getAttribute("href") ?? (l as unknown as { href: string }).href,
    );
    expect(hrefs).toEqual(["https://shop.example/products/item-0", "https://shop.example/products/item-1"]);
    expect(new URL(app.urls[0], "https://app.test").searchParams.get("placement")).toBe("thank_you");
    expect(new URL(app.urls[0], "https://app.test").searchParams.get("variant_ids")).toBe("777");
    await waitFor(() => expect(app.events.map((e) => e.type)).toEqual(["impression", "impression"]));
  });

  test("shows the merchant's next-order code even without suggestions", async () => {
    extension.fetch = vi.fn(appFetch(null).fetch);
    extension.shopify.settings.value = { discount_code: "THANKS10" };
    await extension.render();
    await waitFor(() => expect(document.body.querySelector("s-banner")).not.toBeNull());
    expect(document.body.querySelectorAll("s-link").length).toBe(0);
  });

  test("renders nothing without suggestions or a code", async () => {
    const app = appFetch(null);
    extension.fetch = vi.fn(app.fetch);
    await extension.render();
    await waitFor(() => expect(app.urls.length).toBe(1));
    expect(document.body.textContent).toBe("");
  });
});
