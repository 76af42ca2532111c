// The offer editor shared by /app/offers/new and /app/offers/:id: every field of an offer, inline
// errors from the server's zod validation, a live preview of the copy, and the save bar.
import { useLiveErrors } from "./useLiveErrors";
import { useFetcher, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  RangeSlider,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { AUDIENCES, fillCopy, MAX_SUGGESTIONS_LIMIT, PLACEMENTS, TRIGGER_TYPES } from "../lib/forms/offer";
import type { FieldErrors } from "../lib/forms/input";
import { formatMoney } from "../lib/money";
import { useFormat } from "./format";
import { ProductPicker, type PickedProduct } from "./ProductPicker";
import { UnsavedChangesBar } from "./UnsavedChangesBar";
import { ValuePicker } from "./ValuePicker";

export interface OfferFormState {
  name: string;
  type: "cross_sell" | "upsell";
  status: "draft" | "active" | "paused";
  triggerType: (typeof TRIGGER_TYPES)[number];
  triggerProducts: PickedProduct[];
  triggerValues: string[];
  cartSubtotalMin: string;
  cartSubtotalMax: string;
  offerSource: "manual" | "recommended";
  offeredProducts: PickedProduct[];
  minLift: string;
  placements: string[];
  discountType: "none" | "percent" | "fixed";
  discountValue: string;
  headline: string;
  body: string;
  audience: (typeof AUDIENCES)[number];
  excludeHighReturn: boolean;
  startsAt: string;
  endsAt: string;
  priority: string;
  maxSuggestions: string;
}

export const EMPTY_OFFER: OfferFormState = {
  name: "",
  type: "cross_sell",
  status: "active",
  triggerType: "products",
  triggerProducts: [],
  triggerValues: [],
  cartSubtotalMin: "",
  cartSubtotalMax: "",
  offerSource: "manual",
  offeredProducts: [],
  minLift: "",
  placements: ["product", "cart"],
  discountType: "none",
  discountValue: "",
  headline: "Goes well with {product}",
  body: "",
  audience: "all",
  excludeHighReturn: true,
  startsAt: "",
  endsAt: "",
  priority: "0",
  maxSuggestions: "",
};

/** The JSON the offer actions validate. */
export function offerPayload(s: OfferFormState) {
  return {
    name: s.name,
    type: s.type,
    status: s.status,
    triggerType: s.triggerType,
    triggerValues: s.triggerType === "products" ? s.triggerProducts.map((p) => p.id) : s.triggerValues,
    cartSubtotalMin: s.cartSubtotalMin,
    cartSubtotalMax: s.cartSubtotalMax,
    offerSource: s.offerSource,
    offeredProductIds: s.offeredProducts.map((p) => p.id),
    minLift: s.minLift,
    placements: s.placements,
    discountType: s.discountType,
    discountValue: s.discountValue,
    headline: s.headline,
    body: s.body,
    audience: s.audience,
    excludeHighReturn: s.excludeHighReturn,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    priority: s.priority,
    maxSuggestions: s.maxSuggestions,
  };
}

export interface OfferFormProps {
  initial: OfferFormState;
  errors?: FieldErrors;
  facets: { productTypes: string[]; tags: string[]; collections: string[]; sampleTitle: string | null };
  moneyFormat: string;
  /** product prices (cents) by id, for the preview */
  prices: Record<string, number | null>;
  /** re-key to reset after a save */
  savedVersion?: string;
  /** set true on the new-offer page: the save bar shows from the start */
  isNew?: boolean;
  /** whether the saved offer's discount is granted at checkout now, and if not why */
  checkout?: { live: boolean; reason: string | null };
}

export function useOfferForm({
  initial,
  savedVersion,
  isNew,
}: Pick<OfferFormProps, "initial" | "savedVersion" | "isNew">) {
  const [state, setState] = useState<OfferFormState>(initial);
  const [baseline, setBaseline] = useState<OfferFormState>(initial);
  useEffect(() => {
    setState(initial);
    setBaseline(initial);
    // Reset only when the saved version changes (a successful save), not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedVersion]);
  // Pausing or activating from the page's actions changes only the status: keep other edits.
  useEffect(() => {
    setState((s) => ({ ...s, status: initial.status }));
    setBaseline((b) => ({ ...b, status: initial.status }));
  }, [initial.status]);
  const dirty = isNew ? true : JSON.stringify(state) !== JSON.stringify(baseline);
  const set = useCallback(
    <K extends keyof OfferFormState>(key: K, value: OfferFormState[K]) => setState((s) => ({ ...s, [key]: value })),
    [],
  );
  return { state, set, dirty, reset: () => setState(baseline) };
}

export function OfferFormFields({
  state,
  set,
  errors: serverErrors,
  facets,
  moneyFormat,
  prices,
  checkout,
  placementActivity = {},
}: {
  /** when each placement last showed an offer in this shop (ISO), the evidence that it is live */
  placementActivity?: Partial<Record<string, string>>;
  state: OfferFormState;
  set: <K extends keyof OfferFormState>(key: K, value: OfferFormState[K]) => void;
  errors?: FieldErrors;
  facets: OfferFormProps["facets"];
  moneyFormat: string;
  checkout?: OfferFormProps["checkout"];
  prices: Record<string, number | null>;
}) {
  // the server reports errors by payload key: an error clears once its field no longer holds the rejected value
  const errors = useLiveErrors(serverErrors, offerPayload(state));
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const currencyPrefix = formatMoney(0, moneyFormat)
    .replace(/[\d.,\s]+/g, "")
    .trim();
  return (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          <Card>
            <FormLayout>
              <TextField
                label={t("offerForm.name")}
                value={state.name}
                onChange={(v) => set("name", v)}
                autoComplete="off"
                error={errors.name}
                helpText={t("offerForm.nameHelp")}
                requiredIndicator
              />
              <ChoiceList
                title={t("offerForm.type")}
                choices={[
                  { label: t("offerType.cross_sell"), value: "cross_sell", helpText: t("offerForm.crossSellHelp") },
                  { label: t("offerType.upsell"), value: "upsell", helpText: t("offerForm.upsellHelp") },
                ]}
                selected={[state.type]}
                onChange={(v) => set("type", v[0] as OfferFormState["type"])}
                error={errors.type}
              />
            </FormLayout>
          </Card>

          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("offerForm.trigger")}
              </Text>
              <Select
                label={t("offerForm.triggerLabel")}
                options={TRIGGER_TYPES.map((tt) => ({ label: t(`trigger.${tt}`), value: tt }))}
                value={state.triggerType}
                onChange={(v) => set("triggerType", v as OfferFormState["triggerType"])}
                error={errors.triggerType}
              />
              {state.triggerType === "products" ? (
                <ProductPicker
                  label={t("offerForm.triggerProducts")}
                  selected={state.triggerProducts}
                  onChange={(p) => set("triggerProducts", p)}
                  error={errors.triggerValues}
                  max={100}
                />
              ) : null}
              {state.triggerType === "collections" ? (
                <ValuePicker
                  label={t("trigger.collections")}
                  options={facets.collections}
                  selected={state.triggerValues}
                  onChange={(v) => set("triggerValues", v)}
                  error={errors.triggerValues}
                  placeholder={t("offerForm.collectionId")}
                />
              ) : null}
              {state.triggerType === "product_type" ? (
                <ValuePicker
                  label={t("offerForm.productTypes")}
                  options={facets.productTypes}
                  selected={state.triggerValues}
                  onChange={(v) => set("triggerValues", v)}
                  error={errors.triggerValues}
                  placeholder={t("offerForm.productTypeExample")}
                />
              ) : null}
              {state.triggerType === "tag" ? (
                <ValuePicker
                  label={t("offerForm.productTags")}
                  options={facets.tags}
                  selected={state.triggerValues}
                  onChange={(v) => set("triggerValues", v)}
                  error={errors.triggerValues}
                  placeholder={t("offerForm.tagExample")}
                />
              ) : null}
              {state.triggerType === "any" ? (
                <Text as="p" tone="subdued">
                  {t("offerForm.anyProduct")}
                </Text>
              ) : null}
              {state.triggerType === "cart_subtotal" ? (
                <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
                  <TextField
                    label={t("offerForm.subtotalFrom")}
                    type="number"
                    min={0}
                    step={0.01}
                    prefix={currencyPrefix}
                    value={state.cartSubtotalMin}
                    onChange={(v) => set("cartSubtotalMin", v)}
                    autoComplete="off"
                    error={errors.cartSubtotalMin}
                  />
                  <TextField
                    label={t("offerForm.subtotalTo")}
                    type="number"
                    min={0}
                    step={0.01}
                    prefix={currencyPrefix}
                    value={state.cartSubtotalMax}
                    onChange={(v) => set("cartSubtotalMax", v)}
                    autoComplete="off"
                    error={errors.cartSubtotalMax}
                  />
                </InlineGrid>
              ) : null}
            </BlockStack>
          </Card>

          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("offerForm.whatToOffer")}
              </Text>
              <ChoiceList
                title={t("offerForm.productsOffered")}
                titleHidden
                choices={[
                  { label: t("offerForm.manual"), value: "manual" },
                  { label: t("offerForm.recommended"), value: "recommended", helpText: t("offerForm.recommendedHelp") },
                ]}
                selected={[state.offerSource]}
                onChange={(v) => set("offerSource", v[0] as OfferFormState["offerSource"])}
              />
              {state.offerSource === "manual" ? (
                <ProductPicker
                  label={t("offerForm.offeredProducts")}
                  selected={state.offeredProducts}
                  onChange={(p) => set("offeredProducts", p)}
                  error={errors.offeredProductIds}
                  max={20}
                />
              ) : (
                <TextField
                  label={t("offerForm.minLift")}
                  type="number"
                  min={0}
                  step={0.1}
                  value={state.minLift}
                  onChange={(v) => set("minLift", v)}
                  autoComplete="off"
                  error={errors.minLift}
                  helpText={t("offerForm.minLiftHelp")}
                />
              )}
            </BlockStack>
          </Card>

          <Card>
            <BlockStack gap="300">
              <ChoiceList
                title={t("offerForm.placements")}
                allowMultiple
                choices={PLACEMENTS.map((p) => ({ label: t(`placement.${p}`), value: p }))}
                selected={state.placements}
                onChange={(v) => set("placements", v)}
                error={errors.placements}
              />
              <BlockStack gap="150">
                {PLACEMENTS.map((p) => {
                  const last = placementActivity[p];
                  return (
                    <Text as="p" variant="bodySm" key={p} tone={last ? undefined : "subdued"}>
                      <strong>{t(`placement.${p}`)}:</strong>{" "}
                      {last
                        ? t("offerForm.placementLive", { at: dateTime(last) })
                        : t("offerForm.placementOff", { how: t(`placementSetup.${p}.how`) })}{" "}
                      {t(`placementSetup.${p}.plans`)}
                    </Text>
                  );
                })}
              </BlockStack>
            </BlockStack>
          </Card>

          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                {t("offerForm.discount")}
              </Text>
              <FormLayout.Group>
                <Select
                  label={t("offerForm.discount")}
                  options={[
                    { label: t("offerForm.noDiscount"), value: "none" },
                    { label: t("offerForm.percentage"), value: "percent" },
                    { label: t("offerForm.fixedAmount"), value: "fixed" },
                  ]}
                  value={state.discountType}
                  onChange={(v) => set("discountType", v as OfferFormState["discountType"])}
                  helpText={
                    state.placements.includes("post_purchase")
                      ? t("offerForm.discountHelpPostPurchase")
                      : t("offerForm.discountHelp")
                  }
                />
                {state.discountType !== "none" ? (
                  <TextField
                    label={state.discountType === "percent" ? t("offerForm.percentOff") : t("offerForm.amountOff")}
                    type="number"
                    min={0}
                    step={state.discountType === "percent" ? 1 : 0.01}
                    suffix={state.discountType === "percent" ? "%" : undefined}
                    prefix={state.discountType === "fixed" ? currencyPrefix : undefined}
                    value={state.discountValue}
                    onChange={(v) => set("discountValue", v)}
                    autoComplete="off"
                    error={errors.discountValue}
                  />
                ) : null}
              </FormLayout.Group>
            </FormLayout>
          </Card>

          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                {t("offerForm.copy")}
              </Text>
              <TextField
                label={t("offerForm.headline")}
                value={state.headline}
                onChange={(v) => set("headline", v)}
                autoComplete="off"
                error={errors.headline}
                helpText={t("offerForm.headlineHelp", { product: "{product}" })}
                maxLength={120}
                showCharacterCount
              />
              <TextField
                label={t("offerForm.text")}
                value={state.body}
                onChange={(v) => set("body", v)}
                autoComplete="off"
                multiline={3}
                error={errors.body}
                maxLength={500}
                showCharacterCount
              />
            </FormLayout>
          </Card>

          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                {t("offerForm.audience")}
              </Text>
              <Select
                label={t("offerForm.whoSeesIt")}
                options={AUDIENCES.map((a) => ({ label: t(`audience.${a}`), value: a }))}
                value={state.audience}
                onChange={(v) => set("audience", v as OfferFormState["audience"])}
                error={errors.audience}
              />
              <Checkbox
                label={t("offerForm.excludeHighReturn")}
                helpText={t("offerForm.excludeHighReturnHelp")}
                checked={state.excludeHighReturn}
                onChange={(v) => set("excludeHighReturn", v)}
              />
            </FormLayout>
          </Card>
        </BlockStack>
      </Layout.Section>

      <Layout.Section variant="oneThird">
        <BlockStack gap="400">
          <Card>
            <FormLayout>
              <Select
                label={t("offerForm.status")}
                options={[
                  { label: t("status.active"), value: "active" },
                  { label: t("status.paused"), value: "paused" },
                  { label: t("status.draft"), value: "draft" },
                ]}
                value={state.status}
                onChange={(v) => set("status", v as OfferFormState["status"])}
              />
              <TextField
                label={t("offerForm.starts")}
                type="date"
                value={state.startsAt}
                onChange={(v) => set("startsAt", v)}
                autoComplete="off"
                error={errors.startsAt}
              />
              <TextField
                label={t("offerForm.ends")}
                type="date"
                value={state.endsAt}
                onChange={(v) => set("endsAt", v)}
                autoComplete="off"
                error={errors.endsAt}
              />
              <TextField
                label={t("offerForm.priority")}
                type="number"
                min={0}
                max={100}
                value={state.priority}
                onChange={(v) => set("priority", v)}
                autoComplete="off"
                error={errors.priority}
                helpText={t("offerForm.priorityHelp")}
              />
              <RangeSlider
                label={t("offerForm.maxSuggestions")}
                min={0}
                max={MAX_SUGGESTIONS_LIMIT}
                value={Number(state.maxSuggestions || 0)}
                onChange={(v) => set("maxSuggestions", v === 0 ? "" : String(v))}
                output
                helpText={
                  state.maxSuggestions
                    ? t("offerForm.atMost", { count: Number(state.maxSuggestions) })
                    : t("offerForm.shopDefault")
                }
                error={errors.maxSuggestions}
              />
            </FormLayout>
          </Card>
          <OfferPreview
            state={state}
            moneyFormat={moneyFormat}
            prices={prices}
            checkout={checkout}
            sampleTitle={facets.sampleTitle}
          />
        </BlockStack>
      </Layout.Section>
    </Layout>
  );
}

function OfferPreview({
  state,
  moneyFormat,
  prices,
  checkout,
  sampleTitle,
}: {
  state: OfferFormState;
  moneyFormat: string;
  prices: Record<string, number | null>;
  checkout?: { live: boolean; reason: string | null };
  sampleTitle: string | null;
}) {
  const { t } = useTranslation();
  const { percent } = useFormat();
  // the first trigger product, else a real product of the catalog ("your product" for an empty one)
  const productName =
    state.triggerType === "products" && state.triggerProducts[0]
      ? state.triggerProducts[0].title
      : (sampleTitle ?? t("offerForm.yourProduct"));
  const limit = Number(state.maxSuggestions) || 3;
  // "Recommended automatically": ask the server what the mined pairs give for the trigger products.
  const recommended = useFetcher<{ products: { id: string; title: string; price: number | null; lift: number }[] }>();
  const { load } = recommended;
  const triggerIds = state.triggerType === "products" ? state.triggerProducts.map((p) => p.id).join(",") : "";
  useEffect(() => {
    if (state.offerSource !== "recommended" || !triggerIds) return;
    const handle = setTimeout(
      () =>
        load(
          `/app/api/recommendations?products=${encodeURIComponent(triggerIds)}&type=${state.type}&minLift=${encodeURIComponent(state.minLift)}&limit=${limit}`,
        ),
      250,
    );
    return () => clearTimeout(handle);
  }, [state.offerSource, triggerIds, state.type, state.minLift, limit, load]);
  const items: PickedProduct[] =
    state.offerSource === "manual"
      ? state.offeredProducts.slice(0, limit)
      : triggerIds
        ? (recommended.data?.products ?? [])
        : [];
  const discountValue = Number(state.discountValue);
  const configuredLabel =
    state.discountType === "percent" && discountValue > 0
      ? t("offerForm.save", { amount: percent(discountValue / 100, Number.isInteger(discountValue) ? 0 : 1) })
      : state.discountType === "fixed" && discountValue > 0
        ? t("offerForm.save", { amount: formatMoney(Math.round(discountValue * 100), moneyFormat) })
        : null;
  // shoppers see the saving only when the checkout grants it
  const discountLabel = checkout?.live ? configuredLabel : null;
  const discounted = (price: number) =>
    state.discountType === "percent" && discountValue > 0
      ? Math.round((price * (100 - Math.min(100, discountValue))) / 100)
      : state.discountType === "fixed" && discountValue > 0
        ? Math.max(0, price - Math.round(discountValue * 100))
        : price;
  const headline = useMemo(() => fillCopy(state.headline || "", productName), [state.headline, productName]);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            {t("offerForm.preview")}
          </Text>
          <Badge>{t("offerForm.previewFor", { product: productName })}</Badge>
        </InlineStack>
        <Box padding="300" borderColor="border" borderWidth="025" borderRadius="200" background="bg-surface-secondary">
          <BlockStack gap="200">
            <Text as="p" variant="headingSm">
              {headline || t("offerForm.noHeadline")}
            </Text>
            {state.body ? <Text as="p">{fillCopy(state.body, productName)}</Text> : null}
            {items.length > 0 ? (
              items.map((p) => {
                const price = p.price ?? prices[p.id];
                return (
                  <InlineStack key={p.id} align="space-between" blockAlign="center" gap="200">
                    <Text as="span">{p.title}</Text>
                    {price != null ? (
                      <Text as="span" fontWeight="semibold">
                        {discountLabel ? (
                          <>
                            <s>{formatMoney(price, moneyFormat)}</s> {formatMoney(discounted(price), moneyFormat)}
                          </>
                        ) : (
                          formatMoney(price, moneyFormat)
                        )}
                      </Text>
                    ) : null}
                  </InlineStack>
                );
              })
            ) : (
              <Text as="p" tone="subdued">
                {state.offerSource === "manual"
                  ? t("offerForm.chooseProducts")
                  : !triggerIds
                    ? t("offerForm.picksPerProduct")
                    : recommended.state !== "idle"
                      ? t("offerForm.lookingUp")
                      : t("offerForm.noMinedPair")}
              </Text>
            )}
            {discountLabel ? <Badge tone="success">{discountLabel}</Badge> : null}
          </BlockStack>
        </Box>
        {configuredLabel ? (
          <InlineStack gap="200" blockAlign="center">
            {checkout?.live ? (
              <Badge tone="success">{t("checkout.live")}</Badge>
            ) : (
              <Badge tone="attention">{t("checkout.notYet")}</Badge>
            )}
            {!checkout?.live ? (
              <Text as="span" tone="subdued" variant="bodySm">
                {t("offerForm.configuredNotLive", {
                  label: configuredLabel,
                  reason: checkout?.reason ?? t("messages.takesEffectOnSave"),
                })}
              </Text>
            ) : null}
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

/** Submits the form as JSON to the current route's action, and shows the save bar. */
export function useOfferSubmit(intent: string) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const save = useCallback(
    (state: OfferFormState) =>
      submit({ intent, ...offerPayload(state) }, { method: "post", encType: "application/json" }),
    [submit, intent],
  );
  return { save, saving };
}

export { UnsavedChangesBar };
