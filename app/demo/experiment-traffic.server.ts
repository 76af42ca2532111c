// The demo's experiment: "Complete the camping kit" tested against a headline that says what other
// campers did, over the last three weeks of the demo's history, on simulated shoppers who go through
// the app's own code paths — served their arm by serveOffers (computed from their visitor id),
// events stored by ingestEvents (which tags them with the arm), orders written by upsertOrders and
// attributed by attributeOrder (which puts the arm on the attribution). Every figure the admin's
// Experiments page shows is computed from what those paths stored.
//
// The one assumption of the simulation: shoppers shown the social-proof headline add the offered
// items 1.8 times as often (COPY_APPEAL). Nothing else differs between the arms, so the verdict
// the page reaches is the statistics finding that planted effect.
//
// Idempotent: every id a visitor leaves derives from its number, so a run cut short runs again from
// the start and what it had stored is matched (events skipped as duplicates, orders upserted); the
// run is complete once the last visitor's impression is stored.
//
// Reproducible: the experiment's id derives from the seed too. A visitor's arm is a hash of the
// visitor and the experiment's id (domain/experiments/bucketing.ts), so with a new id at each
// start the arms, and with them the figures and the verdict, changed from one demo to the next.
import type { PrimaryMetric } from "../domain/experiments";
import { isInHoldout, planFor } from "../domain/experiments";
import type { ImportedOrder, ImportedOrderLine } from "../domain/types";
import type { PrismaClient } from "../generated/prisma/client";
import { DEMO_SHOP } from "../lib/config.server";
import type { OfferItem } from "../lib/storefront-contract";
import { offerBaseline } from "../services/admin/experiments.server";
import { ingestEvents } from "../services/storefront/events.server";
import { serveOffers } from "../services/storefront/serve-offers.server";
import { invalidateShop } from "../services/storefront/shop-snapshot.server";
import { attributeOrder } from "../services/sync/attribution.server";
import { upsertOrders } from "../services/sync/ingest-orders.server";
import { createRng } from "./generate";

const DAY_MS = 86_400_000;
export const DEMO_EXPERIMENT_NAME = "Camping kit: what other campers took";
const OFFER_NAME = "Complete the camping kit";
const B_HEADLINE = "Campers who bought the {product} took these too";
/** how much more often shoppers add an item under the variant's headline (the planted effect) */
const COPY_APPEAL = 1.8;
const VISITOR_PREFIX = "demo-xp-visitor-";
const FIRST_ORDER_ID = 5_950_000_001;
const FIRST_LINE_ID = 1_950_000_001;
const LINES_PER_VISITOR = 20;
const CHUNK = 100;

const visitorIdOf = (i: number) => `${VISITOR_PREFIX}${String(i).padStart(5, "0")}`;
const experimentIdOf = (seed: number | string) => `demo-experiment-${seed}`;

export interface ExperimentTrafficOptions {
  /** the end of the demo's history */
  now: number;
  secret: string;
  visitors?: number;
  days?: number;
  seed?: number | string;
}

export async function simulateDemoExperiment(
  db: PrismaClient,
  options: ExperimentTrafficOptions,
): Promise<{ skipped: boolean; visitors: number; orders: number; experimentId: string | null }> {
  const visitors = options.visitors ?? 1600;
  const days = options.days ?? 21;
  const offer = await db.offer.findFirst({
    where: { shop: DEMO_SHOP, name: OFFER_NAME },
    select: { id: true, triggerValues: true, minLift: true },
  });
  if (!offer) return { skipped: true, visitors: 0, orders: 0, experimentId: null };
  // the last visitor outside the holdout: once its impression is stored, the run is complete
  const holdout =
    (await db.shop.findUnique({ where: { domain: DEMO_SHOP }, select: { holdoutPercent: true } }))?.holdoutPercent ?? 0;
  let last = visitors - 1;
  while (last > 0 && isInHoldout(visitorIdOf(last), DEMO_SHOP, holdout)) last--;
  const lastVisitor = visitorIdOf(last);
  let experiment = await db.experiment.findFirst({ where: { shop: DEMO_SHOP, name: DEMO_EXPERIMENT_NAME } });
  if (
    experiment &&
    (await db.event.findFirst({
      where: { shop: DEMO_SHOP, visitorId: lastVisitor, type: "impression" },
      select: { id: true },
    }))
  ) {
    return { skipped: true, visitors: 0, orders: 0, experimentId: experiment.id };
  }
  const startedAt = options.now - days * DAY_MS;
  if (!experiment) {
    const metric: PrimaryMetric = "acceptance_rate";
    const weights = [50, 50];
    // the plan from the offer's four weeks of regular demo traffic, for a 30 % lift
    const baseline = await offerBaseline(DEMO_SHOP, offer.id, options.now);
    const plan = planFor(baseline, metric, 30, weights);
    experiment = await db.experiment.create({
      data: {
        id: experimentIdOf(options.seed ?? 42),
        shop: DEMO_SHOP,
        name: DEMO_EXPERIMENT_NAME,
        offerId: offer.id,
        status: "running",
        metric,
        guardrails: JSON.stringify(["refund_rate", "aov"]),
        minimumDetectableEffect: 0.3,
        baselineMean: plan?.baselineMean ?? null,
        baselineSd: plan?.baselineSd ?? null,
        plannedPerVariant: plan?.perVariant ?? null,
        dailyVisitors: baseline.dailyVisitors,
        plannedDays: plan?.duration?.days ?? null,
        startedAt: new Date(startedAt),
        variants: {
          create: [
            { key: "control", name: "Control", weight: 50, config: "{}" },
            { key: "b", name: "Social proof", weight: 50, config: JSON.stringify({ headline: B_HEADLINE }) },
          ],
        },
      },
    });
  }
  invalidateShop(DEMO_SHOP);

  // Landing pages: the camping products the offer triggers on and has companions for (lift ≥ its minimum).
  const types = JSON.parse(offer.triggerValues) as string[];
  const withCompanions = await db.recommendation.findMany({
    where: { shop: DEMO_SHOP, kind: "cross_sell", lift: { gte: offer.minLift ?? 0 } },
    select: { productId: true },
    distinct: ["productId"],
  });
  const products = await db.product.findMany({
    where: {
      shop: DEMO_SHOP,
      status: "ACTIVE",
      productType: { in: types },
      shopifyId: { in: withCompanions.map((r) => r.productId) },
    },
    select: {
      shopifyId: true,
      title: true,
      variants: { select: { shopifyId: true, price: true }, orderBy: { id: "asc" }, take: 1 },
    },
    orderBy: { shopifyId: "asc" },
  });
  const landing = products.filter((p) => p.variants.length > 0);
  if (landing.length === 0) return { skipped: true, visitors: 0, orders: 0, experimentId: experiment.id };

  let orders = 0;
  let pending: ImportedOrder[] = [];
  const flush = async () => {
    for (let i = 0; i < pending.length; i += 500)
      await upsertOrders(DEMO_SHOP, pending.slice(i, i + 500), { source: "webhook" });
    for (const order of pending) await attributeOrder(DEMO_SHOP, order.id);
    orders += pending.length;
    pending = [];
  };
  for (let i = 0; i < visitors; i++) {
    const rng = createRng(`experiment-traffic:${options.seed ?? 42}:${i}`);
    const visitorId = visitorIdOf(i);
    const at = startedAt + ((i + 0.5) * days * DAY_MS) / visitors;
    const main = landing[rng.int(landing.length)];
    const answer = await serveOffers(
      { shop: DEMO_SHOP, context: "product", productId: main.shopifyId, visitorId, now: at },
      options.secret,
    );
    if (!answer || answer.holdout) continue;
    const shown: { item: OfferItem; offerId: string | null; appeal: number }[] = answer.slots.flatMap((s) =>
      s.items.map((item) => ({
        item,
        offerId: s.offerId,
        appeal: s.headline.startsWith("Campers who bought") ? COPY_APPEAL : 1,
      })),
    );
    const batch: Parameters<typeof ingestEvents>[1]["events"] = [];
    const added: typeof shown = [];
    shown.forEach((s, position) => {
      const base = {
        offerId: s.offerId,
        productId: s.item.productId,
        placement: "product" as const,
        token: s.item.token,
      };
      batch.push({ id: `${visitorId}-imp-${position}`, type: "impression", at: at + 1000, ...base });
      if (rng.chance(([0.11, 0.07, 0.05][position] ?? 0.03) * s.appeal)) {
        batch.push({ id: `${visitorId}-add-${position}`, type: "add", at: at + 9000, ...base });
        added.push(s);
      }
    });
    if (batch.length)
      await ingestEvents(DEMO_SHOP, { visitorId, events: batch }, { secret: options.secret, now: at + 10_000 });
    if (rng.chance(added.length ? 0.62 : 0.31)) {
      let lineId = FIRST_LINE_ID + i * LINES_PER_VISITOR;
      const v = main.variants[0];
      const lines: ImportedOrderLine[] = [
        {
          id: String(lineId++),
          productId: main.shopifyId,
          variantId: v.shopifyId,
          title: main.title,
          quantity: 1,
          price: v.price,
          discount: 0,
        },
      ];
      for (const { item, offerId } of added.slice(0, LINES_PER_VISITOR - 1)) {
        lines.push({
          id: String(lineId++),
          productId: item.productId,
          variantId: item.variantId,
          title: item.title,
          quantity: 1,
          price: item.price,
          discount: item.price - item.discountedPrice,
          refundedQuantity: rng.chance(0.04) ? 1 : 0,
          properties: { _pairwise: offerId ?? "auto", _pairwise_token: item.token },
        });
      }
      const subtotal = lines.reduce((s, l) => s + (l.price ?? 0) * l.quantity - (l.discount ?? 0), 0);
      pending.push({
        id: String(FIRST_ORDER_ID + i),
        name: `#XP${1001 + i}`,
        customerId: null,
        createdAt: at + 15 * 60_000,
        currency: "USD",
        subtotal,
        totalDiscounts: lines.reduce((s, l) => s + (l.discount ?? 0), 0),
        totalPrice: subtotal,
        attributes: { _pairwise_visitor: visitorId },
        lines,
      });
    }
    if ((i + 1) % CHUNK === 0) await flush();
  }
  await flush();
  invalidateShop(DEMO_SHOP);
  return { skipped: false, visitors, orders, experimentId: experiment.id };
}
