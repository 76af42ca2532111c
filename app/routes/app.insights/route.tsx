// Insights: mined pairs (sortable, filterable by product) with "create an offer from this pair",
// sequential patterns with their typical gap, and the data's sync / mining status with progress.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Pagination,
  ProgressBar,
  Tabs,
  Text,
  TextField,
  useBreakpoints,
} from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { z } from "zod";
import { EMPTY_STATE_IMAGE } from "../components/empty-state-image";
import { count, dateTime, decimal, percent } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { useToast } from "../components/useToast";
import { readInput } from "../lib/forms/input";
import { listPairs, listSequences, PAGE_SIZE, pairQuerySchema, pollShopSync, startMining, startShopSync, syncStatus } from "../services/admin/insights.server";
import { authenticate, isDemo } from "../shopify.server";
import { NumericCell } from "../components/NumericCell";

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
  const parsed = actionSchema.safeParse(await readInput(request));
  if (!parsed.success) return Response.json({ ok: false, message: "Unknown action" }, { status: 400 });
  if (parsed.data.intent === "mine") {
    const result = await startMining(session.shop);
    return result.started
      ? Response.json({ ok: true, message: "Mining started" })
      : Response.json({ ok: false, message: result.reason }, { status: 409 });
  }
  if (isDemo) return Response.json({ ok: false, message: "The local demo has no Shopify store to sync from" }, { status: 409 });
  if (parsed.data.intent === "poll") return Response.json({ ok: true, ...pollShopSync(admin, session.shop) });
  const result = await startShopSync(admin, session.shop, parsed.data.kind);
  return result.status === "failed"
    ? Response.json({ ok: false, message: result.error ?? "The sync could not start" }, { status: 502 })
    : Response.json({ ok: true, message: `${parsed.data.kind === "catalog" ? "Catalog" : "Orders"} sync started` });
};

const TABS = [
  { id: "pairs", content: "Bought together" },
  { id: "sequences", content: "Bought later" },
  { id: "sync", content: "Data and mining" },
] as const;

export default function Insights() {
  const data = useLoaderData<typeof loader>();
  const { smUp } = useBreakpoints();
  const [params, setParams] = useSearchParams();
  const selected = Math.max(0, TABS.findIndex((t) => t.id === data.q.tab));
  const running = data.status.runs[0]?.status === "running" || [data.status.catalogJob, data.status.ordersJob].some((j) => j && ["pending", "running", "importing"].includes(j.status));
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
    <Page title="Insights" subtitle="What your customers buy together, and what they come back for.">
      <PageLoading />
      <BlockStack gap="400">
        {data.status.orders === 0 ? (
          <Banner tone="info" title="No orders yet">
            <p>Pairwise learns from your order history. {data.demo ? "The demo shop is still being prepared." : "Sync your orders under “Data and mining”."}</p>
          </Banner>
        ) : null}
        <Card padding="0">
          <Tabs fitted={!smUp} tabs={TABS.map((t) => ({ ...t, panelID: `${t.id}-panel` }))} selected={selected} onSelect={(i) => setParam({ tab: TABS[i].id === "pairs" ? null : TABS[i].id, page: null })} />
          <div id={`${TABS[selected].id}-panel`} role="tabpanel">
            {data.q.tab === "pairs" && data.pairs ? <PairsPanel pairs={data.pairs} q={data.q} pageSize={data.pageSize} setParam={setParam} minedAt={data.status.minedAt} /> : null}
            {data.q.tab === "sequences" && data.sequences ? <SequencesPanel sequences={data.sequences} q={data.q} setParam={setParam} /> : null}
            {data.q.tab === "sync" ? <SyncPanel status={data.status} demo={data.demo} running={running} /> : null}
          </div>
        </Card>
      </BlockStack>
    </Page>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function ProductFilter({ value, setParam }: { value: string; setParam: (c: Record<string, string | null>) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => {
    const handle = setTimeout(() => {
      if (text !== value) setParam({ product: text || null, page: null });
    }, 300);
    return () => clearTimeout(handle);
  }, [text, value, setParam]);
  return (
    <TextField
      label="Filter by product"
      labelHidden
      placeholder="Filter by product title"
      value={text}
      onChange={setText}
      autoComplete="off"
      clearButton
      onClearButtonClick={() => setText("")}
    />
  );
}

const SORT_COLUMNS: Record<number, string> = { 2: "count", 3: "support", 4: "confidence", 5: "lift", 6: "attachRate" };

function PairsPanel({ pairs, q, pageSize, setParam, minedAt }: { pairs: NonNullable<Data["pairs"]>; q: Data["q"]; pageSize: number; setParam: (c: Record<string, string | null>) => void; minedAt: string | null }) {
  const { smUp } = useBreakpoints();
  const sortIndex = Number(Object.entries(SORT_COLUMNS).find(([, v]) => v === q.sort)?.[0] ?? 5);
  const pages = Math.max(1, Math.ceil(pairs.total / pageSize));
  if (pairs.total === 0 && !q.product) {
    return (
      <EmptyState
        heading="No pairs mined yet"
        action={{ content: "Go to data and mining", url: "/app/insights?tab=sync" }}
        image={EMPTY_STATE_IMAGE}
      >
        <p>Pairs appear once Pairwise has mined enough orders: a pair needs at least 3 orders containing both products.</p>
      </EmptyState>
    );
  }
  const offerLink = (p: (typeof pairs.pairs)[number]) => `/app/offers/new?trigger=${encodeURIComponent(p.productId)}&offer=${encodeURIComponent(p.recommendedProductId)}`;
  return (
    <BlockStack gap="0">
      <div style={{ padding: 12 }}>
        <BlockStack gap="200">
          <ProductFilter value={q.product} setParam={setParam} />
          <Text as="p" tone="subdued" variant="bodySm">
            {count(pairs.total)} pairs your shoppers can be offered (mined {dateTime(minedAt)}): the pairs that passed the relevance threshold, up to 10 per product. The
            mining run found more pairs (see “Data and mining”); the weaker ones are never offered.
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            In plain words — <b>Orders</b>: orders holding both products. <b>Support</b>: how common the pair is, as a share of all orders. <b>Confidence</b>: how often
            customers who buy the first product also buy the second. <b>Lift</b>: how many times more often the two are bought together than if they had nothing to do
            with each other (1 = chance, 3 = three times as often). <b>Attach rate</b>: units of the second product sold per unit of the first.
          </Text>
        </BlockStack>
      </div>
      <IndexTable
        condensed={!smUp}
        selectable={false}
        resourceName={{ singular: "pair", plural: "pairs" }}
        itemCount={pairs.pairs.length}
        sortable={[false, false, true, true, true, true, true, false]}
        sortColumnIndex={sortIndex}
        sortDirection={q.dir === "asc" ? "ascending" : "descending"}
        // figures: the first click shows the largest first
        defaultSortDirection="descending"
        onSort={(index, direction) => setParam({ sort: SORT_COLUMNS[index] ?? "lift", dir: direction === "ascending" ? "asc" : "desc", page: null })}
        emptyState={
          <div style={{ padding: 16 }}>
            <Text as="p">No pairs with a product matching “{q.product}”.</Text>
          </div>
        }
        headings={[
          { title: "Customers who buy" },
          { title: "also buy" },
          { title: "Orders", alignment: "end" },
          { title: "Support", alignment: "end" },
          { title: "Confidence", alignment: "end" },
          { title: "Lift", alignment: "end" },
          { title: "Attach rate", alignment: "end" },
          { title: "" },
        ]}
      >
        {pairs.pairs.map((p, i) =>
          smUp ? (
            <IndexTable.Row id={p.id} key={p.id} position={i}>
              <IndexTable.Cell>{p.productTitle}</IndexTable.Cell>
              <IndexTable.Cell>{p.recommendedTitle}</IndexTable.Cell>
              <NumericCell>{count(p.count)}</NumericCell>
              <NumericCell>{percent(p.support, 2)}</NumericCell>
              <NumericCell>{percent(p.confidence)}</NumericCell>
              <NumericCell>{decimal(p.lift)}</NumericCell>
              <NumericCell>{decimal(p.attachRate)}</NumericCell>
              <IndexTable.Cell>
                <RemixLink to={offerLink(p)} aria-label={`Create an offer: ${p.productTitle} with ${p.recommendedTitle}`}>
                  Create offer
                </RemixLink>
              </IndexTable.Cell>
            </IndexTable.Row>
          ) : (
            <IndexTable.Row id={p.id} key={p.id} position={i}>
              <div style={{ padding: "12px 16px" }}>
                <BlockStack gap="100">
                  <Text as="span" fontWeight="semibold">
                    {p.productTitle} → {p.recommendedTitle}
                  </Text>
                  <Text as="span" variant="bodySm">
                    lift {decimal(p.lift)} · confidence {percent(p.confidence)} · {count(p.count)} orders
                  </Text>
                  <RemixLink to={offerLink(p)}>Create offer</RemixLink>
                </BlockStack>
              </div>
            </IndexTable.Row>
          ),
        )}
      </IndexTable>
      {pages > 1 ? (
        <div style={{ padding: 12, display: "flex", justifyContent: "center" }}>
          <Pagination
            hasPrevious={q.page > 1}
            hasNext={q.page < pages}
            onPrevious={() => setParam({ page: String(q.page - 1) })}
            onNext={() => setParam({ page: String(q.page + 1) })}
            label={`Page ${q.page} of ${pages}`}
          />
        </div>
      ) : null}
    </BlockStack>
  );
}

function SequencesPanel({ sequences, q, setParam }: { sequences: NonNullable<Data["sequences"]>; q: Data["q"]; setParam: (c: Record<string, string | null>) => void }) {
  return (
    <BlockStack gap="0">
      <div style={{ padding: 12 }}>
        <BlockStack gap="200">
          <ProductFilter value={q.product} setParam={setParam} />
          <Text as="p" tone="subdued" variant="bodySm">
            Customers who bought the first product came back for the second; the gap is the median number of days in between. Good for post-purchase offers and follow-up e-mails.
          </Text>
        </BlockStack>
      </div>
      <IndexTable
        selectable={false}
        resourceName={{ singular: "pattern", plural: "patterns" }}
        itemCount={sequences.length}
        emptyState={
          <div style={{ padding: 16 }}>
            <Text as="p">{q.product ? `No patterns with a product matching “${q.product}”.` : "No repeat-purchase patterns yet: they need customers with several orders."}</Text>
          </div>
        }
        headings={[{ title: "First purchase" }, { title: "Later purchase" }, { title: "Customers", alignment: "end" }, { title: "Share", alignment: "end" }, { title: "Typical gap", alignment: "end" }, { title: "" }]}
      >
        {sequences.map((s, i) => (
          <IndexTable.Row id={s.id} key={s.id} position={i}>
            <IndexTable.Cell>{s.productTitle}</IndexTable.Cell>
            <IndexTable.Cell>
              <InlineStack gap="100">
                <span>{s.recommendedTitle}</span>
                {s.repurchase ? <Badge>Buys again</Badge> : null}
              </InlineStack>
            </IndexTable.Cell>
            <NumericCell>{count(s.customers)}</NumericCell>
            <NumericCell>{percent(s.confidence)}</NumericCell>
            <NumericCell>{s.gapDaysMedian == null ? "—" : `${Math.round(s.gapDaysMedian)} days`}</NumericCell>
            <IndexTable.Cell>
              <RemixLink to={`/app/offers/new?trigger=${encodeURIComponent(s.productId)}&offer=${encodeURIComponent(s.recommendedProductId)}`}>Create offer</RemixLink>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </BlockStack>
  );
}

function JobLine({ label, job, syncedAt }: { label: string; job: Data["status"]["catalogJob"]; syncedAt: string | null }) {
  const active = job && ["pending", "running", "importing"].includes(job.status);
  return (
    <BlockStack gap="100">
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" fontWeight="semibold">
          {label}
        </Text>
        {job ? <Badge tone={job.status === "completed" ? "success" : job.status === "failed" ? "critical" : "attention"}>{job.status}</Badge> : null}
      </InlineStack>
      <Text as="p" tone="subdued">
        Last synced: {dateTime(syncedAt)}
        {job && active ? ` · ${count(job.processed)} of ${job.objectCount ? count(job.objectCount) : "?"} records written` : ""}
      </Text>
      {active && job.objectCount > 0 ? <ProgressBar progress={Math.min(100, (job.processed / job.objectCount) * 100)} size="small" /> : null}
      {job?.error ? (
        <Text as="p" tone="critical">
          {job.error}
        </Text>
      ) : null}
    </BlockStack>
  );
}

type MiningRunStatus = Data["status"]["runs"][number];

/** Where a running mining run is: reading the orders (counted), mining them, or saving the result. */
function miningPhaseText(run: MiningRunStatus): string {
  if (run.phase === "saving") return "Saving the new recommendations…";
  if (run.phase === "mining") return `Finding what sells together in ${count(run.total)} orders…`;
  return run.total ? `Reading orders: ${count(run.processed)} of ${count(run.total)}…` : "Reading orders…";
}

/** Reading is most of a run's time; mining and saving the last fifth. */
function miningProgress(run: MiningRunStatus): number {
  if (run.phase === "saving") return 95;
  if (run.phase === "mining") return 85;
  return run.total ? Math.round((80 * Math.min(run.processed, run.total)) / run.total) : 0;
}

function SyncPanel({ status, demo, running }: { status: Data["status"]; demo: boolean; running: boolean }) {
  const fetcher = useFetcher<{ ok: boolean; message: string }>();
  const { show, toastMarkup } = useToast();
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) show(fetcher.data.message, { error: !fetcher.data.ok });
  }, [fetcher.state, fetcher.data, show]);
  const lastRun = status.runs[0];
  const busy = fetcher.state !== "idle" || running;
  // While a Shopify bulk export runs, ask the server every few seconds to check on it.
  const poller = useFetcher();
  const syncing = [status.catalogJob, status.ordersJob].some((j) => j && ["pending", "running"].includes(j.status));
  const { submit: submitPoll } = poller;
  useEffect(() => {
    if (demo || !syncing) return;
    const timer = setInterval(() => submitPoll({ intent: "poll" }, { method: "post", encType: "application/json" }), 5000);
    return () => clearInterval(timer);
  }, [demo, syncing, submitPoll]);
  return (
    <div style={{ padding: 16 }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {demo ? (
              <Banner tone="info" title="This is the local demo">
                <p>There is no Shopify store to sync from here: the demo shop’s catalog and orders were generated locally. You can re-mine recommendations from the orders it holds.</p>
              </Banner>
            ) : null}
            {!demo && !status.allOrdersAccess ? (
              <Banner tone="warning" title="Pairwise sees only your last 60 days of orders">
                <p>
                  Shopify shares older orders only with apps granted the “read all orders” permission. Pairwise works with the last 60 days,
                  but seasonal products and “bought later” patterns need more history: approve the permission when Pairwise asks for it, then
                  sync your orders again.
                </p>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Shopify data
                </Text>
                <Text as="p">
                  {count(status.products)} products and {count(status.orders)} orders held — every order Pairwise has received, cancelled ones included. Mining
                  learns from the orders that are not cancelled and hold at least one product.
                </Text>
                <JobLine label="Catalog" job={status.catalogJob} syncedAt={status.catalogSyncedAt} />
                <JobLine label="Orders" job={status.ordersJob} syncedAt={status.ordersSyncedAt} />
                {!demo ? (
                  <InlineStack gap="200">
                    <Button disabled={busy} onClick={() => fetcher.submit({ intent: "sync", kind: "catalog" }, { method: "post", encType: "application/json" })}>
                      Re-sync catalog
                    </Button>
                    <Button disabled={busy} onClick={() => fetcher.submit({ intent: "sync", kind: "orders" }, { method: "post", encType: "application/json" })}>
                      Re-sync orders
                    </Button>
                  </InlineStack>
                ) : null}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <Text as="h2" variant="headingMd">
                    Recommendations
                  </Text>
                  <Button
                    variant="primary"
                    loading={fetcher.state !== "idle"}
                    disabled={busy}
                    onClick={() => fetcher.submit({ intent: "mine" }, { method: "post", encType: "application/json" })}
                  >
                    Re-mine recommendations
                  </Button>
                </InlineStack>
                <Text as="p">Last mined: {dateTime(status.minedAt)}</Text>
                {lastRun?.status === "running" ? (
                  <BlockStack gap="100">
                    <Text as="p">
                      {miningPhaseText(lastRun)} Started {dateTime(lastRun.startedAt)}.
                    </Text>
                    <div role="progressbar" aria-label="Mining in progress" aria-busy="true" aria-valuemin={0} aria-valuemax={100} aria-valuenow={miningProgress(lastRun)}>
                      <ProgressBar progress={miningProgress(lastRun)} size="small" animated />
                    </div>
                  </BlockStack>
                ) : null}
                {status.runs.length > 0 ? (
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingSm">
                      Recent runs
                    </Text>
                    {status.runs.map((r) => (
                      <InlineStack key={r.id} gap="200" blockAlign="center">
                        <Badge tone={r.status === "succeeded" ? "success" : r.status === "failed" ? "critical" : "attention"}>{r.status}</Badge>
                        <Text as="span">
                          {dateTime(r.startedAt)} · {r.trigger}
                          {r.status === "succeeded" ? ` · learned from ${count(r.orders)} orders → found ${count(r.rules)} pairs bought together more often than by chance` : ""}
                          {r.error ? ` · ${r.error}` : ""}
                        </Text>
                      </InlineStack>
                    ))}
                  </BlockStack>
                ) : null}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      {toastMarkup}
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Insights" />;
}
