import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import favicon from "./assets/favicon.svg";
import { DEFAULT_LOCALE, i18nFor, type Locale } from "./i18n/i18n";
import { requestLocale } from "./i18n/locale.server";

export const links: LinksFunction = () => [{ rel: "icon", type: "image/svg+xml", href: favicon }];

/** The page's language (see app/i18n/locale.server.ts; entry.server.tsx remembers a `?locale=` in a cookie). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  return { locale: requestLocale(request) };
};

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18nFor(locale)}>{children}</I18nextProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}
