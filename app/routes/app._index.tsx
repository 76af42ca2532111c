// Dashboard: KPI cards for a chosen period (attributed revenue, acceptance rate, cross-sell rate,
// AOV with vs without offers, orders held), trends, top offers, warnings, data freshness and the
// next steps of a new shop. Every figure comes from the store through app/domain/metrics.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { lazy } from "react";
import { EMPTY_STATE_IMAGE } from "../components/empty-state-image";
import { count, dateTime, percent } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { StatusBadge } from "../components/StatusBadge";
import { formatMoney } from "../lib/money";
import { PERIODS, periodSchema } from "../lib/forms/dashboard";
import { dashboardFigures } from "../services/admin/dashboard.server";
import { setupChecklist } from "../services/admin/setup.server";
import { authenticate, isDemo } from "../shopify.server";
import { ChartCard } from "../components/ChartCard";
import { PlacementFiguresCard } from "../components/PlacementFiguresCard";
import { StatCard } from "../components/StatCard";

const TrendChart = lazy(() => import("../components/TrendChart.client"));

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const days = periodSchema.parse(new URL(request.url).searchParams.get("days") ?? 30);
  const [d, setup] = await Promise.all([
    dashboardFigures(session.shop, days, { demo: isDemo }),
    setupChecklist(session.shop),
  ]);
  const o = d.overview;
  return {
    products: o.products,
    orders: o.orders,
    orderLines: o.orderLines,
    activeOffers: o.activeOffers,
    recommendations: o.recommendations,
    ordersFrom: o.ordersFrom?.toISOString() ?? null,
    ordersTo: o.ordersTo?.toISOString() ?? null,
    catalogSyncedAt: o.shop.catalogSyncedAt?.toISOString() ?? null,
    ordersSyncedAt: o.shop.ordersSyncedAt?.toISOString() ?? null,
    minedAt: o.shop.minedAt?.toISOString() ?? null,
    moneyFormat: o.shop.moneyFormat,
    period: d.period,
    demo: isDemo,
    kpis: d.kpis,
    series: d.series,
    topOffers: d.topOffers.map(({ refund, ...rest }) => ({ ...rest, refundFlagged: refund.flagged })),
    warnings: d.warnings,
    placements: d.placements,
    setup,
    suspectOffers: d.suspectOffers,
  };
};

/** The setup checklist, each step checked from the shop's real state (services/admin/setup.server.ts); gone once nothing is left to do. */
function SetupChecklist({ steps }: { steps: ReturnType<typeof useLoaderData<typeof loader>>["setup"] }) {
  if (!steps.some((s) => s.done === false)) return null;
  const done = steps.filter((s) => s.done).length;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Set up Pairwise
          </Text>
          <Text as="span" tone="subdued">{`${done} of ${steps.length} done`}</Text>
        </InlineStack>
        <ol style={{ margin: 0, paddingLeft: 20 }} aria-label="Setup steps">
          {steps.map((s) => (
            <li key={s.id} style={{ marginBottom: 8 }} data-step={s.id} data-done={String(s.done)}>
              <BlockStack gap="050">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {s.title}
                  </Text>
                  {s.done === true ? (
                    <Badge tone="success">Done</Badge>
                  ) : s.done === false ? (
                    <Badge tone="attention">To do</Badge>
                  ) : (
                    <Badge>Not checked</Badge>
                  )}
                </InlineStack>
                <Text as="span" tone="subdued" variant="bodySm">
                  {s.detail}{" "}
                  {s.action && s.done !== true ? (
                    s.action.url.startsWith("/") ? (
                      <RemixLink to={s.action.url}>{s.action.label}</RemixLink>
                    ) : (
                      <a href={s.action.url}>{s.action.label}</a>
                    )
                  ) : null}
                </Text>
              </BlockStack>
            </li>
          ))}
        </ol>
      </BlockStack>
    </Card>
  );
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const money = (cents: number | null) => (cents == null ? "—" : formatMoney(cents, data.moneyFormat));
  const k = data.kpis;

  if (data.products === 0 && data.orders === 0) {
    return (
      <Page title="Dashboard">
        <PageLoading />
        <BlockStack gap="400">
          <Card>
            <EmptyState
              heading="Let Pairwise learn what sells together"
              action={{ content: "Sync products and orders", url: "/app/insights?tab=sync" }}
              image={EMPTY_STATE_IMAGE}
            >
              <p>
                Pairwise reads your catalog and order history, finds the products your customers buy together, and turns
                them into offers.
              </p>
            </EmptyState>
          </Card>
          <SetupChecklist steps={data.setup} />
        </BlockStack>
      </Page>
    );
  }

  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app";
  return (
    <Page title="Dashboard">
      <PageLoading />
      <BlockStack gap="400">
        <Box paddingInline={{ xs: "400", sm: "0" }}>
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Text as="p" tone="subdued">
              {dateTime(data.period.from)} – {dateTime(data.period.to)}
              {data.demo ? " (the demo’s orders end here)" : ""}
            </Text>
            <div style={{ minWidth: 180 }}>
              <Select
                label="Period"
                labelInline
                options={PERIODS.map((d) => ({
                  label: d === 365 ? "Last 12 months" : `Last ${d} days`,
                  value: String(d),
                }))}
                value={String(data.period.days)}
                onChange={(v) => setParams({ ...Object.fromEntries(params), days: v }, { preventScrollReset: true })}
              />
            </div>
          </InlineStack>
        </Box>

        {data.warnings.map((w) => (
          <Banner
            key={w.title}
            tone={w.tone}
            title={w.title}
            action={w.url ? { content: "Review", url: w.url } : undefined}
          >
            <p>{w.body}</p>
          </Banner>
        ))}

        <div style={{ opacity: loading ? 0.6 : 1 }} aria-busy={loading}>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 3, lg: 5 }} gap="300">
            <StatCard
              label="Attributed revenue"
              value={money(k.attributedRevenue.net)}
              detail={
                k.attributedRevenue.refunded > 0
                  ? `${money(k.attributedRevenue.gross)} sold, ${money(k.attributedRevenue.refunded)} refunded`
                  : `${count(k.attributedRevenue.lines)} offer lines`
              }
              source="orders"
            />
            <StatCard
              label="Offer acceptance rate"
              value={percent(k.acceptanceRate)}
              detail={`${count(k.acceptances)} of ${count(k.impressions)} impressions`}
              source="events"
            />
            <StatCard
              label="Cross-sell rate"
              value={percent(k.crossSell.rate)}
              detail={`${count(k.crossSell.withOffer)} of ${count(k.crossSell.orders)} orders had an accepted offer`}
              source="orders"
            />
            <StatCard
              label="AOV with offers vs without"
              value={`${money(k.aovWithOffer == null ? null : Math.round(k.aovWithOffer))} vs ${money(k.aovWithoutOffer == null ? null : Math.round(k.aovWithoutOffer))}`}
              detail={
                k.aovLift.lift != null
                  ? `Lift vs holdout: ${money(Math.round(k.aovLift.lift))} (${count(k.aovLift.exposed.orders)} exposed, ${count(k.aovLift.control.orders)} holdout orders)`
                  : "AOV lift vs the holdout appears once both groups have orders."
              }
              source="orders"
            />
            <StatCard
              label="Orders held"
              value={count(data.orders)}
              detail={`${count(k.ordersInPeriod)} in this period`}
              source="orders"
            />
          </InlineGrid>
          <Box paddingBlockStart="200" paddingInline={{ xs: "400", sm: "0" }}>
            <Text as="p" variant="bodySm" tone="subdued">
              Revenue, cross-sell rate and AOV come from the orders Shopify signs and sends: no shopper can change them.
              Impressions and the acceptance rate come from events shoppers’ browsers report; each counts only for an
              offer served to that shopper, once, and shops or offers whose events are not followed by orders are
              flagged above.
            </Text>
          </Box>
        </div>

        <Layout>
          <Layout.Section variant="oneHalf">
            <ChartCard title="Attributed revenue per day" label="Attributed revenue per day">
              {() => (
                <TrendChart kind="revenue" points={data.series} formatMoney={(c) => formatMoney(c, data.moneyFormat)} />
              )}
            </ChartCard>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <ChartCard title="Orders per day" label="Orders and orders with an accepted offer per day">
              {() => (
                <TrendChart kind="orders" points={data.series} formatMoney={(c) => formatMoney(c, data.moneyFormat)} />
              )}
            </ChartCard>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    Top offers
                  </Text>
                  <RemixLink to="/app/offers">All offers</RemixLink>
                </InlineStack>
                {data.topOffers.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No offer was shown or accepted in this period.
                  </Text>
                ) : (
                  <BlockStack gap="200">
                    {data.topOffers.map((o) => (
                      <Box key={o.id} paddingBlock="100" borderBlockEndWidth="025" borderColor="border-secondary">
                        <InlineStack align="space-between" blockAlign="center" gap="200">
                          <InlineStack gap="200" blockAlign="center">
                            <RemixLink to={`/app/offers/${o.id}`}>{o.name}</RemixLink>
                            <StatusBadge status={o.status} />
                            {data.suspectOffers.includes(o.id) ? (
                              <Badge tone="critical">Events look forged</Badge>
                            ) : null}
                          </InlineStack>
                          <Text as="span" numeric>
                            {money(o.revenue)} · {percent(o.acceptanceRate)} of {count(o.impressions)} impressions
                          </Text>
                        </InlineStack>
                      </Box>
                    ))}
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <PlacementFiguresCard
              figures={data.placements}
              moneyFormat={data.moneyFormat}
              title="Offers by placement"
            />
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Data freshness
                </Text>
                <Text as="p">Catalog synced: {dateTime(data.catalogSyncedAt)}</Text>
                <Text as="p">Orders synced: {dateTime(data.ordersSyncedAt)}</Text>
                <Text as="p">
                  {count(data.orders)} orders ({count(data.orderLines)} lines) from {dateTime(data.ordersFrom)} to{" "}
                  {dateTime(data.ordersTo)}
                </Text>
                <Text as="p">
                  Recommendations mined: {dateTime(data.minedAt)} ({count(data.recommendations)})
                </Text>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <SetupChecklist steps={data.setup} />
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="The dashboard" />;
}
