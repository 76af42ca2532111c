// Locale strings come from the theme's locale files through the block's data-strings attribute.

export type Strings = Record<string, string>;

// English fallbacks, so a page that passes no strings (or an outdated set) still reads well. Each
// file of the widget carries the fallbacks of the strings it shows and registers them with
// `addFallbacks` (the parts through the core's Api), so no file ships strings it never shows.
export const CORE_STRINGS: Strings = {
  add_to_cart: "Add to cart",
  decline: "Not interested in %title%",
  regular_price: "Regular price",
};
export const ACTION_STRINGS: Strings = {
  adding: "Adding…",
  added: "Added",
  option: "Option for %title%",
  added_announce: "%title% added to your cart",
  error: "Could not add to cart. Please try again.",
};
export const BUNDLE_STRINGS: Strings = {
  add_selected: "Add selected to cart",
  this_item: "This item: %title%",
  total: "Total: %amount%",
  saving: "You save %amount%",
};
export const CART_STRINGS: Strings = {
  shipping_remaining: "Add %amount% more for free shipping",
  shipping_reached: "Your order ships free",
  shipping_label: "Progress towards free shipping",
};

const fallbacks: Strings = { ...CORE_STRINGS };
export function addFallbacks(more: Strings): void {
  Object.assign(fallbacks, more);
}

/** The strings the page passed (JSON); keys that are missing fall back to English in `t`. */
export function parseStrings(json: string | null | undefined): Strings {
  const out: Strings = {};
  try {
    const v: unknown = JSON.parse(json || "{}");
    if (v && typeof v === "object") {
      for (const [k, s] of Object.entries(v)) if (typeof s === "string") out[k] = s;
    }
  } catch {
    /* broken JSON: English */
  }
  return out;
}

/** The string `key` with `%name%` placeholders filled in (the Liquid snippet writes them); English, or the key itself, if it is missing. */
export function t(strings: Strings, key: string, vars: Record<string, string> = {}): string {
  return (strings[key] ?? fallbacks[key] ?? key).replace(/%(\w+)%/g, (m, name: string) => vars[name] ?? m);
}
