import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatAmount, formatMoney } from "../../../app/lib/money";

// The one money formatter: the admin, the demo storefront and the storefront widget use it.
describe("formatMoney", () => {
  it("renders a US shop's default format with thousands separators", () => {
    expect(formatMoney(123456789, "${{amount}}")).toBe("$1,234,567.89");
    expect(formatMoney(1500, "${{amount}}")).toBe("$15.00");
    expect(formatMoney(5, "${{amount}}")).toBe("$0.05");
  });

  it("renders a euro shop's comma format with the symbol after the amount", () => {
    expect(formatMoney(1500, "{{amount_with_comma_separator}} €")).toBe("15,00 €");
    expect(formatMoney(123456, "{{amount_with_comma_separator}} €")).toBe("1.234,56 €");
  });

  it("supports every Shopify placeholder", () => {
    const cents = 123456789;
    expect(formatMoney(cents, "{{amount_no_decimals}}")).toBe("1,234,568");
    expect(formatMoney(cents, "{{amount_no_decimals_with_comma_separator}}")).toBe("1.234.568");
    expect(formatMoney(cents, "{{amount_with_apostrophe_separator}} CHF")).toBe("1'234'567.89 CHF");
    expect(formatMoney(cents, "{{amount_no_decimals_with_space_separator}} kr")).toBe("1 234 568 kr");
    expect(formatMoney(cents, "{{amount_with_space_separator}} zł")).toBe("1 234 567,89 zł");
    expect(formatMoney(cents, "{{amount_with_period_and_space_separator}}")).toBe("1 234 567.89");
  });

  it("accepts spaces inside the braces and drops markup that some themes put into the format", () => {
    expect(formatMoney(999, "<span class=money>£{{ amount }}</span>")).toBe("£9.99");
    expect(formatMoney(1999, '<span class="money">${{amount}}</span>')).toBe("$19.99");
    expect(formatMoney(100000000, "${{ amount }} USD")).toBe("$1,000,000.00 USD");
  });

  it("rounds half up to whole units in the no-decimals formats", () => {
    expect(formatMoney(123450, "{{amount_no_decimals}} kr")).toBe("1,235 kr");
    expect(formatMoney(123449, "{{amount_no_decimals}} kr")).toBe("1,234 kr");
    expect(formatMoney(99950, "{{amount_no_decimals_with_comma_separator}} €")).toBe("1.000 €");
  });

  it("never shows float artefacts for amounts like 10.05", () => {
    expect(formatMoney(1005, "${{amount}}")).toBe("$10.05");
    expect(formatMoney(100.6, "${{amount}}")).toBe("$1.01");
  });

  it("renders an unknown placeholder like {{amount}} and a non-finite amount as 0", () => {
    expect(formatMoney(1999, "{{amount_in_bitcoin}} ₿")).toBe("19.99 ₿");
    expect(formatMoney(Number.NaN, "${{amount}}")).toBe("$0.00");
  });

  it("falls back to the default format when the shop's format has no placeholder", () => {
    expect(formatMoney(1000, "")).toBe("$10.00");
    expect(formatMoney(1000, "EUR")).toBe("$10.00");
  });

  it("shows negative amounts with a minus sign and never a negative zero", () => {
    expect(formatMoney(-250, "${{amount}}")).toBe("-$2.50");
    expect(formatMoney(-250, "{{amount_with_comma_separator}} €")).toBe("-2,50 €");
    expect(formatMoney(-40, "{{amount_no_decimals}} kr")).toBe("0 kr");
    expect(formatAmount(-40, "amount_no_decimals")).toBe("0");
  });

  it("round-trips any cents amount through the plain format (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
        const text = formatAmount(cents, "amount");
        expect(Math.round(Number(text.replace(/,/g, "")) * 100)).toBe(cents);
        const eu = formatAmount(cents, "amount_with_comma_separator");
        expect(Math.round(Number(eu.replace(/\./g, "").replace(",", ".")) * 100)).toBe(cents);
      }),
    );
  });
});
