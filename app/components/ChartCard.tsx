import { BlockStack, Card, SkeletonBodyText, Text } from "@shopify/polaris";
import { Suspense, type ReactNode } from "react";
import { ClientOnly } from "./ClientOnly";

/** A titled card holding a chart rendered in the browser only, in a box reserved at its height. */
export function ChartCard({ title, label, children }: { title: string; label: string; children: () => ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        <ClientOnly height={260} label={label}>
          {() => <Suspense fallback={<SkeletonBodyText lines={8} />}>{children()}</Suspense>}
        </ClientOnly>
      </BlockStack>
    </Card>
  );
}
