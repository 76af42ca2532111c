// The preview theme's own words in the storefront's language, as Dawn ships them in its
// locales/*.json: a German shopper of a real shop reads "In den Warenkorb" from the theme, and the
// Pairwise blocks from the app's extension. The shop's own content (products, collections, menus)
// stays as the merchant wrote it, as it does in a shop without translations. Keyed by the English text; a text with no German entry
// shows in English (test/unit/demo/theme-text.test.ts checks that every text the pages use has one).
import type { Locale } from "../../i18n/i18n";

export const THEME_DE: Record<string, string> = {
  // header, footer, preview bar
  Preview: "Vorschau",
  "Shopping as": "Einkaufen als",
  "Anonymous visitor": "Anonymer Besucher",
  Switch: "Wechseln",
  "Already owns: {{items}}": "Besitzt bereits: {{items}}",
  "see it": "ansehen",
  "Free shipping over {{amount}}": "Kostenloser Versand ab {{amount}}",
  Main: "Hauptmenü",
  Search: "Suchen",
  "Merchant admin": "Händler-Admin",
  "Cart, {{count}} items": "Warenkorb, {{count}} Artikel",
  Cart: "Warenkorb",
  "Powered by Shopify (preview)": "Bereitgestellt von Shopify (Vorschau)",
  // home and collections
  Home: "Startseite",
  "View all ({{count}})": "Alle ansehen ({{count}})",
  "Gear for the trail, the darkroom and the first cup of the day.":
    "Ausrüstung für den Trail, die Dunkelkammer und die erste Tasse des Tages.",
  "Regular price": "Normaler Preis",
  From: "Ab",
  "Sold out": "Ausverkauft",
  Sale: "Angebot",
  // product page
  "Taxes included. <a>Shipping</a> calculated at checkout.":
    "Inklusive Steuern. <a>Versand</a> wird an der Kasse berechnet.",
  Quantity: "Menge",
  "Decrease quantity": "Menge verringern",
  "Increase quantity": "Menge erhöhen",
  "Add to cart": "In den Warenkorb",
  // cart and drawer
  "Your cart": "Dein Warenkorb",
  "Your cart is empty": "Dein Warenkorb ist leer",
  "Continue shopping": "Weiter einkaufen",
  Close: "Schließen",
  "Estimated total": "Geschätzte Gesamtsumme",
  "Taxes included. Discounts and shipping calculated at checkout.":
    "Inklusive Steuern. Rabatte und Versand werden an der Kasse berechnet.",
  "Check out": "Auschecken",
  "View cart": "Warenkorb ansehen",
  "Qty {{count}}": "Anzahl {{count}}",
  "Added from a Pairwise offer": "Aus einem Pairwise-Angebot hinzugefügt",
  Option: "Option",
  "Quantity for {{title}}": "Menge für {{title}}",
  Remove: "Entfernen",
  Product: "Produkt",
  Total: "Gesamt",
  // checkout and thank-you page
  Checkout: "Kasse",
  "Preview of Shopify checkout: the order summary hosts Pairwise's checkout UI extension (target <code>purchase.checkout.cart-line-list.render-after</code>), its real bundle running in a stand-in host.":
    "Vorschau des Shopify-Checkouts: Die Bestellübersicht enthält die Checkout-UI-Erweiterung von Pairwise (Ziel <code>purchase.checkout.cart-line-list.render-after</code>), ihr echtes Bundle in einem Ersatz-Host.",
  "Pay now": "Jetzt bezahlen",
  Subtotal: "Zwischensumme",
  Discounts: "Rabatte",
  Shipping: "Versand",
  Free: "Kostenlos",
  offer: "Angebot",
  bundle: "Bundle",
  Order: "Bestellung",
  "Thank you": "Danke",
  "Thank you for your order!": "Vielen Dank für deine Bestellung!",
  "This preview sent Shopify's <code>orders/create</code> webhook to the app, as a real checkout would. The merchant sees this order in the Pairwise admin.":
    "Diese Vorschau hat Shopifys <code>orders/create</code>-Webhook an die App gesendet, wie es ein echter Checkout tut. Der Händler sieht diese Bestellung im Pairwise-Admin.",
  Savings: "Ersparnis",
  "Open the admin": "Admin öffnen",
  "Page not found": "Seite nicht gefunden",
  "404 – Page not found": "404 – Seite nicht gefunden",
};

/** The theme's text in a locale: `{{name}}` placeholders filled from `values` (already escaped by the caller where needed). */
export type ThemeText = (english: string, values?: Record<string, string | number>) => string;

export function themeText(locale: Locale): ThemeText {
  return (english, values = {}) => {
    const text = (locale === "de" ? THEME_DE[english] : undefined) ?? english;
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ""));
  };
}
