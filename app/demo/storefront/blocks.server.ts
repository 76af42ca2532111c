// Renders the theme app extension's real block files (extensions/pairwise-theme/blocks/*.liquid)
// with the settings a merchant would pick in the theme editor, through the tiny Liquid subset in
// liquid.server.ts. Read from disk on every page, so the preview always shows the current blocks.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { renderLiquid, type LiquidEnv } from "./liquid.server";
import { extensionLocale } from "./locale.server";
import type { Locale } from "../../i18n/i18n";
import { extensionDirectory } from "../../lib/config.server";
import type { EmptyBlocks, StorefrontFacts } from "../../lib/storefront-contract";

export const EXTENSION_DIR = resolve(extensionDirectory());

export type BlockName = "frequently-bought-together" | "you-may-also-like" | "cart-offers";

export interface BlockContext {
  id: string;
  /** Shopify's template.name: product, cart, index, collection … */
  templateName: string;
  productId: string | null;
  moneyFormat: string;
  /** the storefront's language: the blocks' `t` filter reads locales/<locale>.json over en.default.json */
  locale?: Locale;
  /** Shopify's shop.permanent_domain */
  shopDomain?: string;
  /** the app's app-data metafields as Liquid reads them (app.metafields.pairwise.storefront / .empty) */
  facts?: { facts: StorefrontFacts; empty: EmptyBlocks } | null;
  /** the logged-in customer (Liquid's `customer`), null for a guest */
  customerId?: string | null;
}

const read = (...parts: string[]) => readFileSync(join(EXTENSION_DIR, ...parts), "utf8");

export function renderBlock(name: BlockName, settings: Record<string, unknown>, ctx: BlockContext): string {
  const env: LiquidEnv = {
    translations: extensionLocale(EXTENSION_DIR, ctx.locale ?? "en"),
    snippet: (snippet) => read("snippets", `${snippet.replace(/[^\w-]/g, "")}.liquid`),
    assetUrl: (file) => `/storefront/assets/${encodeURIComponent(file)}`,
    globals: {
      shop: { money_format: ctx.moneyFormat, permanent_domain: ctx.shopDomain ?? "" },
      app: {
        metafields: {
          pairwise: ctx.facts ? { storefront: { value: ctx.facts.facts }, empty: { value: ctx.facts.empty } } : {},
        },
      },
      routes: { root_url: "/" },
      template: { name: ctx.templateName },
      product: ctx.productId ? { id: Number(ctx.productId) } : null,
      customer: ctx.customerId ? { id: Number(ctx.customerId) || ctx.customerId } : null,
    },
  };
  // block.shopify_attributes prints theme-editor attributes only inside the editor: empty here.
  return renderLiquid(
    read("blocks", `${name}.liquid`),
    { block: { id: ctx.id, settings, shopify_attributes: "" } },
    env,
  );
}

/** The block's {% schema %} JSON: what Shopify reads to know which assets to load. */
function schemaOf(name: BlockName): { javascript?: string; stylesheet?: string } {
  const m = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(read("blocks", `${name}.liquid`));
  return m ? (JSON.parse(m[1]) as { javascript?: string; stylesheet?: string }) : {};
}

/**
 * The <head> tags Shopify adds for the blocks on a page: each distinct schema "stylesheet" as a
 * <link rel="stylesheet"> (render-blocking) and each distinct "javascript" as a deferred script,
 * once per page however many blocks use them.
 */
export function blockAssetTags(names: BlockName[], base = "/storefront/assets/"): string {
  const schemas = [...new Set(names)].map(schemaOf);
  const css = [...new Set(schemas.flatMap((s) => s.stylesheet ?? []))];
  const js = [...new Set(schemas.flatMap((s) => s.javascript ?? []))];
  return [
    ...css.map((f) => `<link rel="stylesheet" href="${base}${f}">`),
    ...js.map((f) => `<script src="${base}${f}" defer></script>`),
  ].join("\n");
}

/** A file of the extension's assets folder (the widget and its lazily loaded parts), or null. */
export function extensionAsset(file: string): string | null {
  if (!/^[\w-]+(\.[\w-]+)*\.(js|css)$/.test(file)) return null;
  const path = join(EXTENSION_DIR, "assets", file);
  return existsSync(path) ? readFileSync(path, "utf8") : null;
}
