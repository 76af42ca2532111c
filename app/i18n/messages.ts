// Server-side messages that are written in English where they arise (zod validation messages,
// the discount state's reasons) and shown in the admin's language. Each such message has an
// entry under "messages" in the English translations, whose text is the message itself; the
// entry's key gives the other locales' text. A template such as "The latest changes are not at
// checkout yet: {{detail}}" matches messages of that shape and carries the variable part over.
// A message with no entry is shown as it is (in English).
import type { TFunction } from "i18next";
import type { FieldErrors } from "../lib/forms/input";
import en from "./locales/en.json";

type Entry = { key: string; pattern: RegExp | null; names: string[] };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function compile(): { exact: Map<string, string>; templates: Entry[] } {
  const exact = new Map<string, string>();
  const templates: Entry[] = [];
  const messages = (en as { messages?: Record<string, string> }).messages ?? {};
  for (const [key, text] of Object.entries(messages)) {
    const names = [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
    if (names.length === 0) exact.set(text, `messages.${key}`);
    else {
      const source = text
        .split(/\{\{\w+\}\}/)
        .map(escape)
        .join("(.+?)");
      templates.push({ key: `messages.${key}`, pattern: new RegExp(`^${source}$`, "s"), names });
    }
  }
  return { exact, templates };
}

let table: ReturnType<typeof compile> | null = null;

/** An English server message in the locale of `t` (unchanged when it has no entry). */
export function translateMessage(t: TFunction, message: string): string {
  table ??= compile();
  const key = table.exact.get(message);
  if (key) return t(key);
  for (const entry of table.templates) {
    const match = entry.pattern?.exec(message);
    if (match) {
      const values = Object.fromEntries(entry.names.map((name, i) => [name, translateMessage(t, match[i + 1])]));
      return t(entry.key, values);
    }
  }
  return message;
}

/** A form's inline errors in the locale of `t`. */
export function translateErrors(t: TFunction, errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, translateMessage(t, message)]));
}

/** An object's `reason` (a server message or null) in the locale of `t`. */
export function translatedReason<T extends { reason: string | null }>(value: T, t: TFunction): T {
  return value.reason ? { ...value, reason: translateMessage(t, value.reason) } : value;
}
