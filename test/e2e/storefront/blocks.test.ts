// The preview renders the theme app extension's real block files with a tiny Liquid subset; these
// checks hold it to what Shopify would print for the same settings (no browser needed).
import { describe, expect, it } from "vitest";
import { renderBlock } from "../../../app/demo/storefront/blocks.server";
import { renderLiquid } from "../../../app/demo/storefront/liquid.server";

const ctx = { id: "b1", templateName: "product", productId: "8000000001", moneyFormat: "${{amount}}" };
const attr = (html: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(html)?.[1];
const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

describe("the preview's rendering of the extension blocks", () => {
  it("prints the bundle block with one skeleton row per companion plus the viewed product", () => {
    const html = renderBlock("frequently-bought-together", { heading: "", companions: 3, show_saving: false }, ctx);
    expect(attr(html, "data-product-id")).toBe("8000000001");
    expect(attr(html, "data-count")).toBe("3");
    expect(attr(html, "data-show-saving")).toBe("false");
    expect(attr(html, "data-money-format")).toBe("${{amount}}");
    expect(html.match(/<li class="pw-item pw-sk">/g)).toHaveLength(4);
    expect(html).toContain('<h2 class="pw-h" id="pw-h-b1">Frequently bought together</h2>');
    expect(html.replace("${{amount}}", "")).not.toMatch(/\{\{|\{%|%\}/);
  });

  it("passes the storefront strings as JSON with the widget's placeholders", () => {
    const html = renderBlock("you-may-also-like", { heading: "", offer_type: "any", count: 2, layout: "grid" }, ctx);
    const strings = JSON.parse(unescape(attr(html, "data-strings")!)) as Record<string, string>;
    expect(strings.decline).toBe("Not interested in %title%");
    expect(strings.shipping_remaining).toBe("Add %amount% more for free shipping");
    expect(Object.keys(strings)).toHaveLength(15);
  });

  it("asks for cart offers on the cart template and escapes the merchant's heading", () => {
    const html = renderBlock(
      "you-may-also-like",
      { heading: ' <b>"Picks"</b> ', offer_type: "upsell", count: 3, layout: "list" },
      { ...ctx, templateName: "cart", productId: null },
    );
    expect(attr(html, "data-context")).toBe("cart");
    expect(attr(html, "data-offer-type")).toBe("upsell");
    expect(attr(html, "class")).toBe("pw pw--list");
    expect(html).toContain("&lt;b&gt;&quot;Picks&quot;&lt;/b&gt;</h2>");
    expect(html.match(/<li class="pw-item pw-sk">/g)).toHaveLength(3);
  });

  it("turns the cart embed's threshold into cents, and prints the embed with no styles (its one <style> is empty: its load handler is the loader) and no skeleton (nothing of it is painted before the cart part places it)", () => {
    const on = renderBlock(
      "cart-offers",
      { heading: "", count: 2, show_free_shipping: true, free_shipping_threshold: 75, mount: ".cart__footer" },
      ctx,
    );
    expect(attr(on, "data-threshold")).toBe("7500");
    expect(attr(on, "data-free-shipping")).toBe("true");
    expect(on).toContain('<div class="pw-body"></div>');
    expect(on).toContain('style="display:none"'); // hidden even where a theme sets display on sections
    // its only <style> is the empty one whose load handler is its loader
    expect(on.match(/<style\b[\s\S]*?<\/style>/g)).toEqual([
      expect.stringMatching(/^<style data-src="[^"]*" onload="[^"]*"><\/style>$/),
    ]);
    expect(on).not.toMatch(/pw-sk/);
    const off = renderBlock(
      "cart-offers",
      { heading: "", count: 2, show_free_shipping: false, free_shipping_threshold: 75, mount: ".cart__footer" },
      ctx,
    );
    expect(attr(off, "data-threshold")).toBe("0");
    expect(attr(off, "data-free-shipping")).toBe("false");
  });

  it("reserves no box for a block the app knows has nothing for this product, and prints the app's facts for the boot", () => {
    const facts = {
      h: 10,
      l: {},
      x: [
        [
          "xp1",
          "product",
          [
            ["control", 50, null, 0],
            ["b", 50, "list", 0],
          ],
        ],
      ],
    };
    const app = { facts: facts as never, empty: ["a:8000000001", "b:8000000001", "u:8000000002"] };
    const ymal = (productId: string, offer_type = "any") =>
      renderBlock(
        "you-may-also-like",
        { heading: "", offer_type, count: 4, layout: "grid" },
        { ...ctx, productId, shopDomain: "tents.myshopify.com", facts: app },
      );
    const hidden = (html: string) => /<section[^>]*\shidden[\s>]/.test(html);
    expect(hidden(ymal("8000000001"))).toBe(true);
    expect(hidden(ymal("8000000002"))).toBe(false);
    expect(hidden(ymal("8000000002", "upsell"))).toBe(true);
    expect(hidden(ymal("8000000002", "cross_sell"))).toBe(false);
    const fbt = (productId: string) =>
      renderBlock(
        "frequently-bought-together",
        { heading: "", companions: 2, show_saving: true },
        { ...ctx, productId, facts: app },
      );
    expect(hidden(fbt("8000000001"))).toBe(true);
    expect(hidden(fbt("8000000002"))).toBe(false);
    // a logged-in customer's segment or history may bring offers the list cannot know: their box stays
    const asCustomer = (name: "you-may-also-like" | "frequently-bought-together") =>
      renderBlock(
        name,
        name === "you-may-also-like"
          ? { heading: "", offer_type: "any", count: 4, layout: "grid" }
          : { heading: "", companions: 2, show_saving: true },
        { ...ctx, productId: "8000000001", facts: app, customerId: "7001" },
      );
    expect(hidden(asCustomer("you-may-also-like"))).toBe(false);
    expect(hidden(asCustomer("frequently-bought-together"))).toBe(false);
    const html = ymal("8000000002");
    expect(attr(html, "data-shop")).toBe("tents.myshopify.com");
    expect(JSON.parse(unescape(attr(html, "data-facts")!))).toEqual(facts);
    // a shop the app has written nothing for yet: every block reserves its box, as before
    const bare = renderBlock("you-may-also-like", { heading: "", offer_type: "any", count: 4, layout: "grid" }, ctx);
    expect(hidden(bare)).toBe(false);
    expect(attr(bare, "data-facts")).toBe("null");
  });

  it("refuses Liquid it does not implement instead of printing it wrong", () => {
    const env = { translations: {}, snippet: () => "", globals: {}, assetUrl: (f: string) => f };
    expect(() => renderLiquid("{% paginate products by 5 %}{% endpaginate %}", {}, env)).toThrow(
      /unsupported tag "paginate"/,
    );
    expect(() => renderLiquid("{{ 'x' | upcase }}", {}, env)).toThrow(/unsupported filter "upcase"/);
    expect(renderLiquid("{%- if a == blank and b -%} yes {%- else -%} no {%- endif -%}", { a: "", b: 1 }, env)).toBe(
      "yes",
    );
  });
});
