// The demo shop's catalog as the preview storefront needs it: products with their variants, from
// the database (the same rows the app mines and offers from), held in memory for a minute.
import db from "../../db.server";
import { DEMO_SHOP } from "../../lib/config.server";
import { CATALOG, DEPARTMENTS, DEPARTMENT_TITLES, type Department } from "../catalog";

export interface StoreVariant {
  id: string; // Shopify variant id
  title: string;
  price: number; // cents
  compareAtPrice: number | null;
  available: boolean;
  sku: string | null;
}

export interface StoreProduct {
  id: string; // Shopify product id
  handle: string;
  title: string;
  vendor: string;
  productType: string;
  department: Department;
  imageUrl: string | null;
  optionName: string | null;
  variants: StoreVariant[];
}

export interface StoreCatalog {
  products: StoreProduct[];
  byHandle: Map<string, StoreProduct>;
  byVariant: Map<string, { product: StoreProduct; variant: StoreVariant }>;
  shop: { name: string; currency: string; moneyFormat: string; freeShippingThreshold: number | null };
}

const optionNames = new Map(CATALOG.map((t) => [t.handle, t.option?.name ?? null]));
const TTL_MS = 60_000;
let cached: { at: number; catalog: Promise<StoreCatalog> } | null = null;

const departmentOfHandle = new Map(CATALOG.map((t) => [t.handle, t.department]));

function departmentOf(imageUrl: string | null, productType: string, handle: string): Department {
  const known = departmentOfHandle.get(handle);
  if (known) return known;
  const m = /\/demo-images\/([\w-]+)\.svg$/.exec(imageUrl ?? "");
  const d = m?.[1] as Department | undefined;
  if (d && DEPARTMENTS.includes(d)) return d;
  return DEPARTMENTS.find((x) => productType.toLowerCase().includes(x)) ?? "essentials";
}

async function load(): Promise<StoreCatalog> {
  const [shop, rows] = await Promise.all([
    db.shop.findUnique({ where: { domain: DEMO_SHOP } }),
    db.product.findMany({
      where: { shop: DEMO_SHOP, status: "ACTIVE" },
      include: { variants: true },
      orderBy: { title: "asc" },
    }),
  ]);
  const products = rows.map((p): StoreProduct => ({
    id: p.shopifyId,
    handle: p.handle,
    title: p.title,
    vendor: p.vendor,
    productType: p.productType,
    department: departmentOf(p.imageUrl, p.productType, p.handle),
    imageUrl: p.imageUrl,
    optionName: optionNames.get(p.handle) ?? (p.variants.length > 1 ? "Option" : null),
    variants: [...p.variants]
      .sort((a, b) => a.shopifyId.localeCompare(b.shopifyId))
      .map((v) => ({
        id: v.shopifyId,
        title: v.title,
        price: v.price,
        compareAtPrice: v.compareAtPrice,
        available: v.availableForSale && (!v.inventoryTracked || (v.inventoryQuantity ?? 0) > 0),
        sku: v.sku,
      })),
  }));
  const byVariant = new Map<string, { product: StoreProduct; variant: StoreVariant }>();
  for (const product of products)
    for (const variant of product.variants) byVariant.set(variant.id, { product, variant });
  return {
    products,
    byHandle: new Map(products.map((p) => [p.handle, p])),
    byVariant,
    shop: {
      name: shop?.name || "Pairwise Demo Outfitters",
      currency: shop?.currency ?? "USD",
      moneyFormat: shop?.moneyFormat ?? "${{amount}}",
      freeShippingThreshold: shop?.freeShippingThreshold ?? null,
    },
  };
}

export function storeCatalog(now = Date.now()): Promise<StoreCatalog> {
  if (!cached || now - cached.at > TTL_MS) {
    const catalog = load();
    cached = { at: now, catalog };
    catalog.catch(() => (cached = null));
  }
  return cached.catalog;
}

export function departmentTitle(d: Department): string {
  return DEPARTMENT_TITLES[d];
}
