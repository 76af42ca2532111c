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
import { useTranslation } from "react-i18next";
import { useFormat } from "../components/format";
import { tFor } from "../i18n/i18n";
import { requestLocale } from "../i18n/locale.server";
import { translateErrors } from "../i18n/messages";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { StatusBadge } from "../components/StatusBadge";
import { useToast } from "../components/useToast";
import { fieldErrors, readInput } from "../lib/forms/input";
import { bulkActionSchema, PLACEMENTS } from "../lib/forms/offer";
import {
  countOffers,
  deleteOffers,
  listOffers,
  offerListFilterSchema,
  setOfferStatus,
} from "../services/admin/offers.server";
import { rulesChanged } from "../services/discounts/index.server";
import { authenticate } from "../shopify.server";
import { NumericCell } from "../components/NumericCell";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const filter = offerListFilterSchema.parse(Object.fromEntries(url.searchParams));
  const [offers, total] = await Promise.all([listOffers(session.shop, filter), countOffers(session.shop)]);
  return { offers, total, filter };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const t = tFor(requestLocale(request));
  const parsed = bulkActionSchema.safeParse(await readInput(request, ["ids"]));
  if (!parsed.success) return Response.json({ errors: translateErrors(t, fieldErrors(parsed.error)) }, { status: 400 });
  const { intent, ids } = parsed.data;
  if (intent === "delete") {
    const n = await deleteOffers(session.shop, ids);
    await rulesChanged(session.shop, admin);
    return Response.json({ ok: true, message: t("offers.toast.deleted", { count: n }), count: n });
  }
  const n = await setOfferStatus(session.shop, ids, intent === "activate" ? "active" : "paused");
  await rulesChanged(session.shop, admin);
  return Response.json({
    ok: true,
    message: intent === "activate" ? t("offers.toast.activated", { count: n }) : t("offers.toast.paused", { count: n }),
    count: n,
  });
};

const STATUSES = ["active", "paused", "draft"];
const TYPES = ["cross_sell", "upsell"];

export default function Offers() {
  const { offers, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { count, percent, money } = useFormat();
  const STATUS_CHOICES = STATUSES.map((value) => ({ label: t(`status.${value}`), value }));
  const TYPE_CHOICES = TYPES.map((value) => ({ label: t(`offerType.${value}`), value }));
  const PLACEMENT_CHOICES = PLACEMENTS.map((value) => ({ label: t(`placement.${value}`), value }));
  const typeLabel = (type: string) => t(`offerType.${type}`, { defaultValue: type });
  const placementLabel = (p: string) => t(`placement.${p}`, { defaultValue: p });
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
      show(t("offers.toast.deletedOne"));
      const next = new URLSearchParams(params);
      next.delete("deleted");
      setParams(next, { replace: true });
    }
  }, [params, setParams, show, t]);

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
      label: t("offers.col.status"),
      filter: (
        <ChoiceList
          title={t("offers.col.status")}
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
      label: t("offers.col.type"),
      filter: (
        <ChoiceList
          title={t("offers.col.type")}
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
      label: t("placementFigures.placement"),
      filter: (
        <ChoiceList
          title={t("placementFigures.placement")}
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
            ? typeLabel(v)
            : placementLabel(v);
      const name = k === "placement" ? t("placementFigures.placement") : t(`offers.col.${k}`);
      return { key: k, label: `${name}: ${label ?? v}`, onRemove: () => setFilter(k, null) };
    });

  if (total === 0) {
    return (
      <Page title={t("nav.offers")}>
        <PageLoading />
        <Card>
          <EmptyState
            heading={t("offers.empty.heading")}
            action={{ content: t("offers.create"), url: "/app/offers/new" }}
            secondaryAction={{ content: t("offers.empty.secondary"), url: "/app/insights" }}
            image={EMPTY_STATE_IMAGE}
          >
            <p>{t("offers.empty.body")}</p>
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
              {typeLabel(o.type)} · {o.placements.map(placementLabel).join(", ")}
            </Text>
            <Text as="span" variant="bodySm">
              {t("offers.compactFigures", {
                count: o.impressions,
                n: count(o.impressions),
                rate: percent(o.acceptanceRate),
                revenue: money(o.revenue),
              })}
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
        <IndexTable.Cell>{typeLabel(o.type)}</IndexTable.Cell>
        <IndexTable.Cell>
          <InlineStack gap="100" wrap>
            {o.placements.map((p) => (
              <Badge key={p}>{placementLabel(p)}</Badge>
            ))}
          </InlineStack>
        </IndexTable.Cell>
        <NumericCell>{count(o.impressions)}</NumericCell>
        <NumericCell>{percent(o.acceptanceRate)}</NumericCell>
        <NumericCell>{money(o.revenue)}</NumericCell>
      </IndexTable.Row>
    ),
  );

  return (
    <Page
      title={t("nav.offers")}
      primaryAction={{ content: t("offers.create"), url: "/app/offers/new" }}
      fullWidth={false}
    >
      <PageLoading />
      <BlockStack gap="400">
        <Card padding="0">
          <div style={{ padding: "12px 12px 0" }}>
            <Filters
              queryValue={query}
              queryPlaceholder={t("offers.search")}
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
            resourceName={{ singular: t("offers.resourceOne"), plural: t("offers.resourceMany") }}
            itemCount={offers.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            loading={loading}
            emptyState={
              <BlockStack gap="200" inlineAlign="center">
                <Text as="p" variant="headingMd">
                  {t("offers.noMatch.heading")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("offers.noMatch.body")}
                </Text>
              </BlockStack>
            }
            promotedBulkActions={[
              { content: t("offer.activate"), onAction: () => bulk("activate") },
              { content: t("offer.pause"), onAction: () => bulk("pause") },
            ]}
            bulkActions={[{ content: t("offers.deleteOffers"), onAction: () => setConfirmDelete(true) }]}
            headings={[
              { title: t("offers.col.offer") },
              { title: t("offers.col.status") },
              { title: t("offers.col.type") },
              { title: t("offerForm.placements") },
              { title: t("placementFigures.impressions"), alignment: "end" },
              { title: t("placementFigures.rate"), alignment: "end" },
              { title: t("offers.col.revenue"), alignment: "end" },
            ]}
          >
            {rows}
          </IndexTable>
        </Card>
        <Text as="p" tone="subdued" variant="bodySm">
          {t("offers.definitions")}
        </Text>
      </BlockStack>
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t("offers.deleteTitle", { count: selectedResources.length })}
        primaryAction={{
          content: t("common.delete"),
          destructive: true,
          onAction: () => {
            setConfirmDelete(false);
            bulk("delete");
          },
        }}
        secondaryActions={[{ content: t("common.cancel"), onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">{t("offers.deleteBody")}</Text>
        </Modal.Section>
      </Modal>
      {toastMarkup}
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="offers" />;
}
