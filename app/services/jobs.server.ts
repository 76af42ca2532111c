// Background work of a running server, on timers:
//  - every 30 s: webhook deliveries stored but not processed (crash, restart, handler error);
//  - every 10 min, per installed shop: bulk operations whose finish webhook never came (pollSync),
//    orders updated since the last sync or reconciliation (Shopify does not guarantee every
//    webhook arrives), a fresh mining run once a day or after an orders sync, and the state of the
//    shop's Pairwise discount read back (the merchant may deactivate or delete it in Shopify admin);
//  - every minute: checkout discount rules rewritten where an offer started or ended, or a write failed.
// The local demo shop has no Admin API behind it: it is mined on schedule but never synced.
import db from "../db.server";
import { DEMO_SHOP } from "../lib/config.server";
import { isDemo, unauthenticated } from "../shopify.server";
import { adminApiFor } from "./admin-api.server";
import { refreshDiscountStatus, shopsWithDiscountsDue, syncDiscounts } from "./discounts/index.server";
import { runMiningJob } from "./mining/mining-job.server";
import { invalidateShop } from "./storefront/shop-snapshot.server";
import { pollSync } from "./sync/bulk-operations.server";
import { reconcileOrders } from "./sync/reconcile.server";
import { processPendingDeliveries } from "./sync/webhook-deliveries.server";
import { topicRegistry } from "./sync/webhook-topics.server";

export const DELIVERIES_EVERY_MS = 30_000;
export const SHOPS_EVERY_MS = 10 * 60_000;
export const RECONCILE_EVERY_MS = 6 * 3_600_000;
export const MINE_EVERY_MS = 24 * 3_600_000;
export const DISCOUNTS_EVERY_MS = 60_000;

const lastReconciled = new Map<string, number>();

/** Whether a shop's recommendations are due: never mined, older than a day, or older than its last orders sync. */
export function miningDue(shop: { minedAt: Date | null; ordersSyncedAt: Date | null }, now: number): boolean {
  if (!shop.minedAt) return true;
  if (now - shop.minedAt.getTime() >= MINE_EVERY_MS) return true;
  return !!shop.ordersSyncedAt && shop.ordersSyncedAt > shop.minedAt;
}

/** One pass over the installed shops: syncs left hanging, reconciliation, scheduled mining. */
export async function runShopJobs(now = Date.now()): Promise<void> {
  const shops = await db.shop.findMany({
    where: { uninstalledAt: null },
    select: { domain: true, minedAt: true, ordersSyncedAt: true },
  });
  for (const shop of shops) {
    try {
      const demoShop = isDemo && shop.domain === DEMO_SHOP;
      if (!demoShop) {
        const { admin } = await unauthenticated.admin(shop.domain);
        const jobs = await pollSync(admin, shop.domain);
        if (jobs.some((j) => j.status === "completed")) invalidateShop(shop.domain);
        await refreshDiscountStatus(admin, shop.domain);
        const last = lastReconciled.get(shop.domain) ?? 0;
        if (shop.ordersSyncedAt && now - last >= RECONCILE_EVERY_MS) {
          await reconcileOrders(
            admin,
            shop.domain,
            new Date(Math.max(shop.ordersSyncedAt.getTime(), last || 0) - 3_600_000),
          );
          lastReconciled.set(shop.domain, now);
        }
      }
      if (miningDue(shop, now) && (await db.order.count({ where: { shop: shop.domain }, take: 1 })) > 0) {
        await runMiningJob(shop.domain, { trigger: "schedule" });
        // recommended offers discount what was mined: rewrite the checkout rules
        await db.shop.updateMany({
          where: { domain: shop.domain, discountId: { not: null } },
          data: { discountDueAt: new Date(now) },
        });
      }
    } catch (error) {
      console.error(`[jobs] ${shop.domain}:`, error instanceof Error ? error.message : error);
    }
  }
}

/** Rewrites the checkout discount rules of every shop where an offer started or ended, or a write failed. */
export async function runDiscountJobs(now = Date.now()): Promise<void> {
  for (const shop of await shopsWithDiscountsDue(now)) {
    try {
      const admin = await adminApiFor(shop, null);
      await syncDiscounts(admin, shop, now);
    } catch (error) {
      console.error(`[jobs] discounts ${shop}:`, error instanceof Error ? error.message : error);
    }
  }
}

function every(ms: number, work: () => Promise<unknown>, label: string, delayFirstMs = 0): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await work();
    } catch (error) {
      console.error(`[jobs] ${label}:`, error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, delayFirstMs);
  first.unref();
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

/** Starts the timers. `remine`: shops whose mining run was interrupted by a restart, mined again now. */
export function startBackgroundJobs({ remine = [] }: { remine?: string[] } = {}): () => void {
  for (const shop of remine) {
    runMiningJob(shop, { trigger: "recovery" }).catch((error: unknown) => {
      console.error(
        `[jobs] mining ${shop} again after an interruption:`,
        error instanceof Error ? error.message : error,
      );
    });
  }
  const stops = [
    every(DELIVERIES_EVERY_MS, () => processPendingDeliveries(topicRegistry), "pending deliveries"),
    every(SHOPS_EVERY_MS, () => runShopJobs(), "shops", SHOPS_EVERY_MS),
    every(DISCOUNTS_EVERY_MS, () => runDiscountJobs(), "discounts", DISCOUNTS_EVERY_MS),
  ];
  return () => stops.forEach((stop) => stop());
}
