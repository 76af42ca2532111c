// One experiment: the verdict (valid whenever it is looked at), the split check, per variant the
// visitors, conversions, the metric with its interval and the lift against the control with its
// always-valid interval, the guardrails, the plan; and the end: promote a variant into the offer,
// or stop with no winner. An ended experiment keeps its record and its final readout.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  ChoiceList,
  DataTable,
  InlineGrid,
  InlineStack,
  List,
  Modal,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useFormat, type Formatter } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { useToast } from "../components/useToast";
import type { PrimaryMetric, Readout } from "../domain/experiments";
import { experimentActionSchema } from "../lib/forms/experiment";
import { readInput } from "../lib/forms/input";
import { tFor } from "../i18n/i18n";
import { requestLocale } from "../i18n/locale.server";
import { translateMessage } from "../i18n/messages";
import { guardrailText, variantChangeText } from "../i18n/server-text";
import { endExperiment, getExperiment } from "../services/admin/experiments.server";
import { rulesChanged } from "../services/discounts/index.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const experiment = await getExperiment(session.shop, params.id ?? "");
  if (!experiment) throw new Response(tFor(requestLocale(request))("messages.noSuchExperiment"), { status: 404 });
  return { experiment };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const t = tFor(requestLocale(request));
  const parsed = experimentActionSchema.safeParse(await readInput(request));
  if (!parsed.success) return Response.json({ error: t("experiment.chooseEnd") }, { status: 400 });
  const result = await endExperiment(session.shop, params.id ?? "", parsed.data);
  if (!result.ok) return Response.json({ error: translateMessage(t, result.error) }, { status: result.status });
  // the promoted items or discount change what the checkout's discount covers; a discount experiment's arms leave its rules
  if (result.discountsChanged) await rulesChanged(session.shop, admin);
  return Response.json({
    ok: true,
    message: result.promoted ? t("experiment.toast.promoted") : t("experiment.toast.ended"),
  });
};

/**
 * The verdict's explanation in the admin's language, from the readout's figures with the locale's
 * numbers and money (the readout carries the domain's English wording of the same verdict as well).
 */
function verdictText(
  readout: Readout,
  e: { metric: PrimaryMetric; minimumDetectableEffect: number },
  t: TFunction,
  f: Formatter,
): string {
  const metric = t(`experiment.verdictText.metric.${e.metric}`);
  const mde = f.percent(e.minimumDetectableEffect);
  const treatments = readout.variants.slice(1);
  switch (readout.verdict.code) {
    case "not_started":
      return t("experiment.verdictText.not_started");
    case "srm":
      return t("experiment.verdictText.srm", {
        visitors: readout.variants.map((v) => f.count(v.visitors)).join(" / "),
        p: f.scientific(readout.srm.pValue),
      });
    case "variant_wins": {
      const best = readout.variants.find((v) => v.key === readout.verdict.winner);
      const lift = best?.comparison?.lift;
      return t("experiment.verdictText.wins", {
        name: best?.name ?? readout.verdict.winner,
        metric,
        lift: lift != null ? `${lift >= 0 ? "+" : ""}${f.percent(lift)}` : t("experiment.verdictText.higher"),
        p: f.decimal(best?.comparison?.pValue ?? null, 4),
      });
    }
    case "control_wins":
      return treatments.every((v) => v.comparison?.significant && v.comparison.difference < 0)
        ? t("experiment.verdictText.controlLower", { metric })
        : t("experiment.verdictText.controlGuardrail", {
            details: (treatments.find((v) => v.guardrails.some((g) => g.breached))?.guardrails ?? [])
              .filter((g) => g.breached)
              .map((g) => guardrailText(g, t, f))
              .join("; "),
          });
    case "no_difference":
      return t("experiment.verdictText.noDifference", { mde, metric });
    default:
      return readout.progress < 1
        ? t("experiment.verdictText.keepRunning", { pct: f.percent(Math.round(readout.progress * 100) / 100, 0) })
        : t("experiment.verdictText.sampleIn", { mde });
  }
}

const BANNER_TONE = {
  variant_wins: "success",
  control_wins: "warning",
  no_difference: "info",
  keep_running: "info",
  not_started: "info",
  srm: "critical",
} as const;

export default function ExperimentPage() {
  const { experiment: e } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useFormat();
  const { count, day, percent, money, decimal } = format;
  const actionData = useActionData<{ ok?: boolean; message?: string; error?: string }>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { show, toastMarkup } = useToast();
  const [ending, setEnding] = useState(false);
  const readout = e.readout as Readout | null;
  const winner = readout?.verdict.winner && readout.verdict.winner !== "control" ? readout.verdict.winner : null;
  const [choice, setChoice] = useState<string>(winner ? `promote:${winner}` : "stop");

  useEffect(() => {
    if (actionData?.message) show(actionData.message);
    if (actionData?.error) show(actionData.error, { error: true });
  }, [actionData, show]);
  useEffect(() => {
    if (actionData?.ok) setEnding(false);
  }, [actionData]);

  const isRate = e.metric === "acceptance_rate";
  const fmt = (x: number) => (isRate ? percent(x) : money(Math.round(x)));
  const signedPct = (x: number | null) =>
    x == null || !Number.isFinite(x) ? "—" : `${x >= 0 ? "+" : ""}${percent(x)}`;
  const running = e.status === "running";
  const metricLabel = t(`experiments.metric.${e.metric}`);

  const end = () => {
    const [intent, key] = choice.split(":");
    submit(intent === "promote" ? { intent, winner: key } : { intent: "stop" }, {
      method: "post",
      encType: "application/json",
    });
  };

  const rows = (readout?.variants ?? []).map((v) => {
    const c = v.comparison;
    return [
      <BlockStack gap="050" key={v.key}>
        <Text as="span" fontWeight="semibold">
          {v.name}
        </Text>
        {v.control ? (
          <Text as="span" tone="subdued" variant="bodySm">
            {t("experiment.control")}
          </Text>
        ) : null}
      </BlockStack>,
      percent((e.variants.find((x) => x.key === v.key)?.weight ?? NaN) / 100, 0),
      count(v.visitors),
      isRate
        ? count(v.total)
        : e.metric === "aov"
          ? t("experiment.orders", { count: v.units, n: count(v.units) })
          : money(Math.round(v.total)),
      `${fmt(v.mean)} (${fmt(v.interval[0])} – ${fmt(v.interval[1])})`,
      c
        ? `${signedPct(c.lift)}${c.liftCi ? ` ${t("experiment.range", { from: signedPct(c.liftCi[0]), to: signedPct(c.liftCi[1]) })}` : ""}`
        : "—",
      c ? (c.pValue < 0.0001 ? `< ${decimal(0.0001, 4)}` : decimal(c.pValue, 4)) : "—",
      c ? (
        c.significant ? (
          <Badge tone={c.difference > 0 ? "success" : "critical"}>
            {c.difference > 0 ? t("experiment.better") : t("experiment.worse")}
          </Badge>
        ) : (
          <Badge>{t("experiment.notYet")}</Badge>
        )
      ) : (
        ""
      ),
    ];
  });

  return (
    <Page
      title={e.name}
      titleMetadata={
        running ? (
          <Badge tone="success">{t("experiments.running")}</Badge>
        ) : (
          <Badge>{e.outcome === "promoted" ? t("experiments.endedPromoted") : t("experiments.endedStopped")}</Badge>
        )
      }
      subtitle={e.offer ? t("experiment.onOffer", { offer: e.offer.name, metric: metricLabel }) : metricLabel}
      backAction={{ content: t("nav.experiments"), url: "/app/experiments" }}
      primaryAction={running ? { content: t("experiment.end"), onAction: () => setEnding(true) } : undefined}
      secondaryActions={e.offer ? [{ content: t("experiment.openOffer"), url: `/app/offers/${e.offer.id}` }] : []}
    >
      <PageLoading />
      <BlockStack gap="400">
        {params.get("started") && running ? (
          <Banner tone="success" title={t("experiment.started.title")}>
            <p>{t("experiment.started.body")}</p>
          </Banner>
        ) : null}
        {readout ? (
          <Banner
            tone={BANNER_TONE[readout.verdict.code]}
            title={`${running ? t("experiment.verdictNow") : t("experiment.verdictEnd")}: ${t(`experiments.verdict.${readout.verdict.code}`)}`}
          >
            <p>{verdictText(readout, e, t, format)}</p>
          </Banner>
        ) : null}
        {readout?.srm.mismatch && readout.verdict.code !== "srm" ? (
          <Banner tone="critical" title={t("experiment.srm.title")}>
            <p>{t("experiment.srm.body", { p: format.scientific(readout.srm.pValue) })}</p>
          </Banner>
        ) : null}
        {!running ? (
          <Banner tone="info">
            <p>
              {t("experiment.endedOn", { date: day(e.endedAt) })}{" "}
              {e.outcome === "promoted"
                ? e.winnerKey === "control"
                  ? t("experiment.controlKept")
                  : t("experiment.variantPromoted", {
                      name: e.variants.find((v) => v.key === e.winnerKey)?.name ?? e.winnerKey,
                    })
                : t("experiment.stoppedNoWinner")}{" "}
              {t("experiment.figuresAtEnd")}
            </p>
          </Banner>
        ) : null}
        <Card padding="0">
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "text", "text", "numeric", "text"]}
            headings={[
              t("experiment.col.variant"),
              t("experiment.col.share"),
              t("experiment.col.visitors"),
              isRate
                ? t("experiment.col.conversions")
                : e.metric === "aov"
                  ? t("experiment.col.orders")
                  : t("experiment.col.revenue"),
              t("experiment.col.interval", { metric: metricLabel, level: percent(0.95, 0) }),
              t("experiment.col.lift"),
              t("experiment.col.p"),
              "",
            ]}
            rows={rows}
          />
        </Card>
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("experiment.progress.title")}
              </Text>
              {e.plannedPerVariant ? (
                <>
                  <ProgressBar progress={Math.round((readout?.progress ?? 0) * 100)} size="small" />
                  <Text as="p" tone="subdued">
                    {t(e.metric === "aov" ? "experiment.progress.ofOrders" : "experiment.progress.ofVisitors", {
                      share: percent(Math.round((readout?.progress ?? 0) * 100) / 100, 0),
                      planned: count(e.plannedPerVariant),
                    })}
                    {e.plannedDays
                      ? e.plannedDays > 365
                        ? ` ${t("experiment.progress.overYear")}`
                        : ` ${t("experiment.progress.days", { count: e.plannedDays })}`
                      : ""}
                    . {t("experiment.progress.sooner")}
                  </Text>
                </>
              ) : (
                <Text as="p" tone="subdued">
                  {t("experiment.progress.noPlan")}
                </Text>
              )}
              <Text as="p" tone="subdued" variant="bodySm">
                {t("experiment.progress.plan", {
                  date: day(e.startedAt),
                  mde: percent(e.minimumDetectableEffect, 0),
                  alpha: percent(readout?.alphaPerComparison ?? e.alpha, 1),
                })}
              </Text>
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("experiment.variants")}
              </Text>
              {e.variants.map((v) => (
                <BlockStack gap="050" key={v.key}>
                  <Text as="p" fontWeight="semibold">
                    {v.name} · {percent(v.weight / 100, 0)}
                  </Text>
                  {v.changes.length ? (
                    <List type="bullet">
                      {v.changes.map((c, i) => (
                        <List.Item key={i}>{variantChangeText(c, t, format)}</List.Item>
                      ))}
                    </List>
                  ) : (
                    <Text as="p" tone="subdued">
                      {t("experiment.offerAsIs")}
                    </Text>
                  )}
                </BlockStack>
              ))}
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("experiment.guardrails")}
              </Text>
              {e.guardrails.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("experiment.noneChosen")}
                </Text>
              ) : (
                e.guardrails.map((g) => {
                  const results = (readout?.variants ?? []).flatMap((v) =>
                    v.guardrails.filter((x) => x.name === g).map((x) => ({ ...x, variant: v.name })),
                  );
                  const broken = results.filter((r) => r.breached);
                  return (
                    <BlockStack gap="050" key={g}>
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="span">{t(`experiment.guardrail.${g}`)}</Text>
                        {broken.length ? (
                          <Badge tone="critical">{t("experiment.broken")}</Badge>
                        ) : (
                          <Badge tone="success">{t("experiment.holding")}</Badge>
                        )}
                      </InlineStack>
                      {results.map((r) => (
                        <Text as="p" tone={r.breached ? "critical" : "subdued"} variant="bodySm" key={r.variant}>
                          {r.variant}: {guardrailText(r, t, format)}
                        </Text>
                      ))}
                    </BlockStack>
                  );
                })
              )}
            </BlockStack>
          </Card>
        </InlineGrid>
      </BlockStack>
      <Modal
        open={ending}
        onClose={() => setEnding(false)}
        title={t("experiment.modal.title")}
        primaryAction={{
          content: choice === "stop" ? t("experiment.modal.stop") : t("experiment.modal.promote"),
          onAction: end,
          loading: navigation.state === "submitting",
          destructive: choice === "stop",
        }}
        secondaryActions={[{ content: t("experiment.modal.keep"), onAction: () => setEnding(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            {readout && readout.verdict.code !== "variant_wins" ? (
              <Banner tone="warning">
                <p>{t("experiment.modal.noWinner")}</p>
              </Banner>
            ) : null}
            <ChoiceList
              title={t("experiment.modal.choice")}
              choices={[
                ...e.variants
                  .filter((v) => v.key !== "control")
                  .map((v) => ({
                    label:
                      winner === v.key
                        ? t("experiment.modal.promoteWinner", { name: v.name })
                        : t("experiment.modal.promoteVariant", { name: v.name }),
                    value: `promote:${v.key}`,
                    helpText: t("experiment.modal.becomes", {
                      changes: v.changes.map((c) => variantChangeText(c, t, format)).join("; "),
                    }),
                  })),
                {
                  label: t("experiment.modal.stop"),
                  value: "stop",
                  helpText: t("experiment.modal.stopHelp"),
                },
              ]}
              selected={[choice]}
              onChange={(v) => setChoice(v[0])}
            />
          </BlockStack>
        </Modal.Section>
      </Modal>
      {toastMarkup}
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError backUrl="/app/experiments" backLabel="experiments" title="experiment" />;
}
