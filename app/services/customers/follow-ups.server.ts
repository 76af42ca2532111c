// Next best offers per customer, computed from the shop's stored orders (domain/customers) and
// stored per customer, with the model's validation on a later window. Runs in the mining worker
// right after a mining run (worker.ts), so its seconds of CPU never stall the server's thread, and
// from the demo's preparation. Delivery to Shopify (metafields, tag, segment) is sync.server.ts.
import db from "../../db.server";
import {
  DAY_MS,
  DEFAULT_FOLLOW_UP_RULES,
  evaluateCustomers,
  isFollowUpSellable,
  planFollowUps,
  reasonText,
  replenishmentDueAt,
  scoreCandidates,
  snapshotAt,
  sortOrders,
  trainPropensity,
  upgradesFromRows,
  type CustomerOrder,
  type FollowUpRules,
  type FollowUpSummary,
} from "../../domain/customers";
import type { CatalogProduct } from "../../domain/types";
import { DEMO_SHOP, isDemoMode } from "../../lib/config.server";
import { loadCatalog } from "../mining/run.server";
import { toShopSettings } from "../store-mapping.server";

const PAGE = 5_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const WRITE_CHUNK = 500;

/** One offer as stored in CustomerFollowUp.offers (and, trimmed, in the customer metafield). */
export interface StoredOffer {
  productId: string;
  probability: number;
  reasonKind: "complement" | "replenishment" | "upgrade";
  /** the reason in English (metafield, CSV); the admin words it from the kind and dates below */
  reason: string;
  fromProductId: string | null;
  /** when the product behind the reason was bought, ISO (absent in offers stored before it was kept) */
  boughtAt?: string | null;
  /** replenishment: when the product is due again, ISO */
  dueAt?: string | null;
  moment: string;
  contactAt: string;
}

/** The model's validation as stored in FollowUpSettings.validation. */
export interface StoredValidation {
  horizonDays: number;
  cutoff: string;
  trainedAt: string | null;
  customers: number;
  buyers: number;
  k: number;
  results: { method: string; precisionAtK: number; recallAtK: number; auc: number | null }[];
  weights: { feature: string; weight: number }[];
}

export async function followUpSettings(shop: string) {
  return db.followUpSettings.upsert({ where: { shop }, create: { shop }, update: {} });
}

export function rulesOf(settings: Awaited<ReturnType<typeof followUpSettings>>, highReturnRate: number): FollowUpRules {
  return {
    ...DEFAULT_FOLLOW_UP_RULES,
    maxOffers: settings.maxOffers,
    minProbability: settings.minProbability,
    highReturnRate,
    contactCap: settings.contactCap,
    contactPeriodDays: settings.contactPeriodDays,
    quietDaysAfterRefund: settings.quietDaysAfterRefund,
    holdoutPercent: settings.holdoutPercent,
  };
}

/** The shop's orders before `before`, with what the customer model reads, sorted by time. */
export async function loadCustomerOrders(shop: string, before: Date): Promise<CustomerOrder[]> {
  const out: CustomerOrder[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await db.order.findMany({
      where: { shop, customerId: { not: null }, createdAt: { lt: before } },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: {
        id: true,
        customerId: true,
        createdAt: true,
        cancelledAt: true,
        lastRefundAt: true,
        lines: { select: { productId: true, quantity: true, refundedQuantity: true, price: true, discount: true } },
      },
    });
    for (const o of page) out.push({ ...o, createdAt: o.createdAt.getTime() });
    if (page.length < PAGE) return sortOrders(out);
    cursor = page[page.length - 1].id;
  }
}

export interface ComputeResult {
  customers: number;
  followUps: number;
  summary: FollowUpSummary;
  auc: number | null;
}

/**
 * Trains the propensity model on the shop's history (one horizon before `now`), validates the
 * same procedure one horizon earlier against the later window, scores every customer at `now`,
 * applies the business rules and stores the result. Customers no longer followed up keep their
 * row as status "none" until their metafield and tag are removed in Shopify.
 */
export async function computeFollowUps(shop: string, now: Date): Promise<ComputeResult> {
  const settings = await followUpSettings(shop);
  const shopRow = await db.shop.findUniqueOrThrow({ where: { domain: shop } });
  const shopSettings = toShopSettings(shopRow);
  const horizonDays = settings.horizonDays;
  const t = now.getTime();
  const [orders, catalog, upsellRows, declinedEvents, declinedPostPurchase, contactRows] = await Promise.all([
    loadCustomerOrders(shop, now),
    loadCatalog(shop),
    db.recommendation.findMany({
      where: { shop, kind: "upsell" },
      orderBy: [{ productId: "asc" }, { rank: "asc" }],
      select: { productId: true, recommendedProductId: true, kind: true },
    }),
    db.event.findMany({
      where: { shop, type: "decline", customerId: { not: null }, productId: { not: null } },
      select: { customerId: true, productId: true },
    }),
    db.postPurchaseOffer.findMany({
      where: { shop, status: "declined", customerId: { not: null } },
      select: { customerId: true, productId: true },
    }),
    db.followUpContact.findMany({
      where: { shop, contactAt: { gte: new Date(t - 366 * DAY_MS), lte: now } },
      select: { customerId: true, contactAt: true },
    }),
  ]);
  const upgrades = upgradesFromRows(upsellRows);
  const declined = new Map<string, Set<string>>();
  for (const d of [...declinedEvents, ...declinedPostPurchase]) {
    let set = declined.get(d.customerId!);
    if (!set) declined.set(d.customerId!, (set = new Set()));
    set.add(d.productId!);
  }
  const contacts = new Map<string, number[]>();
  for (const c of contactRows) {
    const list = contacts.get(c.customerId) ?? [];
    list.push(c.contactAt.getTime());
    contacts.set(c.customerId, list);
  }
  const products = new Map<string, CatalogProduct>(catalog.map((p) => [p.id, p]));
  const titleOf = (id: string) => products.get(id)?.title ?? `Product ${id}`;

  // Validation on a later window than the model learned from, against the baselines.
  const validation = evaluateCustomers(orders, { cutoff: t - horizonDays * DAY_MS, horizonDays, k: 3, upgrades });
  const model = trainPropensity(orders, t - horizonDays * DAY_MS, horizonDays, upgrades);
  const snap = snapshotAt(orders, t, upgrades);
  const scored = model ? scoreCandidates(model, snap.candidates) : [];
  const { followUps, summary } = planFollowUps({
    scored,
    histories: snap.histories,
    now: t,
    horizonDays,
    rules: rulesOf(settings, shopSettings.highReturnRate),
    sellable: (id) => isFollowUpSellable(products.get(id), shopSettings),
    declined,
    contacts,
    salt: shop,
  });

  const storedValidation: StoredValidation = {
    horizonDays,
    cutoff: new Date(validation.cutoff).toISOString(),
    trainedAt: validation.model ? new Date(validation.model.trainedAt).toISOString() : null,
    customers: validation.customers,
    buyers: validation.buyers,
    k: validation.k,
    results: validation.results.map((r) => ({ ...r, auc: Number.isFinite(r.auc) ? r.auc : null })),
    weights: model ? model.logistic.features.map((feature, i) => ({ feature, weight: model.logistic.weights[i] })) : [],
  };
  const rows = followUps.map((f) => ({
    shop,
    customerId: f.customerId,
    status: f.status,
    contactAt: new Date(f.contactAt),
    capped: f.capped,
    quiet: f.quiet,
    holdout: f.holdout,
    topProbability: f.offers[0]?.probability ?? 0,
    offers: JSON.stringify(
      f.offers.map((o): StoredOffer => ({
        productId: o.productId,
        probability: o.probability,
        reasonKind: o.reason.kind as StoredOffer["reasonKind"],
        reason: reasonText(o.reason, titleOf),
        fromProductId: o.reason.fromProductId ?? null,
        boughtAt: o.reason.boughtAt !== undefined ? new Date(o.reason.boughtAt).toISOString() : null,
        dueAt: iso(replenishmentDueAt(o.reason)),
        moment: o.moment,
        contactAt: new Date(o.contactAt).toISOString(),
      })),
    ),
    computedAt: now,
  }));
  const planned = new Set(rows.map((r) => r.customerId));
  const existing = await db.customerFollowUp.findMany({
    where: { shop },
    select: { customerId: true, syncedValue: true, syncedTag: true },
  });
  const dueContacts = followUps
    .filter((f) => f.status === "due")
    .map((f) => ({
      shop,
      customerId: f.customerId,
      contactDay: new Date(f.contactAt).toISOString().slice(0, 10),
      contactAt: new Date(f.contactAt),
      productIds: JSON.stringify(f.offers.map((o) => o.productId)),
      holdout: f.holdout,
    }));
  await db.$transaction(
    async (tx) => {
      const gone = existing.filter((e) => !planned.has(e.customerId));
      const forget = gone.filter((e) => e.syncedValue === null && !e.syncedTag).map((e) => e.customerId);
      const clear = gone.filter((e) => e.syncedValue !== null || e.syncedTag).map((e) => e.customerId);
      for (let i = 0; i < forget.length; i += WRITE_CHUNK)
        await tx.customerFollowUp.deleteMany({ where: { shop, customerId: { in: forget.slice(i, i + WRITE_CHUNK) } } });
      for (let i = 0; i < clear.length; i += WRITE_CHUNK)
        await tx.customerFollowUp.updateMany({
          where: { shop, customerId: { in: clear.slice(i, i + WRITE_CHUNK) } },
          data: { status: "none", offers: "[]", topProbability: 0, computedAt: now },
        });
      const known = new Set(existing.map((e) => e.customerId));
      const fresh = rows.filter((r) => !known.has(r.customerId));
      for (let i = 0; i < fresh.length; i += WRITE_CHUNK)
        await tx.customerFollowUp.createMany({ data: fresh.slice(i, i + WRITE_CHUNK) });
      for (const r of rows)
        if (known.has(r.customerId))
          await tx.customerFollowUp.update({ where: { shop_customerId: { shop, customerId: r.customerId } }, data: r });
      // A follow-up whose moment has come is a contact (the cap counts it; the holdout's too, never delivered).
      const already = new Set(
        (
          await tx.followUpContact.findMany({
            where: { shop, customerId: { in: dueContacts.map((c) => c.customerId) } },
            select: { customerId: true, contactDay: true },
          })
        ).map((c) => `${c.customerId}|${c.contactDay}`),
      );
      const newContacts = dueContacts.filter((c) => !already.has(`${c.customerId}|${c.contactDay}`));
      for (let i = 0; i < newContacts.length; i += WRITE_CHUNK)
        await tx.followUpContact.createMany({ data: newContacts.slice(i, i + WRITE_CHUNK) });
      await tx.followUpSettings.update({
        where: { shop },
        data: { computedAt: now, summary: JSON.stringify(summary), validation: JSON.stringify(storedValidation) },
      });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  const auc = validation.results.find((r) => r.method === "Pairwise")?.auc;
  return {
    customers: snap.histories.size,
    followUps: rows.length,
    summary,
    auc: auc !== undefined && Number.isFinite(auc) ? auc : null,
  };
}

/**
 * The moment follow-ups are computed for: now, except in the local demo, whose history ends weeks
 * before today: there it is one minute after the demo shop's latest order (app/demo/clock.server.ts).
 */
export async function followUpClock(shop: string, wallNow: Date): Promise<Date> {
  if (!(isDemoMode() && shop === DEMO_SHOP)) return wallNow;
  const latest = await db.order.findFirst({
    where: { shop },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return latest ? new Date(Math.min(wallNow.getTime(), latest.createdAt.getTime() + 60_000)) : wallNow;
}

/** After a mining run (in the mining worker): the follow-ups, never failing the run; a failure is recorded. */
export async function computeFollowUpsAfterMining(shop: string, wallNow: Date): Promise<ComputeResult | null> {
  try {
    return await computeFollowUps(shop, await followUpClock(shop, wallNow));
  } catch (error) {
    const message = `Computing follow-ups failed: ${error instanceof Error ? error.message : String(error)}`;
    await db.followUpSettings.updateMany({ where: { shop }, data: { syncError: message.slice(0, 2000) } });
    return null;
  }
}
