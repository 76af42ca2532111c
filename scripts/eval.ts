// Offline evaluation of recommendation quality: cart suggestions and existing customers.
//   npm run eval -- [--seed 42] [--orders 40000] [--test-months 3] [--with-stock] [--horizons 30,60] [--k 3]
//   npm run eval -- --input FILE --format lines-csv|shopify-csv|bulk-jsonl [--test-months 3] [--horizons 30,60] [--k 3]
// Without --input it generates the demo shop (deterministic) and judges against its ground truth;
// with --input it reads any order file (no ground truth: the precision and decoy columns stay 0).
// Cart suggestions: learn from the orders before the last --test-months months (a fixed random
// 80/20 split of the orders when the file has no dates), hide each item of every later order with
// ≥ 2 distinct products in turn, and rank candidates for the rest with Pairwise (the app's mining,
// ranking and cart selection), product popularity and raw co-occurrence counts.
// Customers: for each horizon H, learn the propensity model one horizon before the cut-off
// (end − H days), score every customer at the cut-off from the orders before it, and compare with
// what they bought in the last H days: precision@K, recall@K and AUC against the baselines (most
// popular, buy again, recency only). Needs dates and customer ids.
// Prints Markdown tables and, last, one line of key=value figures. Bad arguments exit with code 2.
import { parseArgs } from "node:util";
import { DEFAULT_NOW, DEFAULT_ORDERS, generateDemoShop } from "../app/demo/generate";
import { resolveGroundTruth } from "../app/demo/ground-truth";
import {
  customerSummaryLine,
  evaluateCustomers,
  formatCustomerMarkdown,
  sortOrders,
  upgradesFromRows,
  type CustomerEvaluation,
} from "../app/domain/customers";
import {
  formatMarkdown,
  runEvaluation,
  summaryLine,
  trainPairwise,
  assumeInStock,
  type GroundTruth,
} from "../app/domain/evaluation";
import type { CatalogProduct, ImportedOrder, ParseIssue } from "../app/domain/types";
import { catalogFromOrders } from "./lib/catalog-from-orders";
import { ORDER_FORMATS, isOrderFormat, readOrders } from "./lib/read-orders";

const USAGE = `usage: npm run eval -- [--seed N] [--orders N] [--test-months N] [--with-stock] [--horizons 30,60] [--k K]
       npm run eval -- --input FILE --format ${ORDER_FORMATS.join("|")} [--test-months N] [--horizons 30,60] [--k K]`;
const DAY = 86_400_000;

class UsageError extends Error {}

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const v = raw.trim() === "" ? Number.NaN : Number(raw);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return v;
}

interface Source {
  label: string;
  orders: ImportedOrder[];
  catalog: CatalogProduct[];
  truth: GroundTruth;
  end: number;
  dated: boolean;
}

async function fileSource(path: string, format: string): Promise<Source> {
  if (!isOrderFormat(format))
    throw new UsageError(`--format must be one of ${ORDER_FORMATS.join(", ")}, got "${format}"`);
  const issues: ParseIssue[] = [];
  const orders: ImportedOrder[] = [];
  for await (const o of readOrders(path, format, (i) => issues.push(i))) orders.push(o);
  if (issues.length)
    console.error(
      `${issues.length} row(s) could not be read and were skipped (first: line ${issues[0].line}: ${issues[0].message})`,
    );
  if (orders.length === 0) throw new Error(`${path}: no orders could be read`);
  const dates = orders.filter((o) => o.createdAt != null).map((o) => o.createdAt!);
  const dated = dates.length >= 0.9 * orders.length;
  const end = dated ? dates.reduce((a, b) => Math.max(a, b), -Infinity) + 1 : Date.now();
  return {
    label: `${path} (${format}), ${orders.length} orders`,
    orders,
    catalog: catalogFromOrders(orders),
    truth: { complements: [], decoys: [] },
    end,
    dated,
  };
}

function demoSource(seed: number, count: number): Source {
  const shop = generateDemoShop({ seed, orders: count, now: DEFAULT_NOW });
  const truth = resolveGroundTruth(shop.products);
  return {
    label: `demo shop, seed ${seed}, ${count} orders`,
    orders: shop.orders,
    catalog: shop.products,
    truth: {
      complements: truth.complements,
      decoys: truth.decoys.map((d) => d.productId),
      substitutes: truth.substitutes,
    },
    end: DEFAULT_NOW,
    dated: true,
  };
}

async function main(argv: string[]): Promise<number> {
  let values;
  let testMonths: number, horizons: number[], k: number;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        seed: { type: "string" },
        orders: { type: "string" },
        "test-months": { type: "string" },
        "with-stock": { type: "boolean" },
        input: { type: "string" },
        format: { type: "string" },
        horizons: { type: "string" },
        k: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    testMonths = wholeNumber("test-months", values["test-months"], 3, 1);
    if (testMonths >= 18) throw new UsageError("--test-months must leave some of the history to learn from");
    k = wholeNumber("k", values.k, 3, 1);
    horizons = (values.horizons ?? "30,60").split(",").map((h) => wholeNumber("horizons", h, 30, 1));
    if ((values.input === undefined) !== (values.format === undefined))
      throw new UsageError("--input and --format go together");
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(USAGE);
    return 2;
  }

  const started = performance.now();
  let source: Source;
  try {
    source = values.input
      ? await fileSource(values.input, values.format!)
      : demoSource(wholeNumber("seed", values.seed, 42, 0), wholeNumber("orders", values.orders, DEFAULT_ORDERS, 1));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    if (error instanceof UsageError) console.error(USAGE);
    return 2;
  }
  const loadedMs = performance.now() - started;
  const withStock = values["with-stock"] ?? false;
  const report = runEvaluation({
    orders: source.orders,
    catalog: source.catalog,
    truth: source.truth,
    end: source.end,
    testMonths,
    split: source.dated ? "time" : "random",
    assumeInStock: !withStock,
    k,
  });
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  console.log(`# Offline evaluation: ${source.label}`);
  console.log("");
  console.log("## Cart suggestions");
  console.log("");
  console.log(
    (source.dated
      ? `Learned from ${report.trainOrders} orders before ${day(report.cutoff)}; tested on ${report.testOrdersUsed} of ${report.testOrders} orders from ${day(report.cutoff)} to ${day(report.end)}`
      : `The file has no dates: a fixed random split, learned from ${report.trainOrders} orders, tested on ${report.testOrdersUsed} of ${report.testOrders}`) +
      ` with ≥ 2 distinct products, each item hidden in turn: ${report.cases} cases (${report.rules} mined rules, ${report.recommendations} stored recommendations). ` +
      `${withStock ? "Current stock applied." : "Every product treated as in stock."}` +
      (source.truth.complements.length === 0
        ? " No ground truth for this data: the precision, decoy and substitute columns do not apply."
        : ""),
  );
  console.log("");
  console.log(formatMarkdown(report));

  console.log("");
  console.log("## Existing customers (next best offers)");
  console.log("");
  const evaluations: CustomerEvaluation[] = [];
  const timed = sortOrders(source.orders.filter((o) => o.customerId));
  if (!source.dated || timed.length === 0) {
    console.log("Skipped: the customer evaluation needs order dates and customer ids, and this data lacks them.");
  } else {
    const catalog = withStock ? source.catalog : assumeInStock(source.catalog);
    for (const h of horizons) {
      const cutoff = source.end - h * DAY;
      const upgrades = upgradesFromRows(trainPairwise({ train: [], catalog, now: cutoff }).rows);
      const e = evaluateCustomers(timed, { cutoff, horizonDays: h, k, upgrades });
      evaluations.push(e);
      console.log(
        `${h} days: learned at ${day(cutoff - h * DAY)} (labels up to ${day(cutoff)}, ${e.model?.trainingRows ?? 0} customer–product pairs, ${e.model?.trainingPositives ?? 0} bought); ` +
          `scored ${e.customers} customers at ${day(cutoff)}; ${e.buyers} bought in the next ${h} days; ${e.candidatePairs} candidate pairs (${e.positivePairs} bought, ` +
          `${(100 * e.candidateRecall).toFixed(1)} % of what buyers bought is among the candidates).`,
      );
    }
    console.log("");
    console.log(formatCustomerMarkdown(evaluations));
  }
  const totalMs = performance.now() - started;
  console.log("");
  console.log(
    `(read or generated in ${(loadedMs / 1000).toFixed(1)} s, evaluated in ${((totalMs - loadedMs) / 1000).toFixed(1)} s)`,
  );
  console.log([summaryLine(report), customerSummaryLine(evaluations)].filter(Boolean).join(" "));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
