import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, EmptyState, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { getShopOverview } from "../services/shops.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const overview = await getShopOverview(session.shop);
  return {
    products: overview.products,
    orders: overview.orders,
    orderLines: overview.orderLines,
    activeOffers: overview.activeOffers,
    recommendations: overview.recommendations,
    ordersFrom: overview.ordersFrom?.toISOString() ?? null,
    ordersTo: overview.ordersTo?.toISOString() ?? null,
    catalogSyncedAt: overview.shop.catalogSyncedAt?.toISOString() ?? null,
    ordersSyncedAt: overview.shop.ordersSyncedAt?.toISOString() ?? null,
    minedAt: overview.shop.minedAt?.toISOString() ?? null,
  };
};

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }) : "never";
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  if (data.products === 0 && data.orders === 0) {
    return (
      <Page title="Dashboard">
        <Card>
          <EmptyState
            heading="Let Pairwise learn what sells together"
            action={{ content: "Sync products and orders", url: "/app/insights" }}
            image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png"
          >
            <p>Pairwise reads your catalog and order history, finds the products your customers buy together, and turns them into offers.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }
  return (
    <Page title="Dashboard">
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Stat label="Products in catalog" value={data.products.toLocaleString("en")} />
            <Stat label="Orders held" value={data.orders.toLocaleString("en")} />
            <Stat label="Active offers" value={data.activeOffers.toLocaleString("en")} />
            <Stat label="Recommendations" value={data.recommendations.toLocaleString("en")} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Data freshness
              </Text>
              <Text as="p">Catalog synced: {when(data.catalogSyncedAt)}</Text>
              <Text as="p">Orders synced: {when(data.ordersSyncedAt)}</Text>
              <Text as="p">
                Orders from {when(data.ordersFrom)} to {when(data.ordersTo)} ({data.orderLines.toLocaleString("en")} lines)
              </Text>
              <Text as="p">Recommendations mined: {when(data.minedAt)}</Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
