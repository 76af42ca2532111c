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

export const NAV_ITEMS = [
  { url: "/app", label: "Dashboard", icon: HomeIcon, exact: true },
  { url: "/app/offers", label: "Offers", icon: DiscountIcon },
  { url: "/app/bundles", label: "Bundles", icon: PackageIcon },
  { url: "/app/experiments", label: "Experiments", icon: ChartHistogramGrowthIcon },
  { url: "/app/discounts", label: "Checkout discounts", icon: CartDiscountIcon },
  { url: "/app/customers", label: "Customers", icon: PersonIcon },
  { url: "/app/insights", label: "Insights", icon: ChartVerticalIcon },
  { url: "/app/settings", label: "Settings", icon: SettingsIcon },
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
  const [mobileNavOpen, setMobileNavOpen] = useState(false);

  if (embedded) {
    return (
      <>
        <NavMenu>
          <Link to="/app" rel="home">
            Dashboard
          </Link>
          {NAV_ITEMS.slice(1).map((item) => (
            <Link key={item.url} to={item.url}>
              {item.label}
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
          label: item.label,
          icon: item.icon,
          exactMatch: item.exact,
          selected: item.exact ? location.pathname === item.url : location.pathname.startsWith(item.url),
          onClick: () => setMobileNavOpen(false),
        }))}
      />
    </Navigation>
  );
  const topBar = (
    <TopBar
      showNavigationToggle
      onNavigationToggle={() => setMobileNavOpen((open) => !open)}
      secondaryMenu={
        <span
          title={`${shopName} · local demo`}
          style={{
            color: "white",
            paddingRight: 16,
            display: "block",
            maxWidth: "60vw",
            whiteSpace: "nowrap",
            overflow: "hidden",
            textOverflow: "ellipsis",
          }}
        >
          {shopName} · local demo
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
