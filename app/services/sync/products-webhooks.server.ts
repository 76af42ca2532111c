// products/create, products/update and products/delete webhooks (REST-shaped payloads) → the
// catalog. Product webhooks carry no collections and no unit cost: the stored ones are kept
// (the catalog sync brings them). Idempotent: the same payload twice leaves the same rows.
import db from "../../db.server";
import type { CatalogProduct } from "../../domain/types";
import { legacyId, moneyToCents } from "../../lib/shopify-ids";
import { upsertCatalog } from "./ingest-orders.server";

export interface WebhookProductPayload {
  id: number;
  title: string;
  handle: string;
  product_type?: string;
  vendor?: string;
  /** comma-separated */
  tags?: string;
  status?: "active" | "draft" | "archived" | "unlisted";
  image?: { src: string } | null;
  images?: { src: string; position?: number }[];
  variants?: {
    id: number;
    title?: string;
    sku?: string | null;
    price: string;
    compare_at_price?: string | null;
    inventory_quantity?: number | null;
    inventory_management?: string | null;
    inventory_policy?: "deny" | "continue";
  }[];
}

export function productFromWebhook(p: WebhookProductPayload): CatalogProduct {
  if (p == null || p.id == null) throw new Error("product payload without id");
  const status = p.status === "active" ? "ACTIVE" : p.status === "archived" ? "ARCHIVED" : "DRAFT";
  return {
    id: legacyId(p.id),
    title: p.title ?? "",
    handle: p.handle ?? "",
    productType: p.product_type ?? "",
    vendor: p.vendor ?? "",
    tags: (p.tags ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    collections: [],
    status,
    imageUrl: p.image?.src ?? p.images?.[0]?.src ?? null,
    variants: (p.variants ?? []).map((v) => {
      const tracked = v.inventory_management != null && v.inventory_management !== "";
      const qty = typeof v.inventory_quantity === "number" ? v.inventory_quantity : null;
      return {
        id: legacyId(v.id),
        title: v.title ?? "Default Title",
        sku: v.sku || null,
        price: moneyToCents(v.price) ?? 0,
        compareAtPrice: moneyToCents(v.compare_at_price),
        // cost stays undefined: keep the stored unit cost
        inventoryQuantity: qty,
        inventoryTracked: tracked,
        availableForSale: !tracked || v.inventory_policy === "continue" || (qty ?? 0) > 0,
      };
    }),
  };
}

/** products/create and products/update. */
export async function handleProductUpdate(shop: string, payload: unknown): Promise<void> {
  await upsertCatalog(shop, [productFromWebhook(payload as WebhookProductPayload)], {
    keepCollections: true,
    existingShopOnly: true,
  });
}

/** products/delete: payload { id }. Variants go with the product. */
export async function handleProductDelete(shop: string, payload: unknown): Promise<void> {
  const id = (payload as { id?: number | string } | null)?.id;
  if (id == null) throw new Error("product delete payload without id");
  await db.product.deleteMany({ where: { shop, shopifyId: legacyId(id) } });
}
