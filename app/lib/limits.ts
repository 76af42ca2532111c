// Size limits of what the app reads from the network, in one place (the Express server refuses
// larger bodies before they reach Remix; the routes check again while streaming).

/**
 * Webhook bodies: an order with hundreds of lines is a few hundred kilobytes, a product with
 * Shopify's maximum of 2 048 variants under two megabytes. Anything larger is refused with 413
 * before it is read, so that no body can hold the server's memory or Shopify's 5-second timeout.
 */
export const MAX_WEBHOOK_BODY_BYTES = 5 * 1024 * 1024;
