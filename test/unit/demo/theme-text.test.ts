// The preview theme's words: every text the demo's pages write through the theme's dictionary has
// a German entry with the same placeholders, and English stays what the pages wrote before.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { THEME_DE, themeText } from "../../../app/demo/storefront/theme-text";

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}|<(\w+)>/g)].map((m) => m[0]).sort();

describe("the preview theme's German", () => {
  const sources = ["app/demo/storefront/pages.server.ts"].map((f) => readFileSync(f, "utf8")).join("\n");
  const used = [...sources.matchAll(/\bt\("((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);

  it("has every text the pages use, with the same placeholders and markup", () => {
    expect(used.length).toBeGreaterThan(40);
    for (const english of used) {
      expect(THEME_DE, english).toHaveProperty([english]);
      expect(placeholders(THEME_DE[english]), english).toEqual(placeholders(english));
    }
  });

  it("has no entry the pages do not use", () => {
    expect(Object.keys(THEME_DE).filter((k) => !used.includes(k))).toEqual([]);
  });

  it("fills placeholders, and leaves English as written", () => {
    expect(themeText("de")("Cart, {{count}} items", { count: 3 })).toBe("Warenkorb, 3 Artikel");
    expect(themeText("en")("Cart, {{count}} items", { count: 3 })).toBe("Cart, 3 items");
    expect(themeText("de")("Add to cart")).toBe("In den Warenkorb");
    expect(themeText("en")("Add to cart")).toBe("Add to cart");
  });
});
