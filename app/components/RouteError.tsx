// Error states of admin pages: a missing record (404) or a failure, shown inside the admin's
// navigation with a way back. Authentication responses go to Shopify's boundary unchanged.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { Banner, BlockStack, Card, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

/** `title` names what failed (a key of error.what.*), `backLabel` the way back (a key of nav.*). */
export function RouteError({
  backUrl = "/app",
  backLabel = "dashboard",
  title = "page",
}: {
  backUrl?: string;
  backLabel?: string;
  title?: string;
}) {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && (error.status === 401 || error.status === 403 || error.status === 302))
    return boundary.error(error);
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string"
      ? error.data
      : error.statusText
    : error instanceof Error
      ? error.message
      : t("error.unknown");
  const what = t(`error.what.${title}`);
  return (
    <Page
      title={notFound ? t("error.notFound") : t("error.failed")}
      backAction={{ content: t(`nav.${backLabel}`), url: backUrl }}
    >
      <Card>
        <BlockStack gap="300">
          <Banner
            tone={notFound ? "warning" : "critical"}
            title={notFound ? t("error.doesNotExist", { what }) : t("error.couldNotLoad", { what })}
          >
            <Text as="p">{notFound ? t("error.maybeDeleted") : message}</Text>
          </Banner>
        </BlockStack>
      </Card>
    </Page>
  );
}
