// Formats integer cents with a Shopify `shop.money_format` such as "${{amount}}" or
// "{{amount_with_comma_separator}} €". Integer arithmetic only, so 1005 cents is never "10.04".

type Style = [decimals: 0 | 2, thousands: string, decimal: string];

const STYLES: Record<string, Style> = {
  amount: [2, ",", "."],
  amount_no_decimals: [0, ",", "."],
  amount_with_comma_separator: [2, ".", ","],
  amount_no_decimals_with_comma_separator: [0, ".", ","],
  amount_with_apostrophe_separator: [2, "'", "."],
  amount_no_decimals_with_space_separator: [0, " ", ","],
  amount_with_space_separator: [2, " ", ","],
  amount_with_period_and_space_separator: [2, " ", "."],
};

function group(n: number, sep: string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

export function formatAmount(cents: number, [decimals, thousands, decimal]: Style): string {
  const c = Math.round(Number.isFinite(cents) ? cents : 0);
  const abs = Math.abs(c);
  const sign = c < 0 ? "-" : "";
  if (decimals === 0) return sign + group(Math.floor((abs + 50) / 100), thousands);
  const frac = String(abs % 100).padStart(2, "0");
  return sign + group(Math.floor(abs / 100), thousands) + decimal + frac;
}

/**
 * Renders `cents` in the shop's money format. Markup in the format (some themes wrap it in a
 * span) is dropped, because the widget writes text, never HTML. An unknown placeholder falls
 * back to {{amount}}, and a format without placeholder is treated as "{{amount}}".
 */
export function formatMoney(cents: number, format: string): string {
  const plain = String(format || "").replace(/<[^>]*>/g, "");
  const re = /\{\{\s*(\w+)\s*\}\}/;
  if (!re.test(plain)) return formatAmount(cents, STYLES.amount);
  return plain.replace(re, (_m, key: string) => formatAmount(cents, STYLES[key] || STYLES.amount));
}
