// The setup checklist a new shop sees on the dashboard: each step checked from the shop's real
// state — what Pairwise holds (synced orders, a mining run, offers) and what the storefront has
// reported (the theme app extension's blocks and the cart embed send impressions when they run),
// and what Shopify last confirmed of the app's automatic discount. A
// step nothing can confirm says so instead of claiming it is done.
import db from "../../db.server";
import type { TFunction } from "i18next";
import { formatter } from "../../components/format";
import { DEFAULT_LOCALE, tFor, type Locale } from "../../i18n/i18n";
import { translateMessage } from "../../i18n/messages";
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

export async function setupChecklist(
  shop: string,
  opts: { now?: number; t?: TFunction; locale?: Locale } = {},
): Promise<SetupStep[]> {
  const now = opts.now ?? Date.now();
  const t = opts.t ?? tFor(DEFAULT_LOCALE);
  const f = formatter(opts.locale ?? DEFAULT_LOCALE);
  const since = new Date(now - LIVE_WINDOW_MS);
  const [row, orders, product, cart, any, discount] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { domain: shop }, select: { ordersSyncedAt: true, minedAt: true } }),
    db.order.count({ where: { shop } }),
    lastEvent(shop, "product", since),
    lastEvent(shop, "cart", since),
    db.event.findFirst({ where: { shop }, orderBy: { occurredAt: "asc" }, select: { occurredAt: true } }),
    getDiscountState(shop),
  ]);
  const mining = { label: t("setup.dataAndMining"), url: "/app/insights?tab=sync" };
  const steps: SetupStep[] = [
    {
      id: "orders",
      title: t("setup.orders.title"),
      done: row.ordersSyncedAt !== null || orders > 0,
      detail: row.ordersSyncedAt
        ? t("setup.orders.synced", { count: orders, n: f.count(orders), day: day(row.ordersSyncedAt) })
        : orders > 0
          ? t("setup.orders.held", { count: orders, n: f.count(orders) })
          : t("setup.orders.none"),
      action: mining,
    },
    {
      id: "mined",
      title: t("setup.mined.title"),
      done: row.minedAt !== null,
      detail: row.minedAt ? t("setup.mined.last", { day: day(row.minedAt) }) : t("setup.mined.none"),
      action: mining,
    },
    {
      id: "extension",
      title: t("setup.extension.title"),
      done: any !== null,
      detail: any ? t("setup.extension.since", { day: day(any.occurredAt) }) : t("setup.extension.none"),
    },
    {
      id: "blocks",
      title: t("setup.blocks.title"),
      done: product !== null,
      detail: product ? t("setup.blocks.last", { day: day(product) }) : t("setup.blocks.none"),
    },
    {
      id: "embed",
      title: t("setup.embed.title"),
      done: cart !== null,
      detail: cart ? t("setup.embed.last", { day: day(cart) }) : t("setup.embed.none"),
    },
  ];
  // What Shopify last confirmed of the app's automatic discount (written by the discount sync,
  // refreshed by the scheduled status check): one definition of "live", shared with the Discounts page.
  steps.push({
    id: "discounts",
    title: t("setup.discounts.title"),
    done: discount.live,
    detail: discount.live
      ? discount.syncedAt
        ? t("setup.discounts.confirmed", { day: day(discount.syncedAt) })
        : t("setup.discounts.active")
      : discount.reason
        ? translateMessage(t, discount.reason)
        : t("setup.discounts.notYet"),
    action: { label: t("nav.discounts"), url: "/app/discounts" },
  });
  return steps;
}
