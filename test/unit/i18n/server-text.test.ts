// Sentences the server sends as data (a kind and its figures) read in the admin's language, with
// the locale's numbers, money and dates: an experiment's variant changes, a guardrail's reading,
// a follow-up's reason; and server messages stored in English (sync and bulk errors, form
// messages) shown in German.
import { describe, expect, it } from "vitest";
import { formatter } from "../../../app/components/format";
import { tFor } from "../../../app/i18n/i18n";
import { translateMessage } from "../../../app/i18n/messages";
import { followUpReasonText, guardrailText, variantChangeText } from "../../../app/i18n/server-text";

const shop = { moneyFormat: "${{amount}}", currency: "USD" };
const en = { t: tFor("en"), f: formatter("en", shop) };
const de = { t: tFor("de"), f: formatter("de", shop) };
/** Intl separates a number from its unit with a no-break space; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("an experiment variant's changes", () => {
  it("words a discount change with the locale's percent and money", () => {
    const change = {
      kind: "discount" as const,
      from: { type: "percent" as const, value: 10 },
      to: { type: "percent" as const, value: 12.5 },
    };
    expect(plain(variantChangeText(change, en.t, en.f))).toBe("Discount: 10% off → 12.5% off");
    expect(plain(variantChangeText(change, de.t, de.f))).toBe("Rabatt: 10 % Rabatt → 12,5 % Rabatt");
    const fixed = { kind: "discount" as const, from: null, to: { type: "fixed" as const, value: 123450 } };
    expect(plain(variantChangeText(fixed, de.t, de.f))).toBe("Rabatt: 1.234,50 $ Rabatt");
    const none = {
      kind: "discount" as const,
      from: { type: "fixed" as const, value: 500 },
      to: { type: "none" as const, value: 0 },
    };
    expect(variantChangeText(none, en.t, en.f)).toBe("Discount: $5.00 off → none");
  });
  it("words copy, items, counts and layout in German", () => {
    expect(variantChangeText({ kind: "headline", text: "Dazu passt" }, de.t, de.f)).toBe("Überschrift: „Dazu passt“");
    expect(variantChangeText({ kind: "headline", text: "Goes with" }, en.t, en.f)).toBe('Headline: "Goes with"');
    expect(variantChangeText({ kind: "itemsMined" }, de.t, de.f)).toBe("Artikel: automatisch ermittelt");
    expect(variantChangeText({ kind: "items", titles: ["Zelt", "Heringe"] }, de.t, de.f)).toBe(
      "Artikel: Zelt, Heringe",
    );
    expect(variantChangeText({ kind: "shows", count: 1 }, en.t, en.f)).toBe("Shows 1 item");
    expect(variantChangeText({ kind: "shows", count: 3 }, en.t, en.f)).toBe("Shows 3 items");
    expect(variantChangeText({ kind: "shows", count: 3 }, de.t, de.f)).toBe("Zeigt 3 Artikel");
    expect(variantChangeText({ kind: "layout", layout: "list" }, de.t, de.f)).toBe("Anordnung: Liste");
  });
});

describe("a guardrail's reading", () => {
  it("formats the refund rate and the AOV by locale", () => {
    const refund = {
      name: "refund_rate",
      detail: "refund rate 2.5 % vs 1.8 % in the control",
      variantValue: 0.025,
      controlValue: 0.018,
    };
    expect(plain(guardrailText(refund, de.t, de.f))).toBe(
      "Rückerstattungsquote 2,5 % ggü. 1,8 % in der Kontrollgruppe",
    );
    expect(guardrailText(refund, en.t, en.f)).toBe("refund rate 2.5% vs 1.8% in the control");
    const aov = {
      name: "aov",
      detail: "AOV 1234.50 vs 1100.00 in the control",
      variantValue: 123450,
      controlValue: 110000,
    };
    expect(plain(guardrailText(aov, de.t, de.f))).toBe(
      "Durchschnittlicher Bestellwert 1.234,50 $ ggü. 1.100,00 $ in der Kontrollgruppe",
    );
    expect(guardrailText(aov, en.t, en.f)).toBe("AOV $1,234.50 vs $1,100.00 in the control");
  });
  it("still translates a readout kept before the figures were (its English detail)", () => {
    expect(guardrailText({ name: "aov", detail: "AOV 12.00 vs 11.00 in the control" }, de.t, de.f)).toBe(
      "Durchschnittlicher Bestellwert 12.00 ggü. 11.00 in der Kontrollgruppe",
    );
  });
});

describe("a follow-up's reason", () => {
  const bought = "2026-11-01T10:00:00.000Z";
  it("words each kind with the locale's dates", () => {
    const complement = { kind: "complement" as const, product: "Trailhead Zelt", boughtAt: bought, dueAt: null };
    expect(followUpReasonText(complement, de.t, de.f)).toBe("Passt zu Trailhead Zelt, gekauft am 01.11.2026");
    expect(followUpReasonText(complement, en.t, en.f)).toBe("Goes with Trailhead Zelt bought on Nov 1, 2026");
    const refill = {
      kind: "replenishment" as const,
      product: null,
      boughtAt: bought,
      dueAt: "2026-12-01T10:00:00.000Z",
    };
    expect(followUpReasonText(refill, de.t, de.f)).toBe(
      "Nachkauf: zuletzt gekauft am 01.11.2026, wieder fällig um den 01.12.2026",
    );
    const upgrade = { kind: "upgrade" as const, product: "Espresso Basic", boughtAt: bought, dueAt: null };
    expect(followUpReasonText(upgrade, de.t, de.f)).toBe("Upgrade von Espresso Basic, gekauft am 01.11.2026");
  });
});

describe("server messages stored in English", () => {
  it("reads sync, bulk-import and form messages in German", () => {
    const t = de.t;
    expect(translateMessage(t, "The import was interrupted; start the sync again.")).toBe(
      "Der Import wurde unterbrochen; starten Sie die Synchronisierung erneut.",
    );
    expect(translateMessage(t, "Shopify bulk operation failed (ACCESS_DENIED)")).toBe(
      "Shopify-Massenvorgang: failed (ACCESS_DENIED)",
    );
    expect(
      translateMessage(t, "The latest changes are not at checkout yet: Shopify did not create the discount: no answer"),
    ).toBe(
      "Die letzten Änderungen sind noch nicht an der Kasse wirksam: Shopify hat den Rabatt nicht erstellt: keine Antwort",
    );
    expect(translateMessage(t, "Offers per customer is at least 1")).toBe("Angebote pro Kunde: mindestens 1");
    expect(translateMessage(t, "The minimum probability is between 0% and 100%")).toBe(
      "Die Mindest-Kaufwahrscheinlichkeit liegt zwischen 0 % und 100 %",
    );
    expect(translateMessage(t, "No discount: the bundle sells at its components' prices.")).toMatch(/^Kein Rabatt/);
  });
});
