// `npm run bench:functions`: what Pairwise's Shopify Functions cost, measured here.
//  1. Configuration size: the discount metafield for shops of 0–1,000 discounted offers and
//     0–200 bundles (bytes, bytes per offer and per bundle) against Shopify's 64,000-byte input cap.
//  2. The discount function's bundle (as Shopify CLI builds it) on a 200-line cart in QuickJS
//     (Javy's engine, through quickjs-emscripten): median wall time and QuickJS interrupt checks
//     over repeated fresh runs, beside a baseline measured in the same run — a function that reads
//     the same input and returns no operation — and the same bundle in Node.
// Shopify counts Wasm instructions (limit 11 million per run); neither figure here is that count.
import { loadavg } from "node:os";
import { compileDiscountConfig, type BundleSource, type OfferSource } from "../app/domain/discounts";
import { bundleFunction, DISCOUNT_FUNCTION, runInNode, runInQuickJS } from "../app/lib/shopify-function.server";
import { createRng } from "../app/demo/generate";

const rng = createRng(7);
const productIds = Array.from({ length: 2000 }, (_, i) => String(7_234_567_000_000 + i * 7919));
const pick = () => productIds[rng.int(productIds.length)];
const cuid = (i: number) => `cm${(1_000_000 + i).toString(36)}${Math.floor(rng.next() * 36 ** 8).toString(36).padStart(8, "0")}0000abcd`;

function shop(offers: number, bundles: number) {
  const o: OfferSource[] = Array.from({ length: offers }, (_, i) => ({
    id: cuid(i),
    triggerType: i % 5 === 4 ? "tag" : "products",
    triggerValues: i % 5 === 4 ? [`tag-${i % 40}`] : [pick(), pick()],
    cartSubtotalMin: i % 3 === 0 ? 5000 : null,
    cartSubtotalMax: null,
    eligibleProductIds: [pick(), pick(), pick(), pick()],
    discountType: i % 2 ? "percent" : "fixed",
    discountValue: i % 2 ? 10 : 500,
  }));
  const b: BundleSource[] = Array.from({ length: bundles }, (_, i) => ({
    id: cuid(100_000 + i),
    title: `Bundle number ${i}`,
    discountType: "percent",
    discountValue: 10,
    components: [0, 1, 2].map(() => ({ productId: pick(), variantId: null, quantity: 1 })),
  }));
  return compileDiscountConfig({ offers: o, bundles: b });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  console.log(`bench:functions — ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log("\nDiscount configuration (metafield $app:pairwise.config):");
  const empty = Buffer.byteLength(JSON.stringify(shop(0, 0).config));
  for (const [offers, bundles] of [[0, 0], [100, 0], [300, 0], [500, 0], [1000, 0], [0, 50], [0, 200], [300, 50]] as const) {
    const { config } = shop(offers, bundles);
    const bytes = Buffer.byteLength(JSON.stringify(config));
    const per = offers && !bundles ? ` = ${((bytes - empty) / offers).toFixed(1)} B per offer` : bundles && !offers ? ` = ${((bytes - empty) / bundles).toFixed(1)} B per bundle` : "";
    console.log(`  ${String(offers).padStart(4)} offers, ${String(bundles).padStart(3)} bundles: ${String(bytes).padStart(6)} B${per}`);
  }

  const { config, variables } = shop(300, 50);
  const offerIds = Array.from({ length: 300 }, (_, i) => cuid(i));
  const lines = Array.from({ length: 200 }, (_, i) => {
    const product = config.p[(i * 13) % config.p.length];
    return {
      id: `gid://shopify/CartLine/${i + 1}`,
      quantity: 1 + (i % 3),
      offer: i % 4 === 0 ? { value: offerIds[i % offerIds.length] } : null,
      merchandise: {
        __typename: "ProductVariant" as const,
        id: `gid://shopify/ProductVariant/${product}1`,
        product: {
          id: `gid://shopify/Product/${product}`,
          productType: "Camping",
          hasTags: variables.tags.map((tag, k) => ({ tag, hasTag: (i + k) % 17 === 0 })),
          inCollections: [],
        },
      },
    };
  });
  const input = { cart: { cost: { subtotalAmount: { amount: "4210.00" } }, lines }, discount: { discountClasses: ["PRODUCT"], config: { jsonValue: config } }, presentmentCurrencyRate: "1.0" };
  const bundle = await bundleFunction(DISCOUNT_FUNCTION);
  const baseline = `import __runFunction from "@shopify/shopify_function/run";\nexport function cartLinesDiscountsGenerateRun() { return __runFunction((input) => ({ operations: input.cart.lines.length < 0 ? [1] : [] })) }`;
  const { build } = await import("esbuild");
  const baselineBundle = (await build({ stdin: { contents: baseline, resolveDir: process.cwd(), loader: "ts" }, bundle: true, format: "esm", write: false, target: "es2022" })).outputFiles[0].text;
  console.log(`\nDiscount function on a 200-line cart (300 offers, 50 bundles; input ${Buffer.byteLength(JSON.stringify(input)).toLocaleString("en")} B as JSON; bundle ${bundle.length.toLocaleString("en")} B):`);
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
  console.log(`  QuickJS, Pairwise function: median ${median(fn).toFixed(2)} ms, ${checks} interrupt checks (${ops[0]?.productDiscountsAdd.candidates.length ?? 0} discount candidates)`);
  console.log(`  QuickJS, baseline (reads the input, returns nothing): median ${median(base).toFixed(2)} ms, ${baseChecks} interrupt checks`);
  console.log(`  the function's own work: ${(median(fn) - median(base)).toFixed(2)} ms over the baseline`);
  console.log(`  same output in Node: ${JSON.stringify(nodeOut) === JSON.stringify(out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
