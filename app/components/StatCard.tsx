import { BlockStack, Card, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

/**
 * Where a figure comes from: orders Shopify signs and sends (webhooks, the bulk sync), which no
 * shopper can forge, or events the storefront widget reports from shoppers' browsers.
 */
export type FigureSource = "orders" | "events";

/** A figure on a card: its label, the value, an optional line saying what it is made of, and its source. */
export function StatCard({
  label,
  value,
  detail,
  size = "large",
  source,
}: {
  label: string;
  value: string;
  detail?: string;
  size?: "large" | "medium";
  source?: FigureSource;
}) {
  const { t } = useTranslation();
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant={size === "large" ? "headingXl" : "headingLg"}>
          {value}
        </Text>
        {detail ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {detail}
          </Text>
        ) : null}
        {source ? (
          <Text as="p" variant="bodyXs" tone="subdued">
            {t(`source.${source}`)}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
