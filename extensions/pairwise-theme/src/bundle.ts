// Prices shown next to offers: one item with the offer's discount, and the
// "Frequently bought together" total. All cents.
import type { Discount } from "./types";

/** Price of one unit after the offer's discount (percent of the line, or fixed cents off). */
export function applyDiscount(price: number, d: Discount): number {
  if (d.type === "percent") return Math.max(0, Math.round(price * (1 - d.value / 100)));
  if (d.type === "fixed") return Math.max(0, price - d.value);
  return price;
}

export interface BundleLine {
  price: number; // cents, the chosen variant's price
  selected: boolean;
}

export interface BundleTotals {
  count: number; // selected lines
  subtotal: number; // before the bundle discount
  total: number; // what the shopper pays for the selected lines
  saving: number; // subtotal - total
  complete: boolean; // every line selected: only then the bundle discount applies
}

/**
 * The bundle discount applies to the complete set (the viewed product plus every companion),
 * as "buy together and save" promises; a partial selection is charged at regular prices.
 * A percent discount applies to the subtotal; a fixed discount is cents off the whole set,
 * never more than the subtotal.
 */
export function bundleTotals(lines: BundleLine[], d: Discount): BundleTotals {
  const chosen = lines.filter((l) => l.selected);
  const subtotal = chosen.reduce((s, l) => s + l.price, 0);
  const complete = lines.length > 1 && chosen.length === lines.length;
  const total = complete ? applyDiscount(subtotal, d) : subtotal;
  return { count: chosen.length, subtotal, total, saving: subtotal - total, complete };
}
