// Ranking: hybrid relevance (mined + collaborative + content), upsell candidates, business rules,
// and the recommendation rows a mining run stores.
export * from "./catalog";
export * from "./score";
export * from "./upsell";
export * from "./rules";
export * from "./substitutes";
export * from "./build";
