// "Bought later": customers who came back for a second product, with the typical gap in days.
import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { count, percent } from "../../components/format";
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
  return (
    <BlockStack gap="0">
      <div style={{ padding: 12 }}>
        <BlockStack gap="200">
          <ProductFilter value={q.product} setParam={setParam} />
          <Text as="p" tone="subdued" variant="bodySm">
            Customers who bought the first product came back for the second; the gap is the median number of days in
            between. Good for post-purchase offers and follow-up e-mails.
          </Text>
        </BlockStack>
      </div>
      <IndexTable
        selectable={false}
        resourceName={{ singular: "pattern", plural: "patterns" }}
        itemCount={sequences.length}
        emptyState={
          <div style={{ padding: 16 }}>
            <Text as="p">
              {q.product
                ? `No patterns with a product matching “${q.product}”.`
                : "No repeat-purchase patterns yet: they need customers with several orders."}
            </Text>
          </div>
        }
        headings={[
          { title: "First purchase" },
          { title: "Later purchase" },
          { title: "Customers", alignment: "end" },
          { title: "Share", alignment: "end" },
          { title: "Typical gap", alignment: "end" },
          { title: "" },
        ]}
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
              <RemixLink
                to={`/app/offers/new?trigger=${encodeURIComponent(s.productId)}&offer=${encodeURIComponent(s.recommendedProductId)}`}
              >
                Create offer
              </RemixLink>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </BlockStack>
  );
}
