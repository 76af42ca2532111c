// Shopify CLI bundles this file with the run target's export (see shopify.extension.toml).
export * from "./cart_lines_discounts_generate_run";
