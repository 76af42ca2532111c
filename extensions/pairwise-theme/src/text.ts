// Locale strings come from the theme's locale files through the block's data-strings attribute.

export type Strings = Record<string, string>;

export function parseStrings(json: string | null | undefined): Strings {
  try {
    const v: unknown = JSON.parse(json || "{}");
    const out: Strings = {};
    if (v && typeof v === "object") {
      for (const [k, s] of Object.entries(v)) if (typeof s === "string") out[k] = s;
    }
    return out;
  } catch {
    return {};
  }
}

/** The string `key` with `%name%` placeholders filled in (the Liquid snippet writes them); the key itself if it is missing. */
export function t(strings: Strings, key: string, vars: Record<string, string> = {}): string {
  return (strings[key] ?? key).replace(/%(\w+)%/g, (m, name: string) => vars[name] ?? m);
}
