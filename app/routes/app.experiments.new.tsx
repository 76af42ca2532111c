// New experiment: an offer, 2–4 variants (copy, items, item count), the split, the primary metric
// and guardrails; before the start, the sample size the sequential test needs for the effect the
// merchant cares about and how long that takes at this offer's traffic.
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
import { count, decimal, percent } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { ProductPicker, type PickedProduct } from "../components/ProductPicker";
import { RouteError } from "../components/RouteError";
import { planFor, type Guardrail, type OfferBaseline, type PrimaryMetric } from "../domain/experiments";
import { experimentInputSchema } from "../lib/forms/experiment";
import { GUARDRAIL_LABELS, METRIC_LABELS } from "../lib/forms/experiment-labels";
import { fieldErrors, readInput } from "../lib/forms/input";
import { formatMoney } from "../lib/money";
import { experimentableOffers, offerBaseline, startExperiment } from "../services/admin/experiments.server";
import { rulesChanged } from "../services/discounts/index.server";
import { shopMoneyFormat } from "../services/admin/settings.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const offers = await experimentableOffers(session.shop);
  const asked = url.searchParams.get("offer");
  const offerId = offers.some((o) => o.id === asked) ? asked! : (offers[0]?.id ?? null);
  const [baseline, moneyFormat] = await Promise.all([
    offerId ? offerBaseline(session.shop, offerId) : null,
    shopMoneyFormat(session.shop),
  ]);
  return { offers, baseline, moneyFormat };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = experimentInputSchema.safeParse(await readInput(request, ["guardrails"]));
  if (!parsed.success) return Response.json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const result = await startExperiment(session.shop, parsed.data);
  if (!result.ok) return Response.json({ errors: result.errors }, { status: 400 });
  // variants with their own discount: the checkout's discount function gets the arms
  if (parsed.data.variants.some((v) => v.discount !== "same")) await rulesChanged(session.shop, admin);
  return redirect(`/app/experiments/${result.id}?started=1`);
};

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
}

const VARIANT_NAMES = ["Control", "Variant B", "Variant C", "Variant D"];
const blankVariant = (i: number, weight: number): VariantState => ({
  name: VARIANT_NAMES[i],
  weight: String(weight),
  headline: "",
  body: "",
  items: "same",
  products: [],
  maxSuggestions: "",
  discount: "same",
  discountValue: "",
});
const evenSplit = (n: number) => Array.from({ length: n }, (_, i) => Math.floor(100 / n) + (i < 100 % n ? 1 : 0));

export default function NewExperiment() {
  const { offers, baseline: initialBaseline, moneyFormat } = useLoaderData<typeof loader>();
  const errors = useActionData<{ errors?: Record<string, string> }>()?.errors;
  const submit = useSubmit();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  const baselineFetcher = useFetcher<typeof loader>();

  const [name, setName] = useState("");
  const [offerId, setOfferId] = useState(offers[0]?.id ?? "");
  const [metric, setMetric] = useState<PrimaryMetric>("acceptance_rate");
  const [mde, setMde] = useState("10");
  const [guardrails, setGuardrails] = useState<Guardrail[]>(["refund_rate", "aov"]);
  const [variants, setVariants] = useState<VariantState[]>([blankVariant(0, 50), blankVariant(1, 50)]);

  const baseline: OfferBaseline | null =
    (baselineFetcher.data?.baseline as OfferBaseline | undefined) ?? (initialBaseline as OfferBaseline | null);
  const offer = offers.find((o) => o.id === offerId);
  const weights = variants.map((v) => Number(v.weight) || 0);
  const total = weights.reduce((s, w) => s + w, 0);
  const plan = useMemo(
    () => (baseline && baseline.offerId === offerId ? planFor(baseline, metric, Number(mde), weights) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [baseline, offerId, metric, mde, weights.join(",")],
  );

  useEffect(() => {
    if (offerId && (!baseline || baseline.offerId !== offerId) && baselineFetcher.state === "idle")
      baselineFetcher.load(`/app/experiments/new?offer=${encodeURIComponent(offerId)}`);
  }, [offerId, baseline, baselineFetcher]);

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
        offerId,
        metric,
        guardrails,
        minimumDetectableEffect: mde,
        variants: variants.map((v) => ({
          name: v.name,
          weight: v.weight,
          headline: v.headline,
          body: v.body,
          items: v.items,
          productIds: v.products.map((p) => p.id),
          maxSuggestions: v.maxSuggestions,
          discount: v.discount,
          discountValue: v.discountValue,
        })),
      },
      { method: "post", encType: "application/json" },
    );

  const money = (cents: number) => formatMoney(Math.round(cents), moneyFormat);
  const fmtMetric = (x: number) => (metric === "acceptance_rate" ? percent(x) : money(x));
  const unit = metric === "aov" ? "orders" : "visitors";

  if (offers.length === 0) {
    return (
      <Page title="New experiment" backAction={{ content: "Experiments", url: "/app/experiments" }}>
        <Banner
          tone="info"
          title="No offer to test yet"
          action={{ content: "Create an offer", url: "/app/offers/new" }}
        >
          <p>
            An experiment tests variants of one of your live or paused offers. Every offer already has an experiment
            running, or there is none yet.
          </p>
        </Banner>
      </Page>
    );
  }

  return (
    <Page
      title="New experiment"
      backAction={{ content: "Experiments", url: "/app/experiments" }}
      primaryAction={{ content: "Start experiment", onAction: start, loading: saving }}
    >
      <PageLoading />
      <BlockStack gap="400">
        {errors ? (
          <Banner tone="critical" title="The experiment was not started">
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
                    label="Experiment name"
                    value={name}
                    onChange={setName}
                    autoComplete="off"
                    placeholder="e.g. Shorter headline on the camping kit"
                    error={errors?.name}
                  />
                  <Select
                    label="Offer to test"
                    options={offers.map((o) => ({
                      label: `${o.name}${o.status === "paused" ? " (paused)" : ""}`,
                      value: o.id,
                    }))}
                    value={offerId}
                    onChange={setOfferId}
                    error={errors?.offerId}
                    helpText={
                      offer
                        ? `Shown on: ${offer.placements.join(", ")}. The control shows it as it is${offer.headline ? `: “${offer.headline}”` : ""}.`
                        : undefined
                    }
                  />
                  <FormLayout.Group>
                    <Select
                      label="Primary metric"
                      options={(Object.keys(METRIC_LABELS) as PrimaryMetric[]).map((m) => ({
                        label: METRIC_LABELS[m],
                        value: m,
                      }))}
                      value={metric}
                      onChange={(v) => setMetric(v as PrimaryMetric)}
                      helpText="What decides the winner."
                    />
                    <TextField
                      label="Smallest lift worth detecting"
                      type="number"
                      suffix="%"
                      min={1}
                      max={100}
                      value={mde}
                      onChange={setMde}
                      autoComplete="off"
                      error={errors?.minimumDetectableEffect}
                      helpText="Relative to the control. Smaller lifts need more visitors."
                    />
                  </FormLayout.Group>
                  <BlockStack gap="100">
                    <Text as="p" variant="bodyMd">
                      Guardrails (a variant that breaks one cannot win)
                    </Text>
                    {(Object.keys(GUARDRAIL_LABELS) as Guardrail[]).map((g) => (
                      <Checkbox
                        key={g}
                        label={GUARDRAIL_LABELS[g]}
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
                        {i === 0 ? "Control: the offer as it is" : `Variant ${String.fromCharCode(65 + i)}`}
                      </Text>
                      {i >= 2 ? (
                        <Button
                          variant="plain"
                          tone="critical"
                          onClick={() => setVariants((vs) => resplit(vs.filter((_, j) => j !== i)))}
                          accessibilityLabel={`Remove ${v.name}`}
                        >
                          Remove
                        </Button>
                      ) : null}
                    </InlineStack>
                    <FormLayout>
                      <FormLayout.Group>
                        <TextField
                          label="Variant name"
                          value={v.name}
                          onChange={(x) => setVariant(i, { name: x })}
                          autoComplete="off"
                        />
                        <TextField
                          label="Share of visitors"
                          type="number"
                          suffix="%"
                          min={5}
                          max={95}
                          value={v.weight}
                          onChange={(x) => setVariant(i, { weight: x })}
                          autoComplete="off"
                        />
                      </FormLayout.Group>
                      {i > 0 ? (
                        <>
                          <TextField
                            label="Headline"
                            value={v.headline}
                            onChange={(x) => setVariant(i, { headline: x })}
                            autoComplete="off"
                            placeholder={offer?.headline || "Same as the offer"}
                            helpText="Leave empty to keep the offer's. {product} becomes the product's title."
                          />
                          <TextField
                            label="Text"
                            value={v.body}
                            onChange={(x) => setVariant(i, { body: x })}
                            autoComplete="off"
                            multiline={2}
                            placeholder={offer?.body || "Same as the offer"}
                          />
                          <FormLayout.Group>
                            <Select
                              label="Items"
                              options={[
                                {
                                  label: `Same as the offer (${offer?.offerSource === "manual" ? "hand-picked" : "mined automatically"})`,
                                  value: "same",
                                },
                                { label: "Mined automatically", value: "recommended" },
                                { label: "Hand-picked", value: "manual" },
                              ]}
                              value={v.items}
                              onChange={(x) => setVariant(i, { items: x as ItemsChoice })}
                            />
                            <Select
                              label="Number of items"
                              options={[
                                {
                                  label: `Same as the offer${offer?.maxSuggestions ? ` (${offer.maxSuggestions})` : ""}`,
                                  value: "",
                                },
                                ...[1, 2, 3, 4].map((n) => ({ label: String(n), value: String(n) })),
                              ]}
                              value={v.maxSuggestions}
                              onChange={(x) => setVariant(i, { maxSuggestions: x })}
                            />
                          </FormLayout.Group>
                          <FormLayout.Group>
                            <Select
                              label="Discount at checkout"
                              helpText="Granted by the checkout's discount function to the shoppers of this variant only"
                              options={[
                                { label: "Same as the offer", value: "same" },
                                { label: "No discount", value: "none" },
                                { label: "Percentage off", value: "percent" },
                                { label: "Fixed amount off each item", value: "fixed" },
                              ]}
                              value={v.discount}
                              onChange={(x) => setVariant(i, { discount: x as VariantState["discount"] })}
                            />
                            {v.discount === "percent" || v.discount === "fixed" ? (
                              <TextField
                                label={v.discount === "percent" ? "Percent off" : "Amount off each item"}
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
                              label="Products this variant offers"
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
                  onClick={() => setVariants((vs) => resplit([...vs, blankVariant(vs.length, 0)]))}
                  disabled={variants.length >= 4}
                >
                  Add variant
                </Button>
                <Button variant="plain" onClick={() => setVariants((vs) => resplit(vs))}>
                  Split evenly
                </Button>
                <Text as="span" tone={total === 100 ? "subdued" : "critical"}>
                  Split: {weights.join(" / ")} % {total === 100 ? "" : `(adds up to ${total} %, needs 100 %)`}
                </Text>
              </InlineStack>
              {errors?.variants ? <InlineError message={errors.variants} fieldID="variants" /> : null}
            </BlockStack>
          </Layout.Section>

          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Before you start
                </Text>
                {baselineFetcher.state === "loading" ? (
                  <Text as="p" tone="subdued">
                    Reading the offer's traffic…
                  </Text>
                ) : !baseline || baseline.offerId !== offerId ? null : plan ? (
                  <BlockStack gap="200">
                    <Box>
                      <Text as="p" variant="headingLg">
                        {count(plan.perVariant)} {unit} per variant
                      </Text>
                      <Text as="p" tone="subdued">
                        to detect a {mde} % lift ({fmtMetric(plan.baselineMean)} →{" "}
                        {fmtMetric(plan.baselineMean * (1 + Number(mde) / 100))}) with 80 % power, checking as often as
                        you like.
                      </Text>
                    </Box>
                    <Box>
                      <Text as="p" variant="headingLg">
                        {plan.duration
                          ? plan.duration.days > 365
                            ? "More than a year"
                            : `About ${plan.duration.days} day${plan.duration.days === 1 ? "" : "s"}`
                          : "Unknown duration"}
                      </Text>
                      <Text as="p" tone="subdued">
                        {plan.duration
                          ? `at ${decimal(plan.unitsPerDay, plan.unitsPerDay < 10 ? 1 : 0)} ${unit} a day (the last ${baseline.days} days of this offer). ${
                              plan.duration.days > 365
                                ? "Test a bolder change (a larger lift needs fewer visitors) or a busier offer."
                                : `Run at least ${plan.duration.weeks} full week${plan.duration.weeks === 1 ? "" : "s"} so every weekday is in.`
                            }`
                          : "This offer had no traffic in the last weeks."}
                      </Text>
                    </Box>
                    <Text as="p" tone="subdued" variant="bodySm">
                      Baseline: {METRIC_LABELS[metric].toLowerCase()} {fmtMetric(plan.baselineMean)} over{" "}
                      {count(baseline[metric].units)} {unit}. A test read only once at the end would need{" "}
                      {count(plan.fixedHorizonPerVariant)} per variant, but could not be looked at before; this one can,
                      every day, without claiming a winner too early.
                      {variants.length > 2
                        ? ` With ${variants.length - 1} comparisons against the control, each uses a significance level of ${(plan.alphaPerComparison * 100).toFixed(1)} %.`
                        : ""}
                    </Text>
                  </BlockStack>
                ) : (
                  <Banner tone="warning">
                    <p>
                      Not enough data to plan: this offer had {count(baseline[metric].units)} {unit}
                      {baseline[metric].mean > 0 ? "" : " and no conversions"} in the last {baseline.days} days. You can
                      still start; the verdict will say when there is a result.
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
