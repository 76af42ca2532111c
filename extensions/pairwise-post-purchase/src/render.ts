// The post-purchase page: one offer at a time (image, product, price with the discount, quantity,
// the total the customer will be charged, accept / decline). Accepting signs the changeset with the
// app and applies it; declining records the decline; either way the next offer follows, up to the
// merchant's limit, then the customer goes on to the thank-you page (done()).
import {
  BlockStack,
  Button,
  CalloutBanner,
  Heading,
  Image,
  Layout,
  Select,
  Separator,
  Text,
  TextBlock,
  TextContainer,
  type ExtensionPoints,
  type PostPurchaseRenderApi,
} from "@shopify/post-purchase-ui-extensions";
import { sendEvent, signChangeset, type OfferView, type OffersAnswer } from "./api";

type Root = Parameters<ExtensionPoints["Checkout::PostPurchase::Render"]>[0];

export function money(cents: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale || "en", { style: "currency", currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

export function savingLabel(offer: OfferView, currency: string, locale: string): string {
  if (!offer.discount || offer.discountedPrice >= offer.price) return "";
  return offer.discount.valueType === "percentage"
    ? `Save ${offer.discount.value}%`
    : `Save ${money(offer.price - offer.discountedPrice, currency, locale)}`;
}

interface State {
  index: number;
  quantity: number;
  busy: "accept" | "decline" | null;
  error: string;
  /** what the customer will be charged, from Shopify's calculateChangeset */
  total: string;
}

export function renderOffers(root: Root, api: PostPurchaseRenderApi): void {
  const answer = api.storage.initialData as OffersAnswer | null;
  const offers = answer?.offers ?? [];
  const token = api.inputData.token;
  const referenceId = api.inputData.initialPurchase.referenceId;
  const locale = api.inputData.locale;
  const currency = answer?.currency ?? "USD";
  const state: State = { index: 0, quantity: 1, busy: null, error: "", total: "" };
  const current = () => offers[state.index];

  const next = async () => {
    state.index++;
    state.quantity = 1;
    state.busy = null;
    state.error = "";
    state.total = "";
    if (state.index >= offers.length) {
      await api.done();
      return;
    }
    show();
  };

  const change = (offer: OfferView) => ({
    changes: [
      {
        type: "add_variant" as const,
        variantId: Number(offer.variantId),
        quantity: state.quantity,
        ...(offer.discount ? { discount: offer.discount } : {}),
      },
    ],
  });

  const calculate = async () => {
    const offer = current();
    if (!offer) return;
    const asked = state.quantity;
    try {
      const result = await api.calculateChangeset(change(offer));
      if (offer !== current() || asked !== state.quantity) return;
      const outstanding = result.calculatedPurchase?.totalOutstandingSet.presentmentMoney;
      state.total = outstanding
        ? money(Math.round(Number(outstanding.amount) * 100), outstanding.currencyCode, locale)
        : "";
    } catch {
      state.total = "";
    }
    draw();
  };

  const accept = async () => {
    const offer = current();
    if (!offer || state.busy) return;
    state.busy = "accept";
    state.error = "";
    draw();
    const signed = await signChangeset(token, referenceId, offer, state.quantity);
    if (!signed) {
      state.busy = null;
      state.error = "This offer is no longer available.";
      draw();
      return;
    }
    const result = await api.applyChangeset(signed.token);
    if (result.status === "unprocessed") {
      state.busy = null;
      state.error = result.errors[0]?.message || "Your payment could not be processed.";
      draw();
      return;
    }
    await sendEvent(token, referenceId, offer, "accept");
    await next();
  };

  const decline = async () => {
    const offer = current();
    if (!offer || state.busy) return;
    state.busy = "decline";
    draw();
    await sendEvent(token, referenceId, offer, "decline");
    await next();
  };

  const draw = () => {
    const offer = current();
    for (const child of [...root.children]) root.removeChild(child);
    if (!offer) return;
    const price = money(offer.discountedPrice * state.quantity, currency, locale);
    const saving = savingLabel(offer, currency, locale);
    const details = root.createComponent(BlockStack, { spacing: "tight" }, [
      root.createComponent(Heading, { level: 1 }, offer.productTitle),
      ...(offer.variantTitle ? [root.createComponent(TextBlock, { subdued: true }, offer.variantTitle)] : []),
      root.createComponent(TextBlock, {}, [
        root.createComponent(Text, { size: "large", emphasized: true }, money(offer.discountedPrice, currency, locale)),
        ...(offer.discountedPrice < offer.price
          ? [" ", root.createComponent(Text, { role: "deletion", subdued: true }, money(offer.price, currency, locale))]
          : []),
      ]),
      ...(saving ? [root.createComponent(TextBlock, { appearance: "success", emphasized: true }, saving)] : []),
      ...(offer.body ? [root.createComponent(TextBlock, {}, offer.body)] : []),
      root.createComponent(Select, {
        label: "Quantity",
        value: String(state.quantity),
        options: Array.from({ length: Math.max(1, offer.maxQuantity) }, (_, i) => ({
          label: String(i + 1),
          value: String(i + 1),
        })),
        disabled: state.busy !== null,
        onChange: (value: string) => {
          state.quantity = Math.min(Math.max(1, Number(value) || 1), offer.maxQuantity);
          state.total = "";
          draw();
          void calculate();
        },
      }),
      root.createComponent(Separator, {}),
      root.createComponent(
        TextBlock,
        { emphasized: true },
        state.total ? `Total charged now: ${state.total}` : `Price: ${price}`,
      ),
      ...(state.error ? [root.createComponent(TextBlock, { appearance: "critical" }, state.error)] : []),
      root.createComponent(
        Button,
        { submit: true, loading: state.busy === "accept", disabled: state.busy !== null, onPress: () => void accept() },
        `Pay now · ${price}`,
      ),
      root.createComponent(
        Button,
        { subdued: true, disabled: state.busy !== null, onPress: () => void decline() },
        "Decline this offer",
      ),
      ...(offers.length > 1
        ? [
            root.createComponent(
              TextBlock,
              { size: "small", subdued: true },
              `Offer ${state.index + 1} of ${offers.length}`,
            ),
          ]
        : []),
    ]);
    root.appendChild(
      root.createComponent(BlockStack, { spacing: "loose" }, [
        root.createComponent(
          CalloutBanner,
          { title: offer.headline },
          "One click adds it to the order you just paid for.",
        ),
        root.createComponent(
          Layout,
          {
            media: [
              { viewportSize: "small", sizes: [1, 0, 1], maxInlineSize: 0.9 },
              { viewportSize: "medium", sizes: [532, 0.5, 1], maxInlineSize: 420 },
              { viewportSize: "large", sizes: [560, 38, 340] },
            ],
          },
          [
            offer.imageUrl
              ? root.createComponent(Image, { source: offer.imageUrl, description: offer.productTitle })
              : root.createComponent(TextContainer, {}),
            root.createComponent(BlockStack, {}),
            details,
          ],
        ),
      ]),
    );
  };

  const show = () => {
    const offer = current();
    if (!offer) return;
    draw();
    void sendEvent(token, referenceId, offer, "impression");
    void calculate();
  };

  if (offers.length === 0) {
    void api.done();
    return;
  }
  show();
  root.mount();
}
