// Writes imported orders and catalog products into the store, whatever their source (bulk
// export, webhook, reconcile, CSV). Idempotent: rows are keyed by (shop, shopifyId), order lines
// by their Shopify line item id (or, for sources without ids such as CSV, by position), so the
// same input written twice leaves the same rows. Lines are updated in place, never recreated,
// so an Attribution pointing at a line survives a re-sync.
//
// Customer aggregates are recomputed from the stored orders of every customer an import touched
// (not incremented), so they stay right however often an order arrives:
//   ordersCount / totalSpent / firstOrderAt / lastOrderAt: over the customer's orders that are
//   not cancelled; purchasedLines / refundedLines: units (sum of quantity / refundedQuantity) on
//   those orders' lines — refundedLines / purchasedLines is the customer's return rate.
import db from "../../db.server";
import { Prisma, type PrismaClient } from "../../generated/prisma/client";
import type { CatalogProduct, ImportedOrder, ImportedOrderLine } from "../../domain/types";
import { retryOnUniqueViolation } from "../../lib/db-errors.server";
import { attributeImportedOrders } from "../customers/tracking.server";

type Tx = Prisma.TransactionClient;
export type OrderSource = "bulk" | "webhook" | "csv" | "demo";

/** The line item property the widget sets on lines added through an offer. */
export const OFFER_PROPERTY = "_pairwise";
/** The cart attribute the widget sets to the visitor id. */
export const VISITOR_ATTRIBUTE = "_pairwise_visitor";
/** Exposure marker ("exposed" | "control"), when the storefront sets it on the cart. */
export const EXPOSURE_ATTRIBUTE = "_pairwise_exposure";

/** Ledger of refunds already applied to order lines (see recordAppliedRefunds). */
export const REFUND_LEDGER_TOPIC = "pairwise/refund_applied";

const TX_OPTIONS = { timeout: 60_000, maxWait: 30_000 };

export async function ensureShopRow(client: PrismaClient | Tx, shop: string): Promise<void> {
  await client.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
}

/**
 * Webhooks never create a shop: a shop exists once it installed the app (and not after shop/redact
 * erased it). Checked inside the writing transaction, so a redact that commits first wins.
 */
async function shopRowFor(tx: Tx, shop: string, create: boolean): Promise<boolean> {
  if (create) {
    await ensureShopRow(tx, shop);
    return true;
  }
  return (await tx.shop.count({ where: { domain: shop } })) > 0;
}

interface LineData {
  shopifyId: string | null;
  productId: string | null;
  variantId: string | null;
  title: string;
  sku: string | null;
  quantity: number;
  price: number;
  discount: number;
  offerId: string | null;
  refundedQuantity?: number;
}

function lineData(l: ImportedOrderLine): LineData {
  const d: LineData = {
    shopifyId: l.id ?? null,
    productId: l.productId,
    variantId: l.variantId ?? null,
    title: l.title ?? "",
    sku: l.sku ?? null,
    quantity: l.quantity,
    price: l.price ?? 0,
    discount: l.discount ?? 0,
    offerId: l.properties?.[OFFER_PROPERTY] || null,
  };
  if (l.refundedQuantity !== undefined) d.refundedQuantity = Math.min(l.quantity, Math.max(0, l.refundedQuantity));
  return d;
}

/** Whether any field of `next` differs from the stored row (skips needless writes). */
function changed(existing: object, next: object): boolean {
  const e = existing as Record<string, unknown>;
  return Object.entries(next).some(([k, v]) => e[k] !== v);
}

export interface UpsertOrdersOptions {
  source: OrderSource;
  /** createdAt for orders whose source has none */
  now?: Date;
  /** refund ids already reflected in these orders' refundedQuantity (webhook payloads) */
  refundIds?: string[];
  /**
   * Collect the touched customer ids here instead of refreshing their aggregates in this batch
   * (a long import refreshes each customer once, at the end).
   */
  deferCustomers?: Set<string>;
}

/** Upserts a batch of orders with their lines (and their customers' aggregates) in one transaction. */
export async function upsertOrders(
  shop: string,
  orders: ImportedOrder[],
  options: UpsertOrdersOptions,
): Promise<{ created: number; updated: number }> {
  if (orders.length === 0) return { created: 0, updated: 0 };
  // The last occurrence of an order id in a batch wins.
  const byId = new Map(orders.map((o) => [o.id, o]));
  const now = options.now ?? new Date();
  return retryOnUniqueViolation(() => writeOrders(shop, byId, now, options));
}

async function writeOrders(
  shop: string,
  byId: Map<string, ImportedOrder>,
  now: Date,
  options: UpsertOrdersOptions,
): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  await db.$transaction(async (tx) => {
    if (!(await shopRowFor(tx, shop, options.source !== "webhook"))) return;
    const existing = await tx.order.findMany({
      where: { shop, shopifyId: { in: [...byId.keys()] } },
      include: { lines: { orderBy: { id: "asc" } } },
    });
    const existingById = new Map(existing.map((o) => [o.shopifyId, o]));
    const customers = new Set<string>();
    for (const e of existing) if (e.customerId) customers.add(e.customerId);
    const fresh: { order: Prisma.OrderCreateManyInput & { shopifyId: string }; lines: LineData[] }[] = [];

    for (const o of byId.values()) {
      const attrs = o.attributes ?? {};
      const orderData = {
        name: o.name ?? "",
        customerId: o.customerId ?? null,
        createdAt: new Date(o.createdAt ?? now.getTime()),
        currency: o.currency ?? "USD",
        subtotal: o.subtotal ?? 0,
        totalDiscounts: o.totalDiscounts ?? 0,
        totalPrice: o.totalPrice ?? 0,
        cancelledAt: o.cancelledAt == null ? null : new Date(o.cancelledAt),
        source: options.source,
        visitorId: attrs[VISITOR_ATTRIBUTE] || null,
        // a source that does not know refund dates (undefined) keeps the stored one
        ...(o.lastRefundAt !== undefined
          ? { lastRefundAt: o.lastRefundAt == null ? null : new Date(o.lastRefundAt) }
          : {}),
      };
      const exposure = attrs[EXPOSURE_ATTRIBUTE];
      const lines = o.lines.map(lineData);
      const prev = existingById.get(o.id);
      // An order export says less than the Admin API (no line ids, no refunds): it never
      // overwrites an order that a sync or webhook wrote.
      if (prev && options.source === "csv" && prev.source !== "csv") continue;
      if (o.customerId) customers.add(o.customerId);
      if (!prev) {
        fresh.push({ order: { shop, shopifyId: o.id, ...orderData, ...(exposure ? { exposure } : {}) }, lines });
        created++;
        continue;
      }
      updated++;
      const orderUpdate = {
        ...orderData,
        createdAt: o.createdAt === undefined ? prev.createdAt : orderData.createdAt,
        ...(exposure ? { exposure } : {}),
      };
      // A source that does not know the customer (e.g. a CSV without e-mail) keeps the stored one.
      if (o.customerId === undefined) orderUpdate.customerId = prev.customerId;
      // Refunds are never undone: a snapshot older than a refund webhook already applied (webhooks
      // arrive out of order) does not move the refund date back.
      if (
        prev.lastRefundAt &&
        (orderUpdate.lastRefundAt === undefined ||
          orderUpdate.lastRefundAt === null ||
          orderUpdate.lastRefundAt < prev.lastRefundAt)
      ) {
        orderUpdate.lastRefundAt = prev.lastRefundAt;
      }
      if (
        changed(
          {
            ...prev,
            createdAt: prev.createdAt.getTime(),
            cancelledAt: prev.cancelledAt?.getTime() ?? null,
            lastRefundAt: prev.lastRefundAt?.getTime() ?? null,
          },
          {
            ...orderUpdate,
            createdAt: orderUpdate.createdAt.getTime(),
            cancelledAt: orderUpdate.cancelledAt?.getTime() ?? null,
            lastRefundAt: orderUpdate.lastRefundAt?.getTime() ?? null,
          },
        )
      ) {
        await tx.order.update({ where: { id: prev.id }, data: orderUpdate });
      }
      // Match lines: by Shopify line id, else by position among the lines without one.
      const withId = new Map(prev.lines.filter((l) => l.shopifyId).map((l) => [l.shopifyId!, l]));
      const withoutId = prev.lines.filter((l) => !l.shopifyId);
      const kept = new Set<string>();
      let position = 0;
      for (const l of lines) {
        const match = l.shopifyId ? withId.get(l.shopifyId) : withoutId[position++];
        if (match) {
          kept.add(match.id);
          // A line's offer does not change after the purchase: a source without line properties
          // (bulk export, a post-purchase line Pairwise tagged itself) keeps the stored one.
          if (l.offerId == null && match.offerId) l.offerId = match.offerId;
          if (changed(match, l)) await tx.orderLine.update({ where: { id: match.id }, data: l });
        } else {
          await tx.orderLine.create({
            data: { shop, orderId: prev.id, ...l, refundedQuantity: l.refundedQuantity ?? 0 },
          });
        }
      }
      const gone = prev.lines.filter((l) => !kept.has(l.id)).map((l) => l.id);
      if (gone.length) await tx.orderLine.deleteMany({ where: { id: { in: gone } } });
    }
    if (fresh.length) {
      // New orders and their lines in two statements (plus one to learn the new row ids).
      await tx.order.createMany({ data: fresh.map((f) => f.order) });
      const ids = await tx.order.findMany({
        where: { shop, shopifyId: { in: fresh.map((f) => f.order.shopifyId) } },
        select: { id: true, shopifyId: true },
      });
      const rowId = new Map(ids.map((r) => [r.shopifyId, r.id]));
      const lineRows = fresh.flatMap((f) =>
        f.lines.map((l) => ({
          shop,
          orderId: rowId.get(f.order.shopifyId)!,
          ...l,
          refundedQuantity: l.refundedQuantity ?? 0,
        })),
      );
      if (lineRows.length) await tx.orderLine.createMany({ data: lineRows });
    }
    if (options.refundIds?.length) await recordAppliedRefunds(tx, shop, options.refundIds);
    if (options.deferCustomers) for (const c of customers) options.deferCustomers.add(c);
    else await refreshCustomers(tx, shop, [...customers]);
  }, TX_OPTIONS);
  return { created, updated };
}

/**
 * Remembers refunds whose units are already counted in refundedQuantity, so that a refunds/create
 * webhook delivered twice (or after the orders/updated that already carried it) is applied once.
 * Stored as processed rows of WebhookDelivery under a topic of our own, keyed "refund:<id>".
 */
export async function recordAppliedRefunds(tx: Tx, shop: string, refundIds: string[]): Promise<void> {
  for (const id of new Set(refundIds)) {
    await tx.webhookDelivery.upsert({
      where: { shop_eventId: { shop, eventId: `refund:${id}` } },
      create: {
        shop,
        eventId: `refund:${id}`,
        topic: REFUND_LEDGER_TOPIC,
        payload: "{}",
        status: "processed",
        processedAt: new Date(),
      },
      update: {},
    });
  }
}

export async function isRefundApplied(tx: Tx | PrismaClient, shop: string, refundId: string): Promise<boolean> {
  const row = await tx.webhookDelivery.findUnique({
    where: { shop_eventId: { shop, eventId: `refund:${refundId}` } },
    select: { id: true },
  });
  return row !== null;
}

/** Recomputes the aggregates of these customers from their stored orders (creates missing rows). */
export async function refreshCustomers(tx: Tx, shop: string, customerIds: string[]): Promise<void> {
  for (let i = 0; i < customerIds.length; i += 500) {
    const ids = customerIds.slice(i, i + 500);
    const orders = await tx.order.groupBy({
      by: ["customerId"],
      where: { shop, customerId: { in: ids }, cancelledAt: null },
      _count: { _all: true },
      _sum: { totalPrice: true },
      _min: { createdAt: true },
      _max: { createdAt: true },
    });
    const units = await tx.$queryRaw<
      { customerId: string; purchased: number | bigint | null; refunded: number | bigint | null }[]
    >(Prisma.sql`
      SELECT o."customerId" AS "customerId", SUM(l."quantity") AS "purchased", SUM(l."refundedQuantity") AS "refunded"
      FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
      WHERE o."shop" = ${shop} AND o."cancelledAt" IS NULL AND o."customerId" IN (${Prisma.join(ids)})
      GROUP BY o."customerId"`);
    const ordersBy = new Map(orders.map((r) => [r.customerId, r]));
    const unitsBy = new Map(units.map((r) => [r.customerId, r]));
    const stored = new Map(
      (await tx.customer.findMany({ where: { shop, shopifyId: { in: ids } } })).map((c) => [c.shopifyId, c]),
    );
    const create: Prisma.CustomerCreateManyInput[] = [];
    for (const id of ids) {
      const o = ordersBy.get(id);
      const u = unitsBy.get(id);
      const data = {
        ordersCount: o?._count._all ?? 0,
        totalSpent: o?._sum.totalPrice ?? 0,
        firstOrderAt: o?._min.createdAt ?? null,
        lastOrderAt: o?._max.createdAt ?? null,
        purchasedLines: Number(u?.purchased ?? 0),
        refundedLines: Number(u?.refunded ?? 0),
      };
      const row = stored.get(id);
      if (!row) create.push({ shop, shopifyId: id, ...data });
      else if (
        changed(
          {
            ...row,
            firstOrderAt: row.firstOrderAt?.getTime() ?? null,
            lastOrderAt: row.lastOrderAt?.getTime() ?? null,
          },
          {
            ...data,
            firstOrderAt: data.firstOrderAt?.getTime() ?? null,
            lastOrderAt: data.lastOrderAt?.getTime() ?? null,
          },
        )
      ) {
        await tx.customer.update({ where: { id: row.id }, data });
      }
    }
    if (create.length) await tx.customer.createMany({ data: create });
  }
}

export interface UpsertCatalogOptions {
  /**
   * Partial sources (product webhooks) carry no collections and no unit cost: keep the stored
   * ones instead of clearing them. A variant `cost` of undefined always keeps the stored cost.
   */
  keepCollections?: boolean;
  /** write only for a shop that exists (webhooks: never re-create an erased or unknown shop) */
  existingShopOnly?: boolean;
}

/**
 * Upserts a batch of products with their variants in one transaction, writing only what changed
 * (new rows in one statement per table). Variants a product no longer lists are removed.
 */
export async function upsertCatalog(
  shop: string,
  products: CatalogProduct[],
  options: UpsertCatalogOptions = {},
): Promise<void> {
  if (products.length === 0) return;
  const byId = new Map(products.map((p) => [p.id, p]));
  await db.$transaction(async (tx) => {
    if (!(await shopRowFor(tx, shop, !options.existingShopOnly))) return;
    const stored = new Map(
      (await tx.product.findMany({ where: { shop, shopifyId: { in: [...byId.keys()] } } })).map((p) => [
        p.shopifyId,
        p,
      ]),
    );
    const rowIds = new Map<string, string>();
    const createProducts: Prisma.ProductCreateManyInput[] = [];
    for (const p of byId.values()) {
      const data = {
        title: p.title,
        handle: p.handle,
        productType: p.productType,
        vendor: p.vendor,
        tags: JSON.stringify(p.tags),
        status: p.status,
        imageUrl: p.imageUrl ?? null,
        ...(options.keepCollections ? {} : { collections: JSON.stringify(p.collections) }),
      };
      const row = stored.get(p.id);
      if (!row) {
        createProducts.push({ shop, shopifyId: p.id, ...data, collections: JSON.stringify(p.collections) });
        continue;
      }
      rowIds.set(p.id, row.id);
      if (changed(row, data)) await tx.product.update({ where: { id: row.id }, data });
    }
    if (createProducts.length) {
      for (const r of await tx.product.createManyAndReturn({
        data: createProducts,
        select: { id: true, shopifyId: true },
      }))
        rowIds.set(r.shopifyId, r.id);
    }

    const variantIds = [...byId.values()].flatMap((p) => p.variants.map((v) => v.id));
    const storedVariants = new Map(
      (await tx.variant.findMany({ where: { shop, shopifyId: { in: variantIds } } })).map((v) => [v.shopifyId, v]),
    );
    const createVariants: Prisma.VariantCreateManyInput[] = [];
    for (const p of byId.values()) {
      const productId = rowIds.get(p.id)!;
      for (const v of p.variants) {
        const data = {
          productId,
          title: v.title,
          sku: v.sku ?? null,
          price: v.price,
          compareAtPrice: v.compareAtPrice ?? null,
          inventoryQuantity: v.inventoryQuantity ?? null,
          inventoryTracked: v.inventoryTracked,
          availableForSale: v.availableForSale,
          ...(v.cost === undefined ? {} : { cost: v.cost }),
        };
        const row = storedVariants.get(v.id);
        if (!row) createVariants.push({ shop, shopifyId: v.id, ...data });
        else if (changed(row, data)) await tx.variant.update({ where: { id: row.id }, data });
      }
    }
    if (createVariants.length) await tx.variant.createMany({ data: createVariants });
    await tx.variant.deleteMany({
      where: { shop, productId: { in: [...rowIds.values()] }, shopifyId: { notIn: variantIds } },
    });
  }, TX_OPTIONS);
}

/** Deletes the shop's products (with their variants) whose Shopify ids are not in `keep`. */
export async function deleteProductsNotIn(shop: string, keep: ReadonlySet<string>): Promise<number> {
  const stored = await db.product.findMany({ where: { shop }, select: { shopifyId: true } });
  const gone = stored.map((p) => p.shopifyId).filter((id) => !keep.has(id));
  for (let i = 0; i < gone.length; i += 500)
    await db.product.deleteMany({ where: { shop, shopifyId: { in: gone.slice(i, i + 500) } } });
  return gone.length;
}

/**
 * CSV exports carry no product ids: a line's productId is its SKU or its normalised name (see
 * app/lib/ingest/shopify-csv.ts). Where the stored catalog knows that SKU (Variant.sku) or that
 * title (Product.title, compared trimmed and lower-cased), the line gets the real Shopify product
 * and variant ids, so CSV orders join the catalog like synced ones. Unknown lines keep their key.
 */
export async function resolveCsvProducts(shop: string, orders: ImportedOrder[]): Promise<number> {
  const skus = new Set<string>();
  const titles = new Set<string>();
  for (const o of orders)
    for (const l of o.lines)
      if (l.sku) skus.add(l.sku);
      else if (l.productId) titles.add(l.productId);
  const variants = skus.size
    ? await db.variant.findMany({
        where: { shop, sku: { in: [...skus] } },
        select: { sku: true, shopifyId: true, product: { select: { shopifyId: true } } },
      })
    : [];
  const bySku = new Map(variants.map((v) => [v.sku!, v]));
  const byTitle = new Map<string, string>();
  if (titles.size) {
    // Titles are compared case-insensitively in memory: SQLite and PostgreSQL disagree on it.
    const candidates = await db.product.findMany({ where: { shop }, select: { title: true, shopifyId: true } });
    for (const p of candidates) {
      const key = p.title.trim().replace(/\s+/g, " ").toLowerCase();
      if (titles.has(key)) byTitle.set(key, p.shopifyId);
    }
  }
  let resolved = 0;
  for (const o of orders) {
    for (const l of o.lines) {
      const v = l.sku ? bySku.get(l.sku) : undefined;
      if (v) {
        l.productId = v.product.shopifyId;
        l.variantId = v.shopifyId;
        resolved++;
      } else if (!l.sku && l.productId && byTitle.has(l.productId)) {
        l.productId = byTitle.get(l.productId)!;
        l.variantId = null;
        resolved++;
      }
    }
  }
  return resolved;
}

/**
 * Writes a stream of orders (a parser's output) in batches; memory holds one batch.
 * `onProgress` is called after each batch with the number of orders written so far.
 */
export async function importOrders(
  shop: string,
  orders: AsyncIterable<ImportedOrder>,
  options: UpsertOrdersOptions & { batchSize?: number; onProgress?: (written: number) => Promise<void> | void },
): Promise<number> {
  const size = Math.max(1, options.batchSize ?? 200);
  let batch: ImportedOrder[] = [];
  let written = 0;
  const customers = new Set<string>();
  const flush = async () => {
    if (options.source === "csv") await resolveCsvProducts(shop, batch);
    await upsertOrders(shop, batch, { ...options, deferCustomers: customers });
    // orders the bulk sync brings can come from a follow-up too (landing pages and codes)
    if (options.source === "bulk") await attributeImportedOrders(shop, batch);
    written += batch.length;
    batch = [];
    await options.onProgress?.(written);
  };
  for await (const o of orders) {
    batch.push(o);
    if (batch.length >= size) await flush();
  }
  if (batch.length) await flush();
  const ids = [...customers];
  for (let i = 0; i < ids.length; i += 1000) {
    await db.$transaction((tx) => refreshCustomers(tx, shop, ids.slice(i, i + 1000)), TX_OPTIONS);
  }
  return written;
}
