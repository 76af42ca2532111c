// New experiment: on one offer (2–4 variants differing in copy, items, item count or discount) or
// on everything one placement shows (variants differing in how many items it shows); the split,
// the primary metric and guardrails; before the start, the sample size the sequential test needs
// for the effect the merchant cares about and how long that takes at this offer's or placement's
// traffic. Every word comes from app/i18n (the "experimentForm" block).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineError,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { ProductPicker, type PickedProduct } from "../components/ProductPicker";
import { RouteError } from "../components/RouteError";
import {
  GUARDRAILS,
  PRIMARY_METRICS,
  planFor,
  type Guardrail,
  type OfferBaseline,
  type PrimaryMetric,
} from "../domain/experiments";
import { tFor } from "../i18n/i18n";
import { requestLocale } from "../i18n/locale.server";
import { translateErrors } from "../i18n/messages";
import { OFFER_LAYOUTS, type OfferLayout } from "../domain/offers/types";
import { experimentInputSchema, LAYOUT_PLACEMENTS, type ExperimentPlacement } from "../lib/forms/experiment";
import { fieldErrors, readInput } from "../lib/forms/input";
import {
  experimentableOffers,
  experimentablePlacements,
  offerBaseline,
  startExperiment,
} from "../services/admin/experiments.server";
import { rulesChanged } from "../services/discounts/index.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const [offers, placements] = await Promise.all([
    experimentableOffers(session.shop),
    experimentablePlacements(session.shop),
  ]);
  // what the plan is read for: ?offer=<id> or ?placement=<name>, else the first offer
  const askedPlacement = placements.find((p) => p.placement === url.searchParams.get("placement"));
  const asked = url.searchParams.get("offer");
  const subject = askedPlacement
    ? `placement:${askedPlacement.placement}`
    : offers.some((o) => o.id === asked)
      ? asked!
      : (offers[0]?.id ?? null);
  const baseline = subject ? await offerBaseline(session.shop, subject) : null;
  return { offers, placements, baseline };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const t = tFor(requestLocale(request));
  const parsed = experimentInputSchema.safeParse(await readInput(request, ["guardrails"]));
  if (!parsed.success) return Response.json({ errors: translateErrors(t, fieldErrors(parsed.error)) }, { status: 400 });
  const result = await startExperiment(session.shop, parsed.data);
  if (!result.ok) return Response.json({ errors: translateErrors(t, result.errors) }, { status: 400 });
  // variants with their own discount: the checkout's discount function gets the arms
  if (parsed.data.variants.some((v) => v.discount !== "same")) await rulesChanged(session.shop, admin);
  return redirect(`/app/experiments/${result.id}?started=1`);
};

type Target = "offer" | "placement";
type ItemsChoice = "same" | "recommended" | "manual";
interface VariantState {
  name: string;
  weight: string;
  headline: string;
  body: string;
  items: ItemsChoice;
  products: PickedProduct[];
  maxSuggestions: string;
  discount: "same" | "none" | "percent" | "fixed";
  discountValue: string;
  layout: "same" | OfferLayout;
}

const blankVariant = (name: string, weight: number): VariantState => ({
  name,
  weight: String(weight),
  headline: "",
  body: "",
  items: "same",
  products: [],
  maxSuggestions: "",
  discount: "same",
  discountValue: "",
  layout: "same",
});
const evenSplit = (n: number) => Array.from({ length: n }, (_, i) => Math.floor(100 / n) + (i < 100 % n ? 1 : 0));
const letter = (i: number) => String.fromCharCode(65 + i);

export default function NewExperiment() {
  const { offers, placements, baseline: initialBaseline } = useLoaderData<typeof loader>();
  const errors = useActionData<{ errors?: Record<string, string> }>()?.errors;
  const { t } = useTranslation();
  const { count, decimal, percent, money } = useFormat();
  const submit = useSubmit();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  const baselineFetcher = useFetcher<typeof loader>();

  const openPlacements = placements.filter((p) => !p.runningExperiment && !p.hidden);
  const [target, setTarget] = useState<Target>(offers.length ? "offer" : "placement");
  const [name, setName] = useState("");
  const [offerId, setOfferId] = useState(offers[0]?.id ?? "");
  const [placement, setPlacement] = useState<ExperimentPlacement>(
    openPlacements[0]?.placement ?? placements[0]?.placement ?? "product",
  );
  const [metric, setMetric] = useState<PrimaryMetric>("acceptance_rate");
  const [mde, setMde] = useState("10");
  const [guardrails, setGuardrails] = useState<Guardrail[]>(["refund_rate", "aov"]);
  const variantName = (i: number) =>
    i === 0 ? t("experimentForm.controlName") : t("experimentForm.variantName", { letter: letter(i) });
  const [variants, setVariants] = useState<VariantState[]>([
    blankVariant(variantName(0), 50),
    blankVariant(variantName(1), 50),
  ]);

  const subject = target === "offer" ? offerId : `placement:${placement}`;
  const baseline: OfferBaseline | null =
    (baselineFetcher.data?.baseline as OfferBaseline | undefined) ?? (initialBaseline as OfferBaseline | null);
  const offer = offers.find((o) => o.id === offerId);
  const place = placements.find((p) => p.placement === placement);
  const placeName = t(`placement.${placement}`);
  /** the widget's placements, where a variant may change the layout */
  const layoutPlacement = (LAYOUT_PLACEMENTS as readonly string[]).includes(placement);
  const layoutOptions = [
    {
      label: place?.layout
        ? t("experimentForm.layoutSameSetting", { layout: t(`variantChange.layoutName.${place.layout}`) })
        : t("experimentForm.layoutSame"),
      value: "same",
    },
    ...OFFER_LAYOUTS.map((l) => ({
      label: t(`experimentForm.layoutOption.${l}`),
      value: l,
      disabled: l === place?.layout,
    })),
  ];
  const weights = variants.map((v) => Number(v.weight) || 0);
  const total = weights.reduce((s, w) => s + w, 0);
  const plan = useMemo(
    () => (baseline && baseline.offerId === subject ? planFor(baseline, metric, Number(mde), weights) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [baseline, subject, metric, mde, weights.join(",")],
  );

  useEffect(() => {
    if (subject && subject !== "" && (!baseline || baseline.offerId !== subject) && baselineFetcher.state === "idle")
      baselineFetcher.load(
        target === "offer"
          ? `/app/experiments/new?offer=${encodeURIComponent(offerId)}`
          : `/app/experiments/new?placement=${encodeURIComponent(placement)}`,
      );
  }, [subject, target, offerId, placement, baseline, baselineFetcher]);

  const setVariant = (i: number, patch: Partial<VariantState>) =>
    setVariants((vs) => vs.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const resplit = (vs: VariantState[]) => {
    const split = evenSplit(vs.length);
    return vs.map((v, i) => ({ ...v, weight: String(split[i]) }));
  };

  const start = () =>
    submit(
      {
        name,
        target,
        ...(target === "offer" ? { offerId } : { placement }),
        metric,
        guardrails,
        minimumDetectableEffect: mde,
        variants: variants.map((v): Record<string, string | string[]> =>
          target === "offer"
            ? {
                name: v.name,
                weight: v.weight,
                headline: v.headline,
                body: v.body,
                items: v.items,
                productIds: v.products.map((p) => p.id),
                maxSuggestions: v.maxSuggestions,
                discount: v.discount,
                discountValue: v.discountValue,
              }
            : // a placement's variants differ in how many items it shows and (product page, cart) its layout
              {
                name: v.name,
                weight: v.weight,
                maxSuggestions: v.maxSuggestions,
                layout: layoutPlacement ? v.layout : "same",
              },
        ),
      },
      { method: "post", encType: "application/json" },
    );

  const fmtMetric = (x: number) => (metric === "acceptance_rate" ? percent(x) : money(Math.round(x)));
  const unit = metric === "aov" ? "orders" : "visitors";
  const units = (n: number) => t(`experimentForm.plan.${unit}`, { count: n, n: count(n) });
  const backAction = { content: t("nav.experiments"), url: "/app/experiments" };

  if (offers.length === 0 && openPlacements.length === 0) {
    return (
      <Page title={t("experiments.new")} backAction={backAction}>
        <Banner
          tone="info"
          title={t("experimentForm.nothing.title")}
          action={{ content: t("experimentForm.nothing.createOffer"), url: "/app/offers/new" }}
        >
          <p>{t("experimentForm.nothing.body")}</p>
        </Banner>
      </Page>
    );
  }

  const countOptions = () =>
    target === "offer"
      ? [
          {
            label: offer?.maxSuggestions
              ? t("experimentForm.sameAsOfferCount", { count: offer.maxSuggestions })
              : t("experimentForm.sameAsOffer"),
            value: "",
          },
          ...[1, 2, 3, 4].map((n) => ({ label: count(n), value: String(n) })),
        ]
      : [
          { label: t("experimentForm.countSame", { n: count(place?.maxSuggestions ?? 0) }), value: "" },
          ...[1, 2, 3, 4].map((n) => ({
            label: n === place?.maxSuggestions ? t("experimentForm.countAsNow", { n: count(n) }) : count(n),
            value: String(n),
            disabled: n === place?.maxSuggestions,
          })),
        ];

  return (
    <Page
      title={t("experiments.new")}
      backAction={backAction}
      primaryAction={{ content: t("experimentForm.start"), onAction: start, loading: saving }}
    >
      <PageLoading />
      <BlockStack gap="400">
        {errors ? (
          <Banner tone="critical" title={t("experimentForm.notStarted")}>
            <BlockStack gap="100">
              {Object.entries(errors).map(([k, m]) => (
                <p key={k}>{m}</p>
              ))}
            </BlockStack>
          </Banner>
        ) : null}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <FormLayout>
                  <TextField
                    label={t("experimentForm.name")}
                    value={name}
                    onChange={setName}
                    autoComplete="off"
                    placeholder={
                      target === "offer"
                        ? t("experimentForm.namePlaceholder")
                        : t("experimentForm.namePlaceholderPlacement")
                    }
                    error={errors?.name}
                  />
                  <ChoiceList
                    title={t("experimentForm.target")}
                    choices={[
                      {
                        label: t("experimentForm.targetOffer"),
                        value: "offer",
                        helpText: t("experimentForm.targetOfferHelp"),
                        disabled: offers.length === 0,
                      },
                      {
                        label: t("experimentForm.targetPlacement"),
                        value: "placement",
                        helpText: t("experimentForm.targetPlacementHelp"),
                        disabled: openPlacements.length === 0,
                      },
                    ]}
                    selected={[target]}
                    onChange={(v) => setTarget(v[0] as Target)}
                  />
                  {target === "offer" ? (
                    <Select
                      label={t("experimentForm.offer")}
                      options={offers.map((o) => ({
                        label: o.status === "paused" ? t("experimentForm.paused", { name: o.name }) : o.name,
                        value: o.id,
                      }))}
                      value={offerId}
                      onChange={setOfferId}
                      error={errors?.offerId}
                      helpText={
                        offer
                          ? `${t("experimentForm.shownOn", {
                              placements: offer.placements
                                .map((p) => t(`placement.${p}`, { defaultValue: p }))
                                .join(", "),
                            })} ${
                              offer.headline
                                ? t("experimentForm.controlShowsHeadline", { headline: offer.headline })
                                : t("experimentForm.controlShows")
                            }`
                          : undefined
                      }
                    />
                  ) : (
                    <Select
                      label={t("experimentForm.placement")}
                      options={placements.map((p) => ({
                        label: p.runningExperiment
                          ? t("experimentForm.placementBusy", {
                              placement: t(`placement.${p.placement}`),
                              name: p.runningExperiment,
                            })
                          : p.hidden
                            ? t("experimentForm.placementOff", { placement: t(`placement.${p.placement}`) })
                            : t(`placement.${p.placement}`),
                        value: p.placement,
                        disabled: !!p.runningExperiment || p.hidden,
                      }))}
                      value={placement}
                      onChange={(v) => setPlacement(v as ExperimentPlacement)}
                      error={errors?.placement}
                      helpText={
                        place
                          ? t("experimentForm.placementHelp", {
                              count: place.maxSuggestions,
                              n: count(place.maxSuggestions),
                            })
                          : undefined
                      }
                    />
                  )}
                  <FormLayout.Group>
                    <Select
                      label={t("experimentForm.metric")}
                      options={PRIMARY_METRICS.map((m) => ({ label: t(`experiments.metric.${m}`), value: m }))}
                      value={metric}
                      onChange={(v) => setMetric(v as PrimaryMetric)}
                      helpText={t("experimentForm.metricHelp")}
                    />
                    <TextField
                      label={t("experimentForm.mde")}
                      type="number"
                      suffix="%"
                      min={1}
                      max={100}
                      value={mde}
                      onChange={setMde}
                      autoComplete="off"
                      error={errors?.minimumDetectableEffect}
                      helpText={t("experimentForm.mdeHelp")}
                    />
                  </FormLayout.Group>
                  <BlockStack gap="100">
                    <Text as="p" variant="bodyMd">
                      {t("experimentForm.guardrails")}
                    </Text>
                    {GUARDRAILS.map((g) => (
                      <Checkbox
                        key={g}
                        label={t(`experiment.guardrail.${g}`)}
                        checked={guardrails.includes(g)}
                        onChange={(on) => setGuardrails((gs) => (on ? [...gs, g] : gs.filter((x) => x !== g)))}
                      />
                    ))}
                  </BlockStack>
                </FormLayout>
              </Card>

              {variants.map((v, i) => (
                <Card key={i}>
                  <BlockStack gap="300">
                    <InlineStack align="space-between" blockAlign="center">
                      <Text as="h2" variant="headingMd">
                        {i > 0
                          ? t("experimentForm.variantTitle", { letter: letter(i) })
                          : target === "offer"
                            ? t("experimentForm.controlOffer")
                            : t("experimentForm.controlPlacement", {
                                placement: placeName,
                                count: place?.maxSuggestions ?? 0,
                                n: count(place?.maxSuggestions ?? 0),
                              })}
                      </Text>
                      {i >= 2 ? (
                        <Button
                          variant="plain"
                          tone="critical"
                          onClick={() => setVariants((vs) => resplit(vs.filter((_, j) => j !== i)))}
                          accessibilityLabel={t("experimentForm.removeVariant", { name: v.name })}
                        >
                          {t("experimentForm.remove")}
                        </Button>
                      ) : null}
                    </InlineStack>
                    <FormLayout>
                      <FormLayout.Group>
                        <TextField
                          label={t("experimentForm.variantNameLabel")}
                          value={v.name}
                          onChange={(x) => setVariant(i, { name: x })}
                          autoComplete="off"
                        />
                        <TextField
                          label={t("experimentForm.share")}
                          type="number"
                          suffix="%"
                          min={5}
                          max={95}
                          value={v.weight}
                          onChange={(x) => setVariant(i, { weight: x })}
                          autoComplete="off"
                        />
                      </FormLayout.Group>
                      {i > 0 && target === "placement" ? (
                        <Select
                          label={t("experimentForm.placementCount", { placement: placeName })}
                          options={countOptions()}
                          value={v.maxSuggestions}
                          onChange={(x) => setVariant(i, { maxSuggestions: x })}
                          helpText={t("experimentForm.placementCountHelp")}
                        />
                      ) : null}
                      {i > 0 && target === "placement" && layoutPlacement ? (
                        <Select
                          label={t("experimentForm.placementLayout", { placement: placeName })}
                          options={layoutOptions}
                          value={v.layout}
                          onChange={(x) => setVariant(i, { layout: x as VariantState["layout"] })}
                          helpText={t("experimentForm.placementLayoutHelp")}
                        />
                      ) : null}
                      {i > 0 && target === "offer" ? (
                        <>
                          <TextField
                            label={t("experimentForm.headline")}
                            value={v.headline}
                            onChange={(x) => setVariant(i, { headline: x })}
                            autoComplete="off"
                            placeholder={offer?.headline || t("experimentForm.sameAsOffer")}
                            helpText={t("experimentForm.headlineHelp")}
                          />
                          <TextField
                            label={t("experimentForm.text")}
                            value={v.body}
                            onChange={(x) => setVariant(i, { body: x })}
                            autoComplete="off"
                            multiline={2}
                            placeholder={offer?.body || t("experimentForm.sameAsOffer")}
                          />
                          <FormLayout.Group>
                            <Select
                              label={t("experimentForm.items")}
                              options={[
                                {
                                  label:
                                    offer?.offerSource === "manual"
                                      ? t("experimentForm.itemsSameManual")
                                      : t("experimentForm.itemsSameMined"),
                                  value: "same",
                                },
                                { label: t("experimentForm.itemsMined"), value: "recommended" },
                                { label: t("experimentForm.itemsManual"), value: "manual" },
                              ]}
                              value={v.items}
                              onChange={(x) => setVariant(i, { items: x as ItemsChoice })}
                            />
                            <Select
                              label={t("experimentForm.count")}
                              options={countOptions()}
                              value={v.maxSuggestions}
                              onChange={(x) => setVariant(i, { maxSuggestions: x })}
                            />
                          </FormLayout.Group>
                          <FormLayout.Group>
                            <Select
                              label={t("experimentForm.discount")}
                              helpText={t("experimentForm.discountHelp")}
                              options={[
                                { label: t("experimentForm.sameAsOffer"), value: "same" },
                                { label: t("experimentForm.discountNone"), value: "none" },
                                { label: t("experimentForm.discountPercent"), value: "percent" },
                                { label: t("experimentForm.discountFixed"), value: "fixed" },
                              ]}
                              value={v.discount}
                              onChange={(x) => setVariant(i, { discount: x as VariantState["discount"] })}
                            />
                            {v.discount === "percent" || v.discount === "fixed" ? (
                              <TextField
                                label={
                                  v.discount === "percent"
                                    ? t("experimentForm.percentOff")
                                    : t("experimentForm.amountOff")
                                }
                                type="number"
                                value={v.discountValue}
                                onChange={(x) => setVariant(i, { discountValue: x })}
                                autoComplete="off"
                                suffix={v.discount === "percent" ? "%" : undefined}
                              />
                            ) : null}
                          </FormLayout.Group>
                          {v.items === "manual" ? (
                            <ProductPicker
                              label={t("experimentForm.products")}
                              selected={v.products}
                              onChange={(p) => setVariant(i, { products: p })}
                              max={10}
                            />
                          ) : null}
                        </>
                      ) : null}
                    </FormLayout>
                  </BlockStack>
                </Card>
              ))}
              <InlineStack gap="200" blockAlign="center">
                <Button
                  onClick={() => setVariants((vs) => resplit([...vs, blankVariant(variantName(vs.length), 0)]))}
                  disabled={variants.length >= 4}
                >
                  {t("experimentForm.addVariant")}
                </Button>
                <Button variant="plain" onClick={() => setVariants((vs) => resplit(vs))}>
                  {t("experimentForm.splitEvenly")}
                </Button>
                <Text as="span" tone={total === 100 ? "subdued" : "critical"}>
                  {total === 100
                    ? t("experimentForm.split", { split: weights.join(" / ") })
                    : t("experimentForm.splitWrong", { split: weights.join(" / "), total })}
                </Text>
              </InlineStack>
              {errors?.variants ? <InlineError message={errors.variants} fieldID="variants" /> : null}
            </BlockStack>
          </Layout.Section>

          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("experimentForm.plan.title")}
                </Text>
                {baselineFetcher.state === "loading" ? (
                  <Text as="p" tone="subdued">
                    {target === "offer"
                      ? t("experimentForm.plan.readingOffer")
                      : t("experimentForm.plan.readingPlacement")}
                  </Text>
                ) : !baseline || baseline.offerId !== subject ? null : plan ? (
                  <BlockStack gap="200">
                    <Box>
                      <Text as="p" variant="headingLg">
                        {t(`experimentForm.plan.perVariant.${unit}`, {
                          count: plan.perVariant,
                          n: count(plan.perVariant),
                        })}
                      </Text>
                      <Text as="p" tone="subdued">
                        {t("experimentForm.plan.toDetect", {
                          mde: percent(Number(mde) / 100, 0),
                          from: fmtMetric(plan.baselineMean),
                          to: fmtMetric(plan.baselineMean * (1 + Number(mde) / 100)),
                          power: percent(0.8, 0),
                        })}
                      </Text>
                    </Box>
                    <Box>
                      <Text as="p" variant="headingLg">
                        {plan.duration
                          ? plan.duration.days > 365
                            ? t("experimentForm.plan.overYear")
                            : t("experimentForm.plan.days", { count: plan.duration.days, n: count(plan.duration.days) })
                          : t("experimentForm.plan.unknownDuration")}
                      </Text>
                      <Text as="p" tone="subdued">
                        {plan.duration
                          ? `${t(`experimentForm.plan.atTraffic.${unit}`, {
                              rate: decimal(plan.unitsPerDay, plan.unitsPerDay < 10 ? 1 : 0),
                              days: count(baseline.days),
                              subject: target === "offer" ? t("experimentForm.plan.thisOffer") : placeName,
                            })} ${
                              plan.duration.days > 365
                                ? target === "offer"
                                  ? t("experimentForm.plan.bolder")
                                  : t("experimentForm.plan.bolderPlacement")
                                : t("experimentForm.plan.weeks", {
                                    count: plan.duration.weeks,
                                    n: count(plan.duration.weeks),
                                  })
                            }`
                          : target === "offer"
                            ? t("experimentForm.plan.noTraffic")
                            : t("experimentForm.plan.noTrafficPlacement")}
                      </Text>
                    </Box>
                    <Text as="p" tone="subdued" variant="bodySm">
                      {t("experimentForm.plan.baseline", {
                        metric: t(`experiment.verdictText.metric.${metric}`),
                        value: fmtMetric(plan.baselineMean),
                        units: units(baseline[metric].units),
                        fixed: count(plan.fixedHorizonPerVariant),
                      })}
                      {variants.length > 2
                        ? ` ${t("experimentForm.plan.comparisons", {
                            count: variants.length - 1,
                            n: count(variants.length - 1),
                            alpha: percent(plan.alphaPerComparison, 1),
                          })}`
                        : ""}
                    </Text>
                  </BlockStack>
                ) : (
                  <Banner tone="warning">
                    <p>
                      {t(
                        baseline[metric].mean > 0
                          ? "experimentForm.plan.notEnough"
                          : "experimentForm.plan.notEnoughNone",
                        {
                          subject: target === "offer" ? t("experimentForm.plan.thisOffer") : placeName,
                          units: units(baseline[metric].units),
                          days: count(baseline.days),
                        },
                      )}
                    </p>
                  </Banner>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError backUrl="/app/experiments" backLabel="experiments" title="experimentForm" />;
}
