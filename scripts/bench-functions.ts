// `npm run bench:functions`: what Pairwise's Shopify Functions cost, measured here.
//  1. The rules' size for shops of 100–5,000 discounted offers and up to 1,000 bundles
//     (scripts/lib/function-scale.ts): the discount's own metafield, the largest and the mean
//     product metafield against Shopify's 10,000-byte cap on a metafield a function reads, and the
//     discount function's whole input for a 200-line cart — products drawn at random, and the
//     worst case (the 200 products carrying the most rules) — against the 64,000-byte input cap.
//  2. The discount function's bundle (as Shopify CLI builds it) on a 200-line cart in QuickJS
//     (Javy's engine, through quickjs-emscripten): median wall time and QuickJS interrupt checks
//     over repeated fresh runs, beside a baseline measured in the same run — a function that reads
//     the same input and returns no operation — and the same bundle in Node.
// Shopify counts Wasm instructions (limit 11 million per run); neither figure here is that count.
import { loadavg } from "node:os";
import { functionConfigOf } from "../app/domain/discounts";
import { bundleFunction, DISCOUNT_FUNCTION, runInNode, runInQuickJS } from "../app/lib/shopify-function.server";
import {
  bytesOf,
  cartInput,
  FUNCTION_INPUT_LIMIT,
  FUNCTION_METAFIELD_LIMIT,
  ruleSizes,
  scaleShop,
} from "./lib/function-scale";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

async function main(): Promise<void> {
  console.log(
    `bench:functions — ${new Date().toISOString()}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(
    `\nDiscount rules and the discount function's input for a 200-line cart (caps: ${FUNCTION_METAFIELD_LIMIT.toLocaleString("en")} B per metafield, ${FUNCTION_INPUT_LIMIT.toLocaleString("en")} B per input):`,
  );
  console.log(
    "  offers bundles  products  discount mf  largest rules  mean rules   200 lines, random   200 lines, worst case",
  );
  for (const [offers, bundles] of [
    [100, 0],
    [300, 50],
    [1000, 200],
    [2000, 400],
    [3000, 500],
    [5000, 1000],
  ] as const) {
    const shop = scaleShop(offers, bundles);
    const sizes = ruleSizes(shop.config);
    const mean = sizes.reduce((s, x) => s + x.bytes, 0) / sizes.length;
    const random = bytesOf(cartInput(shop, 200, "random"));
    const worst = bytesOf(cartInput(shop, 200, "worst"));
    const mark = (n: number) => `${kb(n).padStart(8)} ${n <= FUNCTION_INPUT_LIMIT ? "fits" : "OVER"}`;
    console.log(
      `  ${String(offers).padStart(6)} ${String(bundles).padStart(7)} ${String(shop.catalog.length).padStart(9)} ${`${bytesOf(functionConfigOf(shop.config))} B`.padStart(12)} ${`${sizes[0].bytes} B`.padStart(14)} ${`${mean.toFixed(0)} B`.padStart(11)} ${mark(random).padStart(19)} ${mark(worst).padStart(22)}`,
    );
  }
  const empty = bytesOf(cartInput(scaleShop(0, 0), 200, "random"));
  console.log(
    `  a 200-line cart with no rules at all: ${kb(empty)} (cart line ids as long as a UUID; with Shopify's short example ids about 10 KB less)`,
  );

  const shop = scaleShop(1000, 200);
  const input = cartInput(shop, 200, "random");
  const bundle = await bundleFunction(DISCOUNT_FUNCTION);
  const baseline = `import __runFunction from "@shopify/shopify_function/run";\nexport function cartLinesDiscountsGenerateRun() { return __runFunction((input) => ({ operations: input.cart.lines.length < 0 ? [1] : [] })) }`;
  const { build } = await import("esbuild");
  const baselineBundle = (
    await build({
      stdin: { contents: baseline, resolveDir: process.cwd(), loader: "ts" },
      bundle: true,
      format: "esm",
      write: false,
      target: "es2022",
    })
  ).outputFiles[0].text;
  console.log(
    `\nDiscount function on a 200-line cart (1,000 offers, 200 bundles; input ${bytesOf(input).toLocaleString("en")} B as JSON; bundle ${bundle.length.toLocaleString("en")} B):`,
  );
  const runs = 15;
  const fn: number[] = [];
  const base: number[] = [];
  let checks = 0;
  let baseChecks = 0;
  let out: unknown;
  for (let i = 0; i < runs; i++) {
    const r = await runInQuickJS(bundle, DISCOUNT_FUNCTION.exportName, input);
    const b = await runInQuickJS(baselineBundle, DISCOUNT_FUNCTION.exportName, input);
    fn.push(r.ms);
    base.push(b.ms);
    checks = r.interruptChecks;
    baseChecks = b.interruptChecks;
    out = r.output;
  }
  const nodeOut = await runInNode(bundle, DISCOUNT_FUNCTION.exportName, input);
  const ops = (out as { operations: { productDiscountsAdd: { candidates: unknown[] } }[] }).operations;
  console.log(
    `  QuickJS, Pairwise function: median ${median(fn).toFixed(2)} ms, ${checks} interrupt checks (${ops[0]?.productDiscountsAdd.candidates.length ?? 0} discount candidates)`,
  );
  console.log(
    `  QuickJS, baseline (reads the input, returns nothing): median ${median(base).toFixed(2)} ms, ${baseChecks} interrupt checks`,
  );
  console.log(`  the function's own work: ${(median(fn) - median(base)).toFixed(2)} ms over the baseline`);
  console.log(`  same output in Node: ${JSON.stringify(nodeOut) === JSON.stringify(out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
