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
import { z } from "zod";
import { EMPTY_STATE_IMAGE } from "../components/empty-state-image";
import { count, dateTime, day, percent } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { StatCard } from "../components/StatCard";
import { useToast } from "../components/useToast";
import { customersQuerySchema, followUpRulesSchema } from "../lib/forms/customers";
import { fieldErrors, readInput } from "../lib/forms/input";
import { formatMoney } from "../lib/money";
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
  const input = await readInput(request);
  const intent = intentSchema.safeParse(input);
  if (!intent.success) return Response.json({ ok: false, message: "Unknown action" }, { status: 400 });
  if (intent.data.intent === "rules") {
    const parsed = followUpRulesSchema.safeParse(input);
    if (!parsed.success)
      return Response.json(
        { ok: false, message: "Check the highlighted fields", errors: fieldErrors(parsed.error) },
        { status: 400 },
      );
    await saveFollowUpRules(session.shop, parsed.data);
    return Response.json({ ok: true, message: "Rules saved; they apply from the next computation" });
  }
  if (intent.data.intent === "recompute") {
    const result = await startMining(session.shop);
    return result.started
      ? Response.json({ ok: true, message: "Mining and follow-ups are being recomputed" })
      : Response.json({ ok: false, message: result.reason }, { status: 409 });
  }
  const result = await deliverFollowUps(session.shop, admin);
  return result.error
    ? Response.json({ ok: false, message: result.error }, { status: 502 })
    : Response.json({
        ok: true,
        message: `Synced: ${result.metafieldsSet} metafields written, ${result.tagsAdded} tagged, ${result.tagsRemoved} untagged${result.remaining ? `, ${result.remaining} left for the next run` : ""}`,
      });
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

const TABS = [
  { id: "all", content: "Planned" },
  { id: "due", content: "Due now" },
  { id: "upcoming", content: "Upcoming" },
  { id: "holdout", content: "Holdout" },
] as const;

const MOMENTS: Record<string, string> = {
  day_1: "Day 1",
  day_7: "Day 7",
  day_30: "Day 30",
  replenishment: "Replenishment date",
};

export default function Customers() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<{ ok: boolean; message: string; errors?: Record<string, string> }>();
  const { show, toastMarkup } = useToast();
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
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
      show(`The export failed: ${error instanceof Error ? error.message : String(error)}`, { error: true });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Page
      title="Customers"
      subtitle="The right product for the right customer at the right time: next best offers for customers who ordered before."
      primaryAction={{
        content: "Export CSV",
        onAction: exportCsv,
        loading: exporting,
        disabled: data.total === 0 && status === "all",
      }}
      secondaryActions={[
        { content: "Recompute now", onAction: () => fetcher.submit({ intent: "recompute" }, { method: "post" }) },
        {
          content: "Sync to Shopify",
          onAction: () => fetcher.submit({ intent: "sync" }, { method: "post" }),
          disabled: !data.canWriteCustomers,
        },
      ]}
    >
      <PageLoading />
      <BlockStack gap="400">
        {!data.computedAt ? (
          <Banner tone="info" title="No follow-ups computed yet">
            <p>
              Pairwise computes next best offers for every customer after each mining run. Choose “Recompute now” to
              start one.
            </p>
          </Banner>
        ) : null}
        {data.syncError ? (
          <Banner tone="critical" title="The last delivery to Shopify failed">
            <p>{data.syncError}</p>
          </Banner>
        ) : null}
        {!data.canWriteCustomers ? (
          <Banner tone="warning" title="Pairwise cannot write customer metafields and tags yet">
            <p>
              Approve the write_customers access scope (Shopify asks when the app is updated); until then follow-ups are
              computed and can be exported as CSV.
            </p>
          </Banner>
        ) : null}

        <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
          <StatCard
            label="Due for a follow-up"
            value={count(summary?.due ?? 0)}
            detail={`Tagged “${FOLLOW_UP_DUE_TAG}” in Shopify`}
            source="orders"
          />
          <StatCard
            label="Upcoming"
            value={count(summary?.upcoming ?? 0)}
            detail={`Within ${data.settings.horizonDays} days`}
            source="orders"
          />
          <StatCard
            label="Held back by the contact cap"
            value={count(summary?.heldByCap ?? 0)}
            detail={`At most ${data.settings.contactCap || "∞"} per ${data.settings.contactPeriodDays} days`}
            source="orders"
          />
          <StatCard
            label="Customers scored"
            value={count(summary?.customers ?? 0)}
            detail={data.computedAt ? `Computed ${dateTime(data.computedAt)}` : "Not computed yet"}
            source="orders"
          />
        </InlineGrid>

        <Card padding="0">
          <Tabs
            tabs={TABS.map((t) => ({ ...t, panelID: `${t.id}-panel` }))}
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
                  Effect of the rules
                </Text>
                <DataTable
                  columnContentTypes={["text", "numeric"]}
                  headings={["Rule", "Customers or offers"]}
                  rows={[
                    [
                      `Contact cap (${data.settings.contactCap || "no cap"} per ${data.settings.contactPeriodDays} days): due customers moved later`,
                      count(summary?.heldByCap ?? 0),
                    ],
                    [
                      `Quiet time after a refund (${data.settings.quietDaysAfterRefund} days): due customers moved later`,
                      count(summary?.heldByQuiet ?? 0),
                    ],
                    [
                      `Problem customers left out (return rate above ${percent(data.highReturnRate, 0)})`,
                      count(summary?.problemCustomers ?? 0),
                    ],
                    ["Holdout customers (never contacted)", count(summary?.holdout ?? 0)],
                    ["Offers dropped: already owned", count(summary?.dropped.owned ?? 0)],
                    ["Offers dropped: declined before", count(summary?.dropped.declined ?? 0)],
                    ["Offers dropped: out of stock, draft or excluded", count(summary?.dropped.unsellable ?? 0)],
                    [
                      `Offers dropped: probability under ${data.settings.minProbabilityPercent}%`,
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
  const money = (cents: number) => formatMoney(Math.round(cents), data.moneyFormat);
  const signed = (cents: number) => `${cents >= 0 ? "+" : "−"}${money(Math.abs(cents))}`;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Results of follow-ups sent
        </Text>
        <Text as="p" tone="subdued">
          Customers whose follow-up moment came since {day(since)}, against the holdout ({data.settings.holdoutPercent}%
          of due customers, who never get one): every order of theirs from their first follow-up to {attributionDays}{" "}
          days after their last, net of discounts and refunds.
        </Text>
        {c.followedUp.customers === 0 ? (
          <Text as="p">No follow-up has been delivered yet.</Text>
        ) : (
          <>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
              headings={["Group", "Customers", "Bought a followed-up product", "Revenue", "Revenue per customer"]}
              rows={[
                [
                  "Followed up",
                  count(c.followedUp.customers),
                  `${count(c.followedUp.converted)} (${percent(c.followedUp.conversion)})`,
                  money(c.followedUp.revenue),
                  money(c.followedUp.revenuePerCustomer),
                ],
                [
                  "Holdout (not sent)",
                  count(c.holdout.customers),
                  `${count(c.holdout.converted)} (${percent(c.holdout.conversion)})`,
                  money(c.holdout.revenue),
                  money(c.holdout.revenuePerCustomer),
                ],
              ]}
            />
            <Text as="p">
              Revenue per customer {signed(c.difference)} against the holdout
              {c.ci ? (
                <>
                  {" "}
                  (95% confidence: {signed(c.ci[0])} to {signed(c.ci[1])}, valid whenever you look)
                </>
              ) : (
                " (too few customers for a confidence interval yet)"
              )}
              .{" "}
              {c.significant ? (
                <Badge tone={c.difference > 0 ? "success" : "critical"}>
                  {c.difference > 0 ? "Follow-ups add revenue" : "Follow-ups cost revenue"}
                </Badge>
              ) : (
                <Badge>Not distinguishable from the holdout yet</Badge>
              )}{" "}
              Beyond the holdout’s level: <b>{signed(c.incrementalRevenue)}</b>.
            </Text>
          </>
        )}
        <Text as="h3" variant="headingSm">
          Orders from follow-up links and codes
        </Text>
        <Text as="p">
          {tracked.orders === 0
            ? "No order has come from a follow-up’s link or code yet."
            : `${count(tracked.orders)} orders (${count(tracked.byLink)} through a link, ${count(tracked.byCode)} with a follow-up’s code) from ${count(tracked.followUpsWithOrders)} follow-ups: ${money(tracked.attributed)} attributed to the followed-up products, net of discounts and refunds, of ${money(tracked.orderRevenue)} in those orders.`}
        </Text>
        <Text as="p" tone="subdued">
          Only the customer’s own order counts, placed within {attributionDays} days after the follow-up’s moment; a
          link or code someone else uses, or a `_pairwise` parameter Pairwise did not issue, counts for nothing.
        </Text>
        <Text as="h3" variant="headingSm">
          The contact cap’s effect
        </Text>
        <Text as="p">
          {count(data.summary?.heldByCap ?? 0)} due customers moved later by the cap (at most{" "}
          {data.settings.contactCap || "∞"} follow-ups per {data.settings.contactPeriodDays} days) in the last
          computation.
          {c.byContacts.length > 0
            ? ` Revenue per followed-up customer by follow-ups received in the period: ${c.byContacts.map((b) => `${b.contacts} → ${money(b.revenuePerCustomer)} (${count(b.customers)} customers)`).join(", ")} — not randomised, so a guide, not a verdict.`
            : ""}
        </Text>
      </BlockStack>
    </Card>
  );
}

function FollowUpTable({ data }: { data: Data }) {
  const [params, setParams] = useSearchParams();
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  if (data.total === 0) {
    return (
      <EmptyState heading="No follow-ups here" image={EMPTY_STATE_IMAGE}>
        <p>Follow-ups appear when a customer’s history points to a product they are likely to buy next.</p>
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
        resourceName={{ singular: "follow-up", plural: "follow-ups" }}
        itemCount={data.list.length}
        selectable={false}
        headings={[
          { title: "Customer" },
          { title: "Contact" },
          { title: "Next best offers (reason, purchase probability)" },
        ]}
      >
        {data.list.map((r, i) => (
          <IndexTable.Row id={r.customerId} key={r.customerId} position={i}>
            <IndexTable.Cell>
              <BlockStack gap="100">
                <Text as="span" variant="bodyMd" fontWeight="semibold">
                  Customer {r.customerId}
                </Text>
                <InlineStack gap="100">
                  {r.holdout ? (
                    <Badge>Holdout</Badge>
                  ) : r.status === "due" ? (
                    <Badge tone="attention">Due</Badge>
                  ) : (
                    <Badge tone="info">Upcoming</Badge>
                  )}
                  {r.capped ? <Badge tone="warning">Contact cap</Badge> : null}
                  {r.quiet ? <Badge tone="warning">Quiet after refund</Badge> : null}
                </InlineStack>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>{day(r.contactAt)}</IndexTable.Cell>
            <IndexTable.Cell>
              <BlockStack gap="100">
                {r.offers.map((o) => (
                  <Text as="p" key={o.productId}>
                    <b>{o.title}</b> · {percent(o.probability)} · {MOMENTS[o.moment] ?? o.moment}
                    <br />
                    <Text as="span" tone="subdued" variant="bodySm">
                      {o.reason}
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
            label={`Page ${data.page} of ${pages} · ${count(data.total)} customers`}
          />
        </InlineStack>
      </Box>
    </BlockStack>
  );
}

const METHOD_NOTES: Record<string, string> = {
  Pairwise: "this model: several factors",
  "Most popular": "the shop's best-sellers",
  "Buy again": "what they bought most often",
  "Recency only": "how recently they ordered",
};

function ModelCard({ validation }: { validation: Data["validation"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          How good the purchase probabilities are
        </Text>
        {!validation ? (
          <Text as="p">Shown after the first computation.</Text>
        ) : (
          <>
            <Text as="p" tone="subdued">
              Judged on a later window than the model learned from: learned up to {day(validation.cutoff)}, then
              compared with what {count(validation.customers)} customers bought in the next {validation.horizonDays}{" "}
              days ({count(validation.buyers)} bought). AUC: the chance that a product the customer bought scores above
              one they did not.
            </Text>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={["Method", "AUC", `Precision@${validation.k}`, `Recall@${validation.k}`]}
              rows={validation.results.map((r) => [
                `${r.method === "Pairwise" ? "Pairwise" : r.method} (${METHOD_NOTES[r.method] ?? ""})`,
                r.auc == null ? "—" : r.auc.toFixed(3),
                r.precisionAtK.toFixed(3),
                r.recallAtK.toFixed(3),
              ])}
            />
          </>
        )}
      </BlockStack>
    </Card>
  );
}

function DeliveryCard({ data }: { data: Data }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Where follow-ups go
        </Text>
        <Text as="p">
          Customer metafield <code>{`${NEXT_OFFERS_NAMESPACE}.${NEXT_OFFERS_KEY}`}</code>{" "}
          {data.definitionDeclared ? <Badge tone="success">Declared</Badge> : <Badge>Declared on first sync</Badge>}:
          products, reasons and due dates, for Shopify Email, Shopify Flow, Klaviyo and other tools that read customer
          metafields, e.g. <code>{"{{ customer.metafields.pairwise.next_offers.value.offers[0].title }}"}</code>.
        </Text>
        <Text as="p">
          Tag <code>{FOLLOW_UP_DUE_TAG}</code> on customers due now, and the segment “{FOLLOW_UP_SEGMENT_NAME}”{" "}
          {data.segmentId ? <Badge tone="success">Created</Badge> : <Badge>Created on first sync</Badge>} for campaigns.
          Holdout customers get neither.
        </Text>
        <Text as="p" tone="subdued">
          Last delivered to Shopify: {dateTime(data.syncedAt)}. Follow-ups are recomputed after every mining run and
          delivered right after.
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
            Follow-up rules
          </Text>
          <FormLayout>
            <FormLayout.Group>
              {field("maxOffers", "Offers per customer")}
              {field("minProbabilityPercent", "Minimum purchase probability", "Better no offer than a bad one", "%")}
              <Select
                label="Probability horizon"
                name="horizonDays"
                options={[
                  { label: "30 days", value: "30" },
                  { label: "60 days", value: "60" },
                ]}
                value={values.horizonDays}
                onChange={(v) => setValues((s) => ({ ...s, horizonDays: v }))}
                error={errors.horizonDays}
              />
            </FormLayout.Group>
            <FormLayout.Group>
              {field(
                "contactCap",
                "Contact cap",
                "Follow-ups per customer per period, across all of Pairwise's follow-ups (0 = no cap)",
              )}
              {field("contactPeriodDays", "Cap period", undefined, "days")}
              {field("quietDaysAfterRefund", "Quiet time after a refund", undefined, "days")}
              {field(
                "holdoutPercent",
                "Customer holdout",
                "Customers who never get a follow-up, to measure against",
                "%",
              )}
            </FormLayout.Group>
            <FormLayout.Group>
              {field(
                "attributionDays",
                "Attribution window",
                "An order from a follow-up's link or code counts this many days after the follow-up's moment",
                "days",
              )}
              {field(
                "discountPercent",
                "Follow-up discount code",
                data.canWriteDiscounts
                  ? "0 = none; otherwise each due follow-up gets a one-use code for its customer and products, in the metafield"
                  : "Needs the write_discounts access scope",
                "%",
              )}
            </FormLayout.Group>
          </FormLayout>
          <Text as="p" tone="subdued">
            Problem customers (return rate above {percent(data.highReturnRate, 0)}, set in Settings) never get
            follow-ups. Owned products are offered again only when customers replenish them; declined and out-of-stock
            products never.
          </Text>
          <InlineStack align="end">
            <Button
              submit
              variant="primary"
              loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "rules"}
            >
              Save rules
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
