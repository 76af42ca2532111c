// Where the extension reaches the app. Shopify runs the extension on its own origin, so
// production bundles carry the app's absolute URL: `npm run build` defines it from
// SHOPIFY_APP_URL. Without it (the local demo serves the bundle from the app itself) requests
// go to the page's own origin.
declare const __PAIRWISE_APP_URL__: string | undefined;

export const APP_URL: string = typeof __PAIRWISE_APP_URL__ === "string" ? __PAIRWISE_APP_URL__.replace(/\/$/, "") : "";
