// The preview storefront's language, as Shopify picks a storefront's: the shopper's choice
// (`?locale=de`, remembered in a cookie like Shopify's localization form remembers it), else the
// browser's Accept-Language, else the shop's default (English). The theme extension's blocks and
// the checkout extension then read their strings from that locale's file, falling back to the
// default file key by key, as Shopify does. Prices keep the shop's money format in every language
// (Liquid's `money` filter does not follow the storefront's language), so the page and the widget agree.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Request, Response } from "express";
import { acceptLanguageLocale } from "../../i18n/locale.server";
import { supportedLocale, type Locale } from "../../i18n/i18n";

export const STOREFRONT_LOCALE_COOKIE = "pairwise_storefront_locale";

function cookieValue(req: Request, name: string): string | null {
  const match = (req.headers.cookie ?? "").split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

/** The request's storefront locale; a `?locale=` is remembered for the next pages. */
export function storefrontLocale(req: Request, res?: Response): Locale {
  const asked = typeof req.query.locale === "string" ? supportedLocale(req.query.locale) : null;
  if (asked) {
    if (res && cookieValue(req, STOREFRONT_LOCALE_COOKIE) !== asked)
      res.cookie(STOREFRONT_LOCALE_COOKIE, asked, { path: "/", sameSite: "lax", maxAge: 365 * 86_400_000 });
    return asked;
  }
  return (
    supportedLocale(cookieValue(req, STOREFRONT_LOCALE_COOKIE)) ??
    acceptLanguageLocale(req.headers["accept-language"]) ??
    "en"
  );
}

/** An extension's translations for a locale: the default file, overlaid with the locale's own file. */
export function extensionLocale(dir: string, locale: Locale): Record<string, unknown> {
  const read = (file: string) =>
    JSON.parse(readFileSync(resolve(dir, "locales", file), "utf8")) as Record<string, unknown>;
  const merged = read("en.default.json");
  const own = resolve(dir, "locales", `${locale}.json`);
  if (locale !== "en" && existsSync(own)) deepMerge(merged, read(`${locale}.json`));
  return merged;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object")
      deepMerge(current as Record<string, unknown>, value as Record<string, unknown>);
    else target[key] = value;
  }
}
