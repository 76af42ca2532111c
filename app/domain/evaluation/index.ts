// Offline evaluation of recommendation quality: time split, leave-one-out hiding, HitRate@K / MRR /
// coverage / precision against a ground truth, and the popularity and co-occurrence baselines.
export * from "./split";
export * from "./protocol";
export * from "./metrics";
export * from "./baselines";
export * from "./pairwise";
export * from "./run";
