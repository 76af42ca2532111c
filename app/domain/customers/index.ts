// Existing customers: purchase propensity (several factors, logistic regression, validated on a
// later window) and next best offers per customer with the follow-up business rules.
export * from "./history";
export * from "./knowledge";
export * from "./features";
export * from "./logistic";
export * from "./propensity";
export * from "./follow-ups";
export * from "./report";
export * from "./tracking";
