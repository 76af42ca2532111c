// The preview's checkout and thank-you pages run Pairwise's checkout UI extension: its REAL
// built bundle (npm run build → build/client/extensions/pairwise-checkout/*.js) inside the
// stand-in host (app/demo/checkout-host/host.ts, built to build/demo/checkout-host.js), in an
// iframe whose body the extension renders into. Session tokens are minted here with the demo
// secret, exactly the shape Shopify's checkout issues, and verified by the app's real endpoint.
import type { Locale } from "../../i18n/i18n";
import { extensionLocale } from "./locale.server";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { mintCheckoutSessionToken } from "../session-token.server";
import { appConfig, DEMO_SHOP } from "../../lib/config.server";
import type { HostConfig } from "../checkout-host/host";
import type { CartJson } from "./cart.server";
import { checkoutTotals, demoCheckoutToken } from "./checkout.server";
import { extensionFrame, type PlacedOrder } from "./pages.server";

const BUILD_DIR = process.env.PAIRWISE_BUILD_DIR ?? "build";
const MODULES = "/extensions/pairwise-checkout";
/** The extension settings a merchant would set in the checkout editor, for the preview. */
const PREVIEW_SETTINGS = { heading: "", max_items: 3 };
const PREVIEW_THANK_YOU_SETTINGS = { heading: "", max_items: 3, discount_code: "COMEBACK10" };

let hostScript: string | null = null;
export function checkoutHostScript(): string | null {
  const file = resolve(BUILD_DIR, "demo/checkout-host.js");
  if (!existsSync(file)) return null;
  return (hostScript ??= readFileSync(file, "utf8"));
}

/** The checkout extension's strings in the buyer's language (its locale file over en.default.json). */
function extensionTranslations(locale: Locale): Record<string, string> {
  return extensionLocale(resolve("extensions/pairwise-checkout"), locale) as Record<string, string>;
}

export function mintDemoCheckoutToken(customerId: string | null): Promise<string> {
  const { apiKey, apiSecret } = appConfig();
  return mintCheckoutSessionToken({ shop: DEMO_SHOP, apiKey, apiSecret, customerId });
}

export function checkoutFrame(cart: CartJson, origin: string, locale: Locale = "en"): string {
  const config: HostConfig = {
    target: "purchase.checkout.cart-line-list.render-after",
    moduleUrl: `${MODULES}/Checkout.js`,
    lines: cart.items.map((i) => ({
      variantId: String(i.variant_id),
      productId: String(i.product_id),
      title: i.title,
      quantity: i.quantity,
      price: i.price,
    })),
    subtotal: checkoutTotals(cart).subtotal,
    currency: cart.currency,
    attributes: cart.attributes,
    checkoutToken: cart.token.replace(/[^A-Za-z0-9]/g, ""),
    settings: PREVIEW_SETTINGS,
    translations: extensionTranslations(locale),
    locale,
    storefrontUrl: origin,
  };
  return extensionFrame("pairwise-checkout-extension", config);
}

export function thankYouFrame(order: PlacedOrder, origin: string, currency: string, locale: Locale = "en"): string {
  const config: HostConfig = {
    target: "purchase.thank-you.block.render",
    moduleUrl: `${MODULES}/ThankYou.js`,
    lines: order.lines.map((l) => ({
      variantId: l.variantId,
      productId: l.productId,
      title: l.title,
      quantity: l.quantity,
      price: l.price,
    })),
    subtotal: order.total,
    currency,
    attributes: order.attributes,
    checkoutToken: demoCheckoutToken(order.id),
    settings: PREVIEW_THANK_YOU_SETTINGS,
    translations: extensionTranslations(locale),
    locale,
    storefrontUrl: origin,
    order: { id: order.id, number: order.name.replace(/\D/g, "") },
  };
  return extensionFrame("pairwise-thank-you-extension", config);
}
