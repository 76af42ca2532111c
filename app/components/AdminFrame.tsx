// Navigation for the admin. Embedded in Shopify admin, App Bridge's NavMenu puts the links in
// Shopify's own sidebar; in the local demo (a plain browser tab) a Polaris Frame shows them.
import { Link, useLocation } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Frame, Navigation, TopBar } from "@shopify/polaris";
import {
  CartDiscountIcon,
  ChartHistogramGrowthIcon,
  ChartVerticalIcon,
  DiscountIcon,
  HomeIcon,
  PackageIcon,
  PersonIcon,
  SettingsIcon,
} from "@shopify/polaris-icons";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** The admin's pages; `label` is a key of the translations (nav.*). */
export const NAV_ITEMS: { url: string; label: string; icon: typeof HomeIcon; exact?: boolean }[] = [
  { url: "/app", label: "nav.dashboard", icon: HomeIcon, exact: true },
  { url: "/app/offers", label: "nav.offers", icon: DiscountIcon },
  { url: "/app/bundles", label: "nav.bundles", icon: PackageIcon },
  { url: "/app/experiments", label: "nav.experiments", icon: ChartHistogramGrowthIcon },
  { url: "/app/discounts", label: "nav.discounts", icon: CartDiscountIcon },
  { url: "/app/customers", label: "nav.customers", icon: PersonIcon },
  { url: "/app/insights", label: "nav.insights", icon: ChartVerticalIcon },
  { url: "/app/settings", label: "nav.settings", icon: SettingsIcon },
];

export function AdminFrame({
  embedded,
  shopName,
  children,
}: {
  embedded: boolean;
  shopName: string;
  children: ReactNode;
}) {
  const location = useLocation();
  const { t, i18n } = useTranslation();
  const [mobileNavOpen, setMobileNavOpen] = useState(false);

  if (embedded) {
    return (
      <>
        <NavMenu>
          <Link to="/app" rel="home">
            {t("nav.dashboard")}
          </Link>
          {NAV_ITEMS.slice(1).map((item) => (
            <Link key={item.url} to={item.url}>
              {t(item.label)}
            </Link>
          ))}
        </NavMenu>
        {children}
      </>
    );
  }

  const navigation = (
    <Navigation location={location.pathname}>
      <Navigation.Section
        title="Pairwise"
        items={NAV_ITEMS.map((item) => ({
          url: item.url,
          label: t(item.label),
          icon: item.icon,
          exactMatch: item.exact,
          selected: item.exact ? location.pathname === item.url : location.pathname.startsWith(item.url),
          onClick: () => setMobileNavOpen(false),
        }))}
      />
    </Navigation>
  );
  // The demo admin's language switch (inside Shopify admin the admin user's language decides).
  const other = i18n.language === "de" ? "en" : "de";
  const topBar = (
    <TopBar
      showNavigationToggle
      onNavigationToggle={() => setMobileNavOpen((open) => !open)}
      secondaryMenu={
        <span style={{ display: "flex", alignItems: "center", gap: 12, paddingRight: 16 }}>
          <span
            title={t("frame.demoShop", { shop: shopName })}
            style={{
              color: "white",
              display: "block",
              maxWidth: "50vw",
              whiteSpace: "nowrap",
              overflow: "hidden",
              textOverflow: "ellipsis",
            }}
          >
            {t("frame.demoShop", { shop: shopName })}
          </span>
          <a
            href={`${location.pathname}?locale=${other}`}
            lang={other}
            hrefLang={other}
            style={{ color: "white", whiteSpace: "nowrap" }}
          >
            {t("frame.switchLanguage")}
          </a>
        </span>
      }
    />
  );
  return (
    <Frame
      navigation={navigation}
      topBar={topBar}
      showMobileNavigation={mobileNavOpen}
      onNavigationDismiss={() => setMobileNavOpen(false)}
      skipToContentTarget={undefined}
    >
      {children}
    </Frame>
  );
}
