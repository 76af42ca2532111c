// Writes the generated demo shop (app/demo/generate.ts) into the database: Shop, Product,
// Variant, Customer (with its aggregates), Order and OrderLine rows, in batches inside one
// transaction (createMany for the catalog, a JSON bulk insert for the ~150 000 customer, order
// and line rows). Idempotent: the same transaction records the generation's fingerprint in
// DemoState, and when the stored fingerprint is this generation's, it does nothing — orders the
// demo storefront placed and customers it added since are kept. The bulk insert is the provider's
// own (app/lib/dialect.server.ts, bulkInsert).
import { createHash } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import type { ImportedOrder } from "../domain/types";
import { bulkInsert } from "../lib/dialect.server";
import { DEMO_SHOP, DEFAULT_NOW, demoSku, generateDemoShop, type DemoShopData } from "./generate";

export const DEMO_SHOP_DOMAIN = DEMO_SHOP.domain;
/** Visitor ids of the demo's simulated shoppers (app/demo/storefront-traffic.server.ts). */
export const DEMO_VISITOR_PREFIX = "demo-visitor-";

export interface SeedDemoOptions {
  seed: number | string;
  /** end of the order history (default 2026-11-01T00:00:00Z); also the recorded sync time */
  now?: number | Date;
  /** number of orders (default 40 000) */
  orders?: number;
  customers?: number;
}

export interface SeedDemoResult {
  shop: string;
  /** true when the shop already held this generation and nothing was written */
  skipped: boolean;
  products: number;
  variants: number;
  customers: number;
  orders: number;
  orderLines: number;
  /** wall time of generation + write, ms */
  ms: number;
}

// SQLite allows 32 766 bound parameters per statement; stay well below it.
const MAX_PARAMS = 30_000;

const rowId = {
  product: (id: string) => `demo_p_${id}`,
  variant: (id: string) => `demo_v_${id}`,
  customer: (id: string) => `demo_c_${id}`,
  order: (id: string) => `demo_o_${id}`,
  line: (id: string) => `demo_l_${id}`,
};

function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function counts(data: DemoShopData) {
  return {
    products: data.products.length,
    variants: data.products.reduce((n, p) => n + p.variants.length, 0),
    customers: data.customers.length,
    orders: data.orders.length,
    orderLines: data.orders.reduce((n, o) => n + o.lines.length, 0),
  };
}

type Db = Pick<
  PrismaClient,
  "$transaction" | "shop" | "order" | "product" | "customer" | "orderLine" | "variant" | "demoState" | "recommendation"
>;

/**
 * The generation's fingerprint: a hash of everything generated (catalog, customers, every order
 * and line), so a change of seed, size or generator gives another fingerprint.
 */
export function generationFingerprint(data: DemoShopData): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ shop: data.shop, products: data.products, customers: data.customers }));
  for (const order of data.orders) hash.update(JSON.stringify(order));
  return hash.digest("hex").slice(0, 32);
}

/**
 * The generation stored in an older demo database, from before DemoState recorded it: the
 * generated history's counts and first and last orders (customers the demo checkout added since
 * do not count; that drift once made a restart reseed and drop the demo's own orders).
 */
async function legacyHoldsGeneration(db: Db, data: DemoShopData): Promise<boolean> {
  const shop = data.shop.domain;
  const expected = counts(data);
  const [shopRow, orders, products, lines] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop }, select: { domain: true } }),
    db.order.count({ where: { shop, source: "demo" } }),
    db.product.count({ where: { shop } }),
    db.orderLine.count({ where: { shop, order: { source: "demo" } } }),
  ]);
  if (!shopRow || orders !== expected.orders || products !== expected.products || lines !== expected.orderLines)
    return false;
  if (expected.orders === 0) return true;
  const ends = [data.orders[0], data.orders[data.orders.length - 1]];
  const stored = await db.order.findMany({
    where: { shop, shopifyId: { in: ends.map((o) => o.id) } },
    select: { shopifyId: true, createdAt: true, totalPrice: true },
  });
  return ends.every((o) =>
    stored.some((s) => s.shopifyId === o.id && s.createdAt.getTime() === o.createdAt && s.totalPrice === o.totalPrice),
  );
}

/**
 * Does the database already hold exactly this generation? Decided by the fingerprint recorded in
 * DemoState in the same transaction as the data, which nothing a demo user does can change.
 */
async function holdsGeneration(db: Db, data: DemoShopData, generation: string): Promise<boolean> {
  const shop = data.shop.domain;
  const state = await db.demoState.findUnique({ where: { shop } });
  if (state) return state.generation === generation;
  if (!(await legacyHoldsGeneration(db, data))) return false;
  // adopt an older database as it is, with what its phases had done
  const [recommendations, simulated] = await Promise.all([
    db.recommendation.count({ where: { shop } }),
    db.order.count({ where: { shop, name: { startsWith: "#SIM" } } }),
  ]);
  await db.demoState.create({
    data: {
      shop,
      generation,
      seededAt: new Date(),
      minedGeneration: recommendations > 0 ? generation : null,
      trafficGeneration: simulated > 0 ? generation : null,
      trafficDoneAt: simulated > 0 ? new Date() : null,
    },
  });
  return true;
}

function customerAggregates(orders: ImportedOrder[]) {
  const agg = new Map<
    string,
    {
      ordersCount: number;
      totalSpent: number;
      purchasedLines: number;
      refundedLines: number;
      first: number;
      last: number;
    }
  >();
  for (const o of orders) {
    if (!o.customerId) continue;
    let a = agg.get(o.customerId);
    if (!a) {
      a = { ordersCount: 0, totalSpent: 0, purchasedLines: 0, refundedLines: 0, first: Infinity, last: -Infinity };
      agg.set(o.customerId, a);
    }
    const at = o.createdAt ?? 0;
    a.ordersCount++;
    a.first = Math.min(a.first, at);
    a.last = Math.max(a.last, at);
    a.purchasedLines += o.lines.length;
    let refunded = 0;
    for (const l of o.lines) {
      if ((l.refundedQuantity ?? 0) > 0) {
        a.refundedLines++;
        refunded += (l.price ?? 0) * (l.refundedQuantity ?? 0);
      }
    }
    if (!o.cancelledAt) a.totalSpent += Math.max(0, (o.totalPrice ?? 0) - refunded);
  }
  return agg;
}

/** Seeds the demo shop `pairwise-demo.myshopify.com` with a generated history; see the module note. */
export async function seedDemoShop(db: Db, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = performance.now();
  const now =
    options.now === undefined ? DEFAULT_NOW : typeof options.now === "number" ? options.now : options.now.getTime();
  const data = generateDemoShop({ seed: options.seed, now, orders: options.orders, customers: options.customers });
  const shop = data.shop.domain;
  const result = { shop, ...counts(data) };

  const generation = generationFingerprint(data);
  if (await holdsGeneration(db, data, generation)) {
    return { ...result, skipped: true, ms: Math.round(performance.now() - started) };
  }

  const syncedAt = new Date(now);
  const variantRows = data.products.flatMap((p) =>
    p.variants.map((v) => ({
      id: rowId.variant(v.id),
      shop,
      shopifyId: v.id,
      productId: rowId.product(p.id),
      title: v.title,
      sku: demoSku(v.id),
      price: v.price,
      compareAtPrice: v.compareAtPrice ?? null,
      cost: v.cost ?? null,
      inventoryQuantity: v.inventoryQuantity ?? null,
      inventoryTracked: v.inventoryTracked,
      availableForSale: v.availableForSale,
    })),
  );
  const agg = customerAggregates(data.orders);
  const customerRows = data.customers.map((c) => {
    const a = agg.get(c.id);
    return {
      id: rowId.customer(c.id),
      shop,
      shopifyId: c.id,
      ordersCount: a?.ordersCount ?? 0,
      totalSpent: a?.totalSpent ?? 0,
      purchasedLines: a?.purchasedLines ?? 0,
      refundedLines: a?.refundedLines ?? 0,
      firstOrderAt: a ? new Date(a.first) : null,
      lastOrderAt: a ? new Date(a.last) : null,
    };
  });
  const orderRows = data.orders.map((o) => ({
    id: rowId.order(o.id),
    shop,
    shopifyId: o.id,
    name: o.name ?? "",
    customerId: o.customerId ?? null,
    createdAt: new Date(o.createdAt ?? now),
    currency: o.currency ?? data.shop.currency,
    subtotal: o.subtotal ?? 0,
    totalDiscounts: o.totalDiscounts ?? 0,
    totalPrice: o.totalPrice ?? 0,
    cancelledAt: o.cancelledAt ? new Date(o.cancelledAt) : null,
    source: "demo",
    updatedAt: syncedAt,
  }));
  const lineRows = data.orders.flatMap((o) =>
    o.lines.map((l) => ({
      id: rowId.line(l.id!),
      shop,
      orderId: rowId.order(o.id),
      shopifyId: l.id ?? null,
      productId: l.productId,
      variantId: l.variantId ?? null,
      title: l.title ?? "",
      sku: l.sku ?? null,
      quantity: l.quantity,
      price: l.price ?? 0,
      discount: l.discount ?? 0,
      refundedQuantity: l.refundedQuantity ?? 0,
    })),
  );

  await db.$transaction(
    async (tx) => {
      // Replace whatever demo data is there (another seed or size); keep the merchant-side rows
      // (offers, bundles, experiments) the demo user made.
      await tx.orderLine.deleteMany({ where: { shop } });
      await tx.order.deleteMany({ where: { shop } });
      await tx.variant.deleteMany({ where: { shop } });
      await tx.product.deleteMany({ where: { shop } });
      await tx.customer.deleteMany({ where: { shop } });

      const shopFields = {
        name: data.shop.name,
        currency: data.shop.currency,
        moneyFormat: data.shop.moneyFormat,
        allOrdersAccess: true,
        catalogSyncedAt: syncedAt,
        ordersSyncedAt: syncedAt,
        uninstalledAt: null,
      };
      await tx.shop.upsert({ where: { domain: shop }, create: { domain: shop, ...shopFields }, update: shopFields });

      for (const batch of chunks(
        data.products.map((p) => ({
          id: rowId.product(p.id),
          shop,
          shopifyId: p.id,
          title: p.title,
          handle: p.handle,
          productType: p.productType,
          vendor: p.vendor,
          tags: JSON.stringify(p.tags),
          collections: JSON.stringify(p.collections),
          status: p.status,
          imageUrl: p.imageUrl ?? null,
        })),
        11,
      )) {
        await tx.product.createMany({ data: batch });
      }
      for (const batch of chunks(variantRows, 12)) await tx.variant.createMany({ data: batch });
      await bulkInsert(tx, "Customer", customerRows);
      await bulkInsert(tx, "Order", orderRows);
      await bulkInsert(tx, "OrderLine", lineRows);
      // The simulated shoppers' events belonged to the replaced history: their traffic runs again.
      await tx.event.deleteMany({ where: { shop, visitorId: { startsWith: DEMO_VISITOR_PREFIX } } });
      // What is stored now, recorded with the data itself: a later start compares fingerprints.
      const state = {
        generation,
        seededAt: new Date(),
        minedGeneration: null,
        trafficGeneration: null,
        trafficVisitors: 0,
        trafficDoneAt: null,
      };
      await tx.demoState.upsert({ where: { shop }, create: { shop, ...state }, update: state });
    },
    { timeout: 300_000, maxWait: 30_000 },
  );

  return { ...result, skipped: false, ms: Math.round(performance.now() - started) };
}
