// The merchant's experiments: the plan before the start (the offer's baseline, the sample size and
// the duration at this shop's traffic), start, the readout while running (per-variant figures from
// the events and from the orders' attributions, the sequential verdict, the split check,
// guardrails) and the end (promote the winner into the offer, or stop). Every query is scoped by
// shop; the statistics are app/domain/experiments'.
import { randomBytes } from "node:crypto";
import db from "../../db.server";
import {
  planFor,
  readExperiment,
  type ArmSummary,
  type MetricBaseline,
  type OfferBaseline,
  type Guardrail,
  type PrimaryMetric,
  type Readout,
  type VariantData,
} from "../../domain/experiments";
import { ACCEPTANCE_TYPES } from "../../domain/metrics/index";
import {
  EXPERIMENT_PLACEMENTS,
  overridesOf,
  parseOverrides,
  parsePlacementSettings,
  type ExperimentInput,
  type VariantOverrides,
} from "../../lib/forms/experiment";
import type { Placement } from "../../domain/types";
import type { DiscountSetting, VariantChange } from "../../i18n/server-text";
import { parseList } from "../store-mapping.server";
import { invalidateShop } from "../storefront/shop-snapshot.server";

const DAY_MS = 86_400_000;
/** how far back the baseline of a new experiment is read */
export const BASELINE_DAYS = 28;
const CHUNK = 500;

// ---------------------------------------------------------------------------------------------
// Baseline and plan

function moments(values: readonly number[], n = values.length): MetricBaseline {
  if (n === 0) return { units: 0, mean: 0, sd: 0 };
  const sum = values.reduce((s, x) => s + x, 0);
  const sumSq = values.reduce((s, x) => s + x * x, 0);
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0;
  return { units: n, mean, sd: Math.sqrt(variance) };
}

async function inChunks<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await read(ids.slice(i, i + CHUNK))));
  return out;
}

/**
 * What each metric of this offer (or of everything a placement shows, `placement:<name>`) was over
 * the last BASELINE_DAYS days of its traffic.
 */
export async function offerBaseline(shop: string, offerId: string, now = Date.now()): Promise<OfferBaseline> {
  const placement = offerId.startsWith("placement:") ? offerId.slice("placement:".length) : null;
  const scope = placement ? { placement } : { offerId };
  const latest = await db.event.findFirst({
    where: { shop, ...scope, type: "impression" },
    orderBy: { occurredAt: "desc" },
    select: { occurredAt: true },
  });
  const to = Math.min(now, latest?.occurredAt.getTime() ?? now);
  const from = to - BASELINE_DAYS * DAY_MS;
  const events = await db.event.findMany({
    where: {
      shop,
      ...scope,
      occurredAt: { gte: new Date(from), lte: new Date(to) },
      type: { in: ["impression", ...ACCEPTANCE_TYPES] },
    },
    select: { visitorId: true, type: true },
  });
  const seen = new Set<string>();
  const accepted = new Set<string>();
  for (const e of events) (e.type === "impression" ? seen : accepted).add(e.visitorId);
  const visitors = [...seen];
  const conversions = visitors.filter((v) => accepted.has(v)).length;
  const [lines, orders] = await Promise.all([
    db.attribution.findMany({
      // a placement's revenue: its visitors' offer lines (an order line does not say where it was added)
      where: {
        shop,
        ...(placement ? {} : { offerId }),
        attributedAt: { gte: new Date(from), lte: new Date(to + DAY_MS) },
      },
      select: { revenue: true, refundedRevenue: true, order: { select: { visitorId: true } } },
    }),
    inChunks(visitors, (chunk) =>
      db.order.findMany({
        where: {
          shop,
          visitorId: { in: chunk },
          cancelledAt: null,
          createdAt: { gte: new Date(from), lte: new Date(to + DAY_MS) },
        },
        select: { totalPrice: true },
      }),
    ),
  ]);
  const revenueOf = new Map<string, number>();
  for (const l of lines) {
    const v = l.order.visitorId;
    if (v && seen.has(v)) revenueOf.set(v, (revenueOf.get(v) ?? 0) + l.revenue - l.refundedRevenue);
  }
  const rate = visitors.length ? conversions / visitors.length : 0;
  return {
    offerId,
    days: BASELINE_DAYS,
    dailyVisitors: visitors.length / BASELINE_DAYS,
    acceptance_rate: { units: visitors.length, mean: rate, sd: Math.sqrt(rate * (1 - rate)) },
    revenue_per_visitor: moments([...revenueOf.values()], visitors.length),
    aov: moments(orders.map((o) => o.totalPrice)),
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Create, list, read

export const VARIANT_KEYS = ["control", "b", "c", "d"] as const;

/** How a placement experiment is named in the list. */
/** Offers an experiment can run on: live or paused, with no experiment running on them. */
export async function experimentableOffers(shop: string) {
  const [offers, running] = await Promise.all([
    db.offer.findMany({
      where: { shop, status: { in: ["active", "paused"] } },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        status: true,
        headline: true,
        body: true,
        offerSource: true,
        offeredProductIds: true,
        maxSuggestions: true,
        placements: true,
      },
    }),
    db.experiment.findMany({ where: { shop, status: "running" }, select: { offerId: true } }),
  ]);
  const busy = new Set(running.map((r) => r.offerId));
  return offers
    .filter((o) => !busy.has(o.id))
    .map((o) => ({ ...o, offeredProductIds: parseList(o.offeredProductIds), placements: parseList(o.placements) }));
}

/**
 * The placements a placement experiment can run on, each with what it shows today (the control):
 * how many items at most (the placement's own setting, else the shop's "Suggestions" setting),
 * whether it is turned off, and the experiment already running on it, if any.
 */
export async function experimentablePlacements(shop: string) {
  const [shopRow, running] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop }, select: { placementSettings: true, maxSuggestions: true } }),
    db.experiment.findMany({
      where: { shop, offerId: null, status: "running" },
      select: { placement: true, name: true },
    }),
  ]);
  const settings = parsePlacementSettings(shopRow?.placementSettings);
  return EXPERIMENT_PLACEMENTS.map((placement) => ({
    placement,
    maxSuggestions: settings[placement]?.maxSuggestions ?? shopRow?.maxSuggestions ?? 3,
    /** the placement's own layout setting; null: each theme block's setting */
    layout: settings[placement]?.layout ?? null,
    hidden: settings[placement]?.hide ?? false,
    runningExperiment: running.find((r) => r.placement === placement)?.name ?? null,
  }));
}

export type CreateResult = { ok: true; id: string } | { ok: false; errors: Record<string, string> };

/** Starts an experiment now: the plan is fixed from the offer's baseline at this moment. */
export async function startExperiment(shop: string, input: ExperimentInput, now = Date.now()): Promise<CreateResult> {
  let offer: { id: string } | null = null;
  if (input.target === "offer") {
    offer = input.offerId
      ? await db.offer.findFirst({
          where: { shop, id: input.offerId, status: { in: ["active", "paused"] } },
          select: { id: true },
        })
      : null;
    if (!offer) return { ok: false, errors: { offerId: "Choose one of your live or paused offers" } };
    const running = await db.experiment.findFirst({
      where: { shop, offerId: offer.id, status: "running" },
      select: { name: true },
    });
    if (running)
      return { ok: false, errors: { offerId: `"${running.name}" is already running on this offer; end it first` } };
  } else {
    const place = (await experimentablePlacements(shop)).find((p) => p.placement === input.placement);
    if (!place) return { ok: false, errors: { placement: "Choose the placement to test" } };
    if (place.runningExperiment)
      return {
        ok: false,
        errors: { placement: `"${place.runningExperiment}" is already running on this placement; end it first` },
      };
    if (place.hidden)
      return { ok: false, errors: { placement: "This placement is turned off: it shows nothing to test" } };
    const same = input.variants.slice(1).find((v) => v.maxSuggestions === place.maxSuggestions);
    if (same)
      return {
        ok: false,
        errors: {
          variants: `${same.name} shows as many items as the placement does now (${place.maxSuggestions}): choose another number`,
        },
      };
    const sameLayout = input.variants.slice(1).find((v) => v.layout !== "same" && v.layout === place.layout);
    if (sameLayout)
      return {
        ok: false,
        errors: {
          variants: `${sameLayout.name} has the layout the placement has now (${sameLayout.layout}): choose the other one`,
        },
      };
  }
  const weights = input.variants.map((v) => v.weight);
  const baseline = await offerBaseline(shop, offer ? offer.id : `placement:${input.placement}`, now);
  const plan = planFor(baseline, input.metric, input.minimumDetectableEffect, weights);
  const created = await db.experiment.create({
    data: {
      shop,
      name: input.name,
      offerId: offer?.id ?? null,
      placement: offer ? null : input.placement!,
      status: "running",
      metric: input.metric,
      guardrails: JSON.stringify(input.guardrails),
      minimumDetectableEffect: input.minimumDetectableEffect / 100,
      baselineMean: plan?.baselineMean ?? null,
      baselineSd: plan?.baselineSd ?? null,
      plannedPerVariant: plan?.perVariant ?? null,
      dailyVisitors: baseline.dailyVisitors,
      plannedDays: plan?.duration?.days ?? null,
      // arms that differ in what a shopper pays get a secret hash (domain/experiments/bucketing.ts)
      salt: input.variants.some((v) => v.discount !== "same") ? randomBytes(18).toString("base64url") : null,
      startedAt: new Date(now),
      variants: {
        create: input.variants.map((v, i) => ({
          key: VARIANT_KEYS[i],
          name: v.name,
          weight: v.weight,
          config: JSON.stringify(i === 0 ? {} : overridesOf(v)),
        })),
      },
    },
  });
  invalidateShop(shop);
  return { ok: true, id: created.id };
}

export async function listExperiments(shop: string, now = Date.now()) {
  const rows = await db.experiment.findMany({
    where: { shop },
    orderBy: [{ status: "desc" }, { createdAt: "desc" }],
    include: { offer: { select: { name: true } }, variants: { select: { key: true } } },
    take: 200,
  });
  return Promise.all(
    rows.map(async (r) => {
      const readout = r.status === "running" ? await readoutOf(shop, r.id, now) : null;
      const final = r.finalReadout ? (JSON.parse(r.finalReadout) as Readout) : null;
      return {
        id: r.id,
        name: r.name,
        // what it runs on: the offer's name, else its placement (the page names it in the admin's language)
        offerName: r.offer?.name ?? null,
        placement: r.offerId ? null : ((r.placement ?? null) as Placement | null),
        status: r.status,
        outcome: r.outcome,
        metric: r.metric as PrimaryMetric,
        variants: r.variants.length,
        startedAt: r.startedAt?.toISOString() ?? null,
        endedAt: r.endedAt?.toISOString() ?? null,
        verdict: (readout ?? final)?.verdict ?? null,
        srm: (readout ?? final)?.srm.mismatch ?? false,
      };
    }),
  );
}

async function experimentRow(shop: string, id: string) {
  return db.experiment.findFirst({
    where: { shop, id },
    include: {
      offer: {
        select: {
          id: true,
          name: true,
          headline: true,
          body: true,
          offerSource: true,
          offeredProductIds: true,
          maxSuggestions: true,
          discountType: true,
          discountValue: true,
        },
      },
      variants: true,
    },
  });
}

const byKey = (a: { key: string }, b: { key: string }) =>
  VARIANT_KEYS.indexOf(a.key as never) - VARIANT_KEYS.indexOf(b.key as never);

/** The readout computed now from the stored events and attributions (null when not found). */
export async function readoutOf(shop: string, id: string, now = Date.now()): Promise<Readout | null> {
  const row = await experimentRow(shop, id);
  if (!row || !row.startedAt) return null;
  const variants = [...row.variants].sort(byKey);
  const start = row.startedAt.getTime();
  const end = Math.min(now, row.endedAt?.getTime() ?? now);
  const metric = row.metric as PrimaryMetric;

  const events = await db.event.findMany({
    where: { shop, experimentId: row.id, type: { in: ["impression", ...ACCEPTANCE_TYPES] } },
    select: { visitorId: true, variant: true, type: true, occurredAt: true },
  });
  const visitors = new Map<string, { variant: string; seen: number; converted: number | null }>();
  for (const e of events) {
    if (!e.variant) continue;
    const t = e.occurredAt.getTime();
    const v = visitors.get(e.visitorId) ?? { variant: e.variant, seen: Infinity, converted: null };
    if (e.type === "impression") v.seen = Math.min(v.seen, t);
    else v.converted = Math.min(v.converted ?? Infinity, t);
    visitors.set(e.visitorId, v);
  }
  for (const [id, v] of visitors) if (v.seen === Infinity) visitors.delete(id); // an acceptance with no impression is no unit
  const ids = [...visitors.keys()];
  const [lines, orders] = await Promise.all([
    db.attribution.findMany({
      where: { shop, experimentId: row.id },
      select: {
        variant: true,
        revenue: true,
        refundedRevenue: true,
        order: { select: { visitorId: true, createdAt: true } },
      },
    }),
    inChunks(ids, (chunk) =>
      db.order.findMany({
        where: { shop, visitorId: { in: chunk }, cancelledAt: null, createdAt: { gte: row.startedAt! } },
        select: { visitorId: true, totalPrice: true, createdAt: true },
      }),
    ),
  ]);

  let lastData = start;
  for (const e of events) lastData = Math.max(lastData, e.occurredAt.getTime());
  for (const o of orders) lastData = Math.max(lastData, o.createdAt.getTime());
  const days = Math.max(1, Math.min(400, Math.floor((Math.min(end, lastData) - start) / DAY_MS) + 1));
  const dayOf = (t: number) => Math.max(0, Math.min(days - 1, Math.floor((t - start) / DAY_MS)));
  const index = new Map(variants.map((v, i) => [v.key, i]));
  const zero = (): ArmSummary => ({ n: 0, sum: 0, sumSq: 0 });
  const daily = variants.map(() => Array.from({ length: days }, zero));
  const counts = variants.map(() => ({ visitors: 0, lines: 0, refundedLines: 0, orders: zero() }));

  for (const v of visitors.values()) {
    const i = index.get(v.variant);
    if (i === undefined) continue;
    counts[i].visitors++;
    if (metric !== "aov") daily[i][dayOf(v.seen)].n++;
    if (metric === "acceptance_rate" && v.converted !== null) {
      const d = dayOf(Math.max(v.seen, v.converted));
      daily[i][d].sum++;
      daily[i][d].sumSq++;
    }
  }
  const revenueSoFar = new Map<string, number>();
  for (const l of [...lines].sort((a, b) => a.order.createdAt.getTime() - b.order.createdAt.getTime())) {
    const i = l.variant ? index.get(l.variant) : undefined;
    if (i === undefined) continue;
    counts[i].lines++;
    if (l.refundedRevenue > 0) counts[i].refundedLines++;
    const who = l.order.visitorId;
    if (metric === "revenue_per_visitor" && who && visitors.get(who)?.variant === l.variant) {
      const before = revenueSoFar.get(who) ?? 0;
      const after = before + l.revenue - l.refundedRevenue;
      revenueSoFar.set(who, after);
      const d = daily[i][dayOf(l.order.createdAt.getTime())];
      d.sum += after - before;
      d.sumSq += after * after - before * before;
    }
  }
  for (const o of orders) {
    const v = o.visitorId ? visitors.get(o.visitorId) : undefined;
    const i = v ? index.get(v.variant) : undefined;
    if (i === undefined || o.createdAt.getTime() < v!.seen) continue;
    const c = counts[i].orders;
    c.n++;
    c.sum += o.totalPrice;
    c.sumSq += o.totalPrice * o.totalPrice;
    if (metric === "aov") {
      const d = daily[i][dayOf(o.createdAt.getTime())];
      d.n++;
      d.sum += o.totalPrice;
      d.sumSq += o.totalPrice * o.totalPrice;
    }
  }
  const data: VariantData[] = variants.map((v, i) => {
    let acc = zero();
    const looks = daily[i].map((d) => (acc = { n: acc.n + d.n, sum: acc.sum + d.sum, sumSq: acc.sumSq + d.sumSq }));
    return {
      key: v.key,
      name: v.name || v.key,
      weight: v.weight,
      visitors: counts[i].visitors,
      looks,
      lines: counts[i].lines,
      refundedLines: counts[i].refundedLines,
      orders: counts[i].orders,
    };
  });
  return readExperiment({
    metric,
    variants: data,
    minimumDetectableEffect: row.minimumDetectableEffect,
    plannedPerVariant: row.plannedPerVariant ?? 0,
    guardrails: parseList(row.guardrails) as Guardrail[],
    alpha: row.alpha,
  });
}

/** Everything the experiment's page shows. */
export async function getExperiment(shop: string, id: string, now = Date.now()) {
  const row = await experimentRow(shop, id);
  if (!row) return null;
  const readout =
    row.status === "running"
      ? await readoutOf(shop, id, now)
      : row.finalReadout
        ? (JSON.parse(row.finalReadout) as Readout)
        : null;
  const productIds = [...new Set(row.variants.flatMap((v) => parseOverrides(v.config).offeredProductIds ?? []))];
  const products = productIds.length
    ? await db.product.findMany({
        where: { shop, shopifyId: { in: productIds } },
        select: { shopifyId: true, title: true },
      })
    : [];
  const titleOf = new Map(products.map((p) => [p.shopifyId, p.title]));
  const running = row.status === "running";
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    outcome: row.outcome,
    winnerKey: row.winnerKey,
    metric: row.metric as PrimaryMetric,
    guardrails: parseList(row.guardrails) as Guardrail[],
    minimumDetectableEffect: row.minimumDetectableEffect,
    alpha: row.alpha,
    power: row.power,
    baselineMean: row.baselineMean,
    plannedPerVariant: row.plannedPerVariant,
    plannedDays: row.plannedDays,
    dailyVisitors: row.dailyVisitors,
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    offer: row.offer ? { id: row.offer.id, name: row.offer.name } : null,
    placement: row.offerId ? null : ((row.placement ?? null) as Placement | null),
    // a running experiment's discount change is shown against the offer's own discount (once
    // ended, a promoted variant's discount is the offer's)
    variants: [...row.variants].sort(byKey).map((v) => {
      const o = parseOverrides(v.config);
      return {
        key: v.key,
        name: v.name || v.key,
        weight: v.weight,
        changes: describeChanges(o, titleOf, running ? row.offer : null),
      };
    }),
    readout,
  };
}

const discountSetting = (type: string, value: number): DiscountSetting =>
  type === "percent" || type === "fixed" ? { type, value } : { type: "none", value: 0 };

/** What a variant changes, as data the page words in the admin's language (app/i18n/server-text.ts). */
function describeChanges(
  o: VariantOverrides,
  titleOf: Map<string, string>,
  offer: { discountType: string; discountValue: number } | null,
): VariantChange[] {
  const out: VariantChange[] = [];
  if (o.headline) out.push({ kind: "headline", text: o.headline });
  if (o.body) out.push({ kind: "body", text: o.body });
  if (o.offerSource === "recommended") out.push({ kind: "itemsMined" });
  if (o.offerSource === "manual")
    out.push({ kind: "items", titles: (o.offeredProductIds ?? []).map((id) => titleOf.get(id) ?? id) });
  if (o.maxSuggestions !== undefined) out.push({ kind: "shows", count: o.maxSuggestions });
  if (o.discountType !== undefined)
    out.push({
      kind: "discount",
      from: offer ? discountSetting(offer.discountType, offer.discountValue) : null,
      to: discountSetting(o.discountType, o.discountValue ?? 0),
    });
  if (o.layout) out.push({ kind: "layout", layout: o.layout });
  if (o.hide) out.push({ kind: "hide" });
  return out;
}

// ---------------------------------------------------------------------------------------------
// End

export type EndResult =
  { ok: true; promoted: boolean; discountsChanged: boolean } | { ok: false; status: number; error: string };

/** True when some variant of the experiment grants its own discount (the checkout's rules carry its arms). */
export const changesDiscount = (variants: readonly { config: string }[]) =>
  variants.some((v) => parseOverrides(v.config).discountType !== undefined);

/**
 * Ends a running experiment. "promote" writes the winning variant's changes into the offer — copy,
 * items, count, discount, layout — or, for a placement experiment, into the placement's setting
 * (the control changes nothing); "stop" ends it with no winner. The readout at this moment is kept
 * with the record.
 */
export async function endExperiment(
  shop: string,
  id: string,
  action: { intent: "promote"; winner: string } | { intent: "stop" },
  now = Date.now(),
): Promise<EndResult> {
  const row = await experimentRow(shop, id);
  if (!row) return { ok: false, status: 404, error: "No such experiment" };
  if (row.status !== "running") return { ok: false, status: 409, error: "This experiment has already ended" };
  const readout = await readoutOf(shop, id, now);
  const variant = action.intent === "promote" ? row.variants.find((v) => v.key === action.winner) : undefined;
  if (action.intent === "promote" && !variant)
    return { ok: false, status: 400, error: "No such variant in this experiment" };
  const o = variant ? parseOverrides(variant.config) : {};
  // One transaction, the end first: of two requests ending the experiment at once, one ends it and
  // writes its winner, the other changes nothing.
  const promoted = await db.$transaction(async (tx) => {
    const ended = await tx.experiment.updateMany({
      where: { id: row.id, shop, status: "running" },
      data: {
        status: "ended",
        endedAt: new Date(now),
        outcome: action.intent === "promote" ? "promoted" : "stopped",
        winnerKey: action.intent === "promote" ? action.winner : null,
        finalReadout: readout ? JSON.stringify(readout) : null,
      },
    });
    if (ended.count === 0) return null;
    if (Object.keys(o).length === 0) return false;
    if (row.offer) {
      await tx.offer.update({
        where: { id: row.offer.id },
        data: {
          ...(o.headline !== undefined ? { headline: o.headline } : {}),
          ...(o.body !== undefined ? { body: o.body } : {}),
          ...(o.offerSource !== undefined ? { offerSource: o.offerSource } : {}),
          ...(o.offeredProductIds !== undefined ? { offeredProductIds: JSON.stringify(o.offeredProductIds) } : {}),
          ...(o.maxSuggestions !== undefined ? { maxSuggestions: o.maxSuggestions } : {}),
          ...(o.discountType !== undefined
            ? { discountType: o.discountType, discountValue: o.discountType === "none" ? 0 : (o.discountValue ?? 0) }
            : {}),
          ...(o.layout !== undefined ? { layout: o.layout } : {}),
        },
      });
      return true;
    }
    if (!row.offerId && row.placement) {
      const shopRow = await tx.shop.findUniqueOrThrow({ where: { domain: shop }, select: { placementSettings: true } });
      const settings = parsePlacementSettings(shopRow.placementSettings);
      const place = row.placement as Placement;
      settings[place] = {
        ...settings[place],
        ...(o.maxSuggestions !== undefined ? { maxSuggestions: o.maxSuggestions } : {}),
        ...(o.layout !== undefined ? { layout: o.layout } : {}),
        ...(o.hide !== undefined ? { hide: o.hide } : {}),
      };
      await tx.shop.update({ where: { domain: shop }, data: { placementSettings: JSON.stringify(settings) } });
      return true;
    }
    return false;
  });
  if (promoted === null) return { ok: false, status: 409, error: "This experiment has already ended" };
  invalidateShop(shop);
  return { ok: true, promoted, discountsChanged: promoted || changesDiscount(row.variants) };
}
