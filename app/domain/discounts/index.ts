// Discounts at checkout: the configuration the discount function and cart transform read, what
// the function grants on a cart, and how a merged bundle line is planned.
export * from "./config";
export * from "./grant";
export * from "./bundle-lines";
