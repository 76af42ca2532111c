// Admin API bulk operation results (JSONL) → ImportedOrder / CatalogProduct, streamed line by
// line: memory holds one parent object and its children, whatever the file size.
//
// Bulk output writes every connection node on its own line; a child line carries `__parentId`
// (the global id of its parent). Started with `groupObjects: true` (as app/graphql/
// bulk-operation-run.ts does; 2026-10's default is false), Shopify writes each parent followed by
// its children. So an order is complete when the next top-level object starts, and at the end.
//   orders:  Order, then LineItem lines            (see app/graphql/orders-bulk-query.ts)
//   catalog: Product, then ProductVariant and Collection lines (app/graphql/catalog-bulk-query.ts)
// Refunded units: `quantity - currentQuantity` of each line; RefundLineItem child lines and an
// inline `refunds` list (with refundLineItems edges or nodes) are read too when present.
// Lines that are not JSON, children whose parent is not the current object, and values of the
// wrong shape are reported through `onIssue` with their 1-based line number and skipped.
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { CatalogProduct, CatalogVariant, ImportedOrder, ImportedOrderLine, ParseIssue } from "../../domain/types";
import { gidType, legacyId, moneyToCents } from "../shopify-ids";

/** A stream, or any (async) iterable of text or byte chunks. */
export type JsonlInput = NodeJS.ReadableStream | AsyncIterable<string | Buffer> | Iterable<string | Buffer>;

type Obj = Record<string, unknown>;

async function* jsonLines(
  input: JsonlInput,
  report: (i: ParseIssue) => void,
): AsyncGenerator<{ line: number; obj: Obj }> {
  const source = input instanceof Readable ? input : Readable.from(input as AsyncIterable<string | Buffer>);
  const rl = createInterface({ input: source, crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    const t = line === 1 ? text.replace(/^\uFEFF/, "").trim() : text.trim();
    if (!t) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch {
      report({ line, message: "not a JSON object; line skipped" });
      continue;
    }
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) {
      report({ line, message: "not a JSON object; line skipped" });
      continue;
    }
    yield { line, obj: obj as Obj };
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const shopMoney = (v: unknown): number | null => {
  const amount = (v as { shopMoney?: { amount?: unknown } } | null | undefined)?.shopMoney?.amount;
  return typeof amount === "string" || typeof amount === "number" ? moneyToCents(amount) : null;
};
const time = (v: unknown): number | null => {
  if (typeof v !== "string") return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
};
function attributes(v: unknown): Record<string, string> | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const a of v as { key?: unknown; value?: unknown }[]) {
    if (typeof a?.key === "string") out[a.key] = typeof a.value === "string" ? a.value : "";
  }
  return Object.keys(out).length ? out : undefined;
}
/** A connection written inline ({ edges: [{ node }] } or { nodes: [] }) or a plain list → nodes. */
function nodesOf(v: unknown): Obj[] {
  if (Array.isArray(v)) return v as Obj[];
  const c = v as { edges?: { node?: Obj }[]; nodes?: Obj[] } | null | undefined;
  if (Array.isArray(c?.nodes)) return c.nodes;
  if (Array.isArray(c?.edges)) return c.edges.map((e) => e?.node).filter((n): n is Obj => !!n);
  return [];
}

interface OrderInProgress {
  gid: string;
  order: ImportedOrder;
  refunded: Map<string, number>;
}

function addRefundLineItem(o: OrderInProgress, rli: Obj): void {
  const lineGid = str((rli.lineItem as Obj | null | undefined)?.id);
  const qty = rli.quantity;
  if (!lineGid || typeof qty !== "number") return;
  const id = legacyId(lineGid);
  o.refunded.set(id, (o.refunded.get(id) ?? 0) + qty);
}

/** A Refund object: its line items and its date. */
function addRefund(o: OrderInProgress, refund: Obj): void {
  for (const rli of nodesOf(refund.refundLineItems)) addRefundLineItem(o, rli);
  const at = time(refund.createdAt);
  if (at !== null && (o.order.lastRefundAt == null || at > o.order.lastRefundAt)) o.order.lastRefundAt = at;
}

function startOrder(obj: Obj): OrderInProgress {
  const gid = obj.id as string;
  const cancelledAt = time(obj.cancelledAt);
  const order: ImportedOrder = {
    id: legacyId(gid),
    name: str(obj.name),
    customerId: legacyId(str((obj.customer as Obj | null | undefined)?.id) ?? null),
    createdAt: time(obj.createdAt) ?? undefined,
    cancelledAt,
    currency: str(obj.currencyCode),
    subtotal: shopMoney(obj.subtotalPriceSet) ?? undefined,
    totalDiscounts: shopMoney(obj.totalDiscountsSet) ?? undefined,
    totalPrice: shopMoney(obj.totalPriceSet) ?? undefined,
    attributes: attributes(obj.customAttributes),
    lines: [],
  };
  // follow-up attribution (tracking.server.ts): landing pages and discount codes, bounded
  const journey = obj.customerJourneySummary as Obj | null | undefined;
  if (journey !== undefined) {
    order.landingPages = [journey?.firstVisit, journey?.lastVisit]
      .map((v) => str((v as Obj | null | undefined)?.landingPage))
      .filter((u): u is string => !!u && u.length <= 4096);
  }
  if (Array.isArray(obj.discountCodes)) {
    order.discountCodes = (obj.discountCodes as unknown[])
      .filter((c): c is string => typeof c === "string" && c.length > 0 && c.length <= 255)
      .slice(0, 20);
  }
  const o: OrderInProgress = { gid, order, refunded: new Map() };
  // an inline refunds list is every refund of the order: none is a fact (null), no list is an unknown
  if (obj.refunds != null) order.lastRefundAt = null;
  for (const refund of nodesOf(obj.refunds)) addRefund(o, refund);
  return o;
}

function finishOrder(o: OrderInProgress): ImportedOrder {
  for (const l of o.order.lines) {
    const fromRefunds = l.id ? (o.refunded.get(l.id) ?? 0) : 0;
    // The export knows every refund: 0 is a fact here, not an unknown.
    l.refundedQuantity = Math.min(l.quantity, Math.max(l.refundedQuantity ?? 0, fromRefunds));
  }
  return o.order;
}

function lineItem(obj: Obj, line: number, report: (i: ParseIssue) => void): ImportedOrderLine | null {
  const quantity = obj.quantity;
  if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 0) {
    report({ line, message: "line item without a whole quantity; skipped" });
    return null;
  }
  const allocations = Array.isArray(obj.discountAllocations) ? (obj.discountAllocations as Obj[]) : [];
  const allocated = allocations.reduce((sum, a) => sum + (shopMoney(a.allocatedAmountSet) ?? 0), 0);
  const discount = allocations.length > 0 ? allocated : (shopMoney(obj.totalDiscountSet) ?? 0);
  const l: ImportedOrderLine = {
    id: legacyId(obj.id as string),
    productId: legacyId(str((obj.product as Obj | null | undefined)?.id) ?? null),
    variantId: legacyId(str((obj.variant as Obj | null | undefined)?.id) ?? null),
    title: str(obj.title) ?? "",
    sku: str(obj.sku) ?? null,
    quantity,
    price: shopMoney(obj.originalUnitPriceSet) ?? undefined,
    discount,
  };
  const current = obj.currentQuantity;
  if (typeof current === "number" && current < quantity) l.refundedQuantity = quantity - Math.max(0, current);
  const props = attributes(obj.customAttributes);
  if (props) l.properties = props;
  return l;
}

/**
 * One order from Admin API nodes (the same fields as the bulk export: an Order object and its
 * LineItem objects), e.g. a page of the incremental reconcile query.
 */
export function importedOrderFromNodes(
  order: Record<string, unknown>,
  lineItems: Record<string, unknown>[],
  onIssue?: (i: ParseIssue) => void,
): ImportedOrder {
  const report = onIssue ?? (() => undefined);
  const o = startOrder(order);
  for (const li of lineItems) {
    const l = lineItem(li, 0, report);
    if (l) o.order.lines.push(l);
  }
  return finishOrder(o);
}

/** Streams an orders bulk export (JSONL) and yields one ImportedOrder per Order, in file order. */
export async function* parseBulkOrdersJsonl(
  input: JsonlInput,
  onIssue?: (i: ParseIssue) => void,
): AsyncGenerator<ImportedOrder> {
  const report = onIssue ?? (() => undefined);
  let current: OrderInProgress | null = null;
  for await (const { line, obj } of jsonLines(input, report)) {
    const type = gidType(obj.id);
    const parent = str(obj.__parentId);
    if (!parent) {
      if (type !== "Order") {
        report({ line, message: `top-level object is not an Order (${type ?? "no id"}); skipped` });
        continue;
      }
      if (current) yield finishOrder(current);
      current = startOrder(obj);
      continue;
    }
    if (!current || parent !== current.gid) {
      report({ line, message: `${type ?? "object"} belongs to ${parent}, which is not the order being read; skipped` });
      continue;
    }
    if (type === "LineItem") {
      const l = lineItem(obj, line, report);
      if (l) current.order.lines.push(l);
    } else if (type === "RefundLineItem" || obj.lineItem) {
      addRefundLineItem(current, obj);
    } else if (type === "Refund") {
      addRefund(current, obj);
    }
    // Other children (none in our query) are ignored.
  }
  if (current) yield finishOrder(current);
}

function catalogStatus(v: unknown): CatalogProduct["status"] {
  // UNLISTED products can be bought by link but are hidden from search: not offered, like drafts.
  return v === "ACTIVE" ? "ACTIVE" : v === "ARCHIVED" ? "ARCHIVED" : "DRAFT";
}

function variant(obj: Obj, line: number, report: (i: ParseIssue) => void): CatalogVariant | null {
  const price = moneyToCents(obj.price as string | number | null | undefined);
  if (price === null) {
    report({ line, message: "variant without a price; skipped" });
    return null;
  }
  const item = obj.inventoryItem as { tracked?: unknown; unitCost?: { amount?: unknown } | null } | null | undefined;
  const cost = item?.unitCost?.amount;
  return {
    id: legacyId(obj.id as string),
    title: str(obj.title) ?? "Default Title",
    sku: str(obj.sku) || null,
    price,
    compareAtPrice: moneyToCents(obj.compareAtPrice as string | null | undefined),
    cost: typeof cost === "string" || typeof cost === "number" ? moneyToCents(cost) : null,
    inventoryQuantity: typeof obj.inventoryQuantity === "number" ? obj.inventoryQuantity : null,
    inventoryTracked: typeof item?.tracked === "boolean" ? item.tracked : true,
    availableForSale: obj.availableForSale !== false,
  };
}

/** Streams a catalog bulk export (JSONL) and yields one CatalogProduct per Product, in file order. */
export async function* parseBulkCatalogJsonl(
  input: JsonlInput,
  onIssue?: (i: ParseIssue) => void,
): AsyncGenerator<CatalogProduct> {
  const report = onIssue ?? (() => undefined);
  let current: { gid: string; product: CatalogProduct } | null = null;
  for await (const { line, obj } of jsonLines(input, report)) {
    const type = gidType(obj.id);
    const parent = str(obj.__parentId);
    if (!parent) {
      if (type !== "Product") {
        report({ line, message: `top-level object is not a Product (${type ?? "no id"}); skipped` });
        continue;
      }
      if (current) yield current.product;
      const media = obj.featuredMedia as { preview?: { image?: { url?: unknown } | null } | null } | null | undefined;
      current = {
        gid: obj.id as string,
        product: {
          id: legacyId(obj.id as string),
          title: str(obj.title) ?? "",
          handle: str(obj.handle) ?? "",
          productType: str(obj.productType) ?? "",
          vendor: str(obj.vendor) ?? "",
          tags: Array.isArray(obj.tags)
            ? (obj.tags as unknown[]).filter((t): t is string => typeof t === "string")
            : [],
          collections: [],
          status: catalogStatus(obj.status),
          imageUrl: str(media?.preview?.image?.url) ?? null,
          variants: [],
        },
      };
      continue;
    }
    if (!current || parent !== current.gid) {
      report({
        line,
        message: `${type ?? "object"} belongs to ${parent}, which is not the product being read; skipped`,
      });
      continue;
    }
    if (type === "ProductVariant") {
      const v = variant(obj, line, report);
      if (v) current.product.variants.push(v);
    } else if (type === "Collection") {
      current.product.collections.push(legacyId(obj.id as string));
    }
  }
  if (current) yield current.product;
}
