// What one mining run does, start to finish, with the database connection of the thread it runs on
// (the mining worker thread, see worker.ts): the shop's orders → co-occurrence rules and sequential
// patterns (domain mining) → ranked recommendations with business rules (domain ranking) → stored,
// replacing the shop's previous set in one short transaction, so readers never see a half-written
// set. Progress (phase, orders read) is written to the MiningRun row as it goes; the admin polls it.
import db from "../../db.server";
import { orderBasket } from "../../domain/mining/baskets";
import { recommend } from "../../domain/recommend";
import type { Basket, CatalogProduct } from "../../domain/types";
import { toCatalogProduct, toShopSettings } from "../store-mapping.server";

const PAGE = 5_000;
const INSERT_CHUNK = 2_000;

export interface MineShopResult {
  orders: number;
  rules: number;
  recommendations: number;
}

/**
 * The shop's orders as baskets (domain orderBasket: cancelled orders skipped, refunds netted), read
 * page by page; `onPage` hears how many orders were read so far.
 */
export async function loadBaskets(
  shop: string,
  onPage: (read: number) => Promise<void> = async () => undefined,
): Promise<Basket[]> {
  const baskets: Basket[] = [];
  let cursor: string | undefined;
  let read = 0;
  for (;;) {
    const page = await db.order.findMany({
      where: { shop, cancelledAt: null }, // pushed down; orderBasket skips cancelled orders too
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: {
        id: true,
        customerId: true,
        createdAt: true,
        cancelledAt: true,
        lines: { select: { productId: true, quantity: true, refundedQuantity: true } },
      },
    });
    for (const o of page) {
      const basket = orderBasket({ ...o, createdAt: o.createdAt.getTime() });
      if (basket) baskets.push(basket);
    }
    read += page.length;
    await onPage(read);
    if (page.length < PAGE) return baskets;
    cursor = page[page.length - 1].id;
  }
}

export async function loadCatalog(shop: string): Promise<CatalogProduct[]> {
  const products = await db.product.findMany({ where: { shop }, include: { variants: true } });
  return products.map(toCatalogProduct);
}

/** Mines the shop and stores its recommendations; marks run `runId` succeeded. Throws on failure. */
export async function mineShop(shop: string, runId: string, now: Date): Promise<MineShopResult> {
  const total = await db.order.count({ where: { shop, cancelledAt: null } });
  await db.miningRun.update({ where: { id: runId }, data: { phase: "reading", total, processed: 0 } });
  const settings = await db.shop.findUniqueOrThrow({ where: { domain: shop } });
  const catalog = await loadCatalog(shop);
  const baskets = await loadBaskets(shop, async (read) => {
    await db.miningRun.update({ where: { id: runId }, data: { processed: read } });
  });
  await db.miningRun.update({ where: { id: runId }, data: { phase: "mining" } });
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
  await db.miningRun.update({ where: { id: runId }, data: { phase: "saving" } });
  await db.$transaction(
    async (tx) => {
      await tx.recommendation.deleteMany({ where: { shop } });
      for (let i = 0; i < data.length; i += INSERT_CHUNK)
        await tx.recommendation.createMany({ data: data.slice(i, i + INSERT_CHUNK) });
      await tx.shop.update({ where: { domain: shop }, data: { minedAt: now } });
      await tx.miningRun.update({
        where: { id: runId },
        data: { status: "succeeded", orders, rules: rules.length, processed: total, finishedAt: new Date() },
      });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { orders, rules: rules.length, recommendations: data.length };
}
