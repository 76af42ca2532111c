import { BlockStack, Card, Text } from "@shopify/polaris";

/** A figure on a card: its label, the value, and an optional line saying what it is made of. */
export function StatCard({ label, value, detail, size = "large" }: { label: string; value: string; detail?: string; size?: "large" | "medium" }) {
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
      </BlockStack>
    </Card>
  );
}
