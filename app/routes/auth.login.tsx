// The app's login path (/auth/login), as in Shopify's app template: `login()` from the library
// starts OAuth for a shop domain (or sends the merchant to their admin to install the app), and
// answers what was wrong with the shop domain otherwise. Shopify admin never needs this page — it
// opens the app embedded with a session token — but a merchant who opens the app's URL directly,
// and /app without a session token, land here. (authenticate.admin must not be called on this path.)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider as PolarisAppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import { LoginErrorType, type LoginError } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { login } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

function shopError(result: LoginError): string | undefined {
  if (result?.shop === LoginErrorType.MissingShop) return "Enter your shop domain to log in";
  if (result?.shop === LoginErrorType.InvalidShop) return "Enter a valid shop domain, like your-shop.myshopify.com";
  return undefined;
}

// login() redirects (throws a Response) when the shop domain is valid; otherwise it returns errors.
export const loader = async ({ request }: LoaderFunctionArgs) => ({
  error: shopError(await login(request)),
  polarisTranslations,
});

export const action = async ({ request }: ActionFunctionArgs) => ({ error: shopError(await login(request)) });

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const error = actionData ? actionData.error : loaderData.error;
  return (
    <PolarisAppProvider i18n={loaderData.polarisTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h1">
                Log in to Pairwise
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="your-shop.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={error}
              />
              <Button submit variant="primary">
                Log in
              </Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </PolarisAppProvider>
  );
}
