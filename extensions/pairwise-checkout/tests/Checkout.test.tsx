// @vitest-environment jsdom
/// <reference types="@shopify/ui-extensions/purchase.checkout.cart-line-list.render-after" />
import { getExtension } from "@shopify/ui-extensions-tester";
import { createCartLine, createResult } from "@shopify/ui-extensions-tester/checkout";
import { fireEvent, waitFor } from "@testing-library/preact";
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { appFetch, offersAnswer } from "./fixtures";

const extension = getExtension("purchase.checkout.cart-line-list.render-after");

beforeEach(() => {
  extension.setUp();
  extension.shopify.lines.value = [
    createCartLine({ merchandise: { ...createCartLine().merchandise, id: "gid://shopify/ProductVariant/555" } }),
  ];
  extension.shopify.attributes.value = [{ key: "_pairwise_visitor", value: "visitor_12345" }];
  extension.shopify.localization.currency.value = { isoCode: "USD" };
  extension.shopify.sessionToken.get = vi.fn().mockResolvedValue("signed.session.token");
});

afterEach(() => {
  render(null, document.body);
  extension.tearDown();
});

describe("checkout: complete your order", () => {
  test("renders nothing when the app has no offer", async () => {
    const app = appFetch(null);
    extension.fetch = vi.fn(app.fetch);
    await extension.render();
    await waitFor(() => expect(app.urls.length).toBe(1));
    expect(document.body.querySelector("s-section")).toBeNull();
    expect(document.body.textContent).toBe("");
  });

  test("asks with the checkout's variants, the visitor and the max_items setting, with the session token", async () => {
    const app = appFetch(offersAnswer("checkout", 1));
    extension.fetch = vi.fn(app.fetch);
    extension.shopify.settings.value = { max_items: 2 };
    await extension.render();
    await waitFor(() => expect(document.body.querySelector("s-section")).not.toBeNull());
    const url = new URL(app.urls[0], "https://app.test");
    expect(url.pathname).toBe("/api/checkout/offers");
    expect(url.searchParams.get("placement")).toBe("checkout");
    expect(url.searchParams.get("variant_ids")).toBe("555");
    expect(url.searchParams.get("visitor_id")).toBe("visitor_12345");
    expect(url.searchParams.get("max")).toBe("2");
    const init = vi.mocked(extension.fetch).mock.calls[0][1] as RequestInit;
    expect(new Headers(init.headers).get("Authorization")).toBe("Bearer signed.session.token");
  });

  test("adds an item with one tap, carrying the _pairwise line attributes, and records impression and add", async () => {
    const app = appFetch(offersAnswer("checkout", 2));
    extension.fetch = vi.fn(app.fetch);
    const apply = vi.fn().mockResolvedValue(createResult("applyCartLinesChange", { type: "success" }));
    extension.shopify.applyCartLinesChange = apply;
    await extension.render();
    await waitFor(() => expect(document.body.querySelectorAll("s-button").length).toBe(2));
    expect(
      document.body.querySelector("s-section")!.getAttribute("heading") ??
        (document.body.querySelector("s-section") as unknown as { heading: string }).heading,
    ).toBe("Goes well with Trail Tent");
    fireEvent.click(document.body.querySelectorAll("s-button")[1]);
    await waitFor(() =>
      expect(apply).toHaveBeenCalledWith({
        type: "addCartLine",
        merchandiseId: "gid://shopify/ProductVariant/901",
        quantity: 1,
        attributes: [
          { key: "_pairwise", value: "offer_1" },
          { key: "_pairwise_token", value: "token1" },
        ],
      }),
    );
    await waitFor(() => expect(app.events.map((e) => e.type)).toEqual(["impression", "impression", "add"]));
    expect(app.events[2]).toMatchObject({ productId: "101", placement: "checkout", offerId: "offer_1" });
    await waitFor(() => expect(document.body.querySelectorAll("s-button")[1].textContent).toBe("added"));
  });

  test("a failed add says so and records no add", async () => {
    const app = appFetch(offersAnswer("checkout", 1));
    extension.fetch = vi.fn(app.fetch);
    extension.shopify.applyCartLinesChange = vi
      .fn()
      .mockResolvedValue(createResult("applyCartLinesChange", { type: "error", message: "Out of stock" }));
    await extension.render();
    await waitFor(() => expect(document.body.querySelector("s-button")).not.toBeNull());
    fireEvent.click(document.body.querySelector("s-button")!);
    await waitFor(() => expect(document.body.textContent).toContain("addFailed"));
    expect(app.events.map((e) => e.type)).toEqual(["impression"]);
  });

  test("'No thanks' hides the offer and records a decline", async () => {
    const app = appFetch(offersAnswer("checkout", 1));
    extension.fetch = vi.fn(app.fetch);
    await extension.render();
    await waitFor(() => expect(document.body.querySelector("s-link")).not.toBeNull());
    fireEvent.click(document.body.querySelector("s-link")!);
    await waitFor(() => expect(document.body.querySelector("s-section")).toBeNull());
    await waitFor(() => expect(app.events.map((e) => e.type)).toEqual(["impression", "decline"]));
  });

  test("asks for nothing when the checkout cannot take new lines", async () => {
    const app = appFetch(offersAnswer("checkout", 1));
    extension.fetch = vi.fn(app.fetch);
    extension.shopify.instructions.value = {
      ...extension.shopify.instructions.value,
      lines: { ...extension.shopify.instructions.value.lines, canAddCartLine: false },
    };
    await extension.render();
    await new Promise((r) => setTimeout(r, 20));
    expect(app.urls).toEqual([]);
    expect(document.body.querySelector("s-section")).toBeNull();
  });
});
