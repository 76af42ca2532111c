import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ACTION_STRINGS,
  addFallbacks,
  BUNDLE_STRINGS,
  CART_STRINGS,
  CORE_STRINGS,
  parseStrings,
  t,
} from "../../../extensions/pairwise-theme/src/text";

const DEFAULT_STRINGS = { ...CORE_STRINGS, ...ACTION_STRINGS, ...BUNDLE_STRINGS, ...CART_STRINGS };

describe("locale strings passed by the theme", () => {
  it("fills %name% placeholders written by the Liquid snippet", () => {
    const s = parseStrings('{"total":"Gesamt: %amount%","decline":"Kein Interesse an %title%"}');
    expect(t(s, "total", { amount: "12,00 €" })).toBe("Gesamt: 12,00 €");
    expect(t(s, "decline", { title: "Tasche" })).toBe("Kein Interesse an Tasche");
  });

  it("falls back to English when the page passes no strings or broken JSON, once the file that shows the string registered it", () => {
    expect(t(parseStrings("{not json"), "add_to_cart")).toBe("Add to cart");
    expect(t(parseStrings(undefined), "saving", { amount: "$5.00" })).toBe("saving");
    addFallbacks(BUNDLE_STRINGS);
    expect(t(parseStrings(undefined), "saving", { amount: "$5.00" })).toBe("You save $5.00");
    const s = parseStrings('{"add_to_cart":"In den Warenkorb","junk":1}');
    expect(s.add_to_cart).toBe("In den Warenkorb");
    expect(s.junk).toBeUndefined();
  });

  it("has an English fallback for every storefront string the theme passes", () => {
    const en = JSON.parse(readFileSync(resolve("extensions/pairwise-theme/locales/en.default.json"), "utf8"))
      .pairwise as Record<string, string>;
    const snippet = readFileSync(resolve("extensions/pairwise-theme/blocks/you-may-also-like.liquid"), "utf8");
    const passed = [...snippet.matchAll(/^"(\w+)": \{\{ 'pairwise\.(\w+)'/gm)];
    expect(passed.length).toBe(Object.keys(DEFAULT_STRINGS).length);
    for (const [, key, localeKey] of passed) {
      expect(DEFAULT_STRINGS[key], key).toBe(en[localeKey].replace(/\{\{ (\w+) \}\}/g, "%$1%"));
    }
  });
});
