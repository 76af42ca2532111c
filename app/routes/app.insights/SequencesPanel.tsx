// "Bought later": customers who came back for a second product, with the typical gap in days.
import { useTranslation } from "react-i18next";
import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { useFormat } from "../../components/format";
import { NumericCell } from "../../components/NumericCell";
import { ProductFilter, type SetParam } from "./ProductFilter";
import type { InsightsData } from "./route";

export function SequencesPanel({
  sequences,
  q,
  setParam,
}: {
  sequences: NonNullable<InsightsData["sequences"]>;
  q: InsightsData["q"];
  setParam: SetParam;
}) {
  const { t } = useTranslation();
  const { count, percent } = useFormat();
  return (
    <BlockStack gap="0">
      <div style={{ padding: 12 }}>
        <BlockStack gap="200">
          <ProductFilter value={q.product} setParam={setParam} />
          <Text as="p" tone="subdued" variant="bodySm">
            {t("insights.sequences.intro")}
          </Text>
        </BlockStack>
      </div>
      <IndexTable
        selectable={false}
        resourceName={{ singular: t("insights.sequences.one"), plural: t("insights.sequences.many") }}
        itemCount={sequences.length}
        emptyState={
          <div style={{ padding: 16 }}>
            <Text as="p">
              {q.product ? t("insights.sequences.noMatch", { product: q.product }) : t("insights.sequences.none")}
            </Text>
          </div>
        }
        headings={[
          { title: t("insights.sequences.first") },
          { title: t("insights.sequences.later") },
          { title: t("nav.customers"), alignment: "end" },
          { title: t("insights.sequences.share"), alignment: "end" },
          { title: t("insights.sequences.gap"), alignment: "end" },
          { title: "" },
        ]}
      >
        {sequences.map((s, i) => (
          <IndexTable.Row id={s.id} key={s.id} position={i}>
            <IndexTable.Cell>{s.productTitle}</IndexTable.Cell>
            <IndexTable.Cell>
              <InlineStack gap="100">
                <span>{s.recommendedTitle}</span>
                {s.repurchase ? <Badge>{t("insights.sequences.buysAgain")}</Badge> : null}
              </InlineStack>
            </IndexTable.Cell>
            <NumericCell>{count(s.customers)}</NumericCell>
            <NumericCell>{percent(s.confidence)}</NumericCell>
            <NumericCell>
              {s.gapDaysMedian == null ? "—" : t("insights.sequences.days", { count: Math.round(s.gapDaysMedian) })}
            </NumericCell>
            <IndexTable.Cell>
              <RemixLink
                to={`/app/offers/new?trigger=${encodeURIComponent(s.productId)}&offer=${encodeURIComponent(s.recommendedProductId)}`}
              >
                {t("offers.create")}
              </RemixLink>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </BlockStack>
  );
}
