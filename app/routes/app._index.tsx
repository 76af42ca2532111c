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
import { useTranslation } from "react-i18next";
import { useFormat } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { StatusBadge } from "../components/StatusBadge";
import { PERIODS, periodSchema } from "../lib/forms/dashboard";
import { dashboardFigures } from "../services/admin/dashboard.server";
import { setupChecklist } from "../services/admin/setup.server";
import { authenticate, isDemo } from "../shopify.server";
import { requestLocale } from "../i18n/locale.server";
import { tFor } from "../i18n/i18n";
import { ChartCard } from "../components/ChartCard";
import { PlacementFiguresCard } from "../components/PlacementFiguresCard";
import { StatCard } from "../components/StatCard";

const TrendChart = lazy(() => import("../components/TrendChart.client"));

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const days = periodSchema.parse(new URL(request.url).searchParams.get("days") ?? 30);
  const locale = requestLocale(request);
  const t = tFor(locale);
  const [d, setup] = await Promise.all([
    dashboardFigures(session.shop, days, { demo: isDemo, t, locale }),
    setupChecklist(session.shop, { t, locale }),
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
  const { t } = useTranslation();
  if (!steps.some((s) => s.done === false)) return null;
  const done = steps.filter((s) => s.done).length;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("setup.title")}
          </Text>
          <Text as="span" tone="subdued">
            {t("setup.progress", { done, total: steps.length })}
          </Text>
        </InlineStack>
        <ol style={{ margin: 0, paddingLeft: 20 }} aria-label={t("setup.steps")}>
          {steps.map((s) => (
            <li key={s.id} style={{ marginBottom: 8 }} data-step={s.id} data-done={String(s.done)}>
              <BlockStack gap="050">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {s.title}
                  </Text>
                  {s.done === true ? (
                    <Badge tone="success">{t("setup.done")}</Badge>
                  ) : s.done === false ? (
                    <Badge tone="attention">{t("setup.toDo")}</Badge>
                  ) : (
                    <Badge>{t("setup.notChecked")}</Badge>
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
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const money = f.money;
  const { count, percent, dateTime, day } = f;
  const k = data.kpis;

  if (data.products === 0 && data.orders === 0) {
    return (
      <Page title={t("nav.dashboard")}>
        <PageLoading />
        <BlockStack gap="400">
          <Card>
            <EmptyState
              heading={t("dashboard.empty.heading")}
              action={{ content: t("dashboard.empty.action"), url: "/app/insights?tab=sync" }}
              image={EMPTY_STATE_IMAGE}
            >
              <p>{t("dashboard.empty.body")}</p>
            </EmptyState>
          </Card>
          <SetupChecklist steps={data.setup} />
        </BlockStack>
      </Page>
    );
  }

  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app";
  return (
    <Page title={t("nav.dashboard")}>
      <PageLoading />
      <BlockStack gap="400">
        <Box paddingInline={{ xs: "400", sm: "0" }}>
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Text as="p" tone="subdued">
              {day(data.period.from)} – {day(data.period.to)} UTC
              {data.demo ? ` ${t("dashboard.demoEnd")}` : ""}
            </Text>
            <div style={{ minWidth: 180 }}>
              <Select
                label={t("dashboard.period")}
                labelInline
                options={PERIODS.map((d) => ({
                  label: d === 365 ? t("dashboard.last12Months") : t("dashboard.lastDays", { count: d }),
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
            action={w.url ? { content: t("common.review"), url: w.url } : undefined}
          >
            <p>{w.body}</p>
          </Banner>
        ))}

        <div style={{ opacity: loading ? 0.6 : 1 }} aria-busy={loading}>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 3, lg: 5 }} gap="300">
            <StatCard
              label={t("kpi.attributedRevenue")}
              value={money(k.attributedRevenue.net)}
              detail={
                k.attributedRevenue.refunded > 0
                  ? t("dashboard.soldRefunded", {
                      sold: money(k.attributedRevenue.gross),
                      refunded: money(k.attributedRevenue.refunded),
                    })
                  : t("dashboard.offerLines", { count: k.attributedRevenue.lines, n: count(k.attributedRevenue.lines) })
              }
              source="orders"
            />
            <StatCard
              label={t("kpi.acceptanceRate")}
              value={percent(k.acceptanceRate)}
              detail={t("dashboard.ofImpressions", {
                count: k.impressions,
                accepted: count(k.acceptances),
                n: count(k.impressions),
              })}
              source="events"
            />
            <StatCard
              label={t("kpi.crossSellRate")}
              value={percent(k.crossSell.rate)}
              detail={t("dashboard.ordersWithOffer", {
                count: k.crossSell.orders,
                with: count(k.crossSell.withOffer),
                n: count(k.crossSell.orders),
              })}
              source="orders"
            />
            <StatCard
              label={t("kpi.aovWithVsWithout")}
              value={t("dashboard.vs", {
                a: money(k.aovWithOffer == null ? null : Math.round(k.aovWithOffer)),
                b: money(k.aovWithoutOffer == null ? null : Math.round(k.aovWithoutOffer)),
              })}
              detail={
                k.aovLift.lift != null
                  ? t("dashboard.liftVsHoldout", {
                      lift: money(Math.round(k.aovLift.lift)),
                      exposed: count(k.aovLift.exposed.orders),
                      holdout: count(k.aovLift.control.orders),
                    })
                  : t("dashboard.liftPending")
              }
              source="orders"
            />
            <StatCard
              label={t("kpi.ordersHeld")}
              value={count(data.orders)}
              detail={t("dashboard.inPeriod", { n: count(k.ordersInPeriod) })}
              source="orders"
            />
          </InlineGrid>
          <Box paddingBlockStart="200" paddingInline={{ xs: "400", sm: "0" }}>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("dashboard.sourcesNote")}
            </Text>
          </Box>
        </div>

        <Layout>
          <Layout.Section variant="oneHalf">
            <ChartCard title={t("dashboard.revenuePerDay")} label={t("dashboard.revenuePerDay")}>
              {() => <TrendChart kind="revenue" points={data.series} formatMoney={(c) => money(c)} />}
            </ChartCard>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <ChartCard title={t("dashboard.ordersPerDay")} label={t("dashboard.ordersPerDayLabel")}>
              {() => <TrendChart kind="orders" points={data.series} formatMoney={(c) => money(c)} />}
            </ChartCard>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    {t("dashboard.topOffers")}
                  </Text>
                  <RemixLink to="/app/offers">{t("dashboard.allOffers")}</RemixLink>
                </InlineStack>
                {data.topOffers.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("dashboard.noTopOffers")}
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
                              <Badge tone="critical">{t("dashboard.eventsForged")}</Badge>
                            ) : null}
                          </InlineStack>
                          <Text as="span" numeric>
                            {t("dashboard.topOfferFigures", {
                              count: o.impressions,
                              revenue: money(o.revenue),
                              rate: percent(o.acceptanceRate),
                              n: count(o.impressions),
                            })}
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
            <PlacementFiguresCard figures={data.placements} title={t("dashboard.byPlacement")} />
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("dashboard.freshness")}
                </Text>
                <Text as="p">{t("dashboard.catalogSynced", { at: dateTime(data.catalogSyncedAt) })}</Text>
                <Text as="p">{t("dashboard.ordersSynced", { at: dateTime(data.ordersSyncedAt) })}</Text>
                <Text as="p">
                  {t("dashboard.ordersRange", {
                    count: data.orders,
                    n: count(data.orders),
                    lines: count(data.orderLines),
                    from: dateTime(data.ordersFrom),
                    to: dateTime(data.ordersTo),
                  })}
                </Text>
                <Text as="p">
                  {t("dashboard.mined", { at: dateTime(data.minedAt), n: count(data.recommendations) })}
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
  return <RouteError title="dashboard" />;
}
