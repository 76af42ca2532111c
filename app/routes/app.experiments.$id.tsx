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
import { count, day, percent } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { useToast } from "../components/useToast";
import type { Readout } from "../domain/experiments";
import { experimentActionSchema } from "../lib/forms/experiment";
import { GUARDRAIL_LABELS, METRIC_LABELS, VERDICT_BADGES } from "../lib/forms/experiment-labels";
import { readInput } from "../lib/forms/input";
import { formatMoney } from "../lib/money";
import { endExperiment, getExperiment } from "../services/admin/experiments.server";
import { rulesChanged } from "../services/discounts/index.server";
import { shopMoneyFormat } from "../services/admin/settings.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [experiment, moneyFormat] = await Promise.all([
    getExperiment(session.shop, params.id ?? ""),
    shopMoneyFormat(session.shop),
  ]);
  if (!experiment) throw new Response("No such experiment", { status: 404 });
  return { experiment, moneyFormat };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = experimentActionSchema.safeParse(await readInput(request));
  if (!parsed.success) return Response.json({ error: "Choose to promote a variant or to stop" }, { status: 400 });
  const result = await endExperiment(session.shop, params.id ?? "", parsed.data);
  if (!result.ok) return Response.json({ error: result.error }, { status: result.status });
  // the promoted items or discount change what the checkout's discount covers; a discount experiment's arms leave its rules
  if (result.discountsChanged) await rulesChanged(session.shop, admin);
  return Response.json({
    ok: true,
    message: result.promoted ? "Winner promoted: everyone now sees it" : "Experiment ended",
  });
};

const BANNER_TONE = {
  variant_wins: "success",
  control_wins: "warning",
  no_difference: "info",
  keep_running: "info",
  not_started: "info",
  srm: "critical",
} as const;

export default function ExperimentPage() {
  const { experiment: e, moneyFormat } = useLoaderData<typeof loader>();
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

  const money = (cents: number) => formatMoney(Math.round(cents), moneyFormat);
  const isRate = e.metric === "acceptance_rate";
  const fmt = (x: number) => (isRate ? percent(x) : money(x));
  const signedPct = (x: number | null) =>
    x == null || !Number.isFinite(x) ? "—" : `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
  const running = e.status === "running";
  const badge = readout ? VERDICT_BADGES[readout.verdict.code] : null;

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
            control
          </Text>
        ) : null}
      </BlockStack>,
      `${e.variants.find((x) => x.key === v.key)?.weight ?? "—"} %`,
      count(v.visitors),
      isRate ? count(v.total) : e.metric === "aov" ? `${count(v.units)} orders` : money(v.total),
      `${fmt(v.mean)} (${fmt(v.interval[0])} – ${fmt(v.interval[1])})`,
      c ? `${signedPct(c.lift)}${c.liftCi ? ` (${signedPct(c.liftCi[0])} to ${signedPct(c.liftCi[1])})` : ""}` : "—",
      c ? (c.pValue < 0.0001 ? "< 0.0001" : c.pValue.toFixed(4)) : "—",
      c ? (
        c.significant ? (
          <Badge tone={c.difference > 0 ? "success" : "critical"}>{c.difference > 0 ? "Better" : "Worse"}</Badge>
        ) : (
          <Badge>Not yet</Badge>
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
          <Badge tone="success">Running</Badge>
        ) : (
          <Badge>{e.outcome === "promoted" ? "Ended: winner promoted" : "Ended: stopped"}</Badge>
        )
      }
      subtitle={e.offer ? `On the offer “${e.offer.name}” · ${METRIC_LABELS[e.metric]}` : METRIC_LABELS[e.metric]}
      backAction={{ content: "Experiments", url: "/app/experiments" }}
      primaryAction={running ? { content: "End experiment", onAction: () => setEnding(true) } : undefined}
      secondaryActions={e.offer ? [{ content: "Open the offer", url: `/app/offers/${e.offer.id}` }] : []}
    >
      <PageLoading />
      <BlockStack gap="400">
        {params.get("started") && running ? (
          <Banner tone="success" title="The experiment is running">
            <p>
              Visitors are split from now on. Come back whenever you like: the verdict below only changes to a winner
              when the difference is real.
            </p>
          </Banner>
        ) : null}
        {readout ? (
          <Banner
            tone={BANNER_TONE[readout.verdict.code]}
            title={`${running ? "Verdict now" : "Verdict at the end"}: ${badge?.label ?? ""}`}
          >
            <p>{readout.verdict.message}</p>
          </Banner>
        ) : null}
        {readout?.srm.mismatch && readout.verdict.code !== "srm" ? (
          <Banner tone="critical" title="Sample ratio mismatch">
            <p>
              The visitors did not split as configured (p = {readout.srm.pValue.toExponential(1)}); do not trust these
              figures until the cause is found.
            </p>
          </Banner>
        ) : null}
        {!running ? (
          <Banner tone="info">
            <p>
              Ended {day(e.endedAt)}:{" "}
              {e.outcome === "promoted"
                ? e.winnerKey === "control"
                  ? "the control was kept."
                  : `${e.variants.find((v) => v.key === e.winnerKey)?.name ?? e.winnerKey} was promoted into the offer.`
                : "stopped with no winner; the offer stayed as it was."}{" "}
              The figures are those at the end.
            </p>
          </Banner>
        ) : null}
        <Card padding="0">
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "text", "text", "numeric", "text"]}
            headings={[
              "Variant",
              "Share",
              "Visitors",
              isRate ? "Conversions" : e.metric === "aov" ? "Orders" : "Revenue",
              `${METRIC_LABELS[e.metric]} (95 % interval)`,
              "Lift vs control (always valid)",
              "p (always valid)",
              "",
            ]}
            rows={rows}
          />
        </Card>
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Progress
              </Text>
              {e.plannedPerVariant ? (
                <>
                  <ProgressBar progress={Math.round((readout?.progress ?? 0) * 100)} size="small" />
                  <Text as="p" tone="subdued">
                    {Math.round((readout?.progress ?? 0) * 100)} % of the planned {count(e.plannedPerVariant)}{" "}
                    {e.metric === "aov" ? "orders" : "visitors"} per variant
                    {e.plannedDays
                      ? e.plannedDays > 365
                        ? " (more than a year at the offer's traffic before the start)"
                        : ` (about ${e.plannedDays} days at the traffic before the start)`
                      : ""}
                    . A difference larger than planned gives a verdict sooner.
                  </Text>
                </>
              ) : (
                <Text as="p" tone="subdued">
                  No plan: the offer had too little traffic before the start. The verdict still holds whenever you look.
                </Text>
              )}
              <Text as="p" tone="subdued" variant="bodySm">
                Started {day(e.startedAt)} · smallest lift planned for {percent(e.minimumDetectableEffect, 0)} ·
                significance {percent(readout?.alphaPerComparison ?? e.alpha, 1)} per comparison
              </Text>
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Variants
              </Text>
              {e.variants.map((v) => (
                <BlockStack gap="050" key={v.key}>
                  <Text as="p" fontWeight="semibold">
                    {v.name} · {v.weight} %
                  </Text>
                  {v.changes.length ? (
                    <List type="bullet">
                      {v.changes.map((c) => (
                        <List.Item key={c}>{c}</List.Item>
                      ))}
                    </List>
                  ) : (
                    <Text as="p" tone="subdued">
                      The offer as it is
                    </Text>
                  )}
                </BlockStack>
              ))}
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Guardrails
              </Text>
              {e.guardrails.length === 0 ? (
                <Text as="p" tone="subdued">
                  None chosen.
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
                        <Text as="span">{GUARDRAIL_LABELS[g]}</Text>
                        {broken.length ? <Badge tone="critical">Broken</Badge> : <Badge tone="success">Holding</Badge>}
                      </InlineStack>
                      {results.map((r) => (
                        <Text as="p" tone={r.breached ? "critical" : "subdued"} variant="bodySm" key={r.variant}>
                          {r.variant}: {r.detail}
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
        title="End the experiment"
        primaryAction={{
          content: choice === "stop" ? "Stop with no winner" : "Promote and end",
          onAction: end,
          loading: navigation.state === "submitting",
          destructive: choice === "stop",
        }}
        secondaryActions={[{ content: "Keep it running", onAction: () => setEnding(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            {readout && readout.verdict.code !== "variant_wins" ? (
              <Banner tone="warning">
                <p>There is no winner yet: promoting a variant now picks it without evidence that it is better.</p>
              </Banner>
            ) : null}
            <ChoiceList
              title="What happens to the offer"
              choices={[
                ...e.variants
                  .filter((v) => v.key !== "control")
                  .map((v) => ({
                    label: `Promote ${v.name}${winner === v.key ? " (the winner)" : ""}`,
                    value: `promote:${v.key}`,
                    helpText: `The offer becomes: ${v.changes.join("; ")}. Every visitor sees it.`,
                  })),
                {
                  label: "Stop with no winner",
                  value: "stop",
                  helpText: "The offer stays as it is (the control). The record and its figures stay here.",
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
