// Four weeks of storefront traffic for the demo shop, so that its dashboard, offers list and
// warnings have real figures to show. Nothing here writes a figure: simulated shoppers go through
// the app's own code paths — offers chosen by serveOffers (holdout, business rules, tracking
// tokens), events stored by ingestEvents (token checks, idempotency), orders written by
// upsertOrders as an orders/create webhook would, and attributed by attributeOrder — and every
// number the admin shows is computed from what those paths stored.
//
// The shoppers' choices are drawn from a seeded generator: a visitor lands on a product page,
// sees what Pairwise offers (nothing in the holdout group), adds an offered item with a
// probability that falls with its position, sometimes declines one, and buys in about a third
// of visits. One offer ("Upgrade your camera") is refunded far more often than the rest, so the
// refund warning has something to warn about. An offered line's discount is the one the
// storefront showed, which is what the shop's discount function grants at checkout.
//
// Resumable: each visitor draws from a generator of its own (seed + visitor number), every id it
// leaves is derived from its number (events, order, lines), and every CHUNK visitors their orders
// are written and attributed and DemoState.trafficVisitors records how far the traffic got. A
// crash or a restart part-way resumes after the last recorded chunk; the chunk that was cut short
// runs again, and what it had already stored is matched by id (events skipped as duplicates,
// orders upserted) rather than stored twice.
import type { PrismaClient } from "../generated/prisma/client";
import type { ImportedOrder, ImportedOrderLine } from "../domain/types";
import { DEMO_SHOP } from "../lib/config.server";
import { DEMO_VISITOR_PREFIX } from "./seed.server";
import { attributeOrder } from "../services/sync/attribution.server";
import { upsertOrders } from "../services/sync/ingest-orders.server";
import { ingestEvents } from "../services/storefront/events.server";
import type { OfferItem } from "../lib/storefront-contract";
import { serveOffers } from "../services/storefront/serve-offers.server";
import { invalidateShop } from "../services/storefront/shop-snapshot.server";
import { createRng, type Rng } from "./generate";

const DAY_MS = 86_400_000;
const FIRST_ORDER_ID = 5_900_000_001;
const FIRST_LINE_ID = 1_900_000_001;
/** line ids per visitor: the main product and the offered items it added */
const LINES_PER_VISITOR = 20;
/** Simulated orders are named "#SIM…". */
const ORDER_PREFIX = "#SIM";
/** visitors between two recorded resumption points */
export const TRAFFIC_CHUNK = 100;

interface DemoOffer {
  key: string;
  data: {
    name: string;
    type: "cross_sell" | "upsell";
    status: "active" | "paused";
    triggerType: string;
    triggerValues: string[];
    offerSource: "manual" | "recommended";
    offeredProductIds?: string[];
    minLift?: number;
    placements: string[];
    discountType: "none" | "percent" | "fixed";
    discountValue: number;
    headline: string;
    body: string;
    priority: number;
  };
  /** share of this offer's sold lines that come back */
  refundRate: number;
}

const OFFERS: DemoOffer[] = [
  {
    key: "after-purchase",
    data: {
      name: "One more for the road (post-purchase)",
      type: "cross_sell",
      status: "active",
      triggerType: "any",
      triggerValues: [],
      offerSource: "recommended",
      placements: ["post_purchase"],
      discountType: "percent",
      discountValue: 15,
      headline: "Add this to your order: 15% off",
      body: "Customers who bought the {product} often came back for this. One click, no need to enter your payment details again.",
      priority: 30,
    },
    refundRate: 0.03,
  },
  {
    key: "camping",
    data: {
      name: "Complete the camping kit",
      type: "cross_sell",
      status: "active",
      triggerType: "product_type",
      triggerValues: ["Tents", "Sleeping Bags", "Sleeping Pads"],
      offerSource: "recommended",
      minLift: 2,
      placements: ["product", "cart"],
      discountType: "none",
      discountValue: 0,
      headline: "Complete your kit for the {product}",
      body: "What campers who bought the {product} took along.",
      priority: 20,
    },
    refundRate: 0.04,
  },
  {
    key: "coffee",
    data: {
      name: "Beans for new espresso machines",
      type: "cross_sell",
      status: "active",
      triggerType: "product_type",
      triggerValues: ["Espresso Machines"],
      offerSource: "manual",
      offeredProductIds: ["8000000027", "8000000028"],
      placements: ["product", "cart"],
      discountType: "none",
      discountValue: 0,
      headline: "Beans for your {product}",
      body: "Freshly roasted, ground to order.",
      priority: 15,
    },
    refundRate: 0.02,
  },
  {
    key: "camera-upgrade",
    data: {
      name: "Upgrade your camera",
      type: "upsell",
      status: "active",
      triggerType: "product_type",
      triggerValues: ["Cameras"],
      offerSource: "recommended",
      placements: ["product"],
      discountType: "none",
      discountValue: 0,
      headline: "Upgrade your {product}",
      body: "A larger sensor and faster autofocus.",
      priority: 10,
    },
    refundRate: 0.3,
  },
  {
    key: "photo-accessories",
    data: {
      name: "Accessories for photographers",
      type: "cross_sell",
      status: "paused",
      triggerType: "product_type",
      triggerValues: ["Cameras", "Lenses"],
      offerSource: "recommended",
      placements: ["cart"],
      discountType: "none",
      discountValue: 0,
      headline: "",
      body: "",
      priority: 5,
    },
    refundRate: 0.05,
  },
];

export interface TrafficOptions {
  seed?: number | string;
  /** the end of the simulated period (the demo history's end) */
  now: number;
  visitors?: number;
  days?: number;
  secret: string;
  /** called after each visitor (tests use it to cut a run short) */
  onVisitor?: (done: number) => void | Promise<void>;
}

export interface TrafficSummary {
  skipped: boolean;
  /** visitors already simulated by an earlier, interrupted run */
  resumedAt: number;
  visitors: number;
  events: number;
  orders: number;
  attributedLines: number;
}

/** The demo shop's offers, created once (found by name afterwards). */
export async function ensureDemoOffers(db: PrismaClient): Promise<Map<string, { id: string; refundRate: number }>> {
  const byId = new Map<string, { id: string; refundRate: number }>();
  for (const offer of OFFERS) {
    const existing = await db.offer.findFirst({ where: { shop: DEMO_SHOP, name: offer.data.name } });
    const row =
      existing ??
      (await db.offer.create({
        data: {
          shop: DEMO_SHOP,
          ...offer.data,
          triggerValues: JSON.stringify(offer.data.triggerValues),
          offeredProductIds: JSON.stringify(offer.data.offeredProductIds ?? []),
          placements: JSON.stringify(offer.data.placements),
        },
      }));
    byId.set(row.id, { id: row.id, refundRate: offer.refundRate });
  }
  invalidateShop(DEMO_SHOP);
  return byId;
}

function pickWeighted<T>(rng: Rng, items: readonly T[], weight: (t: T) => number, total: number): T {
  let r = rng.next() * total;
  for (const item of items) {
    r -= weight(item);
    if (r <= 0) return item;
  }
  return items[items.length - 1];
}

export async function simulateStorefrontTraffic(db: PrismaClient, options: TrafficOptions): Promise<TrafficSummary> {
  const visitors = options.visitors ?? 3000;
  const days = options.days ?? 28;
  const state = await db.demoState.findUnique({ where: { shop: DEMO_SHOP } });
  if (!state) throw new Error("the demo shop is not seeded (seedDemoShop records its DemoState)");
  const current = state.trafficGeneration === state.generation;
  if (current && state.trafficDoneAt)
    return { skipped: true, resumedAt: state.trafficVisitors, visitors: 0, events: 0, orders: 0, attributedLines: 0 };
  const resumedAt = current ? Math.min(state.trafficVisitors, visitors) : 0;
  if (!current) {
    await db.demoState.update({
      where: { shop: DEMO_SHOP },
      data: { trafficGeneration: state.generation, trafficVisitors: 0, trafficDoneAt: null },
    });
  }

  const offers = await ensureDemoOffers(db);
  // Landing pages in proportion to how often each product sells, the offers' triggers favoured.
  const sold = await db.orderLine.groupBy({
    by: ["productId"],
    where: { shop: DEMO_SHOP, productId: { not: null } },
    _count: { _all: true },
  });
  const products = await db.product.findMany({
    where: { shop: DEMO_SHOP, status: "ACTIVE" },
    select: { shopifyId: true, productType: true },
  });
  const favoured = new Set(OFFERS.flatMap((o) => (o.data.status === "active" ? o.data.triggerValues : [])));
  const typeOf = new Map(products.map((p) => [p.shopifyId, p.productType]));
  const landing = sold
    .filter((s) => typeOf.has(s.productId!))
    .map((s) => ({ id: s.productId!, weight: s._count._all * (favoured.has(typeOf.get(s.productId!)!) ? 6 : 1) }))
    // the same order however the database returns the groups
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const totalWeight = landing.reduce((sum, l) => sum + l.weight, 0);
  const customers = (
    await db.customer.findMany({
      where: { shop: DEMO_SHOP, id: { startsWith: "demo_c_" } },
      select: { shopifyId: true },
      orderBy: { id: "asc" },
      take: 2000,
    })
  ).map((c) => c.shopifyId);
  const variants = await db.variant.findMany({
    where: { shop: DEMO_SHOP },
    select: { shopifyId: true, price: true, product: { select: { shopifyId: true, title: true } } },
    orderBy: { id: "asc" },
  });
  const firstVariant = new Map<string, (typeof variants)[number]>();
  for (const v of variants) if (!firstVariant.has(v.product.shopifyId)) firstVariant.set(v.product.shopifyId, v);
  let named = await db.order.count({ where: { shop: DEMO_SHOP, name: { startsWith: ORDER_PREFIX } } });

  let events = 0;
  let orderCount = 0;
  let attributedLines = 0;
  let pending: ImportedOrder[] = [];
  const flush = async (done: number) => {
    for (let i = 0; i < pending.length; i += 500)
      await upsertOrders(DEMO_SHOP, pending.slice(i, i + 500), { source: "webhook" });
    for (const order of pending) attributedLines += (await attributeOrder(DEMO_SHOP, order.id))?.attributed ?? 0;
    orderCount += pending.length;
    pending = [];
    await db.demoState.update({ where: { shop: DEMO_SHOP }, data: { trafficVisitors: done } });
  };

  for (let i = resumedAt; i < visitors; i++) {
    const rng = createRng(`storefront-traffic:${options.seed ?? 42}:${i}`);
    const visitorId = `${DEMO_VISITOR_PREFIX}${String(i).padStart(5, "0")}`;
    const at = options.now - (days - (i * days) / visitors) * DAY_MS + rng.int(DAY_MS / 2);
    const main = pickWeighted(rng, landing, (l) => l.weight, totalWeight).id;
    const answer = await serveOffers(
      { shop: DEMO_SHOP, context: "product", productId: main, visitorId, now: at },
      options.secret,
    );
    const order = answer
      ? await visit(rng, { visitorId, index: i, at, main, answer, offers, firstVariant, customers })
      : null;
    if (order) {
      events += order.events;
      if (order.order) {
        const already = await db.order.findUnique({
          where: { shop_shopifyId: { shop: DEMO_SHOP, shopifyId: order.order.id } },
          select: { name: true },
        });
        order.order.name = already?.name || `${ORDER_PREFIX}${1001 + named++}`;
        pending.push(order.order);
      }
    }
    if ((i + 1) % TRAFFIC_CHUNK === 0 || i + 1 === visitors) await flush(i + 1);
    await options.onVisitor?.(i + 1);
  }
  if (pending.length) await flush(visitors);
  await db.demoState.update({
    where: { shop: DEMO_SHOP },
    data: { trafficVisitors: visitors, trafficDoneAt: new Date() },
  });
  invalidateShop(DEMO_SHOP);
  return { skipped: false, resumedAt, visitors: visitors - resumedAt, events, orders: orderCount, attributedLines };

  async function visit(
    rng: Rng,
    v: {
      visitorId: string;
      index: number;
      at: number;
      main: string;
      answer: NonNullable<Awaited<ReturnType<typeof serveOffers>>>;
      offers: Map<string, { id: string; refundRate: number }>;
      firstVariant: Map<string, (typeof variants)[number]>;
      customers: string[];
    },
  ): Promise<{ events: number; order: ImportedOrder | null }> {
    const { visitorId, at } = v;
    const shown: { item: OfferItem; offerId: string | null }[] = v.answer.slots.flatMap((s) =>
      s.items.map((item) => ({ item, offerId: s.offerId })),
    );
    const batch: Parameters<typeof ingestEvents>[1]["events"] = [];
    const added: typeof shown = [];
    shown.forEach(({ item, offerId }, position) => {
      const base = { offerId, productId: item.productId, placement: "product" as const, token: item.token };
      batch.push({ id: `${visitorId}-imp-${position}`, type: "impression", at: at + 1000, ...base });
      const addChance = [0.11, 0.07, 0.05][position] ?? 0.03;
      if (rng.chance(addChance * 2.2))
        batch.push({ id: `${visitorId}-clk-${position}`, type: "click", at: at + 4000, ...base });
      if (rng.chance(addChance)) {
        batch.push({ id: `${visitorId}-add-${position}`, type: "add", at: at + 9000, ...base });
        added.push({ item, offerId });
      } else if (rng.chance(0.03)) {
        batch.push({ id: `${visitorId}-dec-${position}`, type: "decline", at: at + 6000, ...base });
      }
    });
    let accepted = 0;
    if (batch.length)
      accepted = (
        await ingestEvents(DEMO_SHOP, { visitorId, events: batch }, { secret: options.secret, now: at + 10_000 })
      ).accepted;

    if (!rng.chance(added.length ? 0.62 : 0.31)) return { events: accepted, order: null };
    const mainVariant = v.firstVariant.get(v.main);
    if (!mainVariant) return { events: accepted, order: null };
    let lineId = FIRST_LINE_ID + v.index * LINES_PER_VISITOR;
    const lines: ImportedOrderLine[] = [
      {
        id: String(lineId++),
        productId: v.main,
        variantId: mainVariant.shopifyId,
        title: mainVariant.product.title,
        quantity: 1,
        price: mainVariant.price,
        discount: 0,
      },
    ];
    for (const { item, offerId } of added.slice(0, LINES_PER_VISITOR - 1)) {
      const refundRate = offerId ? (v.offers.get(offerId)?.refundRate ?? 0.05) : 0.05;
      lines.push({
        id: String(lineId++),
        productId: item.productId,
        variantId: item.variantId,
        title: item.title,
        quantity: 1,
        price: item.price,
        discount: item.price - item.discountedPrice,
        refundedQuantity: rng.chance(refundRate) ? 1 : 0,
        properties: { _pairwise: offerId ?? "auto", _pairwise_token: item.token },
      });
    }
    const subtotal = lines.reduce((s, l) => s + (l.price ?? 0) * l.quantity - (l.discount ?? 0), 0);
    return {
      events: accepted,
      order: {
        id: String(FIRST_ORDER_ID + v.index),
        name: "",
        customerId: rng.chance(0.4) && v.customers.length ? v.customers[rng.int(v.customers.length)] : null,
        createdAt: at + 15 * 60_000,
        currency: "USD",
        subtotal,
        totalDiscounts: lines.reduce((s, l) => s + (l.discount ?? 0), 0),
        totalPrice: subtotal,
        attributes: { _pairwise_visitor: visitorId },
        lines,
      },
    };
  }
}
