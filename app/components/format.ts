// Display helpers for figures, by the admin's locale: rates as percents, counts, decimals, dates
// and money (Intl). `useFormat()` binds them to the locale of the page (and the shop's currency);
// `formatter(locale)` is the same for server-side text. English money keeps the shop's own money
// format (app/lib/money), as Shopify's English admin shows it; other locales format the shop's
// currency with Intl ("1.234,50 €").
import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, type Locale } from "../i18n/i18n";
import { DEFAULT_MONEY_FORMAT, formatMoney } from "../lib/money";

export interface ShopMoney {
  moneyFormat: string;
  currency: string;
}

/** The BCP 47 tag Intl is given for a locale. */
const INTL_TAG: Record<Locale, string> = { en: "en", de: "de-DE" };

export interface Formatter {
  locale: Locale;
  /** 0.125 → "12.5%" / "12,5 %"; null → "—". */
  percent(rate: number | null | undefined, digits?: number): string;
  /** 1234 → "1,234" / "1.234"; null → "—". */
  count(n: number | null | undefined): string;
  /** 1.5 → "1.50" / "1,50" (fixed digits); null → "—". */
  decimal(n: number | null | undefined, digits?: number): string;
  /** An ISO date-time in UTC, medium date and short time, e.g. "Nov 1, 2026, 9:00 AM UTC"; null → `never`. */
  dateTime(iso: string | null | undefined, never?: string): string;
  /** An ISO date in UTC, medium style; null → "—". */
  day(iso: string | null | undefined): string;
  /** Integer cents in the shop's currency; null → "—". */
  money(cents: number | null | undefined): string;
  /** A small p-value in scientific notation, 0.0000123 → "1.2E-5" / "1,2E-5"; null → "—". */
  scientific(n: number | null | undefined): string;
}

export function formatter(locale: Locale = DEFAULT_LOCALE, shop?: Partial<ShopMoney> | null): Formatter {
  const tag = INTL_TAG[locale] ?? "en";
  const moneyFormat = shop?.moneyFormat || DEFAULT_MONEY_FORMAT;
  const currency = shop?.currency || "USD";
  const never = locale === "de" ? "nie" : "never";
  return {
    locale,
    percent: (rate, digits = 1) =>
      rate == null || !Number.isFinite(rate)
        ? "—"
        : new Intl.NumberFormat(tag, {
            style: "percent",
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
          }).format(rate),
    count: (n) => (n == null || !Number.isFinite(n) ? "—" : n.toLocaleString(tag)),
    decimal: (n, digits = 2) =>
      n == null || !Number.isFinite(n)
        ? "—"
        : n.toLocaleString(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }),
    dateTime: (iso, neverText = never) =>
      iso
        ? new Date(iso).toLocaleString(tag, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC"
        : neverText,
    day: (iso) => (iso ? new Date(iso).toLocaleDateString(tag, { dateStyle: "medium", timeZone: "UTC" }) : "—"),
    scientific: (n) =>
      n == null || !Number.isFinite(n)
        ? "—"
        : new Intl.NumberFormat(tag, { notation: "scientific", maximumFractionDigits: 1 }).format(n),
    money: (cents) => {
      if (cents == null || !Number.isFinite(cents)) return "—";
      if (locale === "en") return formatMoney(cents, moneyFormat);
      try {
        return new Intl.NumberFormat(tag, { style: "currency", currency }).format(Math.round(cents) / 100);
      } catch {
        return formatMoney(cents, moneyFormat);
      }
    },
  };
}

interface RootData {
  locale?: Locale;
}
interface AppLayoutData {
  money?: ShopMoney;
}

/** The locale the page is rendered in (the root loader's choice; the same on server and browser). */
export function useLocale(): Locale {
  const root = useRouteLoaderData("root") as RootData | undefined;
  return root?.locale ?? DEFAULT_LOCALE;
}

/** The formatters of the page's locale and the shop's money (from the /app layout's loader). */
export function useFormat(): Formatter {
  const locale = useLocale();
  const app = useRouteLoaderData("routes/app") as AppLayoutData | undefined;
  return formatter(locale, app?.money);
}

// The English formatters, for callers outside a page's render.
const english = formatter(DEFAULT_LOCALE);
export const { percent, count, decimal, dateTime, day } = english;
