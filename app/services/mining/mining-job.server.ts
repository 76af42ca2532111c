// The mining job of one shop: its orders → co-occurrence rules and sequential patterns (domain
// mining) → ranked recommendations with business rules (domain ranking) → stored, replacing the
// shop's previous set in one transaction, so readers never see a half-written set. Runs after an
// orders sync, on a schedule, on demand from the admin, and when the demo starts.
import db from "../../db.server";
import { orderBasket } from "../../domain/mining/baskets";
import { recommend } from "../../domain/recommend";
import type { Basket, CatalogProduct } from "../../domain/types";
import { invalidateShop } from "../storefront/shop-snapshot.server";
import { toCatalogProduct, toShopSettings } from "../store-mapping.server";

const PAGE = 5_000;
const INSERT_CHUNK = 2_000;


/** The shop's orders as baskets (domain orderBasket: cancelled orders skipped, refunds netted), read page by page. */
export async function loadBaskets(shop: string): Promise<Basket[]> {
  const baskets: Basket[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await db.order.findMany({
      where: { shop, cancelledAt: null }, // pushed down; orderBasket skips cancelled orders too
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: { id: true, customerId: true, createdAt: true, cancelledAt: true, lines: { select: { productId: true, quantity: true, refundedQuantity: true } } },
    });
    for (const o of page) {
      const basket = orderBasket({ ...o, createdAt: o.createdAt.getTime() });
      if (basket) baskets.push(basket);
    }
    if (page.length < PAGE) return baskets;
    cursor = page[page.length - 1].id;
  }
}

export async function loadCatalog(shop: string): Promise<CatalogProduct[]> {
  const products = await db.product.findMany({ where: { shop }, include: { variants: true } });
  return products.map(toCatalogProduct);
}

export interface MiningRunResult {
  runId: string;
  orders: number;
  rules: number;
  recommendations: number;
}

export async function runMiningJob(shop: string, { trigger = "manual", now = new Date() }: { trigger?: string; now?: Date } = {}): Promise<MiningRunResult> {
  const run = await db.miningRun.create({ data: { shop, trigger, startedAt: now } });
  try {
    const [settings, baskets, catalog] = await Promise.all([db.shop.findUniqueOrThrow({ where: { domain: shop } }), loadBaskets(shop), loadCatalog(shop)]);
    const { orders, rules, rows, replenished } = recommend({
      baskets,
      catalog,
      settings: toShopSettings(settings),
      now: now.getTime(),
    });
    // Consumables customers buy again: stored as a product's sequence to itself, so ranking may
    // re-offer them to customers who own them.
    const replenishment = replenished.map((r) => ({
      productId: r.productId,
      recommendedProductId: r.productId,
      kind: "sequential",
      source: "replenishment",
      count: r.repeatCustomers,
      support: 0,
      confidence: r.repurchaseRate,
      lift: 0,
      attachRate: 0,
      score: r.repurchaseRate,
      rank: 0,
      gapDaysMedian: r.medianIntervalDays,
      computedAt: now,
    }));
    const data = [...rows, ...replenishment].map((r) => ({ shop, ...r }));
    await db.$transaction(
      async (tx) => {
        await tx.recommendation.deleteMany({ where: { shop } });
        for (let i = 0; i < data.length; i += INSERT_CHUNK) await tx.recommendation.createMany({ data: data.slice(i, i + INSERT_CHUNK) });
        await tx.shop.update({ where: { domain: shop }, data: { minedAt: now } });
        await tx.miningRun.update({
          where: { id: run.id },
          data: { status: "succeeded", orders, rules: rules.length, finishedAt: new Date() },
        });
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    invalidateShop(shop);
    return { runId: run.id, orders, rules: rules.length, recommendations: data.length };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.miningRun.update({ where: { id: run.id }, data: { status: "failed", error: message.slice(0, 2000), finishedAt: new Date() } });
    throw error;
  }
}
