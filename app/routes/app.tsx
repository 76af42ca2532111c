import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisDe from "@shopify/polaris/locales/de.json";
import polarisEn from "@shopify/polaris/locales/en.json";
import { AdminFrame } from "../components/AdminFrame";
import { useLocale } from "../components/format";
import { ensureShop } from "../services/admin/shops.server";
import { apiKey, authenticate, isDemo } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

/** Polaris's own strings (pagination, filters, modals…) in the admin's language. */
const POLARIS_TRANSLATIONS = { en: polarisEn, de: polarisDe };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await ensureShop(session.shop, session.scope ?? "");
  return {
    apiKey,
    embedded: !isDemo,
    shopName: shop.name || shop.domain,
    money: { moneyFormat: shop.moneyFormat, currency: shop.currency },
  };
};

export default function App() {
  const { apiKey, embedded, shopName } = useLoaderData<typeof loader>();
  const locale = useLocale();
  return (
    <AppProvider isEmbeddedApp={embedded} apiKey={apiKey} i18n={POLARIS_TRANSLATIONS[locale]}>
      <AdminFrame embedded={embedded} shopName={shopName}>
        <Outlet />
      </AdminFrame>
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
