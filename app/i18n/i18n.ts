// The admin's translations: one i18next instance per supported locale, built synchronously from
// the JSON files in ./locales (bundled into both the server and the browser build), so the server
// and the browser render the same words and hydration never mismatches. English is the default
// and the fallback for any key a locale lacks.
import { createInstance, type i18n, type TFunction } from "i18next";
import de from "./locales/de.json";
import en from "./locales/en.json";

export const LOCALES = ["en", "de"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The resources of each locale, for the key-parity test and for nothing else. */
export const RESOURCES: Record<Locale, Record<string, unknown>> = { en, de };

/**
 * The supported locale a locale tag asks for: "de", "de-DE", "de_AT" → "de"; "en-GB" → "en";
 * anything else (or nothing) → null.
 */
export function supportedLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(language) ? (language as Locale) : null;
}

const instances = new Map<Locale, i18n>();

/** The (shared, read-only) i18next instance of a locale. */
export function i18nFor(locale: Locale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = createInstance();
    void instance.init({
      lng: locale,
      fallbackLng: DEFAULT_LOCALE,
      supportedLngs: [...LOCALES],
      resources: { en: { translation: en }, de: { translation: de } },
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    });
    instances.set(locale, instance);
  }
  return instance;
}

/** The translate function of a locale (server-side messages: validation errors, toasts, checklists). */
export function tFor(locale: Locale): TFunction {
  return i18nFor(locale).t;
}
