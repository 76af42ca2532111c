// Builds the post-purchase extension offline with esbuild, as Shopify CLI would bundle it:
// extensions/pairwise-post-purchase/src/index.ts → dist/pairwise-post-purchase.js (minified ES2020).
// SHOPIFY_APP_URL, when set, is the app URL the bundle calls (production); without it the bundle
// calls its own origin (the local demo). Prints raw and compressed sizes and fails over Shopify's
// 64 KB compressed limit for UI extension bundles.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

export const POST_PURCHASE_DIR = resolve("extensions/pairwise-post-purchase");
export const POST_PURCHASE_BUNDLE = join(POST_PURCHASE_DIR, "dist/pairwise-post-purchase.js");
export const SHOPIFY_COMPRESSED_LIMIT = 64 * 1024;

export async function buildPostPurchase(appUrl = process.env.SHOPIFY_APP_URL): Promise<string> {
  const result = await build({
    entryPoints: [join(POST_PURCHASE_DIR, "src/index.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    platform: "browser",
    charset: "utf8",
    legalComments: "none",
    define: appUrl ? { __PAIRWISE_APP_URL__: JSON.stringify(appUrl) } : {},
    write: false,
  });
  return result.outputFiles![0].text;
}

async function main(): Promise<void> {
  const code = await buildPostPurchase();
  mkdirSync(dirname(POST_PURCHASE_BUNDLE), { recursive: true });
  writeFileSync(POST_PURCHASE_BUNDLE, code);
  const gz = gzipSync(code, { level: 9 }).length;
  console.log(
    `pairwise-post-purchase.js: ${Buffer.byteLength(code)} B raw, ${gz} B compressed (gzip -9; Shopify's limit ${SHOPIFY_COMPRESSED_LIMIT} B)`,
  );
  if (gz > SHOPIFY_COMPRESSED_LIMIT) {
    console.error(
      `The post-purchase bundle is over Shopify's limit: ${gz} B > ${SHOPIFY_COMPRESSED_LIMIT} B compressed`,
    );
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
