// A catalog for an order file that comes without one (npm run eval -- --input): every product the
// orders mention, titled as its lines are (or by its id), priced at its most recent line price,
// with one untracked variant so that no stock rule removes it. Content-based ranking then has only
// titles to go on; the evaluation says so.
import type { CatalogProduct, ImportedOrder } from "../../app/domain/types";

export function catalogFromOrders(orders: Iterable<ImportedOrder>): CatalogProduct[] {
  const seen = new Map<string, { title: string; price: number; at: number }>();
  for (const o of orders) {
    for (const l of o.lines) {
      if (!l.productId) continue;
      const at = o.createdAt ?? 0;
      const prev = seen.get(l.productId);
      if (!prev || at >= prev.at)
        seen.set(l.productId, { title: l.title || prev?.title || l.productId, price: l.price ?? prev?.price ?? 0, at });
    }
  }
  return [...seen].map(([id, p]) => ({
    id,
    title: p.title,
    handle: id,
    productType: "",
    vendor: "",
    tags: [],
    collections: [],
    status: "ACTIVE" as const,
    variants: [
      { id: `${id}-v`, title: "Default Title", price: p.price, inventoryTracked: false, availableForSale: true },
    ],
  }));
}
