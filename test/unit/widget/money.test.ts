import { describe, expect, it } from "vitest";
import { formatMoney } from "../../../extensions/pairwise-theme/src/money";

describe("prices in the shop's money format", () => {
  it.each([
    ["${{amount}}", 123456, "$1,234.56"],
    ["${{amount}}", 5, "$0.05"],
    ["${{ amount }} USD", 100000000, "$1,000,000.00 USD"],
    ["{{amount_no_decimals}} kr", 123450, "1,235 kr"],
    ["{{amount_no_decimals}} kr", 123449, "1,234 kr"],
    ["{{amount_with_comma_separator}} €", 123456, "1.234,56 €"],
    ["{{amount_no_decimals_with_comma_separator}} €", 99950, "1.000 €"],
    ["CHF {{amount_with_apostrophe_separator}}", 1234567, "CHF 12'345.67"],
    ["{{amount_with_space_separator}} zł", 123456, "1 234,56 zł"],
    ["{{amount_no_decimals_with_space_separator}} Ft", 123456, "1 235 Ft"],
  ])("%s renders %i cents as %s", (format, cents, expected) => {
    expect(formatMoney(cents, format)).toBe(expected);
  });

  it("never shows float artefacts for amounts like 10.05", () => {
    expect(formatMoney(1005, "${{amount}}")).toBe("$10.05");
    expect(formatMoney(100.6, "${{amount}}")).toBe("$1.01");
  });

  it("shows negative amounts with a leading minus", () => {
    expect(formatMoney(-1550, "${{amount}}")).toBe("$-15.50");
  });

  it("drops markup that some themes put into the money format", () => {
    expect(formatMoney(1999, '<span class="money">${{amount}}</span>')).toBe("$19.99");
  });

  it("falls back to a plain amount for an unknown placeholder or a format without one", () => {
    expect(formatMoney(1999, "{{amount_in_bitcoin}} ₿")).toBe("19.99 ₿");
    expect(formatMoney(1999, "")).toBe("19.99");
    expect(formatMoney(Number.NaN, "${{amount}}")).toBe("$0.00");
  });
});
