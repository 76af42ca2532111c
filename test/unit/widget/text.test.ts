import { describe, expect, it } from "vitest";
import { parseStrings, t } from "../../../extensions/pairwise-theme/src/text";

describe("locale strings passed by the theme", () => {
  it("fills %name% placeholders written by the Liquid snippet", () => {
    const s = parseStrings('{"total":"Gesamt: %amount%","decline":"Kein Interesse an %title%"}');
    expect(t(s, "total", { amount: "12,00 €" })).toBe("Gesamt: 12,00 €");
    expect(t(s, "decline", { title: "Tasche" })).toBe("Kein Interesse an Tasche");
  });

  it("shows the key rather than nothing when a string is missing, and survives broken JSON", () => {
    expect(t(parseStrings("{not json"), "add_to_cart")).toBe("add_to_cart");
    expect(parseStrings('{"a":1,"b":"x"}')).toEqual({ b: "x" });
  });
});
