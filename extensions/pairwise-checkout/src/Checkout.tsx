/** @jsxImportSource preact */
// purchase.checkout.cart-line-list.render-after: "complete your order" — one to three items the
// shopper adds with one tap. The added line carries the `_pairwise` attributes the theme widget
// sets, so the order's attribution works unchanged. Nothing is rendered without an offer.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import {
  OFFER_ATTRIBUTE,
  TOKEN_ATTRIBUTE,
  VISITOR_ATTRIBUTE,
  fetchOffers,
  numericId,
  sendEvents,
  toAmount,
  variantGid,
  visitorIdFrom,
  type OfferItem,
  type OffersAnswer,
  maxItems,
  textSetting,
} from "./offers";

export default async () => {
  render(<CheckoutOffers />, document.body);
};

type ItemState = "idle" | "adding" | "added" | "failed";

function CheckoutOffers() {
  const [answer, setAnswer] = useState<OffersAnswer | null>(null);
  const [states, setStates] = useState<Record<string, ItemState>>({});
  const [hidden, setHidden] = useState(false);
  const [visitorId] = useState(() => visitorIdFrom(shopify.attributes.value, shopify.checkoutToken.value));
  const settings = shopify.settings.value;
  const max = maxItems(settings);
  const sessionToken = () => shopify.sessionToken.get();

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (!shopify.instructions.value.lines.canAddCartLine) return;
      // Keep the visitor id on the order (holdout and exposure follow it), as the theme widget does.
      if (
        !shopify.attributes.value.some((a) => a.key === VISITOR_ATTRIBUTE) &&
        shopify.instructions.value.attributes.canUpdateAttributes
      ) {
        await shopify
          .applyAttributeChange({ type: "updateAttribute", key: VISITOR_ATTRIBUTE, value: visitorId })
          .catch(() => undefined);
      }
      const lines = shopify.lines.value;
      const variantIds = lines.flatMap((l) => {
        const id = numericId(l.merchandise.id, "ProductVariant");
        return id ? [id] : [];
      });
      const subtotal = shopify.cost.subtotalAmount.value?.amount;
      const result = await fetchOffers({
        placement: "checkout",
        variantIds,
        subtotal: subtotal === undefined ? undefined : Math.round(subtotal * 100),
        visitorId,
        checkoutToken: shopify.checkoutToken.value,
        max,
        sessionToken,
      });
      if (cancelled || !result?.offer) return;
      setAnswer(result);
      void sendEvents(sessionToken, visitorId, "checkout", "impression", result.offer.items);
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const offer = answer?.offer;
  if (!answer || !offer || hidden) return null;

  const heading = textSetting(settings, "heading") || offer.headline || shopify.i18n.translate("checkoutHeading");
  const showPrices = shopify.localization.currency.value.isoCode === answer.currency;

  async function add(item: OfferItem) {
    setStates((s) => ({ ...s, [item.variantId]: "adding" }));
    const result = await shopify.applyCartLinesChange({
      type: "addCartLine",
      merchandiseId: variantGid(item.variantId),
      quantity: 1,
      attributes: [
        { key: OFFER_ATTRIBUTE, value: item.offerId ?? "auto" },
        { key: TOKEN_ATTRIBUTE, value: item.token },
      ],
    });
    setStates((s) => ({ ...s, [item.variantId]: result.type === "success" ? "added" : "failed" }));
    if (result.type === "success") void sendEvents(sessionToken, visitorId, "checkout", "add", [item]);
  }

  function decline() {
    setHidden(true);
    void sendEvents(
      sessionToken,
      visitorId,
      "checkout",
      "decline",
      offer!.items.filter((i) => states[i.variantId] !== "added"),
    );
  }

  return (
    <s-section heading={heading}>
      <s-stack gap="base">
        {offer.body ? <s-text color="subdued">{offer.body}</s-text> : null}
        {offer.items.map((item) => {
          const state = states[item.variantId] ?? "idle";
          return (
            <s-stack key={item.variantId} direction="inline" gap="base" alignItems="center">
              <s-product-thumbnail src={item.imageUrl ?? undefined} alt={item.title} />
              <s-stack gap="none" inlineSize="100%">
                <s-text>{item.title}</s-text>
                {showPrices ? (
                  <s-text color="subdued">
                    {shopify.i18n.formatCurrency(toAmount(item.discountedPrice), { currency: answer.currency })}
                  </s-text>
                ) : null}
                {state === "failed" ? <s-text tone="critical">{shopify.i18n.translate("addFailed")}</s-text> : null}
              </s-stack>
              <s-button
                variant="secondary"
                loading={state === "adding"}
                disabled={state === "added" || state === "adding"}
                accessibilityLabel={`${shopify.i18n.translate("add")} ${item.title}`}
                onClick={() => void add(item)}
              >
                {shopify.i18n.translate(state === "added" ? "added" : "add")}
              </s-button>
            </s-stack>
          );
        })}
        <s-stack direction="inline" justifyContent="end">
          <s-link onClick={decline}>{shopify.i18n.translate("noThanks")}</s-link>
        </s-stack>
      </s-stack>
    </s-section>
  );
}
