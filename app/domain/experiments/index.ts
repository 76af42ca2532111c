// Experiments: deterministic bucketing (holdout, weighted arms) and the statistics to read them.
export * from "./bucketing";
export * from "./stats";
export * from "./sequential";
export * from "./readout";
export * from "./arms";
export * from "./plan";
