// A small outdoor-gear catalog in the CatalogProduct shape the catalog sync produces
// (Shopify numeric legacy ids as strings, prices in cents).
import type { CatalogProduct, CatalogVariant, PairRule } from "../../../app/domain/types";

let variantSeq = 44000000000;

/** One variant with sensible defaults (tracked, 20 in stock, available). */
export function variant(over: Partial<CatalogVariant> = {}): CatalogVariant {
  variantSeq++;
  return {
    id: String(variantSeq),
    title: "Default Title",
    price: 1000,
    compareAtPrice: null,
    cost: null,
    inventoryQuantity: 20,
    inventoryTracked: true,
    availableForSale: true,
    ...over,
  };
}

/** One active product with one variant, overridable. */
export function product(
  id: string,
  over: Partial<CatalogProduct> & { price?: number; cost?: number | null; stock?: number | null } = {},
): CatalogProduct {
  const { price = 1000, cost = null, stock = 20, ...rest } = over;
  return {
    id,
    title: `Product ${id}`,
    handle: `product-${id}`,
    productType: "",
    vendor: "Northpeak",
    tags: [],
    collections: [],
    status: "ACTIVE",
    imageUrl: `https://cdn.shopify.com/s/files/1/0000/0001/products/${id}.jpg`,
    variants: [variant({ price, cost, inventoryQuantity: stock })],
    ...rest,
  };
}

export const TENT = "8101";
export const TENT_PRO = "8102";
export const STAKES = "8103";
export const FOOTPRINT = "8104";
export const LANTERN = "8105";
export const SOFA = "8106";
export const NEW_TENT = "8107";
export const FUEL = "8108";
export const TENT_LUXE = "8109";

/** The catalog: two tents (Pro is +30 %), accessories, an unrelated sofa, a brand-new tent with no history. */
export function outdoorCatalog(): CatalogProduct[] {
  return [
    product(TENT, {
      title: "Ridge 2 Tent",
      productType: "Tents",
      tags: ["camping", "2-person"],
      collections: ["c-tents", "c-camping"],
      price: 20000,
      cost: 12000,
    }),
    product(TENT_PRO, {
      title: "Ridge 2 Pro Tent",
      productType: "Tents",
      tags: ["camping", "2-person"],
      collections: ["c-tents", "c-camping"],
      price: 26000,
      cost: 15000,
    }),
    product(TENT_LUXE, {
      title: "Ridge 2 Luxe Tent",
      productType: "Tents",
      tags: ["camping", "2-person"],
      collections: ["c-tents", "c-camping"],
      price: 40000,
      cost: 20000,
    }),
    product(STAKES, {
      title: "Alloy Stakes (8)",
      productType: "Tent Accessories",
      tags: ["camping"],
      collections: ["c-camping", "c-accessories"],
      price: 2500,
      cost: 800,
    }),
    product(FOOTPRINT, {
      title: "Ridge 2 Footprint",
      productType: "Tent Accessories",
      tags: ["camping", "2-person"],
      collections: ["c-camping", "c-accessories"],
      price: 4500,
      cost: 1500,
    }),
    product(LANTERN, {
      title: "Glow Lantern",
      productType: "Lighting",
      tags: ["camping"],
      collections: ["c-camping"],
      price: 3500,
      cost: 2000,
    }),
    product(FUEL, {
      title: "Canister Fuel 230 g",
      productType: "Fuel",
      tags: ["camping", "consumable"],
      collections: ["c-camping"],
      price: 700,
      cost: 300,
    }),
    product(SOFA, {
      title: "Lounge Sofa",
      productType: "Furniture",
      vendor: "Homely",
      tags: ["living"],
      collections: ["c-home"],
      price: 90000,
      cost: 50000,
    }),
    product(NEW_TENT, {
      title: "Summit 2 Tent",
      productType: "Tents",
      tags: ["camping", "2-person"],
      collections: ["c-tents", "c-camping"],
      price: 22000,
      cost: 13000,
    }),
  ];
}

/**
 * A PairRule computed exactly as docs/metrics.md defines it from order counts:
 * total orders N, orders with A, orders with B, orders with both, units of A and of B-in-A-orders.
 */
export function pairRule(
  antecedent: string,
  consequent: string,
  f: { total: number; a: number; b: number; both: number; unitsA?: number; unitsBwithA?: number },
): PairRule {
  const support = f.both / f.total;
  const confidence = f.both / f.a;
  const lift = confidence / (f.b / f.total);
  return {
    antecedent,
    consequent,
    count: f.both,
    support,
    confidence,
    lift,
    attachRate: (f.unitsBwithA ?? f.both) / (f.unitsA ?? f.a),
  };
}
