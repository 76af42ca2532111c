// One offline evaluation: time split → leave-one-out cases → Pairwise and the two baselines
// ranked on the same cases → metrics, and the Markdown table `npm run eval` prints.
import type { CatalogProduct, ImportedOrder, ShopSettings } from "../types";
import { cooccurrenceRanker, popularityRanker } from "./baselines";
import { evaluateRanker, TruthIndex, type GroundTruth, type MethodResult } from "./metrics";
import { trainPairwise, DEFAULT_SHOP_SETTINGS } from "./pairwise";
import { leaveOneOutCases } from "./protocol";
import { randomSplit, timeSplit } from "./split";

export interface EvaluationInput {
  orders: Iterable<ImportedOrder>;
  catalog: readonly CatalogProduct[];
  truth: GroundTruth;
  /** end of the history, ms since epoch */
  end: number;
  testMonths: number;
  /**
   * "time" (default): learn before the cut, test after it. "random": a fixed random 80/20 split of
   * the orders, for histories without dates (cutoff then equals end).
   */
  split?: "time" | "random";
  /** suggestions a slot shows (default 3) */
  k?: number;
  settings?: ShopSettings;
  /**
   * Treat every product as in stock (default true). The test orders were bought, so their items
   * were in stock then; today's stock is a serving-time filter, not ranking quality. Set false
   * to apply the catalog's current stock as the storefront would today.
   */
  assumeInStock?: boolean;
}

export interface EvaluationReport {
  cutoff: number;
  end: number;
  trainOrders: number;
  testOrders: number;
  /** test orders with ≥ 2 distinct products */
  testOrdersUsed: number;
  cases: number;
  rules: number;
  recommendations: number;
  results: { pairwise: MethodResult; popularity: MethodResult; cooccurrence: MethodResult };
}

/** The catalog with every variant sellable and untracked, so no stock rule drops anything. */
export function assumeInStock(catalog: readonly CatalogProduct[]): CatalogProduct[] {
  return catalog.map((p) => ({
    ...p,
    variants: p.variants.map((v) => ({
      ...v,
      inventoryTracked: false,
      inventoryQuantity: null,
      availableForSale: true,
    })),
  }));
}

export function runEvaluation(input: EvaluationInput): EvaluationReport {
  const k = input.k ?? 3;
  const { cutoff, train, test } =
    input.split === "random"
      ? { cutoff: input.end, ...randomSplit(input.orders) }
      : timeSplit(input.orders, { end: input.end, testMonths: input.testMonths });
  const cases = leaveOneOutCases(test);
  const truth = new TruthIndex(input.truth);
  const catalog = input.assumeInStock === false ? input.catalog : assumeInStock(input.catalog);
  const model = trainPairwise({ train, catalog, settings: input.settings ?? DEFAULT_SHOP_SETTINGS, now: cutoff });
  return {
    cutoff,
    end: input.end,
    trainOrders: train.length,
    testOrders: test.length,
    testOrdersUsed: new Set(cases.map((c) => c.orderId)).size,
    cases: cases.length,
    rules: model.rules,
    recommendations: model.rows.length,
    results: {
      pairwise: evaluateRanker("Pairwise", model.rank, cases, truth, k),
      popularity: evaluateRanker("Popularity", popularityRanker(train), cases, truth, k),
      cooccurrence: evaluateRanker("Co-occurrence count", cooccurrenceRanker(train), cases, truth, k),
    },
  };
}

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The results as a Markdown table, one row per method. */
export function formatMarkdown(report: EvaluationReport): string {
  const { pairwise, popularity, cooccurrence } = report.results;
  const k = pairwise.k;
  const lines = [
    `| Method | HitRate@${k} | MRR | Coverage | Precision@${k} (ground truth) | Decoys in top ${k} | HitRate@${k} / MRR, decoy not hidden | HitRate@${k} on planted accessories | Substitutes of the cart in top ${k} | Lists with two alternatives |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of [pairwise, popularity, cooccurrence]) {
    lines.push(
      `| ${r.method} | ${f3(r.hitRate)} | ${f3(r.mrr)} | ${pct(r.coverage)} | ${f3(r.precision)} | ${pct(r.decoyShare)} | ${f3(r.nonDecoyHitRate)} / ${f3(r.nonDecoyMrr)} | ${f3(r.complementHitRate)} | ${pct(r.substituteShare)} | ${pct(r.alternativeListShare)} |`,
    );
  }
  return lines.join("\n");
}

/** The machine-readable last line. */
export function summaryLine(report: EvaluationReport): string {
  const { pairwise, popularity, cooccurrence } = report.results;
  return `pairwise_hit3=${f3(pairwise.hitRate)} popularity_hit3=${f3(popularity.hitRate)} cooccurrence_hit3=${f3(cooccurrence.hitRate)} pairwise_substitute_share=${pairwise.substituteShare.toFixed(4)}`;
}
