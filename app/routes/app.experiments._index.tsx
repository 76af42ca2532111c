// Experiments list: what runs, on which offer, its verdict now (or at its end) and how it ended.
import { useTranslation } from "react-i18next";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Card, EmptyState, IndexTable, InlineStack, Link, Page, Text } from "@shopify/polaris";
import { EMPTY_STATE_IMAGE } from "../components/empty-state-image";
import { useFormat } from "../components/format";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { VERDICT_BADGES } from "../lib/forms/experiment-labels";
import { listExperiments } from "../services/admin/experiments.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { experiments: await listExperiments(session.shop) };
};

export default function Experiments() {
  const { experiments } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const { day } = useFormat();
  return (
    <Page
      title={t("nav.experiments")}
      subtitle={t("experiments.subtitle")}
      primaryAction={{ content: t("experiments.new"), url: "/app/experiments/new" }}
    >
      <PageLoading />
      {experiments.length === 0 ? (
        <Card>
          <EmptyState
            heading={t("experiments.empty.heading")}
            action={{ content: t("experiments.new"), url: "/app/experiments/new" }}
            image={EMPTY_STATE_IMAGE}
          >
            <p>{t("experiments.empty.body")}</p>
          </EmptyState>
        </Card>
      ) : (
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: t("experiments.one"), plural: t("experiments.many") }}
            itemCount={experiments.length}
            selectable={false}
            headings={[
              { title: t("experiments.col.experiment") },
              { title: t("offers.col.offer") },
              { title: t("experiments.col.metric") },
              { title: t("offers.col.status") },
              { title: t("experiments.col.verdict") },
              { title: t("experiments.col.started") },
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
                  <IndexTable.Cell>
                    {e.offerName ??
                      (e.placement
                        ? t("experimentTarget.placement", {
                            placement: t(`experimentTarget.placementName.${e.placement}`, {
                              defaultValue: e.placement,
                            }),
                          })
                        : t("experimentTarget.deletedOffer"))}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{t(`experiments.metric.${e.metric}`, { defaultValue: e.metric })}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="100">
                      {e.status === "running" ? (
                        <Badge tone="success">{t("experiments.running")}</Badge>
                      ) : (
                        <Badge>
                          {e.outcome === "promoted" ? t("experiments.endedPromoted") : t("experiments.endedStopped")}
                        </Badge>
                      )}
                      {e.srm ? <Badge tone="critical">{t("experiments.verdict.srm")}</Badge> : null}
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {badge && e.verdict ? (
                      <Badge tone={badge.tone}>{t(`experiments.verdict.${e.verdict.code}`)}</Badge>
                    ) : (
                      "—"
                    )}
                  </IndexTable.Cell>
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
            {t("experiments.holdoutNote")}
          </Text>
        </BlockStack>
      </div>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError backUrl="/app" backLabel="dashboard" title="experiments" />;
}
