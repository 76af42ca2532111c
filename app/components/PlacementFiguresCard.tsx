// Figures per placement (dashboard and an offer's page): impressions, acceptances, acceptance
// rate and attributed revenue for product page, cart, checkout, thank-you and post-purchase.
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { Placement } from "../domain/types";
import { useFormat } from "./format";

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

export function PlacementFiguresCard({ figures, title }: { figures: PlacementFiguresData; title?: string }) {
  const { t } = useTranslation();
  const { count, percent, money } = useFormat();
  const rows = figures.rows.map((r) => [
    r.placement === "thank_you" ? t("placementFigures.thankYouClicks") : t(`placement.${r.placement}`),
    count(r.impressions),
    count(r.acceptances),
    percent(r.rate),
    money(r.revenue.net),
  ]);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title ?? t("placementFigures.title")}
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
          headings={[
            t("placementFigures.placement"),
            t("placementFigures.impressions"),
            t("placementFigures.accepted"),
            t("placementFigures.rate"),
            t("kpi.attributedRevenue"),
          ]}
          rows={rows}
        />
        <Text as="p" tone="subdued" variant="bodySm">
          {t("placementFigures.note")}
          {figures.unknownRevenue.lines > 0
            ? ` ${t("placementFigures.unplaced", {
                count: figures.unknownRevenue.lines,
                money: money(figures.unknownRevenue.net),
                n: count(figures.unknownRevenue.lines),
              })}`
            : ""}
        </Text>
      </BlockStack>
    </Card>
  );
}
