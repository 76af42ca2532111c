// Whether the admin runs embedded in Shopify admin (App Bridge present) or in the local demo's
// plain browser tab (Polaris Frame); read from the /app layout route's loader data.
import { useRouteLoaderData } from "@remix-run/react";

interface AppLayoutData {
  embedded: boolean;
  shopName: string;
}

export function useEmbedded(): boolean {
  const data = useRouteLoaderData("routes/app") as AppLayoutData | undefined;
  return data?.embedded ?? false;
}

/** The App Bridge global when embedded and loaded in the browser, else null. */
export function appBridge(): ShopifyGlobal | null {
  if (typeof window === "undefined") return null;
  return ((window as unknown as { shopify?: ShopifyGlobal }).shopify ?? null) as ShopifyGlobal | null;
}

/** The part of App Bridge's `shopify` global the admin uses. */
export interface ShopifyGlobal {
  toast: { show: (message: string, opts?: { isError?: boolean; duration?: number }) => void };
  resourcePicker: (opts: {
    type: "product";
    multiple?: boolean | number;
    action?: "select" | "add";
    selectionIds?: { id: string }[];
    filter?: { variants?: boolean; draft?: boolean; archived?: boolean };
  }) => Promise<{ id: string; title: string; images?: { originalSrc?: string }[] }[] | undefined>;
  saveBar?: { show: (id: string) => Promise<void>; hide: (id: string) => Promise<void> };
}
