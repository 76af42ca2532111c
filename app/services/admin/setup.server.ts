// The setup checklist a new shop sees on the dashboard: each step checked from the shop's real
// state — what Pairwise holds (synced orders, a mining run, offers) and what the storefront has
// reported (the theme app extension's blocks and the cart embed send impressions when they run),
// and what Shopify last confirmed of the app's automatic discount. A
// step nothing can confirm says so instead of claiming it is done.
import db from "../../db.server";
import { getDiscountState } from "../discounts/index.server";

export type SetupStepId = "orders" | "mined" | "extension" | "blocks" | "embed" | "discounts";

export interface SetupStep {
  id: SetupStepId;
  title: string;
  /** true: confirmed; false: not yet; null: cannot be checked here */
  done: boolean | null;
  detail: string;
  action?: { label: string; url: string };
}

const DAY_MS = 86_400_000;
/** Storefront events newer than this show that a block or the embed is live. */
const LIVE_WINDOW_MS = 30 * DAY_MS;

async function lastEvent(shop: string, placement: string | null, since: Date): Promise<Date | null> {
  const e = await db.event.findFirst({
    where: { shop, occurredAt: { gte: since }, ...(placement ? { placement } : {}) },
    orderBy: { occurredAt: "desc" },
    select: { occurredAt: true },
  });
  return e?.occurredAt ?? null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function setupChecklist(shop: string, opts: { now?: number } = {}): Promise<SetupStep[]> {
  const now = opts.now ?? Date.now();
  const since = new Date(now - LIVE_WINDOW_MS);
  const [row, orders, product, cart, any, discount] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { domain: shop }, select: { ordersSyncedAt: true, minedAt: true } }),
    db.order.count({ where: { shop } }),
    lastEvent(shop, "product", since),
    lastEvent(shop, "cart", since),
    db.event.findFirst({ where: { shop }, orderBy: { occurredAt: "asc" }, select: { occurredAt: true } }),
    getDiscountState(shop),
  ]);
  const steps: SetupStep[] = [
    {
      id: "orders",
      title: "Orders synced",
      done: row.ordersSyncedAt !== null || orders > 0,
      detail: row.ordersSyncedAt
        ? `${orders.toLocaleString("en")} orders, synced ${day(row.ordersSyncedAt)}.`
        : orders > 0
          ? `${orders.toLocaleString("en")} orders held.`
          : "Pairwise learns from your order history.",
      action: { label: "Data and mining", url: "/app/insights?tab=sync" },
    },
    {
      id: "mined",
      title: "Recommendations mined",
      done: row.minedAt !== null,
      detail: row.minedAt ? `Last mined ${day(row.minedAt)}.` : "Runs after the orders sync; you can start it by hand.",
      action: { label: "Data and mining", url: "/app/insights?tab=sync" },
    },
    {
      id: "extension",
      title: "Extensions deployed",
      done: any !== null,
      detail: any
        ? `Your storefront has answered through Pairwise since ${day(any.occurredAt)}.`
        : "Deploy the app's extensions (shopify app deploy); the first shopper who sees an offer confirms it here.",
    },
    {
      id: "blocks",
      title: "Blocks added to the product page",
      done: product !== null,
      detail: product
        ? `Product pages showed offers, last on ${day(product)}.`
        : "In the theme editor, add “Frequently bought together” and “You may also like” to the product template.",
    },
    {
      id: "embed",
      title: "Cart offers embed enabled",
      done: cart !== null,
      detail: cart
        ? `The cart showed offers, last on ${day(cart)}.`
        : "In the theme editor, turn on the “Cart offers” app embed (App embeds).",
    },
  ];
  // What Shopify last confirmed of the app's automatic discount (written by the discount sync,
  // refreshed by the scheduled status check): one definition of "live", shared with the Discounts page.
  steps.push({
    id: "discounts",
    title: "Offer discounts active",
    done: discount.live,
    detail: discount.live
      ? `Active in Shopify${discount.syncedAt ? `, confirmed ${day(discount.syncedAt)}` : ""}.`
      : (discount.reason ?? "Not active yet."),
    action: { label: "Checkout discounts", url: "/app/discounts" },
  });
  return steps;
}
