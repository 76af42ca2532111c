// Insights: mined pairs (sortable, filterable by product) with "create an offer from this pair",
// sequential patterns with their typical gap, and the data's sync / mining status with progress
// (one panel each, in this folder).
import { useTranslation } from "react-i18next";
import { tFor } from "../../i18n/i18n";
import { requestLocale } from "../../i18n/locale.server";
import { translateMessage } from "../../i18n/messages";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Card, Page, Tabs, useBreakpoints } from "@shopify/polaris";
import { useCallback, useEffect } from "react";
import { z } from "zod";
import { PageLoading } from "../../components/PageLoading";
import { RouteError } from "../../components/RouteError";
import { readInput } from "../../lib/forms/input";
import {
  listPairs,
  listSequences,
  PAGE_SIZE,
  pairQuerySchema,
  pollShopSync,
  startMining,
  startShopSync,
  syncStatus,
} from "../../services/admin/insights.server";
import { authenticate, isDemo } from "../../shopify.server";
import { PairsPanel } from "./PairsPanel";
import { SequencesPanel } from "./SequencesPanel";
import { SyncPanel } from "./SyncPanel";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = pairQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [pairs, sequences, status] = await Promise.all([
    q.tab === "pairs" ? listPairs(session.shop, q) : Promise.resolve(null),
    q.tab === "sequences" ? listSequences(session.shop, q) : Promise.resolve(null),
    syncStatus(session.shop),
  ]);
  return { q, pairs, sequences, status, demo: isDemo, pageSize: PAGE_SIZE };
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("mine") }),
  z.object({ intent: z.literal("sync"), kind: z.enum(["catalog", "orders"]) }),
  z.object({ intent: z.literal("poll") }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const t = tFor(requestLocale(request));
  const parsed = actionSchema.safeParse(await readInput(request));
  if (!parsed.success) return Response.json({ ok: false, message: t("messages.unknownAction") }, { status: 400 });
  if (parsed.data.intent === "mine") {
    const result = await startMining(session.shop);
    return result.started
      ? Response.json({ ok: true, message: t("insights.miningStarted") })
      : Response.json({ ok: false, message: translateMessage(t, result.reason ?? "") }, { status: 409 });
  }
  if (isDemo) return Response.json({ ok: false, message: t("insights.demoNoSync") }, { status: 409 });
  if (parsed.data.intent === "poll") return Response.json({ ok: true, ...pollShopSync(admin, session.shop) });
  const result = await startShopSync(admin, session.shop, parsed.data.kind);
  return result.status === "failed"
    ? Response.json({ ok: false, message: result.error ?? t("insights.syncNotStarted") }, { status: 502 })
    : Response.json({
        ok: true,
        message: parsed.data.kind === "catalog" ? t("insights.catalogSyncStarted") : t("insights.ordersSyncStarted"),
      });
};

const TABS = [
  { id: "pairs", content: "insights.tabs.pairs" },
  { id: "sequences", content: "insights.tabs.sequences" },
  { id: "sync", content: "setup.dataAndMining" },
] as const;

export default function Insights() {
  const data = useLoaderData<typeof loader>();
  const { smUp } = useBreakpoints();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const selected = Math.max(
    0,
    TABS.findIndex((tab) => tab.id === data.q.tab),
  );
  const running =
    data.status.runs[0]?.status === "running" ||
    [data.status.catalogJob, data.status.ordersJob].some(
      (j) => j && ["pending", "running", "importing"].includes(j.status),
    );
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  const setParam = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      setParams(next, { replace: true, preventScrollReset: true });
    },
    [params, setParams],
  );

  return (
    <Page title={t("nav.insights")} subtitle={t("insights.subtitle")}>
      <PageLoading />
      <BlockStack gap="400">
        {data.status.orders === 0 ? (
          <Banner tone="info" title={t("insights.noOrders")}>
            <p>
              {t("setup.orders.none")} {data.demo ? t("insights.demoPreparing") : t("insights.syncUnder")}
            </p>
          </Banner>
        ) : null}
        <Card padding="0">
          <Tabs
            fitted={!smUp}
            tabs={TABS.map((tab) => ({ id: tab.id, content: t(tab.content), panelID: `${tab.id}-panel` }))}
            selected={selected}
            onSelect={(i) => setParam({ tab: TABS[i].id === "pairs" ? null : TABS[i].id, page: null })}
          />
          <div id={`${TABS[selected].id}-panel`} role="tabpanel">
            {data.q.tab === "pairs" && data.pairs ? (
              <PairsPanel
                pairs={data.pairs}
                q={data.q}
                pageSize={data.pageSize}
                setParam={setParam}
                minedAt={data.status.minedAt}
              />
            ) : null}
            {data.q.tab === "sequences" && data.sequences ? (
              <SequencesPanel sequences={data.sequences} q={data.q} setParam={setParam} />
            ) : null}
            {data.q.tab === "sync" ? <SyncPanel status={data.status} demo={data.demo} running={running} /> : null}
          </div>
        </Card>
      </BlockStack>
    </Page>
  );
}

export type InsightsData = ReturnType<typeof useLoaderData<typeof loader>>;

export function ErrorBoundary() {
  return <RouteError title="insights" />;
}
