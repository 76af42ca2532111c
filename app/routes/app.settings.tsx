// Settings: the merchant's business rules that offer selection applies on top of relevance.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Card, FormLayout, Layout, Page, RangeSlider, Text, TextField } from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { ProductPicker, type PickedProduct } from "../components/ProductPicker";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { UnsavedChangesBar } from "../components/UnsavedChangesBar";
import { useLiveErrors } from "../components/useLiveErrors";
import { useToast } from "../components/useToast";
import { ValuePicker } from "../components/ValuePicker";
import { centsToInput, fieldErrors, readInput } from "../lib/forms/input";
import { MAX_POST_PURCHASE_LIMIT } from "../domain/offers/post-purchase";
import { MAX_SUGGESTIONS_LIMIT } from "../lib/forms/offer";
import { SETTINGS_LIST_KEYS, settingsInputSchema } from "../lib/forms/settings";
import { FREQUENCY_CAP } from "../domain/settings";
import { formatMoney } from "../lib/money";
import { catalogFacets, productSummaries } from "../services/admin/offers.server";
import { getSettings, saveSettings } from "../services/admin/settings.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const settings = await getSettings(session.shop);
  const [facets, excluded] = await Promise.all([
    catalogFacets(session.shop),
    productSummaries(session.shop, settings.excludedProductIds),
  ]);
  return { settings, tags: facets.tags, excluded: excluded.map((p) => ({ id: p.id, title: p.title })) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = settingsInputSchema.safeParse(await readInput(request, SETTINGS_LIST_KEYS));
  if (!parsed.success) return Response.json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  await saveSettings(session.shop, parsed.data);
  return Response.json({ ok: true, message: "Settings saved" });
};

interface FormState {
  relevanceThreshold: string;
  maxSuggestions: number;
  lowStockThreshold: string;
  marginPreference: number;
  frequencyCapPerDay: string;
  holdoutPercent: number;
  excludedProducts: PickedProduct[];
  excludedTags: string[];
  freeShippingThreshold: string;
  highReturnPercent: string;
  postPurchaseLimit: string;
}

export default function Settings() {
  const { settings, tags, excluded } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ ok?: boolean; message?: string; errors?: Record<string, string> }>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const { show, toastMarkup } = useToast();
  const initial = useCallback(
    (): FormState => ({
      relevanceThreshold: String(settings.relevanceThreshold),
      maxSuggestions: settings.maxSuggestions,
      lowStockThreshold: String(settings.lowStockThreshold),
      marginPreference: settings.marginPreference,
      frequencyCapPerDay: String(settings.frequencyCapPerDay),
      holdoutPercent: settings.holdoutPercent,
      excludedProducts: excluded,
      excludedTags: settings.excludedTags,
      freeShippingThreshold: centsToInput(settings.freeShippingThreshold),
      highReturnPercent: String(Math.round(settings.highReturnRate * 1000) / 10),
      postPurchaseLimit: String(settings.postPurchaseLimit),
    }),
    [settings, excluded],
  );
  const [state, setState] = useState<FormState>(initial);
  const [baseline, setBaseline] = useState<FormState>(initial);
  // Reset the form only when the stored settings change (a successful save), not on every
  // revalidation: a failed save must not wipe what the merchant is typing.
  const serverKey = JSON.stringify({ settings, excluded });
  useEffect(() => {
    setState(initial());
    setBaseline(initial());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverKey]);
  useEffect(() => {
    if (actionData?.message) show(actionData.message);
    else if (actionData?.errors) show("Fix the highlighted fields", { error: true });
  }, [actionData, show]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setState((s) => ({ ...s, [key]: value }));
  const dirty = JSON.stringify(state) !== JSON.stringify(baseline);
  const saving = navigation.state === "submitting";
  const errors = useLiveErrors(actionData?.errors, {
    relevanceThreshold: state.relevanceThreshold,
    maxSuggestions: state.maxSuggestions,
    lowStockThreshold: state.lowStockThreshold,
    marginPreference: state.marginPreference,
    frequencyCapPerDay: state.frequencyCapPerDay,
    holdoutPercent: state.holdoutPercent,
    excludedProductIds: state.excludedProducts,
    excludedTags: state.excludedTags,
    freeShippingThreshold: state.freeShippingThreshold,
    highReturnRate: state.highReturnPercent,
  });
  const save = () =>
    submit(
      {
        relevanceThreshold: state.relevanceThreshold,
        maxSuggestions: state.maxSuggestions,
        lowStockThreshold: state.lowStockThreshold,
        marginPreference: state.marginPreference,
        frequencyCapPerDay: state.frequencyCapPerDay,
        holdoutPercent: state.holdoutPercent,
        excludedProductIds: state.excludedProducts.map((p) => p.id),
        excludedTags: state.excludedTags,
        freeShippingThreshold: state.freeShippingThreshold,
        highReturnRate: state.highReturnPercent === "" ? "" : String(Number(state.highReturnPercent) / 100),
        postPurchaseLimit: state.postPurchaseLimit,
      },
      { method: "post", encType: "application/json" },
    );

  return (
    <Page title="Settings" primaryAction={{ content: "Save", onAction: save, loading: saving, disabled: !dirty }}>
      <PageLoading />
      <UnsavedChangesBar
        id="settings-save-bar"
        dirty={dirty}
        saving={saving}
        onSave={save}
        onDiscard={() => setState(baseline)}
      />
      <BlockStack gap="400">
        {Object.keys(errors).length > 0 ? (
          <Banner tone="critical" title="Settings were not saved">
            <p>Fix the highlighted fields and save again.</p>
          </Banner>
        ) : null}
        <Layout>
          <Layout.AnnotatedSection
            title="Relevance"
            description="Better no offer than a bad one. Suggestions scoring below the threshold are never shown."
          >
            <Card>
              <FormLayout>
                <TextField
                  label="Relevance threshold"
                  type="number"
                  min={0}
                  max={1}
                  step={0.01}
                  value={state.relevanceThreshold}
                  onChange={(v) => set("relevanceThreshold", v)}
                  autoComplete="off"
                  error={errors.relevanceThreshold}
                  helpText="Blended relevance score from 0 to 1. 0.15 is a good start; raise it if offers look unrelated."
                />
                <RangeSlider
                  label="Maximum suggestions per slot"
                  min={1}
                  max={MAX_SUGGESTIONS_LIMIT}
                  value={state.maxSuggestions}
                  onChange={(v) => set("maxSuggestions", v as number)}
                  output
                  suffix={<SliderValue>{state.maxSuggestions}</SliderValue>}
                  error={errors.maxSuggestions}
                  helpText="Shoppers see 3–4 suggestions at most."
                />
                <RangeSlider
                  label="Margin preference"
                  min={0}
                  max={1}
                  step={0.1}
                  value={state.marginPreference}
                  onChange={(v) => set("marginPreference", v as number)}
                  output
                  suffix={<SliderValue>{state.marginPreference.toFixed(1)}</SliderValue>}
                  error={errors.marginPreference}
                  helpText="0 ignores margin; 1 lets the higher-margin product win every close tie."
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection title="Stock and exclusions" description="Products never offered.">
            <Card>
              <FormLayout>
                <TextField
                  label="Low-stock threshold"
                  type="number"
                  min={0}
                  value={state.lowStockThreshold}
                  onChange={(v) => set("lowStockThreshold", v)}
                  autoComplete="off"
                  error={errors.lowStockThreshold}
                  helpText="Variants with fewer units in stock than this are not offered."
                />
                <ProductPicker
                  label="Excluded products"
                  selected={state.excludedProducts}
                  onChange={(p) => set("excludedProducts", p)}
                  error={errors.excludedProductIds}
                  max={500}
                />
                <ValuePicker
                  label="Excluded tags"
                  options={tags}
                  selected={state.excludedTags}
                  onChange={(v) => set("excludedTags", v)}
                  error={errors.excludedTags}
                  placeholder="e.g. gift-card"
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            title="Shoppers"
            description="How often a shopper is contacted, and who is left out."
          >
            <Card>
              <FormLayout>
                <TextField
                  label="Frequency cap for your offers"
                  type="number"
                  min={FREQUENCY_CAP.min}
                  max={FREQUENCY_CAP.max}
                  value={state.frequencyCapPerDay}
                  onChange={(v) => set("frequencyCapPerDay", v)}
                  autoComplete="off"
                  suffix="times a day"
                  error={errors.frequencyCapPerDay}
                  helpText={
                    state.frequencyCapPerDay.trim() === "0"
                      ? "No cap: your offers show on every visit. Automatic suggestions are never capped."
                      : `A shopper sees the same product from the same offer at most ${state.frequencyCapPerDay || "this many"} times a day, in any placement; 0 = no cap. The automatic "Frequently bought together" and "You may also like" suggestions are part of your product pages and are never capped.`
                  }
                />
                <TextField
                  label="High return rate"
                  type="number"
                  min={0}
                  max={100}
                  step={1}
                  value={state.highReturnPercent}
                  onChange={(v) => set("highReturnPercent", v)}
                  autoComplete="off"
                  suffix="% of purchased items refunded"
                  error={errors.highReturnRate}
                  helpText="Customers above this are not shown offers that exclude high-return customers."
                />
                <TextField
                  label="Free-shipping threshold"
                  type="number"
                  min={0}
                  step={0.01}
                  value={state.freeShippingThreshold}
                  onChange={(v) => set("freeShippingThreshold", v)}
                  autoComplete="off"
                  error={errors.freeShippingThreshold}
                  helpText={
                    state.freeShippingThreshold
                      ? `The cart shows progress towards ${formatMoney(Math.round(Number(state.freeShippingThreshold) * 100), settings.moneyFormat)}.`
                      : "Leave empty if you do not offer free shipping."
                  }
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            title="Post-purchase offers"
            description="A one-click offer between payment and the thank-you page, added to the order the customer just paid for."
          >
            <Card>
              <BlockStack gap="300">
                <TextField
                  label="Offers per order"
                  type="number"
                  min={0}
                  max={MAX_POST_PURCHASE_LIMIT}
                  value={state.postPurchaseLimit}
                  onChange={(v) => set("postPurchaseLimit", v)}
                  autoComplete="off"
                  error={errors.postPurchaseLimit}
                  helpText={
                    state.postPurchaseLimit === "0"
                      ? "No post-purchase page: customers go straight to the thank-you page."
                      : "Shown one after another; each accepted or declined offer leads to the next. Offers placed on “Post-purchase” choose what is shown."
                  }
                />
                <Text as="p" variant="bodySm" tone="subdued">
                  What Shopify decides: post-purchase pages are a beta that a live store must request from Shopify
                  before they show; Shopify skips the page for payment methods it cannot charge again without the
                  customer (many wallets, manual and deferred payments), so those customers see the thank-you page
                  directly; and only one app’s post-purchase page runs per shop (Settings → Checkout in Shopify admin).
                  Offer discounts are applied by Shopify with the added line.
                </Text>
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            title="Measurement"
            description="A holdout group sees no offers, so the lift offers bring can be measured honestly."
          >
            <Card>
              <BlockStack gap="200">
                <RangeSlider
                  label="Holdout"
                  min={0}
                  max={50}
                  value={state.holdoutPercent}
                  onChange={(v) => set("holdoutPercent", v as number)}
                  output
                  suffix={<SliderValue>{`${state.holdoutPercent}%`}</SliderValue>}
                  error={errors.holdoutPercent}
                  helpText={
                    state.holdoutPercent === 0
                      ? "Without a holdout, AOV lift cannot be measured."
                      : `${state.holdoutPercent}% of visitors see no offer.`
                  }
                />
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
      </BlockStack>
      {toastMarkup}
    </Page>
  );
}

/** A slider's current value beside it, always visible (Polaris shows `output` only while dragging). */
function SliderValue({ children }: { children: string | number }) {
  return (
    <div style={{ minWidth: "3ch", textAlign: "right" }}>
      <Text as="span" numeric>
        {children}
      </Text>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError title="settings" />;
}
