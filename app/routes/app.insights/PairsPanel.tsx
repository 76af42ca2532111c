// "Bought together": the mined pairs a shopper can be offered, sortable and filterable, each with
// a link that starts an offer from the pair.
import { useTranslation } from "react-i18next";
import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, EmptyState, IndexTable, Pagination, Text, useBreakpoints } from "@shopify/polaris";
import { EMPTY_STATE_IMAGE } from "../../components/empty-state-image";
import { useFormat } from "../../components/format";
import { NumericCell } from "../../components/NumericCell";
import { ProductFilter, type SetParam } from "./ProductFilter";
import type { InsightsData } from "./route";

const SORT_COLUMNS: Record<number, string> = { 2: "count", 3: "support", 4: "confidence", 5: "lift", 6: "attachRate" };

export function PairsPanel({
  pairs,
  q,
  pageSize,
  setParam,
  minedAt,
}: {
  pairs: NonNullable<InsightsData["pairs"]>;
  q: InsightsData["q"];
  pageSize: number;
  setParam: SetParam;
  minedAt: string | null;
}) {
  const { smUp } = useBreakpoints();
  const { t } = useTranslation();
  const { count, dateTime, decimal, percent } = useFormat();
  const sortIndex = Number(Object.entries(SORT_COLUMNS).find(([, v]) => v === q.sort)?.[0] ?? 5);
  const pages = Math.max(1, Math.ceil(pairs.total / pageSize));
  if (pairs.total === 0 && !q.product) {
    return (
      <EmptyState
        heading={t("insights.pairs.emptyHeading")}
        action={{ content: t("insights.pairs.emptyAction"), url: "/app/insights?tab=sync" }}
        image={EMPTY_STATE_IMAGE}
      >
        <p>{t("insights.pairs.emptyBody")}</p>
      </EmptyState>
    );
  }
  const offerLink = (p: (typeof pairs.pairs)[number]) =>
    `/app/offers/new?trigger=${encodeURIComponent(p.productId)}&offer=${encodeURIComponent(p.recommendedProductId)}`;
  return (
    <BlockStack gap="0">
      <div style={{ padding: 12 }}>
        <BlockStack gap="200">
          <ProductFilter value={q.product} setParam={setParam} />
          <Text as="p" tone="subdued" variant="bodySm">
            {t("insights.pairs.intro", { count: pairs.total, n: count(pairs.total), at: dateTime(minedAt) })}
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            {t("insights.pairs.plainWords")}{" "}
            {(["orders", "support", "confidence", "lift", "attachRate"] as const).map((term) => (
              <span key={term}>
                <b>{t(`insights.pairs.col.${term}`)}</b>: {t(`insights.pairs.explain.${term}`)}{" "}
              </span>
            ))}
          </Text>
        </BlockStack>
      </div>
      <IndexTable
        condensed={!smUp}
        selectable={false}
        resourceName={{ singular: t("insights.pairs.one"), plural: t("insights.pairs.many") }}
        itemCount={pairs.pairs.length}
        sortable={[false, false, true, true, true, true, true, false]}
        sortColumnIndex={sortIndex}
        sortDirection={q.dir === "asc" ? "ascending" : "descending"}
        // figures: the first click shows the largest first
        defaultSortDirection="descending"
        onSort={(index, direction) =>
          setParam({ sort: SORT_COLUMNS[index] ?? "lift", dir: direction === "ascending" ? "asc" : "desc", page: null })
        }
        emptyState={
          <div style={{ padding: 16 }}>
            <Text as="p">{t("insights.pairs.noMatch", { product: q.product })}</Text>
          </div>
        }
        headings={[
          { title: t("insights.pairs.col.who") },
          { title: t("insights.pairs.col.alsoBuy") },
          { title: t("insights.pairs.col.orders"), alignment: "end" },
          { title: t("insights.pairs.col.support"), alignment: "end" },
          { title: t("insights.pairs.col.confidence"), alignment: "end" },
          { title: t("insights.pairs.col.lift"), alignment: "end" },
          { title: t("insights.pairs.col.attachRate"), alignment: "end" },
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
                <RemixLink
                  to={offerLink(p)}
                  aria-label={t("insights.pairs.createAria", { a: p.productTitle, b: p.recommendedTitle })}
                >
                  {t("offers.create")}
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
                    {t("insights.pairs.compact", {
                      count: p.count,
                      lift: decimal(p.lift),
                      confidence: percent(p.confidence),
                      n: count(p.count),
                    })}
                  </Text>
                  <RemixLink to={offerLink(p)}>{t("offers.create")}</RemixLink>
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
            label={t("insights.page", { page: q.page, pages })}
          />
        </div>
      ) : null}
    </BlockStack>
  );
}
