// A generated shop and cart for measuring what Pairwise's discount function reads: `bench:functions`
// prints the figures, test/unit/functions checks the same inputs against Shopify's real schema
// and limits. Ids look like Shopify's and Prisma's (13-digit product ids, 14-digit variant ids,
// 25-character offer ids, cart line ids as long as a UUID), so byte counts are honest.
import {
  compileDiscountConfig,
  functionConfigOf,
  productGid,
  readRules,
  type BundleSource,
  type CatalogProduct,
  type DiscountConfig,
  type OfferSource,
} from "../../app/domain/discounts";
import { createRng } from "../../app/demo/generate";
import type { RunInput } from "../../extensions/pairwise-discount/src/cart_lines_discounts_generate_run";

/** Shopify's caps on a function's input (shopify.dev, Shopify Functions limits). */
export const FUNCTION_INPUT_LIMIT = 64_000;
export const FUNCTION_METAFIELD_LIMIT = 10_000;

export interface ScaleShop {
  config: DiscountConfig;
  catalog: CatalogProduct[];
  offerIds: string[];
}

/**
 * A shop of `offers` discounted offers and `bundles` bundles over a catalog of max(2,000, 2 ×
 * offers) products with 3 tags each (of 120) and 2 collections each (of 60): 70 % of offers
 * trigger on two products, 10 % on a tag, 10 % on a collection, 5 % on any product, 5 % on the
 * cart subtotal; each may discount four products; bundles of three products, one in five shown
 * as one line.
 */
export function scaleShop(offers: number, bundles: number, seed = 7): ScaleShop {
  const rng = createRng(seed);
  const size = Math.max(2000, offers * 2);
  const catalog: CatalogProduct[] = Array.from({ length: size }, (_, i) => ({
    id: String(8_234_567_000_000 + i * 7919),
    productType: `Type ${i % 30}`,
    tags: [0, 1, 2].map((k) => `tag-${(i * 7 + k * 41) % 120}`),
    collections: [0, 1].map((k) => String(400_000_000_000 + ((i * 3 + k * 17) % 60))),
  }));
  const pick = () => catalog[rng.int(catalog.length)].id;
  const cuid = () => `c${Array.from({ length: 24 }, () => rng.int(36).toString(36)).join("")}`;
  const offerIds = Array.from({ length: offers }, cuid);
  const o: OfferSource[] = offerIds.map((id, i) => {
    const kind = i % 20;
    const base = {
      id,
      cartSubtotalMin: null,
      cartSubtotalMax: null,
      eligibleProductIds: [pick(), pick(), pick(), pick()],
      discountType: i % 2 ? ("percent" as const) : ("fixed" as const),
      discountValue: i % 2 ? 10 : 500,
    };
    if (kind < 14) return { ...base, triggerType: "products", triggerValues: [pick(), pick()] };
    if (kind < 16) return { ...base, triggerType: "tag", triggerValues: [`tag-${rng.int(120)}`] };
    if (kind < 18)
      return {
        ...base,
        triggerType: "collections",
        triggerValues: [`gid://shopify/Collection/${400_000_000_000 + rng.int(60)}`],
      };
    if (kind < 19) return { ...base, triggerType: "any", triggerValues: [] };
    return { ...base, triggerType: "cart_subtotal", triggerValues: [], cartSubtotalMin: 10_000 };
  });
  const b: BundleSource[] = Array.from({ length: bundles }, (_, i) => ({
    id: cuid(),
    title: `Bundle number ${i}`,
    discountType: "percent",
    discountValue: 10,
    components: [0, 1, 2].map(() => ({ productId: pick(), variantId: null, quantity: 1 })),
    ...(i % 5 === 0 ? { mergedVariantId: String(44_000_000_000_000 + i), mergedProductId: pick() } : {}),
  }));
  return { config: compileDiscountConfig({ offers: o, bundles: b, catalog }).config, catalog, offerIds };
}

/** Bytes of each product's or variant's metafield `$app:pairwise.rules` as the function's input holds it (a JSON string), largest first. */
export function ruleSizes(config: DiscountConfig): { owner: string; bytes: number }[] {
  return Object.entries(config.r)
    .map(([owner, rules]) => ({ owner, bytes: Buffer.byteLength(JSON.stringify(rules)) }))
    .sort((a, b) => b.bytes - a.bytes || a.owner.localeCompare(b.owner));
}

const PRODUCT = "gid://shopify/Product/";
const lineId = (i: number) =>
  `gid://shopify/CartLine/${String(i + 1).padStart(8, "0")}-4f1c-4b2a-9e3d-${String(i).padStart(12, "0")}`;

/**
 * The discount function's input for a cart of `lines` lines, as Shopify would send it for the
 * input query: `worst` fills it with the products that carry the most rules (largest input),
 * otherwise products drawn at random; every fourth line was added from an offer (one that may
 * discount its product, when there is one).
 */
export function cartInput(shop: ScaleShop, lines: number, mode: "worst" | "random", seed = 11): RunInput {
  const rng = createRng(seed);
  const products =
    mode === "worst"
      ? ruleSizes(shop.config).flatMap((r) => (r.owner.startsWith(PRODUCT) ? [r.owner.slice(PRODUCT.length)] : []))
      : shop.catalog.map((p) => p.id);
  const chosen = Array.from({ length: lines }, (_, i) =>
    mode === "worst" ? products[i % products.length] : products[rng.int(products.length)],
  );
  // an offered line carries the id of an offer that may discount its product (as the storefront adds it), else any offer's
  const keys = new Set(shop.config.o.map((o) => o.k));
  const idOfKey = new Map<string, string>();
  for (const id of shop.offerIds)
    for (let n = 4; n <= 8; n++) if (keys.has(id.slice(-n))) idOfKey.set(id.slice(-n), id);
  const offerFor = (productId: string, i: number) => {
    const k = readRules(shop.config.r[productGid(productId)]).e[0]?.k;
    return (k && idOfKey.get(k)) ?? shop.offerIds[i % shop.offerIds.length];
  };
  return {
    cart: {
      // the widget's visitor id (a UUID): the discount experiments' arm is computed from it
      v: { value: "0b6f3c9e-1d2a-4e5f-8a7b-9c0d1e2f3a4b" },
      cost: { subtotalAmount: { amount: "4210.00" } },
      lines: chosen.map((productId, i) => {
        const rules = shop.config.r[productGid(productId)];
        return {
          id: lineId(i),
          q: 1 + (i % 3),
          a: i % 4 === 0 && shop.offerIds.length ? { value: offerFor(productId, i) } : null,
          m: { r: null, p: { r: rules ? { jsonValue: rules } : null } },
        };
      }),
    },
    discount: { discountClasses: ["PRODUCT"], config: { jsonValue: functionConfigOf(shop.config) } },
    presentmentCurrencyRate: "1.0",
  };
}

export const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
