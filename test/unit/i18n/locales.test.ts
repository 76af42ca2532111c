// Every translation file of ours exists in English and German with the same keys, no empty value
// and the same placeholders: the admin's (app/i18n/locales), the theme extension's and the
// checkout extension's (extensions/*/locales).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { RESOURCES, supportedLocale, tFor } from "../../../app/i18n/i18n";
import { acceptLanguageLocale, localeCookieHeader, requestLocale } from "../../../app/i18n/locale.server";
import { translateErrors, translateMessage } from "../../../app/i18n/messages";
import { formatter } from "../../../app/components/format";

/** Intl separates a number from its unit with a no-break space. */
const nb = (text: string) => text.replace(/ /g, "\u00a0");

const read = (path: string) => JSON.parse(readFileSync(resolve(path), "utf8")) as Record<string, unknown>;

function flatten(value: unknown, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = value;
  return out;
}

const placeholders = (text: unknown) =>
  [...String(text).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort((a, b) => a.localeCompare(b));

const PAIRS: [string, Record<string, unknown>, Record<string, unknown>][] = [
  ["admin (app/i18n/locales)", RESOURCES.en, RESOURCES.de],
  [
    "theme extension",
    read("extensions/pairwise-theme/locales/en.default.json"),
    read("extensions/pairwise-theme/locales/de.json"),
  ],
  [
    "theme extension settings (schema)",
    read("extensions/pairwise-theme/locales/en.default.schema.json"),
    read("extensions/pairwise-theme/locales/de.schema.json"),
  ],
  [
    "checkout extension",
    read("extensions/pairwise-checkout/locales/en.default.json"),
    read("extensions/pairwise-checkout/locales/de.json"),
  ],
];

describe("translation files", () => {
  for (const [name, en, de] of PAIRS) {
    describe(name, () => {
      const flatEn = flatten(en);
      const flatDe = flatten(de);
      it("has every key in both English and German", () => {
        expect(Object.keys(flatEn).length).toBeGreaterThan(0);
        expect(Object.keys(flatDe).filter((k) => !(k in flatEn))).toEqual([]);
        expect(Object.keys(flatEn).filter((k) => !(k in flatDe))).toEqual([]);
      });
      it("has no empty value", () => {
        for (const flat of [flatEn, flatDe])
          expect(Object.entries(flat).filter(([, v]) => typeof v !== "string" || v.trim() === "")).toEqual([]);
      });
      it("uses the same placeholders in both", () => {
        const differing = Object.keys(flatEn).filter(
          (k) => k in flatDe && placeholders(flatEn[k]).join() !== placeholders(flatDe[k]).join(),
        );
        expect(differing).toEqual([]);
      });
      it("is German, not a copy of the English", () => {
        const same = Object.keys(flatEn).filter((k) => flatEn[k] === flatDe[k]);
        // names (Pairwise, Shopify Plus), figures' jargon kept as is (Lift, Support) and the like only
        expect(same.length / Object.keys(flatEn).length).toBeLessThan(0.1);
      });
    });
  }
});

describe("the admin's locale", () => {
  it("takes Shopify's locale parameter (de, de-DE), then the cookie, then Accept-Language, then English", () => {
    expect(supportedLocale("de-DE")).toBe("de");
    expect(supportedLocale("fr")).toBeNull();
    expect(requestLocale(new Request("https://app.example/app?locale=de-DE"))).toBe("de");
    expect(requestLocale(new Request("https://app.example/app", { headers: { cookie: "pairwise_locale=de" } }))).toBe(
      "de",
    );
    expect(acceptLanguageLocale("fr-FR, de;q=0.8, en;q=0.5")).toBe("de");
    expect(acceptLanguageLocale("en-US,en;q=0.9,de;q=0.8")).toBe("en");
    expect(requestLocale(new Request("https://app.example/app?locale=fr"))).toBe("en");
    expect(requestLocale(new Request("https://app.example/app"))).toBe("en");
  });

  it("remembers a locale from the URL in a cookie a third-party frame keeps", () => {
    const header = localeCookieHeader(new Request("https://app.example/app?locale=de"));
    expect(header).toMatch(/^pairwise_locale=de;.*SameSite=None; Secure; Partitioned/);
    expect(localeCookieHeader(new Request("https://app.example/app"))).toBeNull();
  });

  it("translates plural forms and server messages", () => {
    const de = tFor("de");
    expect(de("offers.toast.deleted", { count: 1 })).toBe("1 Angebot gelöscht");
    expect(de("offers.toast.deleted", { count: 3 })).toBe("3 Angebote gelöscht");
    expect(translateMessage(de, "Give the offer a name")).toBe("Geben Sie dem Angebot einen Namen");
    expect(translateMessage(de, "The relevance threshold is between 0 and 1")).toBe(
      "Relevanzschwelle: zwischen 0 und 1",
    );
    expect(translateMessage(de, "The latest changes are not at checkout yet: Function not found")).toBe(
      "Die letzten Änderungen sind noch nicht an der Kasse wirksam: Function not found",
    );
    expect(translateErrors(tFor("en"), { name: "Give the offer a name" })).toEqual({ name: "Give the offer a name" });
    expect(translateMessage(de, "a message nobody translated")).toBe("a message nobody translated");
  });
});

describe("figures by locale", () => {
  it("formats numbers, percents, money and dates the German way", () => {
    const de = formatter("de", { moneyFormat: "€{{amount}}", currency: "EUR" });
    expect(de.count(1234567)).toBe("1.234.567");
    expect(de.percent(0.125)).toBe(nb("12,5 %"));
    expect(de.money(123450)).toBe(nb("1.234,50 €"));
    expect(de.decimal(2.5)).toBe("2,50");
    expect(de.dateTime("2026-11-01T09:05:00Z")).toBe("01.11.2026, 09:05 UTC");
  });
  it("keeps the English admin's figures as they were", () => {
    const en = formatter("en", { moneyFormat: "${{amount}}", currency: "USD" });
    expect(en.count(1234567)).toBe("1,234,567");
    expect(en.percent(0.125)).toBe("12.5%");
    expect(en.money(123450)).toBe("$1,234.50");
    expect(en.dateTime(null)).toBe("never");
  });
});
