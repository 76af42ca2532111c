// Locale strings come from the theme's locale files through the block's data-strings attribute.

export type Strings = Record<string, string>;

/** English fallbacks, so a page that passes no strings (or an outdated set) still reads well. */
export const DEFAULT_STRINGS: Strings = {
  add_to_cart: "Add to cart",
  adding: "Adding…",
  added: "Added",
  add_selected: "Add selected to cart",
  decline: "Not interested in %title%",
  option: "Option for %title%",
  this_item: "This item: %title%",
  added_announce: "%title% added to your cart",
  total: "Total: %amount%",
  saving: "You save %amount%",
  shipping_remaining: "Add %amount% more for free shipping",
  shipping_reached: "Your order ships free",
  shipping_label: "Progress towards free shipping",
  regular_price: "Regular price",
  error: "Could not add to cart. Please try again.",
};

export function parseStrings(json: string | null | undefined): Strings {
  try {
    const v: unknown = JSON.parse(json || "{}");
    const out: Strings = { ...DEFAULT_STRINGS };
    if (v && typeof v === "object") {
      for (const [k, s] of Object.entries(v)) if (typeof s === "string") out[k] = s;
    }
    return out;
  } catch {
    return { ...DEFAULT_STRINGS };
  }
}

/** The string `key` with `%name%` placeholders filled in (the Liquid snippet writes them); the key itself if it is missing. */
export function t(strings: Strings, key: string, vars: Record<string, string> = {}): string {
  return (strings[key] ?? key).replace(/%(\w+)%/g, (m, name: string) => vars[name] ?? m);
}
