// Customers: next best offers for existing customers — upcoming follow-ups with their reasons and
// probabilities, the effect of the contact cap and the other rules, what delivered follow-ups
// brought against the holdout, the model's validation, the rules, and where follow-ups go in
// Shopify (customer metafield, tag, segment, CSV).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  EmptyState,
  FormLayout,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Pagination,
  Select,
  Tabs,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { EMPTY_STATE_IMAGE } from "../components/empty-state-image";
import { useFormat } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { StatCard } from "../components/StatCard";
import { useToast } from "../components/useToast";
import { customersQuerySchema, followUpRulesSchema } from "../lib/forms/customers";
import { fieldErrors, readInput } from "../lib/forms/input";
import { tFor } from "../i18n/i18n";
import { requestLocale } from "../i18n/locale.server";
import { translateErrors, translateMessage } from "../i18n/messages";
import { followUpReasonText } from "../i18n/server-text";
import { customersPage, saveFollowUpRules } from "../services/admin/customers.server";
import { startMining } from "../services/admin/insights.server";
import { deliverFollowUps } from "../services/customers/index.server";
import {
  FOLLOW_UP_DUE_TAG,
  FOLLOW_UP_SEGMENT_NAME,
  NEXT_OFFERS_KEY,
  NEXT_OFFERS_NAMESPACE,
} from "../graphql/customers";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = customersQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return customersPage(session.shop, q);
};

const intentSchema = z.object({ intent: z.enum(["rules", "recompute", "sync"]) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const t = tFor(requestLocale(request));
  const input = await readInput(request);
  const intent = intentSchema.safeParse(input);
  if (!intent.success) return Response.json({ ok: false, message: t("customers.unknownAction") }, { status: 400 });
  if (intent.data.intent === "rules") {
    const parsed = followUpRulesSchema.safeParse(input);
    if (!parsed.success)
      return Response.json(
        { ok: false, message: t("customers.checkFields"), errors: translateErrors(t, fieldErrors(parsed.error)) },
        { status: 400 },
      );
    await saveFollowUpRules(session.shop, parsed.data);
    return Response.json({ ok: true, message: t("customers.rulesSaved") });
  }
  if (intent.data.intent === "recompute") {
    const result = await startMining(session.shop);
    return result.started
      ? Response.json({ ok: true, message: t("customers.recomputing") })
      : Response.json(
          { ok: false, message: result.reason ? translateMessage(t, result.reason) : result.reason },
          { status: 409 },
        );
  }
  const result = await deliverFollowUps(session.shop, admin);
  return result.error
    ? Response.json({ ok: false, message: translateMessage(t, result.error) }, { status: 502 })
    : Response.json({
        ok: true,
        message: `${t("customers.synced", { metafields: result.metafieldsSet, tagged: result.tagsAdded, untagged: result.tagsRemoved })}${result.remaining ? t("customers.syncedRemaining", { remaining: result.remaining }) : ""}`,
      });
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

const TABS = [{ id: "all" }, { id: "due" }, { id: "upcoming" }, { id: "holdout" }] as const;

const MOMENTS = ["day_1", "day_7", "day_30", "replenishment"];

export default function Customers() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<{ ok: boolean; message: string; errors?: Record<string, string> }>();
  const { show, toastMarkup } = useToast();
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const { t } = useTranslation();
  const { count, dateTime, percent } = useFormat();
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) show(fetcher.data.message, { error: !fetcher.data.ok });
  }, [fetcher.state, fetcher.data, show]);
  const status = params.get("status") ?? "all";
  const selected = Math.max(
    0,
    TABS.findIndex((t) => t.id === status),
  );
  const summary = data.summary;

  // Downloaded with fetch, so that the embedded admin's session token goes with the request.
  const exportCsv = async () => {
    setExporting(true);
    try {
      const res = await fetch("/app/customers/export.csv");
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = "pairwise-follow-ups.csv";
      a.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      show(t("customers.exportFailed", { reason: error instanceof Error ? error.message : String(error) }), {
        error: true,
      });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Page
      title={t("nav.customers")}
      subtitle={t("customers.subtitle")}
      primaryAction={{
        content: t("customers.exportCsv"),
        onAction: exportCsv,
        loading: exporting,
        disabled: data.total === 0 && status === "all",
      }}
      secondaryActions={[
        {
          content: t("customers.recompute"),
          onAction: () => fetcher.submit({ intent: "recompute" }, { method: "post" }),
        },
        {
          content: t("customers.sync"),
          onAction: () => fetcher.submit({ intent: "sync" }, { method: "post" }),
          disabled: !data.canWriteCustomers,
        },
      ]}
    >
      <PageLoading />
      <BlockStack gap="400">
        {!data.computedAt ? (
          <Banner tone="info" title={t("customers.none.title")}>
            <p>{t("customers.none.body")}</p>
          </Banner>
        ) : null}
        {data.syncError ? (
          <Banner tone="critical" title={t("customers.syncFailed")}>
            <p>{translateMessage(t, data.syncError)}</p>
          </Banner>
        ) : null}
        {!data.canWriteCustomers ? (
          <Banner tone="warning" title={t("customers.noScope.title")}>
            <p>{t("customers.noScope.body")}</p>
          </Banner>
        ) : null}

        <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
          <StatCard
            label={t("customers.stat.due")}
            value={count(summary?.due ?? 0)}
            detail={t("customers.stat.dueDetail", { tag: FOLLOW_UP_DUE_TAG })}
            source="orders"
          />
          <StatCard
            label={t("customers.stat.upcoming")}
            value={count(summary?.upcoming ?? 0)}
            detail={t("customers.stat.upcomingDetail", { count: data.settings.horizonDays })}
            source="orders"
          />
          <StatCard
            label={t("customers.stat.capped")}
            value={count(summary?.heldByCap ?? 0)}
            detail={t("customers.stat.cappedDetail", {
              cap: data.settings.contactCap ? count(data.settings.contactCap) : "∞",
              count: data.settings.contactPeriodDays,
            })}
            source="orders"
          />
          <StatCard
            label={t("customers.stat.scored")}
            value={count(summary?.customers ?? 0)}
            detail={
              data.computedAt
                ? t("customers.stat.computed", { date: dateTime(data.computedAt) })
                : t("customers.stat.notComputed")
            }
            source="orders"
          />
        </InlineGrid>

        <Card padding="0">
          <Tabs
            tabs={TABS.map((tab) => ({ ...tab, content: t(`customers.tab.${tab.id}`), panelID: `${tab.id}-panel` }))}
            selected={selected}
            onSelect={(i) =>
              setParams(TABS[i].id === "all" ? {} : { status: TABS[i].id }, { preventScrollReset: true })
            }
          />
          <div id={`${TABS[selected].id}-panel`} role="tabpanel">
            <FollowUpTable data={data} />
          </div>
        </Card>

        <Layout>
          <Layout.Section variant="oneHalf">
            <ResultsCard data={data} />
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("customers.rules.effect")}
                </Text>
                <DataTable
                  columnContentTypes={["text", "numeric"]}
                  headings={[t("customers.rules.rule"), t("customers.rules.affected")]}
                  rows={[
                    [
                      t("customers.rules.cap", {
                        cap: data.settings.contactCap ? count(data.settings.contactCap) : t("customers.rules.noCap"),
                        count: data.settings.contactPeriodDays,
                      }),
                      count(summary?.heldByCap ?? 0),
                    ],
                    [
                      t("customers.rules.quiet", { count: data.settings.quietDaysAfterRefund }),
                      count(summary?.heldByQuiet ?? 0),
                    ],
                    [
                      t("customers.rules.problem", { rate: percent(data.highReturnRate, 0) }),
                      count(summary?.problemCustomers ?? 0),
                    ],
                    [t("customers.rules.holdout"), count(summary?.holdout ?? 0)],
                    [t("customers.rules.owned"), count(summary?.dropped.owned ?? 0)],
                    [t("customers.rules.declined"), count(summary?.dropped.declined ?? 0)],
                    [t("customers.rules.unsellable"), count(summary?.dropped.unsellable ?? 0)],
                    [
                      t("customers.rules.lowProbability", {
                        probability: percent(data.settings.minProbabilityPercent / 100, 0),
                      }),
                      count(summary?.dropped.lowProbability ?? 0),
                    ],
                  ]}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <ModelCard validation={data.validation} />
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <DeliveryCard data={data} />
          </Layout.Section>
          <Layout.Section>
            <RulesCard data={data} fetcher={fetcher} />
          </Layout.Section>
        </Layout>
      </BlockStack>
      {toastMarkup}
    </Page>
  );
}

function ResultsCard({ data }: { data: Data }) {
  const { comparison: c, tracked, attributionDays, since } = data.results;
  const { t } = useTranslation();
  const { count, day, percent, money: formatMoney } = useFormat();
  const money = (cents: number) => formatMoney(Math.round(cents));
  const signed = (cents: number) => `${cents >= 0 ? "+" : "−"}${money(Math.abs(cents))}`;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("customers.results.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("customers.results.explain", {
            since: day(since),
            holdout: percent(data.settings.holdoutPercent / 100, 0),
            count: attributionDays,
          })}
        </Text>
        {c.followedUp.customers === 0 ? (
          <Text as="p">{t("customers.results.none")}</Text>
        ) : (
          <>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
              headings={[
                t("customers.results.group"),
                t("customers.results.customers"),
                t("customers.results.bought"),
                t("customers.results.revenue"),
                t("customers.results.perCustomer"),
              ]}
              rows={[
                [
                  t("customers.results.followedUp"),
                  count(c.followedUp.customers),
                  `${count(c.followedUp.converted)} (${percent(c.followedUp.conversion)})`,
                  money(c.followedUp.revenue),
                  money(c.followedUp.revenuePerCustomer),
                ],
                [
                  t("customers.results.holdout"),
                  count(c.holdout.customers),
                  `${count(c.holdout.converted)} (${percent(c.holdout.conversion)})`,
                  money(c.holdout.revenue),
                  money(c.holdout.revenuePerCustomer),
                ],
              ]}
            />
            <Text as="p">
              {t("customers.results.difference", { difference: signed(c.difference) })}{" "}
              {c.ci
                ? t("customers.results.ci", { level: percent(0.95, 0), from: signed(c.ci[0]), to: signed(c.ci[1]) })
                : t("customers.results.noCi")}
              .{" "}
              {c.significant ? (
                <Badge tone={c.difference > 0 ? "success" : "critical"}>
                  {c.difference > 0 ? t("customers.results.adds") : t("customers.results.costs")}
                </Badge>
              ) : (
                <Badge>{t("customers.results.notYet")}</Badge>
              )}{" "}
              {t("customers.results.beyond")} <b>{signed(c.incrementalRevenue)}</b>.
            </Text>
          </>
        )}
        <Text as="h3" variant="headingSm">
          {t("customers.tracked.title")}
        </Text>
        <Text as="p">
          {tracked.orders === 0
            ? t("customers.tracked.none")
            : t("customers.tracked.summary", {
                orders: count(tracked.orders),
                byLink: count(tracked.byLink),
                byCode: count(tracked.byCode),
                followUps: count(tracked.followUpsWithOrders),
                attributed: money(tracked.attributed),
                revenue: money(tracked.orderRevenue),
              })}
        </Text>
        <Text as="p" tone="subdued">
          {t("customers.tracked.rule", { count: attributionDays })}
        </Text>
        <Text as="h3" variant="headingSm">
          {t("customers.capEffect.title")}
        </Text>
        <Text as="p">
          {t("customers.capEffect.moved", {
            moved: count(data.summary?.heldByCap ?? 0),
            cap: data.settings.contactCap ? count(data.settings.contactCap) : "∞",
            count: data.settings.contactPeriodDays,
          })}
          {c.byContacts.length > 0
            ? ` ${t("customers.capEffect.byContacts", {
                list: c.byContacts
                  .map((b) =>
                    t("customers.capEffect.entry", {
                      contacts: b.contacts,
                      revenue: money(b.revenuePerCustomer),
                      customers: count(b.customers),
                    }),
                  )
                  .join(", "),
              })}`
            : ""}
        </Text>
      </BlockStack>
    </Card>
  );
}

function FollowUpTable({ data }: { data: Data }) {
  const [params, setParams] = useSearchParams();
  const { t } = useTranslation();
  const format = useFormat();
  const { count, day, percent } = format;
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  if (data.total === 0) {
    return (
      <EmptyState heading={t("customers.empty.heading")} image={EMPTY_STATE_IMAGE}>
        <p>{t("customers.empty.body")}</p>
      </EmptyState>
    );
  }
  const go = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    setParams(next, { preventScrollReset: true });
  };
  return (
    <BlockStack>
      <IndexTable
        resourceName={{ singular: t("customers.followUp"), plural: t("customers.followUps") }}
        itemCount={data.list.length}
        selectable={false}
        headings={[
          { title: t("customers.col.customer") },
          { title: t("customers.col.contact") },
          { title: t("customers.col.offers") },
        ]}
      >
        {data.list.map((r, i) => (
          <IndexTable.Row id={r.customerId} key={r.customerId} position={i}>
            <IndexTable.Cell>
              <BlockStack gap="100">
                <Text as="span" variant="bodyMd" fontWeight="semibold">
                  {t("customers.customerId", { id: r.customerId })}
                </Text>
                <InlineStack gap="100">
                  {r.holdout ? (
                    <Badge>{t("customers.badge.holdout")}</Badge>
                  ) : r.status === "due" ? (
                    <Badge tone="attention">{t("customers.badge.due")}</Badge>
                  ) : (
                    <Badge tone="info">{t("customers.badge.upcoming")}</Badge>
                  )}
                  {r.capped ? <Badge tone="warning">{t("customers.badge.cap")}</Badge> : null}
                  {r.quiet ? <Badge tone="warning">{t("customers.badge.quiet")}</Badge> : null}
                </InlineStack>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>{day(r.contactAt)}</IndexTable.Cell>
            <IndexTable.Cell>
              <BlockStack gap="100">
                {r.offers.map((o) => (
                  <Text as="p" key={o.productId}>
                    <b>{o.title ?? t("followUpReason.unknownProduct", { id: o.productId })}</b> ·{" "}
                    {percent(o.probability)} ·{" "}
                    {MOMENTS.includes(o.moment) ? t(`customers.moment.${o.moment}`) : o.moment}
                    <br />
                    <Text as="span" tone="subdued" variant="bodySm">
                      {followUpReasonText(o.why, t, format)}
                    </Text>
                  </Text>
                ))}
              </BlockStack>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
      <Box padding="300">
        <InlineStack align="center">
          <Pagination
            hasPrevious={data.page > 1}
            hasNext={data.page < pages}
            onPrevious={() => go(data.page - 1)}
            onNext={() => go(data.page + 1)}
            label={t("customers.page", { page: count(data.page), pages: count(pages), customers: count(data.total) })}
          />
        </InlineStack>
      </Box>
    </BlockStack>
  );
}

const METHODS: Record<string, string> = {
  Pairwise: "pairwise",
  "Most popular": "popular",
  "Buy again": "buyAgain",
  "Recency only": "recency",
};

function ModelCard({ validation }: { validation: Data["validation"] }) {
  const { t } = useTranslation();
  const { count, day, decimal } = useFormat();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("customers.model.title")}
        </Text>
        {!validation ? (
          <Text as="p">{t("customers.model.none")}</Text>
        ) : (
          <>
            <Text as="p" tone="subdued">
              {t("customers.model.explain", {
                cutoff: day(validation.cutoff),
                customers: count(validation.customers),
                count: validation.horizonDays,
                buyers: count(validation.buyers),
              })}
            </Text>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={[t("customers.model.method"), "AUC", `Precision@${validation.k}`, `Recall@${validation.k}`]}
              rows={validation.results.map((r) => [
                METHODS[r.method] ? t(`customers.model.methods.${METHODS[r.method]}`) : r.method,
                decimal(r.auc, 3),
                decimal(r.precisionAtK, 3),
                decimal(r.recallAtK, 3),
              ])}
            />
          </>
        )}
      </BlockStack>
    </Card>
  );
}

function DeliveryCard({ data }: { data: Data }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("customers.delivery.title")}
        </Text>
        <Text as="p">
          {t("customers.delivery.metafield")} <code>{`${NEXT_OFFERS_NAMESPACE}.${NEXT_OFFERS_KEY}`}</code>{" "}
          {data.definitionDeclared ? (
            <Badge tone="success">{t("customers.delivery.declared")}</Badge>
          ) : (
            <Badge>{t("customers.delivery.declaredOnSync")}</Badge>
          )}
          : {t("customers.delivery.metafieldUse")}{" "}
          <code>{"{{ customer.metafields.pairwise.next_offers.value.offers[0].title }}"}</code>.
        </Text>
        <Text as="p">
          {t("customers.delivery.tag")} <code>{FOLLOW_UP_DUE_TAG}</code>{" "}
          {t("customers.delivery.segment", { segment: FOLLOW_UP_SEGMENT_NAME })}{" "}
          {data.segmentId ? (
            <Badge tone="success">{t("customers.delivery.created")}</Badge>
          ) : (
            <Badge>{t("customers.delivery.createdOnSync")}</Badge>
          )}{" "}
          {t("customers.delivery.campaigns")}
        </Text>
        <Text as="p" tone="subdued">
          {t("customers.delivery.last", { date: dateTime(data.syncedAt) })}
        </Text>
      </BlockStack>
    </Card>
  );
}

function RulesCard({
  data,
  fetcher,
}: {
  data: Data;
  fetcher: ReturnType<typeof useFetcher<{ ok: boolean; message: string; errors?: Record<string, string> }>>;
}) {
  const [values, setValues] = useState(() =>
    Object.fromEntries(Object.entries(data.settings).map(([k, v]) => [k, String(v)])),
  );
  const errors = fetcher.data?.errors ?? {};
  const { t } = useTranslation();
  const { percent } = useFormat();
  const days = t("customers.form.days");
  const field = (name: keyof Data["settings"], label: string, help?: string, suffix?: string) => (
    <TextField
      label={label}
      type="number"
      name={name}
      value={values[name]}
      onChange={(v) => setValues((s) => ({ ...s, [name]: v }))}
      error={errors[name]}
      helpText={help}
      suffix={suffix}
      autoComplete="off"
    />
  );
  return (
    <Card>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="rules" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("customers.form.title")}
          </Text>
          <FormLayout>
            <FormLayout.Group>
              {field("maxOffers", t("customers.form.maxOffers"))}
              {field(
                "minProbabilityPercent",
                t("customers.form.minProbability"),
                t("customers.form.minProbabilityHelp"),
                "%",
              )}
              <Select
                label={t("customers.form.horizon")}
                name="horizonDays"
                options={[
                  { label: t("customers.form.daysCount", { count: 30 }), value: "30" },
                  { label: t("customers.form.daysCount", { count: 60 }), value: "60" },
                ]}
                value={values.horizonDays}
                onChange={(v) => setValues((s) => ({ ...s, horizonDays: v }))}
                error={errors.horizonDays}
              />
            </FormLayout.Group>
            <FormLayout.Group>
              {field("contactCap", t("customers.form.contactCap"), t("customers.form.contactCapHelp"))}
              {field("contactPeriodDays", t("customers.form.capPeriod"), undefined, days)}
              {field("quietDaysAfterRefund", t("customers.form.quiet"), undefined, days)}
              {field("holdoutPercent", t("customers.form.holdout"), t("customers.form.holdoutHelp"), "%")}
            </FormLayout.Group>
            <FormLayout.Group>
              {field("attributionDays", t("customers.form.attribution"), t("customers.form.attributionHelp"), days)}
              {field(
                "discountPercent",
                t("customers.form.discount"),
                data.canWriteDiscounts ? t("customers.form.discountHelp") : t("customers.form.discountScope"),
                "%",
              )}
            </FormLayout.Group>
          </FormLayout>
          <Text as="p" tone="subdued">
            {t("customers.form.note", { rate: percent(data.highReturnRate, 0) })}
          </Text>
          <InlineStack align="end">
            <Button
              submit
              variant="primary"
              loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "rules"}
            >
              {t("customers.form.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}

export function ErrorBoundary() {
  return <RouteError title="customers" />;
}
