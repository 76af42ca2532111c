import { describe, expect, it } from "vitest";
import { addPayload, chunks, eventsBody, offersUrl, proxyPath } from "../../../extensions/pairwise-theme/src/request";

describe("requests to the app proxy and the cart", () => {
  it("asks for product offers with the product and visitor, and nothing about the customer", () => {
    const url = offersUrl("/apps/pairwise", { context: "product", productId: "8123456789000" }, "v-1234567890");
    expect(url).toBe("/apps/pairwise/offers?context=product&product_id=8123456789000&visitor_id=v-1234567890");
    expect(url).not.toContain("customer");
  });

  it("asks for cart offers with the cart's variant ids, comma separated", () => {
    expect(offersUrl("/apps/pairwise/", { context: "cart", variantIds: ["1", "2", "3"] }, "v-1234567890")).toBe(
      "/apps/pairwise/offers?context=cart&variant_ids=1%2C2%2C3&visitor_id=v-1234567890",
    );
  });

  it.each(["https://evil.example/apps/x", "//evil.example", "javascript:alert(1)", "", null])(
    "uses the default proxy path instead of %j",
    (p) => {
      expect(proxyPath(p)).toBe("/apps/pairwise");
    },
  );

  it("adds one unit per line, tagged with hidden properties for attribution", () => {
    expect(
      addPayload([
        { variantId: "45123456789012", offerId: "clx0offer0001", token: "tok1" },
        { variantId: "45123456789020", offerId: null, token: "tok2" },
      ]),
    ).toEqual({
      items: [
        { id: 45123456789012, quantity: 1, properties: { _pairwise: "clx0offer0001", _pairwise_token: "tok1" } },
        { id: 45123456789020, quantity: 1, properties: { _pairwise: "auto", _pairwise_token: "tok2" } },
      ],
    });
  });

  it("adds the viewed product of a bundle untagged, so its revenue is not attributed to the offer", () => {
    expect(
      addPayload([{ variantId: "45123456789000" }, { variantId: "45123456789012", offerId: null, token: "t" }]).items,
    ).toEqual([
      { id: 45123456789000, quantity: 1 },
      { id: 45123456789012, quantity: 1, properties: { _pairwise: "auto", _pairwise_token: "t" } },
    ]);
  });

  it("asks the theme's cart sections to be rendered along with the add when the theme supports it", () => {
    const body = addPayload(
      [{ variantId: "1", offerId: null, token: "t" }],
      ["cart-drawer", "cart-icon-bubble"],
      "/products/camera",
    );
    expect(body.sections).toBe("cart-drawer,cart-icon-bubble");
    expect(body.sections_url).toBe("/products/camera");
  });

  it("sends events as {visitorId, events} in batches of at most 50", () => {
    const list = Array.from({ length: 120 }, (_, i) => i);
    expect(chunks(list).map((c) => c.length)).toEqual([50, 50, 20]);
    expect(JSON.parse(eventsBody("v-1", []))).toEqual({ visitorId: "v-1", events: [] });
  });
});
