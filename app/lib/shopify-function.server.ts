// Runs a Shopify Function's JavaScript the way Shopify runs it: the single ES module Shopify CLI
// bundles with esbuild (and hands to Javy, i.e. QuickJS compiled to Wasm) is evaluated in
// QuickJS (quickjs-emscripten), with a `ShopifyFunction` global that reads the input and takes
// the output, in a fresh context for each run. Used by the demo checkout (its totals come from
// the real discount function) and by the tests that compare QuickJS with Node.
import { resolve } from "node:path";
import { getQuickJS, type QuickJSWASMModule } from "quickjs-emscripten";

export interface FunctionTarget {
  /** extension folder, e.g. extensions/pairwise-discount */
  dir: string;
  /** the target's export in shopify.extension.toml, e.g. cart-lines-discounts-generate-run */
  exportName: string;
}

export const DISCOUNT_FUNCTION: FunctionTarget = {
  dir: "extensions/pairwise-discount",
  exportName: "cart-lines-discounts-generate-run",
};
export const CART_TRANSFORM: FunctionTarget = { dir: "extensions/pairwise-bundle", exportName: "cart-transform-run" };

export const camelize = (name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * The function's bundle as Shopify CLI builds it: an entry importing the target's export from
 * the extension's src/index and wrapping it in @shopify/shopify_function's run, bundled to one
 * ES module (ES2022).
 */
export async function bundleFunction(target: FunctionTarget, root = process.cwd()): Promise<string> {
  const id = camelize(target.exportName);
  const alias = camelize(`run-${target.exportName}`);
  const entry = [
    `import __runFunction from "@shopify/shopify_function/run"`,
    `import { ${id} as ${alias} } from "user-function"`,
    `export function ${id}() { return __runFunction(${alias}) }`,
  ].join("\n");
  // esbuild is a development dependency (the demo, tests and bench build the bundle; production never does)
  const { build } = await import("esbuild");
  const result = await build({
    stdin: { contents: entry, resolveDir: resolve(root, target.dir), loader: "ts", sourcefile: "stdin.ts" },
    alias: { "user-function": resolve(root, target.dir, "src/index.ts") },
    bundle: true,
    format: "esm",
    target: "es2022",
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

let quickjs: Promise<QuickJSWASMModule> | undefined;

export interface FunctionRun<T> {
  output: T;
  /** wall time of evaluating the module and running the export, ms */
  ms: number;
  /** QuickJS interrupt checks during the run (one per slice of bytecode): a machine-independent proxy for work */
  interruptChecks: number;
}

/** Runs the bundle's export on `input` in a fresh QuickJS context, as Javy would. */
export async function runInQuickJS<T = unknown>(
  bundle: string,
  exportName: string,
  input: unknown,
): Promise<FunctionRun<T>> {
  const QuickJS = await (quickjs ??= getQuickJS());
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(64 * 1024 * 1024);
  let interruptChecks = 0;
  const deadline = Date.now() + 5_000;
  runtime.setInterruptHandler(() => {
    interruptChecks++;
    return Date.now() > deadline;
  });
  const vm = runtime.newContext();
  try {
    const started = performance.now();
    let output: string | undefined;
    const fn = vm.newObject();
    const inputJson = JSON.stringify(input);
    const read = vm.newFunction("readInput", () => {
      const parsed = vm.evalCode(`(${inputJson})`);
      return vm.unwrapResult(parsed);
    });
    const write = vm.newFunction("writeOutput", (value) => {
      const json = vm.getProp(vm.global, "JSON");
      const stringify = vm.getProp(json, "stringify");
      output = vm.getString(vm.unwrapResult(vm.callFunction(stringify, json, value)));
      stringify.dispose();
      json.dispose();
    });
    vm.setProp(fn, "readInput", read);
    vm.setProp(fn, "writeOutput", write);
    vm.setProp(vm.global, "ShopifyFunction", fn);
    [read, write, fn].forEach((h) => h.dispose());
    const exports = vm.unwrapResult(vm.evalCode(bundle, "function.js", { type: "module" }));
    const run = vm.getProp(exports, camelize(exportName));
    const result = vm.callFunction(run, vm.undefined);
    run.dispose();
    exports.dispose();
    vm.unwrapResult(result).dispose();
    const ms = performance.now() - started;
    if (output === undefined) throw new Error("the function wrote no output");
    return { output: JSON.parse(output) as T, ms, interruptChecks };
  } finally {
    vm.dispose();
    runtime.dispose();
  }
}

/** Runs the same bundle in Node (a fresh module instance each call), for comparison with QuickJS. */
export async function runInNode<T = unknown>(bundle: string, exportName: string, input: unknown): Promise<T> {
  let output: unknown;
  const g = globalThis as { ShopifyFunction?: unknown };
  const previous = g.ShopifyFunction;
  g.ShopifyFunction = { readInput: () => JSON.parse(JSON.stringify(input)), writeOutput: (v: unknown) => (output = v) };
  try {
    const mod = (await import(
      /* @vite-ignore */ `data:text/javascript;base64,${Buffer.from(bundle).toString("base64")}#${Math.random()}`
    )) as Record<string, () => void>;
    mod[camelize(exportName)]();
  } finally {
    g.ShopifyFunction = previous;
  }
  return JSON.parse(JSON.stringify(output)) as T;
}
