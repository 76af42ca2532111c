// @vitest-environment jsdom
// The query a product page's block asks with, read from what Liquid printed: the boot sends the
// offers request with it while the core loads, and the core finds that request by the URL it builds
// from the same query.
import { afterEach, describe, expect, it } from "vitest";
import { offersUrl, productQuery } from "../../../extensions/pairwise-theme/src/request";

const page = (html: string): HTMLElement[] => {
  document.body.innerHTML = html;
  return [...document.querySelectorAll<HTMLElement>("[data-pairwise-block]")];
};

afterEach(() => {
  document.body.innerHTML = "";
});

describe("a product block's query", () => {
  it("asks for the block's product and leaves out the companions the page's bundle block shows", () => {
    const [fbt, ymal] = page(`
      <section data-pairwise-block data-mode="bundle" data-context="product" data-product-id="812" data-count="3"></section>
      <section data-pairwise-block data-mode="slots" data-context="product" data-product-id="812" data-proxy="/apps/pw"></section>`);
    expect(productQuery(ymal)).toEqual({ context: "product", productId: "812", bundle: 3 });
    // both blocks ask the same: one request serves them
    expect(offersUrl(fbt.dataset.proxy, productQuery(fbt)!, "v-1")).toBe(
      "/apps/pairwise/offers?context=product&product_id=812&bundle=3&visitor_id=v-1",
    );
    expect(offersUrl(ymal.dataset.proxy, productQuery(ymal)!, "v-1")).toBe(
      "/apps/pw/offers?context=product&product_id=812&bundle=3&visitor_id=v-1",
    );
  });

  it("bounds the bundle's companions to 3 (2 when unreadable) and has none without a bundle block", () => {
    const bundle = (count: string) =>
      productQuery(
        page(`<section data-pairwise-block data-mode="bundle" data-product-id="7" data-count="${count}"></section>`)[0],
      );
    expect(bundle("9")).toMatchObject({ bundle: 3 });
    expect(bundle("x")).toMatchObject({ bundle: 2 });
    const [alone] = page(`<section data-pairwise-block data-mode="slots" data-product-id="7"></section>`);
    expect(productQuery(alone)).toEqual({ context: "product", productId: "7", bundle: 0 });
  });

  it("has no query without a numeric product: a cart block, or a product id Liquid left out", () => {
    const [cart, empty, odd] = page(`
      <section data-pairwise-block data-mode="cart" data-context="cart"></section>
      <section data-pairwise-block data-mode="slots" data-product-id=""></section>
      <section data-pairwise-block data-mode="slots" data-product-id="12&x=1"></section>`);
    expect([cart, empty, odd].map(productQuery)).toEqual([null, null, null]);
  });
});
