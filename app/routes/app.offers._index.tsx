// Offers list: status, type, placements, impressions, acceptance rate, revenue; filters in the
// URL; bulk activate, pause and delete (only ever the caller's own rows).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  ChoiceList,
  EmptyState,
  Filters,
  IndexTable,
  InlineStack,
  Link,
  Modal,
  Page,
  Text,
  useBreakpoints,
  useIndexResourceState,
} from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { EMPTY_STATE_IMAGE } from "../components/empty-state-image";
import { count, percent } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { StatusBadge } from "../components/StatusBadge";
import { useToast } from "../components/useToast";
import { fieldErrors, readInput } from "../lib/forms/input";
import { bulkActionSchema, PLACEMENT_LABELS, TYPE_LABELS } from "../lib/forms/offer";
import { formatMoney } from "../lib/money";
import {
  countOffers,
  deleteOffers,
  listOffers,
  offerListFilterSchema,
  setOfferStatus,
} from "../services/admin/offers.server";
import { rulesChanged } from "../services/discounts/index.server";
import { shopMoneyFormat } from "../services/admin/settings.server";
import { authenticate } from "../shopify.server";
import { NumericCell } from "../components/NumericCell";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const filter = offerListFilterSchema.parse(Object.fromEntries(url.searchParams));
  const [offers, moneyFormat, total] = await Promise.all([
    listOffers(session.shop, filter),
    shopMoneyFormat(session.shop),
    countOffers(session.shop),
  ]);
  return { offers, moneyFormat, total, filter };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = bulkActionSchema.safeParse(await readInput(request, ["ids"]));
  if (!parsed.success) return Response.json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const { intent, ids } = parsed.data;
  if (intent === "delete") {
    const n = await deleteOffers(session.shop, ids);
    await rulesChanged(session.shop, admin);
    return Response.json({ ok: true, message: `${n} ${n === 1 ? "offer" : "offers"} deleted`, count: n });
  }
  const n = await setOfferStatus(session.shop, ids, intent === "activate" ? "active" : "paused");
  await rulesChanged(session.shop, admin);
  return Response.json({
    ok: true,
    message: `${n} ${n === 1 ? "offer" : "offers"} ${intent === "activate" ? "activated" : "paused"}`,
    count: n,
  });
};

const STATUS_CHOICES = [
  { label: "Active", value: "active" },
  { label: "Paused", value: "paused" },
  { label: "Draft", value: "draft" },
];
const TYPE_CHOICES = [
  { label: "Cross-sell", value: "cross_sell" },
  { label: "Upsell", value: "upsell" },
];
const PLACEMENT_CHOICES = Object.entries(PLACEMENT_LABELS).map(([value, label]) => ({ label, value }));

export default function Offers() {
  const { offers, moneyFormat, total } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ ok?: boolean; message?: string; errors?: Record<string, string> }>();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const submit = useSubmit();
  const { show, toastMarkup } = useToast();
  const { smUp } = useBreakpoints();
  const [query, setQuery] = useState(params.get("q") ?? "");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(offers);

  useEffect(() => {
    if (actionData?.message) {
      show(actionData.message);
      clearSelection();
    } else if (actionData?.errors) show(Object.values(actionData.errors)[0], { error: true });
  }, [actionData, show, clearSelection]);
  useEffect(() => {
    if (params.get("deleted")) {
      show("Offer deleted");
      const next = new URLSearchParams(params);
      next.delete("deleted");
      setParams(next, { replace: true });
    }
  }, [params, setParams, show]);

  const setFilter = useCallback(
    (key: string, value: string | null) => {
      const next = new URLSearchParams(params);
      if (value) next.set(key, value);
      else next.delete(key);
      setParams(next, { replace: true });
    },
    [params, setParams],
  );
  useEffect(() => {
    const handle = setTimeout(() => {
      if ((params.get("q") ?? "") !== query) setFilter("q", query || null);
    }, 300);
    return () => clearTimeout(handle);
  }, [query, params, setFilter]);

  const bulk = (intent: "activate" | "pause" | "delete") =>
    submit({ intent, ids: selectedResources }, { method: "post" });
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app/offers";

  const filters = [
    {
      key: "status",
      label: "Status",
      filter: (
        <ChoiceList
          title="Status"
          titleHidden
          choices={STATUS_CHOICES}
          selected={params.get("status") ? [params.get("status")!] : []}
          onChange={(v) => setFilter("status", v[0] ?? null)}
        />
      ),
      shortcut: true,
    },
    {
      key: "type",
      label: "Type",
      filter: (
        <ChoiceList
          title="Type"
          titleHidden
          choices={TYPE_CHOICES}
          selected={params.get("type") ? [params.get("type")!] : []}
          onChange={(v) => setFilter("type", v[0] ?? null)}
        />
      ),
      shortcut: true,
    },
    {
      key: "placement",
      label: "Placement",
      filter: (
        <ChoiceList
          title="Placement"
          titleHidden
          choices={PLACEMENT_CHOICES}
          selected={params.get("placement") ? [params.get("placement")!] : []}
          onChange={(v) => setFilter("placement", v[0] ?? null)}
        />
      ),
      shortcut: true,
    },
  ];
  const appliedFilters = (["status", "type", "placement"] as const)
    .filter((k) => params.get(k))
    .map((k) => {
      const v = params.get(k)!;
      const label =
        k === "status"
          ? STATUS_CHOICES.find((c) => c.value === v)?.label
          : k === "type"
            ? TYPE_LABELS[v as keyof typeof TYPE_LABELS]
            : PLACEMENT_LABELS[v as keyof typeof PLACEMENT_LABELS];
      return { key: k, label: `${k[0].toUpperCase()}${k.slice(1)}: ${label ?? v}`, onRemove: () => setFilter(k, null) };
    });

  if (total === 0) {
    return (
      <Page title="Offers">
        <PageLoading />
        <Card>
          <EmptyState
            heading="Create your first offer"
            action={{ content: "Create offer", url: "/app/offers/new" }}
            secondaryAction={{ content: "See what sells together", url: "/app/insights" }}
            image={EMPTY_STATE_IMAGE}
          >
            <p>
              Offers show shoppers the products that go with what they are buying, where you choose: product page, cart,
              checkout or after the purchase.
            </p>
          </EmptyState>
        </Card>
        {toastMarkup}
      </Page>
    );
  }

  const rows = offers.map((o, index) =>
    !smUp ? (
      <IndexTable.Row id={o.id} key={o.id} position={index} selected={selectedResources.includes(o.id)}>
        <div style={{ padding: "12px 16px" }}>
          <BlockStack gap="100">
            <InlineStack align="space-between" gap="200" wrap={false}>
              <Link url={`/app/offers/${o.id}`} removeUnderline monochrome dataPrimaryLink>
                <Text as="span" fontWeight="semibold">
                  {o.name}
                </Text>
              </Link>
              <StatusBadge status={o.status} />
            </InlineStack>
            <Text as="span" tone="subdued" variant="bodySm">
              {TYPE_LABELS[o.type as keyof typeof TYPE_LABELS] ?? o.type} ·{" "}
              {o.placements.map((p) => PLACEMENT_LABELS[p as keyof typeof PLACEMENT_LABELS] ?? p).join(", ")}
            </Text>
            <Text as="span" variant="bodySm">
              {count(o.impressions)} impressions · {percent(o.acceptanceRate)} accepted ·{" "}
              {formatMoney(o.revenue, moneyFormat)}
            </Text>
          </BlockStack>
        </div>
      </IndexTable.Row>
    ) : (
      <IndexTable.Row id={o.id} key={o.id} position={index} selected={selectedResources.includes(o.id)}>
        <IndexTable.Cell>
          <Link url={`/app/offers/${o.id}`} removeUnderline monochrome dataPrimaryLink>
            <Text as="span" fontWeight="semibold">
              {o.name}
            </Text>
          </Link>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <StatusBadge status={o.status} />
        </IndexTable.Cell>
        <IndexTable.Cell>{TYPE_LABELS[o.type as keyof typeof TYPE_LABELS] ?? o.type}</IndexTable.Cell>
        <IndexTable.Cell>
          <InlineStack gap="100" wrap>
            {o.placements.map((p) => (
              <Badge key={p}>{PLACEMENT_LABELS[p as keyof typeof PLACEMENT_LABELS] ?? p}</Badge>
            ))}
          </InlineStack>
        </IndexTable.Cell>
        <NumericCell>{count(o.impressions)}</NumericCell>
        <NumericCell>{percent(o.acceptanceRate)}</NumericCell>
        <NumericCell>{formatMoney(o.revenue, moneyFormat)}</NumericCell>
      </IndexTable.Row>
    ),
  );

  return (
    <Page title="Offers" primaryAction={{ content: "Create offer", url: "/app/offers/new" }} fullWidth={false}>
      <PageLoading />
      <BlockStack gap="400">
        <Card padding="0">
          <div style={{ padding: "12px 12px 0" }}>
            <Filters
              queryValue={query}
              queryPlaceholder="Search offers"
              onQueryChange={setQuery}
              onQueryClear={() => setQuery("")}
              filters={filters}
              appliedFilters={appliedFilters}
              onClearAll={() => {
                setQuery("");
                setParams(new URLSearchParams(), { replace: true });
              }}
            />
          </div>
          <IndexTable
            condensed={!smUp}
            resourceName={{ singular: "offer", plural: "offers" }}
            itemCount={offers.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            loading={loading}
            emptyState={
              <BlockStack gap="200" inlineAlign="center">
                <Text as="p" variant="headingMd">
                  No offers match these filters
                </Text>
                <Text as="p" tone="subdued">
                  Change or clear the filters to see your offers.
                </Text>
              </BlockStack>
            }
            promotedBulkActions={[
              { content: "Activate", onAction: () => bulk("activate") },
              { content: "Pause", onAction: () => bulk("pause") },
            ]}
            bulkActions={[{ content: "Delete offers", onAction: () => setConfirmDelete(true) }]}
            headings={[
              { title: "Offer" },
              { title: "Status" },
              { title: "Type" },
              { title: "Placements" },
              { title: "Impressions", alignment: "end" },
              { title: "Acceptance rate", alignment: "end" },
              { title: "Revenue (all time)", alignment: "end" },
            ]}
          >
            {rows}
          </IndexTable>
        </Card>
        <Text as="p" tone="subdued" variant="bodySm">
          Acceptance rate = acceptances ÷ impressions, from storefront events that shoppers’ browsers report. Revenue =
          attributed revenue of the order lines sold through the offer, net of discounts and refunds, from Shopify’s
          orders.
        </Text>
      </BlockStack>
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete ${selectedResources.length} ${selectedResources.length === 1 ? "offer" : "offers"}?`}
        primaryAction={{
          content: "Delete",
          destructive: true,
          onAction: () => {
            setConfirmDelete(false);
            bulk("delete");
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">The offers stop showing at once. This cannot be undone.</Text>
        </Modal.Section>
      </Modal>
      {toastMarkup}
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="The offers list" />;
}
