// Widget events (impression, click, add, decline), batched by the widget through sendBeacon.
// An event counts only when its tracking token was served to the batch's own visitor, for that
// offer, product and placement, within TOKEN_TTL_MS (tracking-token.server.ts); and only once per
// token and type (one impression, one click, one add, one decline per served item: the unique
// index (shop, tokenKey, type)). A resent batch changes nothing (the unique index (shop,
// clientEventId) as well); a concurrent duplicate falls back to row-by-row inserts. Acknowledged
// only once committed, so nothing acknowledged is lost.
import db from "../../db.server";
import type { CheckoutEventsBatch } from "../../lib/checkout-schemas";
import { ACCEPTANCE_TYPES } from "../../domain/metrics";
import type { EventType } from "../../domain/types";
import type { EventsBatch } from "../../lib/storefront-schemas";
import { armOf } from "../../domain/experiments";
import { getShopSnapshot } from "./shop-snapshot.server";
import { verifyTrackingToken } from "./tracking-token.server";
import { recordVisitorEvents } from "./visitor-cache.server";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { id: string; reason: string }[];
}

export interface IngestOptions {
  secret: string;
  customerId?: string | null;
  now?: number;
  /**
   * Asked once per batch with the number of new acceptances (adds) it carries; false refuses them
   * (the route's per-address limit, which a client cannot reset by choosing another visitor id).
   */
  admitAcceptances?: (count: number) => boolean | Promise<boolean>;
}

/** How far an event may claim to precede the serving of its item, or lie in the future (clock skew). */
const SKEW_MS = 5 * 60_000;

export async function ingestEvents(
  shop: string,
  batch: { visitorId: string; events: (EventsBatch["events"][number] | CheckoutEventsBatch["events"][number])[] },
  { secret, customerId, now = Date.now(), admitAcceptances }: IngestOptions,
): Promise<IngestResult> {
  const rejected: IngestResult["rejected"] = [];
  const offerIds = [...new Set(batch.events.flatMap((e) => (e.offerId && e.offerId !== "auto" ? [e.offerId] : [])))];
  const known = new Set(
    offerIds.length
      ? (await db.offer.findMany({ where: { shop, id: { in: offerIds } }, select: { id: true } })).map((o) => o.id)
      : [],
  );
  // The experiment arm an event belongs to is computed from the token's visitor, as when it was
  // served: a client cannot choose its arm other than by being another visitor.
  const experiments = offerIds.length ? ((await getShopSnapshot(shop, now))?.experiments ?? []) : [];
  const rows: {
    shop: string;
    clientEventId: string;
    tokenKey: string;
    offerId: string | null;
    placement: string;
    type: string;
    productId: string;
    visitorId: string;
    customerId: string | null;
    experimentId: string | null;
    variant: string | null;
    occurredAt: Date;
    receivedAt: Date;
  }[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const e of batch.events) {
    const offerId = e.offerId && e.offerId !== "auto" ? e.offerId : null;
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    if (offerId && !known.has(offerId)) {
      rejected.push({ id: e.id, reason: "unknown offer" });
      continue;
    }
    const check = verifyTrackingToken(
      e.token,
      { shop, visitorId: batch.visitorId, offerId, productId: e.productId, placement: e.placement },
      secret,
      now,
    );
    if (!check.ok) {
      rejected.push({ id: e.id, reason: check.reason });
      continue;
    }
    if (e.at < check.servedAt - SKEW_MS || e.at > now + SKEW_MS) {
      rejected.push({ id: e.id, reason: "time out of range" });
      continue;
    }
    const once = `${check.key}|${e.type}`;
    if (seen.has(once)) {
      duplicates++;
      continue;
    }
    seen.add(once);
    rows.push({
      shop,
      clientEventId: e.id,
      tokenKey: check.key,
      offerId,
      placement: e.placement,
      type: e.type,
      productId: e.productId,
      visitorId: batch.visitorId,
      customerId: customerId || null,
      // (the token keeps whole seconds: the item was served within the second after check.servedAt)
      ...(armOf(experiments, offerId, batch.visitorId, check.servedAt + 999, e.placement) ?? {
        experimentId: null,
        variant: null,
      }),
      occurredAt: new Date(e.at),
      receivedAt: new Date(now),
    });
  }
  if (rows.length === 0) return { accepted: 0, duplicates, rejected };
  const stored = await db.event.findMany({
    where: {
      shop,
      OR: [
        { clientEventId: { in: rows.map((r) => r.clientEventId) } },
        { tokenKey: { in: [...new Set(rows.map((r) => r.tokenKey))] } },
      ],
    },
    select: { clientEventId: true, tokenKey: true, type: true },
  });
  const storedIds = new Set(stored.map((r) => r.clientEventId));
  const storedOnce = new Set(stored.map((r) => `${r.tokenKey}|${r.type}`));
  let fresh = rows.filter((r) => !storedIds.has(r.clientEventId) && !storedOnce.has(`${r.tokenKey}|${r.type}`));
  duplicates += rows.length - fresh.length;
  const acceptances = fresh.filter((r) => ACCEPTANCE_TYPES.includes(r.type as EventType));
  if (acceptances.length && admitAcceptances && !(await admitAcceptances(acceptances.length))) {
    for (const r of acceptances)
      rejected.push({ id: r.clientEventId, reason: "too many acceptances from this address" });
    fresh = fresh.filter((r) => !acceptances.includes(r));
  }
  if (fresh.length === 0) return { accepted: 0, duplicates, rejected };
  let accepted = 0;
  try {
    accepted = (await db.event.createMany({ data: fresh })).count;
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    // The same events arrived twice at once: insert one by one, skipping the ones already there.
    for (const row of fresh) {
      try {
        await db.event.create({ data: row });
        accepted++;
      } catch (rowError) {
        if ((rowError as { code?: string }).code !== "P2002") throw rowError;
      }
    }
  }
  recordVisitorEvents(
    shop,
    batch.visitorId,
    fresh.map((r) => ({ type: r.type, offerId: r.offerId, productId: r.productId, at: r.occurredAt.getTime() })),
  );
  return { accepted, duplicates: duplicates + fresh.length - accepted, rejected };
}
