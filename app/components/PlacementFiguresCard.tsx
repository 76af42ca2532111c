// Figures per placement (dashboard and an offer's page): impressions, acceptances, acceptance
// rate and attributed revenue for product page, cart, checkout, thank-you and post-purchase.
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { PLACEMENT_LABELS } from "../lib/forms/offer";
import { formatMoney } from "../lib/money";
import type { Placement } from "../domain/types";
import { count, percent } from "./format";

export interface PlacementFiguresData {
  rows: {
    placement: Placement;
    impressions: number;
    acceptances: number;
    rate: number | null;
    revenue: { net: number };
  }[];
  unknownRevenue: { net: number; lines: number };
}

export function PlacementFiguresCard({
  figures,
  moneyFormat,
  title = "By placement",
}: {
  figures: PlacementFiguresData;
  moneyFormat: string;
  title?: string;
}) {
  const rows = figures.rows.map((r) => [
    PLACEMENT_LABELS[r.placement] + (r.placement === "thank_you" ? " (clicks)" : ""),
    count(r.impressions),
    count(r.acceptances),
    percent(r.rate),
    formatMoney(r.revenue.net, moneyFormat),
  ]);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Placement", "Impressions", "Accepted", "Acceptance rate", "Attributed revenue"]}
          rows={rows}
        />
        <Text as="p" tone="subdued" variant="bodySm">
          Revenue goes to the placement where the shopper accepted the offer (the last add or accept before the order,
          within 30 days). On the thank-you page an acceptance is a click to the product page; a later order from it
          carries no offer line.
          {figures.unknownRevenue.lines > 0
            ? ` ${formatMoney(figures.unknownRevenue.net, moneyFormat)} from ${count(figures.unknownRevenue.lines)} offer lines could not be placed (accepted on another device or before the events were kept).`
            : ""}
        </Text>
      </BlockStack>
    </Card>
  );
}
