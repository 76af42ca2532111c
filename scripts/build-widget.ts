// Builds the storefront widget from extensions/pairwise-theme/src (esbuild, minified, ES2020 IIFE):
//   src/main.ts → assets/pairwise.js (the core every block loads) and src/<name>-part.ts →
//   assets/pairwise-<name>.js (the parts the core loads when needed: actions, bundle, cart),
// and writes the generated regions of the blocks: the widget's styles (src/widget.css, minified,
// as an inline <style> in each app block: no render-blocking stylesheet request; the cart part
// carries them for the cart embed, which prints none), the boot script (src/boot.ts,
// inline after each app block: loads the core after the first paint; the cart embed's loader,
// src/embed-boot.ts, in its place in the embed, as an empty <style>'s onload) and the storefront
// strings (from
// locales/en.default.json; a shared snippet would be reported as orphaned by Shopify CLI), between `{% comment %}pairwise:<name>{% endcomment %}` markers.
// Fails when a file the blocks load reaches Shopify's 10 000 B limit (raw size, as Shopify CLI
// measures it).
// Usage: npm run build:widget        (writes the assets and the blocks' generated regions)
//        npm run build:widget -- --check   (fails if anything committed differs from a fresh build)
import { build, transform } from "esbuild";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

export const EXTENSION_DIR = resolve("extensions/pairwise-theme");
const SRC = join(EXTENSION_DIR, "src");
const ASSETS = join(EXTENSION_DIR, "assets");
const BLOCKS = join(EXTENSION_DIR, "blocks");
/** Shopify's limit for a theme app extension's JavaScript file (AssetSizeAppBlockJavaScript), raw bytes as the CLI measures. */
export const SIZE_LIMIT = 10_000;

/** asset file → entry point */
export const ENTRIES: Record<string, string> = {
  "pairwise.js": "main.ts",
  "pairwise-actions.js": "actions-part.ts",
  "pairwise-bundle.js": "bundle-part.ts",
  "pairwise-cart.js": "cart-part.ts",
};

/** The inline boot script every app block prints right after its <section> (src/boot.ts). */
export const BOOT_ENTRY = "boot.ts";
/** What runs it, printed after it (src/boot-stub.ts): the boot itself is printed as a data block. */
export const BOOT_STUB_ENTRY = "boot-stub.ts";
/** The cart embed's loader, printed instead as its empty <style>'s onload handler (src/embed-boot.ts). */
export const EMBED_BOOT_ENTRY = "embed-boot.ts";

/** The widget's styles (src/widget.css), minified: once per build (every bundle and the blocks use them). */
let css: Promise<string> | undefined;
const widgetCss = (): Promise<string> =>
  (css ??= transform(readFileSync(join(SRC, "widget.css"), "utf8"), {
    loader: "css",
    minify: true,
    charset: "utf8",
  }).then((r) => r.code.trim()));

async function bundle(entry: string): Promise<string> {
  const result = await build({
    // the cart part brings the styles to the cart embed, which prints none (PW_CSS in cart-part.ts)
    define: { PW_CSS: JSON.stringify(await widgetCss()) },
    entryPoints: [join(SRC, entry)],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    platform: "browser",
    charset: "utf8",
    legalComments: "none",
    write: false,
  });
  return result.outputFiles[0].text;
}

// V8's explicit compile hint: every function of the file is compiled with the script, not lazily
// at its first call. The core and the parts run nearly all of their functions within their first
// tasks, where lazy compilation made the blocks' setup alone a task of 15 ms in Lighthouse's traces
// (×4 under its throttling); with the hint it took 6.8 ms (README "Lazy compilation was the longest
// task"). V8 reads the hint only as the file's first line.
const COMPILE_ALL = "//# allFunctionsCalledOnLoad\n";

/** Code as an HTML attribute's double-quoted value (the browser decodes it before compiling it). */
function attribute(code: string): string {
  const value = code.trim().replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  // Liquid would read these as its own tags
  if (/\{\{|\{%/.test(value)) throw new Error("an inline handler must not contain {{ or {%");
  return value;
}

/** Every asset file exactly as it is committed. */
export async function buildWidget(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [file, entry] of Object.entries(ENTRIES)) out[file] = COMPILE_ALL + (await bundle(entry));
  return out;
}

/** The generated regions of the blocks: name → content. */
export async function generatedRegions(): Promise<Record<string, string>> {
  const core = `{{ 'pairwise.js' | asset_url }}`;
  return {
    styles: `<style>${await widgetCss()}</style>`,
    strings: stringsLiquid(),
    // no block preloads the core: a request of ours that ends before the page's largest paint is on
    // that paint's path in Lighthouse's simulation (boot.ts asks for the core after that paint)
    // a data block the browser does not compile while the page is parsed, and the stub that runs it
    // in the next frame's animation callback
    boot:
      `<script type="text/x-pairwise" data-src="${core}">${(await bundle(BOOT_ENTRY)).trim()}</script>` +
      `<script>${(await bundle(BOOT_STUB_ENTRY)).trim()}</script>`,
    // the cart embed (on every page, hidden until the core places it) decides nothing before the
    // first paint: it hands itself to an app block's boot, or only loads the core after the load
    // event. Its loader is the handler of its empty <style>'s load event, which runs in a task of its
    // own, not in the parser's (embed-boot.ts)
    "embed-boot": `<style data-src="${core}" onload="${attribute(await bundle(EMBED_BOOT_ENTRY))}"></style>`,
  };
}

/**
 * Liquid that captures the widget's storefront strings (every `pairwise.*` key of the English
 * locale but the block headings) as JSON in `pw_strings`, which each block prints as its
 * data-strings attribute. Placeholders are passed as %name%, which the widget fills in.
 */
export function stringsLiquid(): string {
  const en = (
    JSON.parse(readFileSync(join(EXTENSION_DIR, "locales/en.default.json"), "utf8")) as {
      pairwise: Record<string, string>;
    }
  ).pairwise;
  const lines = Object.keys(en)
    .filter((k) => !k.startsWith("heading_"))
    .map((k) => {
      const vars = [...new Set([...en[k].matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]))];
      return `"${k}": {{ 'pairwise.${k}' | t${vars.length ? ": " + vars.map((v) => `${v}: '%${v}%'`).join(", ") : ""} | json }}`;
    });
  return `{%- capture pw_strings -%}\n{\n${lines.join(",\n")}\n}\n{%- endcapture -%}`;
}

const marker = (name: string) => `\\{%-? comment -?%\\}${name}\\{%-? endcomment -?%\\}`;
const region = (name: string) =>
  new RegExp(`(${marker(`pairwise:${name}`)})[\\s\\S]*?(${marker(`/pairwise:${name}`)})`, "g");

/** Each block file with its generated regions filled in. */
export async function buildBlocks(): Promise<Record<string, string>> {
  const regions = await generatedRegions();
  const out: Record<string, string> = {};
  for (const file of readdirSync(BLOCKS).filter((f) => f.endsWith(".liquid"))) {
    let text = readFileSync(join(BLOCKS, file), "utf8");
    for (const [name, content] of Object.entries(regions))
      text = text.replace(region(name), (_m, open: string, close: string) => `${open}\n${content}\n${close}`);
    out[file] = text;
  }
  return out;
}

export const gzipSize = (code: string | Buffer): number => gzipSync(code, { level: 9 }).length;

async function main(): Promise<void> {
  const assets = await buildWidget();
  const blocks = await buildBlocks();
  const files = [
    ...Object.entries(assets).map(([f, text]) => [join(ASSETS, f), text]),
    ...Object.entries(blocks).map(([f, text]) => [join(BLOCKS, f), text]),
  ];
  if (process.argv.includes("--check")) {
    const stale = files.filter(([path, text]) => readFileSync(path, "utf8") !== text).map(([path]) => path);
    if (stale.length) {
      console.error(`stale: ${stale.join(", ")}: run npm run build:widget`);
      process.exit(1);
    }
  } else {
    for (const [path, text] of files) writeFileSync(path, text);
  }
  let over = false;
  for (const [file, code] of Object.entries(assets)) {
    const raw = Buffer.byteLength(code);
    console.log(`${file}: ${raw} B raw, ${gzipSize(code)} B gzipped (limit ${SIZE_LIMIT} B raw)`);
    if (raw >= SIZE_LIMIT) over = true;
  }
  if (over) {
    console.error(
      `A widget file reaches Shopify's ${SIZE_LIMIT} B limit: move code into a part (src/parts.ts) or write less of it`,
    );
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
