import { describe, expect, it } from "vitest";
import {
  safeUrl,
  sanitizeBundle,
  sanitizeOffers as sanitizeCore,
} from "../../../extensions/pairwise-theme/src/sanitize";
import { BASE, clone, productOffers } from "./fixtures";

// the widget's core validates everything but the bundle; the bundle part validates the bundle
const sanitizeOffers = (raw: unknown, base: string) => sanitizeCore(raw, base, sanitizeBundle);

describe("the widget never trusts the app's answer", () => {
  it("keeps a well-formed answer intact, with links and images made absolute https", () => {
    const r = sanitizeOffers(clone(productOffers), BASE)!;
    expect(r.context).toBe("product");
    expect(r.moneyFormat).toBe("{{amount_with_comma_separator}} €");
    expect(r.slots).toHaveLength(1);
    const [sd, bag] = r.slots[0].items;
    expect(sd).toMatchObject({
      productId: "8123456789012",
      variantId: "45123456789012",
      price: 2999,
      compareAtPrice: 3499,
      discountedPrice: 2699,
    });
    expect(sd.url).toBe("https://demo-shop.myshopify.com/products/sd-card-128");
    expect(sd.imageUrl).toBe("https://cdn.shopify.com/s/files/1/0000/0001/products/sd.jpg?v=1");
    expect(sd.variants[1]).toEqual({ id: "45123456789013", title: "256 GB", price: 4999, available: false });
    expect(bag.imageUrl).toBeNull();
    expect(r.bundle?.items).toHaveLength(1);
    expect(r.bundle?.discount).toEqual({ type: "percent", value: 15 });
    expect(sanitizeCore(clone(productOffers), BASE)!.bundle).toBeNull();
  });

  it.each(["javascript:alert(1)", "data:text/html,<script>", "  ", 42, "vbscript:x", "http://[bad"])(
    "refuses %j as a link or image",
    (url) => {
      expect(safeUrl(url, BASE)).toBeNull();
    },
  );

  it("drops links and images with scripts but keeps the product", () => {
    const raw = clone(productOffers);
    raw.slots[0].items[0].url = "javascript:alert(document.cookie)";
    raw.slots[0].items[0].imageUrl = "data:image/svg+xml,<svg onload=alert(1)>";
    const it0 = sanitizeOffers(raw, BASE)!.slots[0].items[0];
    expect(it0.url).toBe("");
    expect(it0.imageUrl).toBeNull();
  });

  it("keeps markup in titles as inert text, without control characters and capped in length", () => {
    const raw = clone(productOffers);
    raw.slots[0].items[0].title = '<img src=x onerror="alert(1)">\u0000Card\n\t' + "x".repeat(500);
    const title = sanitizeOffers(raw, BASE)!.slots[0].items[0].title;
    expect(title.startsWith('<img src=x onerror="alert(1)"> Card x')).toBe(true);
    expect(title).not.toMatch(/[\u0000-\u001f]/);
    expect(title.length).toBe(150);
  });

  it("drops items that cannot be added to a cart (bad ids, missing price or title) and duplicates", () => {
    const raw = clone(productOffers) as { slots: Array<{ items: unknown[] }> };
    const good = raw.slots[0].items[0] as Record<string, unknown>;
    raw.slots[0].items = [
      { ...good, variantId: "gid://shopify/ProductVariant/1" },
      { ...good, productId: "1", price: -5 },
      { ...good, productId: "2", price: "29.99" },
      { ...good, productId: "3", title: "" },
      good,
      { ...good },
      null,
      "junk",
    ];
    const items = sanitizeOffers(raw, BASE)!.slots[0].items;
    expect(items.map((i) => i.productId)).toEqual(["8123456789012"]);
  });

  it("never shows a 'discounted' price above the price or a compare-at price below it", () => {
    const raw = clone(productOffers);
    raw.slots[0].items[0].discountedPrice = 99999;
    raw.slots[0].items[0].compareAtPrice = 100;
    const it0 = sanitizeOffers(raw, BASE)!.slots[0].items[0];
    expect(it0.discountedPrice).toBe(2999);
    expect(it0.compareAtPrice).toBeNull();
  });

  it("caps percent discounts at 100 and turns unknown discount types into none", () => {
    const raw = clone(productOffers) as unknown as { slots: Array<{ discount: unknown }> };
    raw.slots[0].discount = { type: "percent", value: 250 };
    expect(sanitizeOffers(raw, BASE)!.slots[0].discount).toEqual({ type: "percent", value: 100 });
    raw.slots[0].discount = { type: "bogo", value: 1 };
    expect(sanitizeOffers(raw, BASE)!.slots[0].discount).toEqual({ type: "none", value: 0 });
  });

  it("drops a slot without items and a bundle whose only companion is the viewed product", () => {
    const raw = clone(productOffers);
    raw.slots[0].items = [];
    raw.bundle.items[0].productId = raw.bundle.anchor.productId;
    const r = sanitizeOffers(raw, BASE)!;
    expect(r.slots).toEqual([]);
    expect(r.bundle).toBeNull();
  });

  it("reads the holdout flag only when it is literally true", () => {
    expect(sanitizeOffers({ ...clone(productOffers), holdout: "yes" }, BASE)!.holdout).toBe(false);
    expect(sanitizeOffers({ ...clone(productOffers), holdout: true }, BASE)!.holdout).toBe(true);
  });

  it("keeps free-shipping progress within the threshold", () => {
    const r = sanitizeOffers(
      { ...clone(productOffers), context: "cart", freeShipping: { threshold: 5000, remaining: 9000 } },
      BASE,
    )!;
    expect(r.freeShipping).toEqual({ threshold: 5000, remaining: 5000 });
    expect(
      sanitizeOffers({ ...clone(productOffers), freeShipping: { threshold: 0, remaining: 0 } }, BASE)!.freeShipping,
    ).toBeNull();
  });

  it.each([null, "<html>502 Bad Gateway</html>", [], {}, { context: "checkout" }])("rejects %j as an answer", (raw) => {
    expect(sanitizeOffers(raw, BASE)).toBeNull();
  });
});
