// Experiments list: what runs, on which offer, its verdict now (or at its end) and how it ended.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Card, EmptyState, IndexTable, InlineStack, Link, Page, Text } from "@shopify/polaris";
import { EMPTY_STATE_IMAGE } from "../components/empty-state-image";
import { day } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { METRIC_LABELS, VERDICT_BADGES } from "../lib/forms/experiment-labels";
import { listExperiments } from "../services/admin/experiments.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { experiments: await listExperiments(session.shop) };
};

export default function Experiments() {
  const { experiments } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <Page
      title="Experiments"
      subtitle="A/B tests of your offers, with a verdict you can trust whenever you look"
      primaryAction={{ content: "New experiment", url: "/app/experiments/new" }}
    >
      <PageLoading />
      {experiments.length === 0 ? (
        <Card>
          <EmptyState
            heading="Test one offer against another"
            action={{ content: "New experiment", url: "/app/experiments/new" }}
            image={EMPTY_STATE_IMAGE}
          >
            <p>
              Try another headline, other items or fewer of them on a share of your visitors. Pairwise tells you the
              sample it needs before you start, and says “not a result yet” until the difference is real — checking
              every day does not make it claim a winner too early.
            </p>
          </EmptyState>
        </Card>
      ) : (
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "experiment", plural: "experiments" }}
            itemCount={experiments.length}
            selectable={false}
            headings={[
              { title: "Experiment" },
              { title: "Offer" },
              { title: "Metric" },
              { title: "Status" },
              { title: "Verdict" },
              { title: "Started" },
            ]}
          >
            {experiments.map((e, i) => {
              const badge = e.verdict ? VERDICT_BADGES[e.verdict.code] : null;
              return (
                <IndexTable.Row id={e.id} key={e.id} position={i} onClick={() => navigate(`/app/experiments/${e.id}`)}>
                  <IndexTable.Cell>
                    <Link url={`/app/experiments/${e.id}`} removeUnderline monochrome dataPrimaryLink>
                      <Text as="span" fontWeight="semibold">
                        {e.name}
                      </Text>
                    </Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{e.offerName}</IndexTable.Cell>
                  <IndexTable.Cell>{METRIC_LABELS[e.metric] ?? e.metric}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="100">
                      {e.status === "running" ? (
                        <Badge tone="success">Running</Badge>
                      ) : (
                        <Badge>{e.outcome === "promoted" ? "Ended: winner promoted" : "Ended: stopped"}</Badge>
                      )}
                      {e.srm ? <Badge tone="critical">Split broken</Badge> : null}
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{badge ? <Badge tone={badge.tone}>{badge.label}</Badge> : "—"}</IndexTable.Cell>
                  <IndexTable.Cell>{day(e.startedAt)}</IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        </Card>
      )}
      <div style={{ marginTop: 16 }}>
        <BlockStack gap="200">
          <Text as="p" tone="subdued" variant="bodySm">
            Visitors in the holdout group (Settings → Measurement) never enter an experiment. A visitor keeps the same
            variant on the product page, in the cart, at checkout and on the thank-you page.
          </Text>
        </BlockStack>
      </div>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError backUrl="/app" backLabel="dashboard" title="experiments" />;
}
