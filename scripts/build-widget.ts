// Builds the storefront widget: extensions/pairwise-theme/src/main.ts → assets/pairwise.js
// (esbuild, minified, ES2019, IIFE). Prints raw and gzipped sizes and fails when all the
// extension's JavaScript together is over the 10 KB gzipped budget.
// Usage: npm run build:widget        (writes the asset)
//        npm run build:widget -- --check   (fails if the committed asset differs from a fresh build)
import { build } from "esbuild";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

export const EXTENSION_DIR = resolve("extensions/pairwise-theme");
export const ENTRY = join(EXTENSION_DIR, "src/main.ts");
export const OUTFILE = join(EXTENSION_DIR, "assets/pairwise.js");
export const GZIP_BUDGET = 10 * 1024;

/** The widget bundle exactly as it is committed. */
export async function buildWidget(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2019",
    platform: "browser",
    charset: "utf8",
    legalComments: "none",
    write: false,
  });
  return result.outputFiles[0].text;
}

export const gzipSize = (code: string | Buffer): number => gzipSync(code, { level: 9 }).length;

/** Gzipped bytes of every .js file in the extension's assets (what the storefront may load). */
export function assetsGzipTotal(dir = join(EXTENSION_DIR, "assets")): number {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .reduce((sum, f) => sum + gzipSize(readFileSync(join(dir, f))), 0);
}

async function main(): Promise<void> {
  const code = await buildWidget();
  if (process.argv.includes("--check")) {
    const committed = readFileSync(OUTFILE, "utf8");
    if (committed !== code) {
      console.error("assets/pairwise.js is stale: run npm run build:widget");
      process.exit(1);
    }
  } else {
    writeFileSync(OUTFILE, code);
  }
  const total = assetsGzipTotal();
  console.log(
    `pairwise.js: ${Buffer.byteLength(code)} B raw, ${gzipSize(code)} B gzipped; ` +
      `all extension JS: ${total} B gzipped (budget ${GZIP_BUDGET} B)`,
  );
  if (total > GZIP_BUDGET) {
    console.error(`Widget JavaScript is over budget: ${total} B > ${GZIP_BUDGET} B gzipped`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
