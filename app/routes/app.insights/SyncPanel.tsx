// "Data and mining": what Pairwise holds of the shop (catalog and orders, with their syncs) and
// the mining runs, with progress while one runs.
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useFormat, type Formatter } from "../../components/format";
import { useToast } from "../../components/useToast";
import { translateMessage } from "../../i18n/messages";
import type { InsightsData } from "./route";

type Data = InsightsData;

function JobLine({
  label,
  job,
  syncedAt,
}: {
  label: string;
  job: Data["status"]["catalogJob"];
  syncedAt: string | null;
}) {
  const active = job && ["pending", "running", "importing"].includes(job.status);
  const { t } = useTranslation();
  const { count, dateTime } = useFormat();
  return (
    <BlockStack gap="100">
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" fontWeight="semibold">
          {label}
        </Text>
        {job ? (
          <Badge tone={job.status === "completed" ? "success" : job.status === "failed" ? "critical" : "attention"}>
            {t(`insights.sync.jobStatus.${job.status}`, { defaultValue: job.status })}
          </Badge>
        ) : null}
      </InlineStack>
      <Text as="p" tone="subdued">
        {t("insights.sync.lastSynced", { at: dateTime(syncedAt) })}
        {job && active
          ? ` · ${t("insights.sync.recordsWritten", { done: count(job.processed), total: job.objectCount ? count(job.objectCount) : "?" })}`
          : ""}
      </Text>
      {active && job.objectCount > 0 ? (
        <ProgressBar progress={Math.min(100, (job.processed / job.objectCount) * 100)} size="small" />
      ) : null}
      {job?.error ? (
        <Text as="p" tone="critical">
          {translateMessage(t, job.error)}
        </Text>
      ) : null}
    </BlockStack>
  );
}

type MiningRunStatus = Data["status"]["runs"][number];

/** Where a running mining run is: reading the orders (counted), mining them, or saving the result. */
function miningPhaseText(run: MiningRunStatus, t: TFunction, { count }: Formatter): string {
  if (run.phase === "saving") return t("insights.sync.phase.saving");
  if (run.phase === "mining") return t("insights.sync.phase.mining", { count: run.total, n: count(run.total) });
  return run.total
    ? t("insights.sync.phase.reading", { done: count(run.processed), total: count(run.total) })
    : t("insights.sync.phase.readingStart");
}

/** Reading is most of a run's time; mining and saving the last fifth. */
function miningProgress(run: MiningRunStatus): number {
  if (run.phase === "saving") return 95;
  if (run.phase === "mining") return 85;
  return run.total ? Math.round((80 * Math.min(run.processed, run.total)) / run.total) : 0;
}

export function SyncPanel({ status, demo, running }: { status: Data["status"]; demo: boolean; running: boolean }) {
  const fetcher = useFetcher<{ ok: boolean; message: string }>();
  const { show, toastMarkup } = useToast();
  const { t } = useTranslation();
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) show(fetcher.data.message, { error: !fetcher.data.ok });
  }, [fetcher.state, fetcher.data, show]);
  const busy = fetcher.state !== "idle" || running;
  const submit: Submit = (intent) => fetcher.submit(intent, { method: "post", encType: "application/json" });
  // While a Shopify bulk export runs, ask the server every few seconds to check on it.
  const poller = useFetcher();
  const syncing = [status.catalogJob, status.ordersJob].some((j) => j && ["pending", "running"].includes(j.status));
  const { submit: submitPoll } = poller;
  useEffect(() => {
    if (demo || !syncing) return;
    const timer = setInterval(
      () => submitPoll({ intent: "poll" }, { method: "post", encType: "application/json" }),
      5000,
    );
    return () => clearInterval(timer);
  }, [demo, syncing, submitPoll]);
  return (
    <div style={{ padding: 16 }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {demo ? (
              <Banner tone="info" title={t("insights.sync.demoTitle")}>
                <p>{t("insights.sync.demoBody")}</p>
              </Banner>
            ) : null}
            {!demo && !status.allOrdersAccess ? (
              <Banner tone="warning" title={t("insights.sync.sixtyDaysTitle")}>
                <p>{t("insights.sync.sixtyDaysBody")}</p>
              </Banner>
            ) : null}
            <ShopDataCard status={status} demo={demo} busy={busy} submit={submit} />
            <MiningCard status={status} busy={busy} submitting={fetcher.state !== "idle"} submit={submit} />
            {status.jobs.length > 0 ? <JobsCard jobs={status.jobs} /> : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
      {toastMarkup}
    </div>
  );
}

type Submit = (intent: { intent: "mine" } | { intent: "sync"; kind: "catalog" | "orders" }) => void;

/** The catalog and the orders Pairwise holds, their last syncs, and (in a real shop) re-sync buttons. */
function ShopDataCard({
  status,
  demo,
  busy,
  submit,
}: {
  status: Data["status"];
  demo: boolean;
  busy: boolean;
  submit: Submit;
}) {
  const { t } = useTranslation();
  const { count } = useFormat();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("insights.sync.shopifyData")}
        </Text>
        <Text as="p">
          {t("insights.sync.held", {
            products: t("insights.sync.products", { count: status.products, n: count(status.products) }),
            orders: t("insights.sync.orders", { count: status.orders, n: count(status.orders) }),
          })}
        </Text>
        <JobLine label={t("insights.sync.catalog")} job={status.catalogJob} syncedAt={status.catalogSyncedAt} />
        <JobLine label={t("insights.sync.ordersLabel")} job={status.ordersJob} syncedAt={status.ordersSyncedAt} />
        {!demo ? (
          <InlineStack gap="200">
            <Button disabled={busy} onClick={() => submit({ intent: "sync", kind: "catalog" })}>
              {t("insights.sync.resyncCatalog")}
            </Button>
            <Button disabled={busy} onClick={() => submit({ intent: "sync", kind: "orders" })}>
              {t("insights.sync.resyncOrders")}
            </Button>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

/** The recommendations' last mining, the run in progress, the recent runs, and "Re-mine". */
function MiningCard({
  status,
  busy,
  submitting,
  submit,
}: {
  status: Data["status"];
  busy: boolean;
  submitting: boolean;
  submit: Submit;
}) {
  const lastRun = status.runs[0];
  const { t } = useTranslation();
  const f = useFormat();
  const { count, dateTime } = f;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            {t("insights.sync.recommendations")}
          </Text>
          <Button variant="primary" loading={submitting} disabled={busy} onClick={() => submit({ intent: "mine" })}>
            {t("insights.sync.remine")}
          </Button>
        </InlineStack>
        <Text as="p">{t("insights.sync.lastMined", { at: dateTime(status.minedAt) })}</Text>
        {lastRun?.status === "running" ? (
          <BlockStack gap="100">
            <Text as="p">
              {miningPhaseText(lastRun, t, f)} {t("insights.sync.started", { at: dateTime(lastRun.startedAt) })}
            </Text>
            <div
              role="progressbar"
              aria-label={t("insights.sync.inProgress")}
              aria-busy="true"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={miningProgress(lastRun)}
            >
              <ProgressBar progress={miningProgress(lastRun)} size="small" animated />
            </div>
          </BlockStack>
        ) : null}
        {status.runs.length > 0 ? (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              {t("insights.sync.recentRuns")}
            </Text>
            {status.runs.map((r) => (
              <InlineStack key={r.id} gap="200" blockAlign="center">
                <Badge tone={r.status === "succeeded" ? "success" : r.status === "failed" ? "critical" : "attention"}>
                  {t(`insights.sync.runStatus.${r.status}`, { defaultValue: r.status })}
                </Badge>
                <Text as="span">
                  {dateTime(r.startedAt)} · {t(`insights.sync.trigger.${r.trigger}`, { defaultValue: r.trigger })}
                  {r.status === "succeeded"
                    ? ` · ${t("insights.sync.learned", { orders: count(r.orders), pairs: count(r.rules) })}`
                    : ""}
                  {r.error ? ` · ${translateMessage(t, r.error)}` : ""}
                </Text>
              </InlineStack>
            ))}
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

/** Each job state's words (a key of insights.jobs.state.*) and badge tone. */
const JOB_STATE: Record<string, { text: string; tone?: "success" | "critical" | "attention" | "info" }> = {
  created: { text: "created", tone: "info" },
  retry: { text: "retry", tone: "attention" },
  active: { text: "active", tone: "attention" },
  completed: { text: "completed", tone: "success" },
  failed: { text: "failed", tone: "critical" },
  cancelled: { text: "cancelled" },
};

/** The shop's recent background jobs: state, attempts and the last error of each. */
function JobsCard({ jobs }: { jobs: Data["status"]["jobs"] }) {
  const { t } = useTranslation();
  const { count, dateTime } = useFormat();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("insights.jobs.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("insights.jobs.body")}
        </Text>
        {jobs.map((j) => {
          const known = JOB_STATE[j.state];
          const state = known ? { ...known, text: t(`insights.jobs.state.${known.text}`) } : { text: j.state };
          return (
            <InlineStack key={j.id} gap="200" blockAlign="center">
              <Badge tone={state.tone}>{state.text}</Badge>
              <Text as="span">
                {t(`jobName.${j.name}`, { defaultValue: j.name })} · {dateTime(j.createdAt)} ·{" "}
                {t("insights.jobs.attempt", { n: count(j.attempts), max: count(j.maxAttempts) })}
                {j.lastError ? ` · ${t("insights.jobs.lastError", { error: j.lastError })}` : ""}
              </Text>
            </InlineStack>
          );
        })}
      </BlockStack>
    </Card>
  );
}
