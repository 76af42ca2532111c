// Settings: the merchant's business rules that offer selection applies on top of relevance.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Card, FormLayout, Layout, Page, RangeSlider, Text, TextField } from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../components/format";
import { tFor } from "../i18n/i18n";
import { requestLocale } from "../i18n/locale.server";
import { translateErrors } from "../i18n/messages";
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
  const t = tFor(requestLocale(request));
  const parsed = settingsInputSchema.safeParse(await readInput(request, SETTINGS_LIST_KEYS));
  if (!parsed.success) return Response.json({ errors: translateErrors(t, fieldErrors(parsed.error)) }, { status: 400 });
  await saveSettings(session.shop, parsed.data);
  return Response.json({ ok: true, message: t("settings.saved") });
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
  const { t } = useTranslation();
  const { decimal, percent, money } = useFormat();
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
    else if (actionData?.errors) show(t("offer.toast.fixFields"), { error: true });
  }, [actionData, show, t]);

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
    <Page
      title={t("nav.settings")}
      primaryAction={{ content: t("common.save"), onAction: save, loading: saving, disabled: !dirty }}
    >
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
          <Banner tone="critical" title={t("settings.notSaved")}>
            <p>{t("settings.fixAndSave")}</p>
          </Banner>
        ) : null}
        <Layout>
          <Layout.AnnotatedSection
            title={t("settings.relevance.title")}
            description={t("settings.relevance.description")}
          >
            <Card>
              <FormLayout>
                <TextField
                  label={t("settings.relevance.threshold")}
                  type="number"
                  min={0}
                  max={1}
                  step={0.01}
                  value={state.relevanceThreshold}
                  onChange={(v) => set("relevanceThreshold", v)}
                  autoComplete="off"
                  error={errors.relevanceThreshold}
                  helpText={t("settings.relevance.thresholdHelp", { example: decimal(0.15) })}
                />
                <RangeSlider
                  label={t("settings.relevance.maxSuggestions")}
                  min={1}
                  max={MAX_SUGGESTIONS_LIMIT}
                  value={state.maxSuggestions}
                  onChange={(v) => set("maxSuggestions", v as number)}
                  output
                  suffix={<SliderValue>{state.maxSuggestions}</SliderValue>}
                  error={errors.maxSuggestions}
                  helpText={t("settings.relevance.maxSuggestionsHelp")}
                />
                <RangeSlider
                  label={t("settings.relevance.margin")}
                  min={0}
                  max={1}
                  step={0.1}
                  value={state.marginPreference}
                  onChange={(v) => set("marginPreference", v as number)}
                  output
                  suffix={<SliderValue>{decimal(state.marginPreference, 1)}</SliderValue>}
                  error={errors.marginPreference}
                  helpText={t("settings.relevance.marginHelp")}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection title={t("settings.stock.title")} description={t("settings.stock.description")}>
            <Card>
              <FormLayout>
                <TextField
                  label={t("settings.stock.lowStock")}
                  type="number"
                  min={0}
                  value={state.lowStockThreshold}
                  onChange={(v) => set("lowStockThreshold", v)}
                  autoComplete="off"
                  error={errors.lowStockThreshold}
                  helpText={t("settings.stock.lowStockHelp")}
                />
                <ProductPicker
                  label={t("settings.stock.excludedProducts")}
                  selected={state.excludedProducts}
                  onChange={(p) => set("excludedProducts", p)}
                  error={errors.excludedProductIds}
                  max={500}
                />
                <ValuePicker
                  label={t("settings.stock.excludedTags")}
                  options={tags}
                  selected={state.excludedTags}
                  onChange={(v) => set("excludedTags", v)}
                  error={errors.excludedTags}
                  placeholder={t("settings.stock.tagExample")}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            title={t("settings.shoppers.title")}
            description={t("settings.shoppers.description")}
          >
            <Card>
              <FormLayout>
                <TextField
                  label={t("settings.shoppers.cap")}
                  type="number"
                  min={FREQUENCY_CAP.min}
                  max={FREQUENCY_CAP.max}
                  value={state.frequencyCapPerDay}
                  onChange={(v) => set("frequencyCapPerDay", v)}
                  autoComplete="off"
                  suffix={t("settings.shoppers.timesADay")}
                  error={errors.frequencyCapPerDay}
                  helpText={
                    state.frequencyCapPerDay.trim() === "0"
                      ? t("settings.shoppers.noCap")
                      : t("settings.shoppers.capHelp", {
                          n: state.frequencyCapPerDay || t("settings.shoppers.thisMany"),
                        })
                  }
                />
                <TextField
                  label={t("settings.shoppers.highReturn")}
                  type="number"
                  min={0}
                  max={100}
                  step={1}
                  value={state.highReturnPercent}
                  onChange={(v) => set("highReturnPercent", v)}
                  autoComplete="off"
                  suffix={t("settings.shoppers.highReturnSuffix")}
                  error={errors.highReturnRate}
                  helpText={t("settings.shoppers.highReturnHelp")}
                />
                <TextField
                  label={t("settings.shoppers.freeShipping")}
                  type="number"
                  min={0}
                  step={0.01}
                  value={state.freeShippingThreshold}
                  onChange={(v) => set("freeShippingThreshold", v)}
                  autoComplete="off"
                  error={errors.freeShippingThreshold}
                  helpText={
                    state.freeShippingThreshold
                      ? t("settings.shoppers.freeShippingProgress", {
                          amount: money(Math.round(Number(state.freeShippingThreshold) * 100)),
                        })
                      : t("settings.shoppers.freeShippingEmpty")
                  }
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            title={t("settings.postPurchase.title")}
            description={t("settings.postPurchase.description")}
          >
            <Card>
              <BlockStack gap="300">
                <TextField
                  label={t("settings.postPurchase.perOrder")}
                  type="number"
                  min={0}
                  max={MAX_POST_PURCHASE_LIMIT}
                  value={state.postPurchaseLimit}
                  onChange={(v) => set("postPurchaseLimit", v)}
                  autoComplete="off"
                  error={errors.postPurchaseLimit}
                  helpText={
                    state.postPurchaseLimit === "0" ? t("settings.postPurchase.none") : t("settings.postPurchase.help")
                  }
                />
                <Text as="p" variant="bodySm" tone="subdued">
                  {t("settings.postPurchase.shopify")}
                </Text>
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            title={t("settings.measurement.title")}
            description={t("settings.measurement.description")}
          >
            <Card>
              <BlockStack gap="200">
                <RangeSlider
                  label={t("settings.measurement.holdout")}
                  min={0}
                  max={50}
                  value={state.holdoutPercent}
                  onChange={(v) => set("holdoutPercent", v as number)}
                  output
                  suffix={<SliderValue>{percent(state.holdoutPercent / 100, 0)}</SliderValue>}
                  error={errors.holdoutPercent}
                  helpText={
                    state.holdoutPercent === 0
                      ? t("settings.measurement.noHoldout")
                      : t("settings.measurement.holdoutHelp", { share: percent(state.holdoutPercent / 100, 0) })
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
