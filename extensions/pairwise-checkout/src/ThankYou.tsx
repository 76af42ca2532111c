/** @jsxImportSource preact */
// purchase.thank-you.block.render: what customers typically buy next (the sequential patterns
// mined from the shop's orders, then its cross-sells), each linking to the product page, and the
// merchant's next-order discount code when one is configured. Nothing is rendered without either.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import {
  fetchOffers,
  numericId,
  sendEvents,
  toAmount,
  visitorIdFrom,
  type OffersAnswer,
  maxItems,
  textSetting,
} from "./offers";

export default async () => {
  render(<ThankYouOffers />, document.body);
};

function ThankYouOffers() {
  const [answer, setAnswer] = useState<OffersAnswer | null>(null);
  const [visitorId] = useState(() => visitorIdFrom(shopify.attributes.value, shopify.checkoutToken.value));
  const settings = shopify.settings.value;
  const max = maxItems(settings);
  const code = textSetting(settings, "discount_code");
  const sessionToken = () => shopify.sessionToken.get();

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const variantIds = shopify.lines.value.flatMap((l) => {
        const id = numericId(l.merchandise.id, "ProductVariant");
        return id ? [id] : [];
      });
      const result = await fetchOffers({ placement: "thank_you", variantIds, visitorId, max, sessionToken });
      if (cancelled || !result?.offer) return;
      setAnswer(result);
      void sendEvents(sessionToken, visitorId, "thank_you", "impression", result.offer.items);
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const offer = answer?.offer;
  if (!offer && !code) return null;

  const storefront = (shopify.shop.storefrontUrl ?? "").replace(/\/$/, "");
  const heading = textSetting(settings, "heading") || offer?.headline || shopify.i18n.translate("thankYouHeading");
  const showPrices = !!answer && shopify.localization.currency.value.isoCode === answer.currency;

  return (
    <s-section heading={offer ? heading : undefined}>
      <s-stack gap="base">
        {offer?.items.map((item) => (
          <s-stack key={item.variantId} direction="inline" gap="base" alignItems="center">
            <s-product-thumbnail src={item.imageUrl ?? undefined} alt={item.title} />
            <s-stack gap="none" inlineSize="100%">
              <s-text>{item.title}</s-text>
              {showPrices ? (
                <s-text color="subdued">
                  {shopify.i18n.formatCurrency(toAmount(item.price), { currency: answer!.currency })}
                </s-text>
              ) : null}
            </s-stack>
            <s-link
              href={`${storefront}/products/${encodeURIComponent(item.handle)}`}
              target="_blank"
              onClick={() => void sendEvents(sessionToken, visitorId, "thank_you", "click", [item])}
              accessibilityLabel={`${shopify.i18n.translate("view")} ${item.title}`}
            >
              {shopify.i18n.translate("view")}
            </s-link>
          </s-stack>
        ))}
        {code ? <s-banner tone="success">{shopify.i18n.translate("discountCode", { code })}</s-banner> : null}
      </s-stack>
    </s-section>
  );
}
