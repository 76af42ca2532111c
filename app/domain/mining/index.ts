// Mining engine: co-occurrence rules (support, confidence, lift, attach rate with a noise
// guard and a ranking score) and sequential patterns, over baskets of dense product ids.
export { Interner, hashBytes } from "./interner";
export { PairTable } from "./pair-table";
export { CooccurrenceCounter } from "./cooccurrence";
export {
  mineRules,
  rankRules,
  ruleFigures,
  DEFAULT_ALPHA,
  DEFAULT_MIN_COUNT,
  type MinedRule,
  type MiningOptions,
  type MiningResult,
} from "./rules";
export { median, normalQuantile, ruleScore, signedLogLikelihoodZ, wilsonLowerBound } from "./stats";
export {
  SequenceCollector,
  type ReplenishmentSignal,
  type SequenceOptions,
  type SequenceResult,
  type SequenceRule,
} from "./sequences";
export { BasketMiner, mineBaskets, orderBasket, type BasketSource, type MinedBaskets } from "./baskets";
export { replenishedProducts, type ReplenishmentOptions } from "./replenishment";
