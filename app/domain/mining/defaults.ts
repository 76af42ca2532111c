// The mining parameters the app runs with (services/mining/mining-job.server.ts) and the offline evaluation
// measures (domain/evaluation): one constant, so the two cannot drift apart.
import type { MiningOptions } from "./rules";
import type { SequenceOptions } from "./sequences";

/** Mining parameters: a pair needs 3 orders and must pass the significance guard (stats.ts). */
export const MINING_OPTIONS = {
  minCount: 3,
  topK: 50,
  sequences: { windowDays: 60, minCount: 3, topK: 10, minRepeatCustomers: 3 },
} as const satisfies MiningOptions & { sequences: SequenceOptions };
