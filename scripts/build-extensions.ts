// Builds the UI extensions offline with esbuild, one ES module per target, exactly what the
// demo's stand-in hosts load, and prints each bundle's compressed size against Shopify's limit
// (UI extension bundles over 64 KB compressed are rejected at deploy).
// Output: $PAIRWISE_BUILD_DIR/client/extensions/<extension>/<Module>.js (default build/).
// The app URL is baked in from PAIRWISE_APP_URL (empty: the page's own origin, as in the demo).
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

export const SHOPIFY_BUNDLE_LIMIT = 64 * 1024;

/** Each target's module of each UI extension (as in its shopify.extension.toml). */
export const UI_EXTENSION_MODULES = [
  {
    extension: "pairwise-checkout",
    target: "purchase.checkout.cart-line-list.render-after",
    module: "src/Checkout.tsx",
  },
  { extension: "pairwise-checkout", target: "purchase.thank-you.block.render", module: "src/ThankYou.tsx" },
] as const;

export interface BuiltModule {
  extension: string;
  target: string;
  file: string;
  bytes: number;
  gzipBytes: number;
}

export function extensionsOutDir(buildDir = process.env.PAIRWISE_BUILD_DIR ?? "build"): string {
  return resolve(buildDir, "client/extensions");
}

export async function bundleModule(entry: string, appUrl = process.env.PAIRWISE_APP_URL ?? ""): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    platform: "browser",
    jsx: "automatic",
    jsxImportSource: "preact",
    charset: "utf8",
    legalComments: "none",
    define: { "process.env.PAIRWISE_APP_URL": JSON.stringify(appUrl), "process.env.NODE_ENV": '"production"' },
    write: false,
  });
  return result.outputFiles[0].text;
}

export async function buildUiExtensions(outDir = extensionsOutDir()): Promise<BuiltModule[]> {
  const built: BuiltModule[] = [];
  for (const m of UI_EXTENSION_MODULES) {
    const code = await bundleModule(resolve("extensions", m.extension, m.module));
    const file = join(outDir, m.extension, `${basename(m.module).replace(/\.tsx?$/, "")}.js`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
    built.push({
      extension: m.extension,
      target: m.target,
      file,
      bytes: Buffer.byteLength(code),
      gzipBytes: gzipSync(code, { level: 9 }).length,
    });
  }
  return built;
}

/** The demo's stand-in hosts (demo only: served by the preview storefront, never public): the checkout's and the post-purchase page's. */
export async function buildDemoHosts(buildDir = process.env.PAIRWISE_BUILD_DIR ?? "build"): Promise<void> {
  const hosts = [
    { entry: "app/demo/checkout-host/host.ts", out: "demo/checkout-host.js", format: "esm" },
    { entry: "app/demo/storefront/post-purchase-host.ts", out: "demo/post-purchase-host.js", format: "iife" },
  ] as const;
  for (const h of hosts)
    await build({
      entryPoints: [resolve(h.entry)],
      bundle: true,
      minify: true,
      format: h.format,
      target: "es2020",
      platform: "browser",
      outfile: resolve(buildDir, h.out),
      legalComments: "none",
    });
}

async function main(): Promise<void> {
  const built = await buildUiExtensions();
  await buildDemoHosts();
  for (const b of built) {
    const share = ((b.gzipBytes / SHOPIFY_BUNDLE_LIMIT) * 100).toFixed(1);
    console.log(
      `${b.extension} ${b.target}: ${b.bytes} B raw, ${b.gzipBytes} B gzipped (${share} % of Shopify's 64 KB limit)`,
    );
  }
  const over = built.filter((b) => b.gzipBytes > SHOPIFY_BUNDLE_LIMIT);
  if (over.length) {
    console.error(
      `UI extension bundles over Shopify's 64 KB compressed limit: ${over.map((b) => b.target).join(", ")}`,
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
