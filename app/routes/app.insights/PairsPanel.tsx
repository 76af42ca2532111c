// "Bought together": the mined pairs a shopper can be offered, sortable and filterable, each with
// a link that starts an offer from the pair.
import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, EmptyState, IndexTable, Pagination, Text, useBreakpoints } from "@shopify/polaris";
import { EMPTY_STATE_IMAGE } from "../../components/empty-state-image";
import { count, dateTime, decimal, percent } from "../../components/format";
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
  const sortIndex = Number(Object.entries(SORT_COLUMNS).find(([, v]) => v === q.sort)?.[0] ?? 5);
  const pages = Math.max(1, Math.ceil(pairs.total / pageSize));
  if (pairs.total === 0 && !q.product) {
    return (
      <EmptyState
        heading="No pairs mined yet"
        action={{ content: "Go to data and mining", url: "/app/insights?tab=sync" }}
        image={EMPTY_STATE_IMAGE}
      >
        <p>
          Pairs appear once Pairwise has mined enough orders: a pair needs at least 3 orders containing both products.
        </p>
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
            {count(pairs.total)} pairs your shoppers can be offered (mined {dateTime(minedAt)}): the pairs that passed
            the relevance threshold, up to 10 per product. The mining run found more pairs (see “Data and mining”); the
            weaker ones are never offered.
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            In plain words — <b>Orders</b>: orders holding both products. <b>Support</b>: how common the pair is, as a
            share of all orders. <b>Confidence</b>: how often customers who buy the first product also buy the second.{" "}
            <b>Lift</b>: how many times more often the two are bought together than if they had nothing to do with each
            other (1 = chance, 3 = three times as often). <b>Attach rate</b>: units of the second product sold per unit
            of the first.
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
        onSort={(index, direction) =>
          setParam({ sort: SORT_COLUMNS[index] ?? "lift", dir: direction === "ascending" ? "asc" : "desc", page: null })
        }
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
                <RemixLink
                  to={offerLink(p)}
                  aria-label={`Create an offer: ${p.productTitle} with ${p.recommendedTitle}`}
                >
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
