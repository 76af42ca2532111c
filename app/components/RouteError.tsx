// Error states of admin pages: a missing record (404) or a failure, shown inside the admin's
// navigation with a way back. Authentication responses go to Shopify's boundary unchanged.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { Banner, BlockStack, Card, Page, Text } from "@shopify/polaris";

export function RouteError({
  backUrl = "/app",
  backLabel = "Dashboard",
  title = "This page",
}: {
  backUrl?: string;
  backLabel?: string;
  title?: string;
}) {
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
      : "Unknown error";
  return (
    <Page title={notFound ? "Not found" : "Something went wrong"} backAction={{ content: backLabel, url: backUrl }}>
      <Card>
        <BlockStack gap="300">
          <Banner
            tone={notFound ? "warning" : "critical"}
            title={notFound ? `${title} does not exist in this shop` : `${title} could not be loaded`}
          >
            <Text as="p">{notFound ? "It may have been deleted." : message}</Text>
          </Banner>
        </BlockStack>
      </Card>
    </Page>
  );
}
