// Formats integer cents with a Shopify shop money format such as "${{amount}}" or
// "{{amount_with_comma_separator}} €". The placeholders and their separators follow Shopify's
// theme money filters; arithmetic stays in integers so no float rounding ever shows. The one
// money formatter of the project: the admin, the demo storefront and the storefront widget
// (bundled into extensions/pairwise-theme/assets/pairwise.js) all use it, so it stays small and
// free of imports.

/**
 * How each Shopify money placeholder renders an amount, as three characters: the number of
 * decimals, the thousands separator and the decimal separator ("2,." → 1,234.56). Written this
 * compactly because the storefront widget bundles this file under Shopify's 10 KB limit.
 */
const PLACEHOLDERS: Record<string, string> = {
  amount: "2,.",
  amount_no_decimals: "0,.",
  amount_with_comma_separator: "2.,",
  amount_no_decimals_with_comma_separator: "0.,",
  amount_with_apostrophe_separator: "2'.",
  amount_no_decimals_with_space_separator: "0 ,",
  amount_with_space_separator: "2 ,",
  amount_with_period_and_space_separator: "2 .",
};

const PLACEHOLDER_RE = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** The shop default when a shop has no money format stored. */
export const DEFAULT_MONEY_FORMAT = "${{amount}}";

/** Renders cents as a bare number in one placeholder's style, e.g. 123456 → "1.234,56". */
export function formatAmount(cents: number, placeholder = "amount"): string {
  const [decimals, thousands, decimal] = PLACEHOLDERS[placeholder] ?? PLACEHOLDERS.amount;
  const abs = Math.abs(Math.round(cents));
  // Shopify rounds half up to whole units for the no-decimals formats.
  const units = String(Math.floor((decimals === "0" ? abs + 50 : abs) / 100)).replace(
    /\B(?=(\d{3})+(?!\d))/g,
    thousands,
  );
  const text = decimals === "0" ? units : units + decimal + String(abs % 100).padStart(2, "0");
  return cents < 0 && /[1-9]/.test(text) ? "-" + text : text;
}

/**
 * Formats cents with a Shopify money format as text, e.g. formatMoney(1500, "{{amount_with_comma_separator}} €")
 * → "15,00 €". Markup some themes put into the format (`<span class=money>`) is dropped: callers
 * write text, never HTML. A format without a placeholder falls back to the default; an unknown
 * placeholder renders like {{amount}}; a non-finite amount renders as 0.
 */
export function formatMoney(cents: number, moneyFormat: string = DEFAULT_MONEY_FORMAT): string {
  const plain = String(moneyFormat || "").replace(/<[^>]*>/g, "");
  const c = Number.isFinite(cents) ? Math.round(cents) : 0;
  let nonZero = false;
  const text = (plain.match(PLACEHOLDER_RE) ? plain : DEFAULT_MONEY_FORMAT).replace(
    PLACEHOLDER_RE,
    (_match, name: string) => {
      const amount = formatAmount(Math.abs(c), name);
      if (/[1-9]/.test(amount)) nonZero = true;
      return amount;
    },
  );
  return c < 0 && nonZero ? "-" + text : text;
}
