// Renders the theme app extension's real block files (extensions/pairwise-theme/blocks/*.liquid)
// with the settings a merchant would pick in the theme editor, through the tiny Liquid subset in
// liquid.server.ts. Read from disk on every page, so the preview always shows the current blocks.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { renderLiquid, type LiquidEnv } from "./liquid.server";
import { extensionDirectory } from "../../lib/config.server";

export const EXTENSION_DIR = resolve(extensionDirectory());

export type BlockName = "frequently-bought-together" | "you-may-also-like" | "cart-offers";

export interface BlockContext {
  id: string;
  /** Shopify's template.name: product, cart, index, collection … */
  templateName: string;
  productId: string | null;
  moneyFormat: string;
}

const read = (...parts: string[]) => readFileSync(join(EXTENSION_DIR, ...parts), "utf8");

export function renderBlock(name: BlockName, settings: Record<string, unknown>, ctx: BlockContext): string {
  const env: LiquidEnv = {
    translations: JSON.parse(read("locales", "en.default.json")) as Record<string, unknown>,
    snippet: (snippet) => read("snippets", `${snippet.replace(/[^\w-]/g, "")}.liquid`),
    globals: {
      shop: { money_format: ctx.moneyFormat },
      routes: { root_url: "/" },
      template: { name: ctx.templateName },
      product: ctx.productId ? { id: Number(ctx.productId) } : null,
    },
  };
  // block.shopify_attributes prints theme-editor attributes only inside the editor: empty here.
  return renderLiquid(read("blocks", `${name}.liquid`), { block: { id: ctx.id, settings, shopify_attributes: "" } }, env);
}

export function extensionAsset(file: "pairwise.js" | "pairwise.css"): string {
  return read("assets", file);
}
