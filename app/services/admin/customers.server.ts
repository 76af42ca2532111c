// The Customers page: upcoming follow-ups with their reasons and probabilities, the rules' effect
// (contact cap, quiet time, problem customers, holdout), the model's validation against the
// baselines, and what delivered follow-ups brought against the holdout. Every query is scoped to
// the shop.
import db from "../../db.server";
import type { FollowUpSummary } from "../../domain/customers";
import type { FollowUpRulesInput } from "../../lib/forms/customers";
import {
  followUpClock,
  followUpSettings,
  type StoredOffer,
  type StoredValidation,
} from "../customers/follow-ups.server";
import type { FollowUpWhy } from "../../i18n/server-text";
import { followUpResults, saveTrackingSettings, trackingSettings } from "../customers/tracking.server";

export const CUSTOMERS_PAGE_SIZE = 25;

export interface FollowUpRow {
  customerId: string;
  status: string;
  contactAt: string;
  capped: boolean;
  quiet: boolean;
  holdout: boolean;
  offers: (StoredOffer & { title: string | null; why: FollowUpWhy })[];
}

const ISO_DAY = /\d{4}-\d{2}-\d{2}/g;

/**
 * Why an offer is planned, as data the page words in the admin's language. Offers stored before
 * their dates were kept carry them only inside the English reason; they are read from there.
 */
function whyOf(o: StoredOffer, titles: Map<string, string>): FollowUpWhy {
  const [first, second] = o.reason.match(ISO_DAY) ?? [];
  const legacyTitle = /^(?:Goes with|Upgrade of) (.+) bought on /.exec(o.reason)?.[1] ?? null;
  return {
    kind: o.reasonKind,
    product: (o.fromProductId ? titles.get(o.fromProductId) : undefined) ?? legacyTitle,
    boughtAt: o.boughtAt ?? (first ? `${first}T00:00:00.000Z` : null),
    dueAt: o.dueAt ?? (o.reasonKind === "replenishment" && second ? `${second}T00:00:00.000Z` : null),
  };
}

export async function customersPage(shop: string, q: { status: "all" | "due" | "upcoming" | "holdout"; page: number }) {
  const settings = await followUpSettings(shop);
  const tracking = await trackingSettings(shop);
  const shopRow = await db.shop.findUniqueOrThrow({
    where: { domain: shop },
    select: { highReturnRate: true, currency: true, moneyFormat: true, scopes: true },
  });
  const where =
    q.status === "holdout"
      ? { shop, holdout: true, status: { not: "none" } }
      : {
          shop,
          holdout: false,
          ...(q.status === "all" ? { status: { in: ["due", "upcoming"] } } : { status: q.status }),
        };
  const [total, rows] = await Promise.all([
    db.customerFollowUp.count({ where }),
    db.customerFollowUp.findMany({
      where,
      orderBy: [{ contactAt: "asc" }, { customerId: "asc" }],
      skip: (q.page - 1) * CUSTOMERS_PAGE_SIZE,
      take: CUSTOMERS_PAGE_SIZE,
    }),
  ]);
  const offersOf = rows.map((r) => JSON.parse(r.offers) as StoredOffer[]);
  const ids = [
    ...new Set(offersOf.flat().flatMap((o) => (o.fromProductId ? [o.productId, o.fromProductId] : [o.productId]))),
  ];
  const titles = new Map(
    (
      await db.product.findMany({ where: { shop, shopifyId: { in: ids } }, select: { shopifyId: true, title: true } })
    ).map((p) => [p.shopifyId, p.title]),
  );
  const list: FollowUpRow[] = rows.map((r, i) => ({
    customerId: r.customerId,
    status: r.status,
    contactAt: r.contactAt.toISOString(),
    capped: r.capped,
    quiet: r.quiet,
    holdout: r.holdout,
    offers: offersOf[i].map((o) => ({ ...o, title: titles.get(o.productId) ?? null, why: whyOf(o, titles) })),
  }));
  return {
    settings: {
      maxOffers: settings.maxOffers,
      minProbabilityPercent: Math.round(settings.minProbability * 1000) / 10,
      horizonDays: settings.horizonDays,
      contactCap: settings.contactCap,
      contactPeriodDays: settings.contactPeriodDays,
      quietDaysAfterRefund: settings.quietDaysAfterRefund,
      holdoutPercent: settings.holdoutPercent,
      attributionDays: tracking.attributionDays,
      discountPercent: tracking.discountPercent,
    },
    highReturnRate: shopRow.highReturnRate,
    moneyFormat: shopRow.moneyFormat,
    canWriteCustomers: shopRow.scopes.split(",").includes("write_customers"),
    canWriteDiscounts: shopRow.scopes.split(",").includes("write_discounts"),
    computedAt: settings.computedAt?.toISOString() ?? null,
    syncedAt: settings.syncedAt?.toISOString() ?? null,
    syncError: settings.syncError,
    definitionDeclared: settings.definitionId !== null,
    segmentId: settings.segmentId,
    summary: settings.summary ? (JSON.parse(settings.summary) as FollowUpSummary) : null,
    validation: settings.validation ? (JSON.parse(settings.validation) as StoredValidation) : null,
    // measured up to now (in the demo, the demo's clock: one minute after its latest order)
    results: await followUpResults(shop, await followUpClock(shop, new Date())),
    list,
    total,
    page: q.page,
    pageSize: CUSTOMERS_PAGE_SIZE,
  };
}

export async function saveFollowUpRules(shop: string, input: FollowUpRulesInput): Promise<void> {
  const data = {
    maxOffers: input.maxOffers,
    minProbability: input.minProbabilityPercent / 100,
    horizonDays: input.horizonDays,
    contactCap: input.contactCap,
    contactPeriodDays: input.contactPeriodDays,
    quietDaysAfterRefund: input.quietDaysAfterRefund,
    holdoutPercent: input.holdoutPercent,
  };
  await db.followUpSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  await saveTrackingSettings(shop, { attributionDays: input.attributionDays, discountPercent: input.discountPercent });
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // quote, and defuse spreadsheet formulas
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Every planned follow-up of the shop (holdout excluded), one row per offer, as CSV. */
export async function followUpsCsv(shop: string): Promise<string> {
  const rows = await db.customerFollowUp.findMany({
    where: { shop, holdout: false, status: { in: ["due", "upcoming"] } },
    orderBy: [{ contactAt: "asc" }, { customerId: "asc" }],
  });
  const products = new Map(
    (await db.product.findMany({ where: { shop }, select: { shopifyId: true, title: true, handle: true } })).map(
      (p) => [p.shopifyId, p],
    ),
  );
  const lines = [
    [
      "customer_id",
      "status",
      "contact_at",
      "position",
      "product_id",
      "product_title",
      "product_handle",
      "reason_kind",
      "reason",
      "due_at",
      "probability",
      "capped",
      "quiet",
    ].join(","),
  ];
  for (const r of rows) {
    (JSON.parse(r.offers) as StoredOffer[]).forEach((o, i) => {
      const p = products.get(o.productId);
      lines.push(
        [
          r.customerId,
          r.status,
          r.contactAt.toISOString(),
          i + 1,
          o.productId,
          p?.title ?? "",
          p?.handle ?? "",
          o.reasonKind,
          o.reason,
          o.contactAt,
          o.probability.toFixed(4),
          r.capped ? "yes" : "no",
          r.quiet ? "yes" : "no",
        ]
          .map(csvCell)
          .join(","),
      );
    });
  }
  return lines.join("\r\n") + "\r\n";
}
