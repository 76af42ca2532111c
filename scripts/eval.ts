// Offline evaluation of recommendation quality on the demo shop's data.
//   npm run eval -- [--seed 42] [--orders 40000] [--test-months 3] [--with-stock]
// Generates the demo shop (deterministic), learns from the orders before the last --test-months
// months, hides each item of every later order with ≥ 2 distinct products in turn, and ranks
// candidates for the rest with Pairwise (the app's mining, ranking and cart selection), product
// popularity and raw co-occurrence counts. Prints a Markdown table and, last, one line
// `pairwise_hit3=… popularity_hit3=… cooccurrence_hit3=…`. Bad arguments exit with code 2.
import { parseArgs } from "node:util";
import { DEFAULT_NOW, DEFAULT_ORDERS, generateDemoShop } from "../app/demo/generate";
import { resolveGroundTruth } from "../app/demo/ground-truth";
import { formatMarkdown, runEvaluation, summaryLine } from "../app/domain/evaluation";

const USAGE = "usage: npm run eval -- [--seed N] [--orders N] [--test-months N] [--with-stock]";

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const v = raw.trim() === "" ? Number.NaN : Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return v;
}

function main(argv: string[]): number {
  let seed: number, orders: number, testMonths: number, withStock: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        seed: { type: "string" },
        orders: { type: "string" },
        "test-months": { type: "string" },
        "with-stock": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    seed = wholeNumber("seed", values.seed, 42, 0);
    orders = wholeNumber("orders", values.orders, DEFAULT_ORDERS, 1);
    testMonths = wholeNumber("test-months", values["test-months"], 3, 1);
    if (testMonths >= 18) throw new Error("--test-months must leave some of the ~18 months of history to learn from");
    withStock = values["with-stock"] ?? false;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(USAGE);
    return 2;
  }

  const started = performance.now();
  const shop = generateDemoShop({ seed, orders, now: DEFAULT_NOW });
  const generatedMs = performance.now() - started;
  const truth = resolveGroundTruth(shop.products);
  const report = runEvaluation({
    orders: shop.orders,
    catalog: shop.products,
    truth: { complements: truth.complements, decoys: truth.decoys.map((d) => d.productId), substitutes: truth.substitutes },
    end: DEFAULT_NOW,
    testMonths,
    assumeInStock: !withStock,
  });
  const totalMs = performance.now() - started;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  console.log(`# Offline evaluation: demo shop, seed ${seed}, ${orders} orders`);
  console.log("");
  console.log(
    `Learned from ${report.trainOrders} orders before ${day(report.cutoff)} (${report.rules} mined rules, ${report.recommendations} stored recommendations); ` +
      `tested on ${report.testOrdersUsed} of ${report.testOrders} orders from ${day(report.cutoff)} to ${day(report.end)} with ≥ 2 distinct products, ` +
      `each item hidden in turn: ${report.cases} cases. ${withStock ? "Current stock applied." : "Every product treated as in stock."}`,
  );
  console.log("");
  console.log(formatMarkdown(report));
  console.log("");
  console.log(`(generated in ${(generatedMs / 1000).toFixed(1)} s, evaluated in ${((totalMs - generatedMs) / 1000).toFixed(1)} s)`);
  console.log(summaryLine(report));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
