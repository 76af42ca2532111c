// Widget events (impression, click, add, decline), batched by the widget through sendBeacon.
// Idempotent by client event id (the unique index (shop, clientEventId): ids already stored are
// skipped, and a concurrent duplicate falls back to row-by-row inserts); an event counts only with a valid tracking token for an item Pairwise served;
// acknowledged only once committed, so nothing acknowledged is lost.
import db from "../../db.server";
import type { CheckoutEventsBatch } from "../../lib/checkout-schemas";
import type { EventsBatch } from "../../lib/storefront-schemas";
import { verifyTrackingToken } from "./tracking-token.server";
import { recordVisitorEvents } from "./visitor-cache.server";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { id: string; reason: string }[];
}

/** Events older than this (clock skew, replays) or in the future are refused. */
const MAX_AGE_MS = 7 * 86_400_000;
const MAX_FUTURE_MS = 5 * 60_000;

export async function ingestEvents(
  shop: string,
  batch: { visitorId: string; events: (EventsBatch["events"][number] | CheckoutEventsBatch["events"][number])[] },
  { secret, customerId, now = Date.now() }: { secret: string; customerId?: string | null; now?: number },
): Promise<IngestResult> {
  const rejected: IngestResult["rejected"] = [];
  const offerIds = [...new Set(batch.events.flatMap((e) => (e.offerId && e.offerId !== "auto" ? [e.offerId] : [])))];
  const known = new Set(
    offerIds.length ? (await db.offer.findMany({ where: { shop, id: { in: offerIds } }, select: { id: true } })).map((o) => o.id) : [],
  );
  const rows: { shop: string; clientEventId: string; offerId: string | null; placement: string; type: string; productId: string; visitorId: string; customerId: string | null; occurredAt: Date; receivedAt: Date }[] = [];
  const seen = new Set<string>();
  for (const e of batch.events) {
    const offerId = e.offerId && e.offerId !== "auto" ? e.offerId : null;
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    if (offerId && !known.has(offerId)) {
      rejected.push({ id: e.id, reason: "unknown offer" });
      continue;
    }
    if (!verifyTrackingToken(e.token, { shop, offerId, productId: e.productId, placement: e.placement }, secret)) {
      rejected.push({ id: e.id, reason: "invalid token" });
      continue;
    }
    if (e.at < now - MAX_AGE_MS || e.at > now + MAX_FUTURE_MS) {
      rejected.push({ id: e.id, reason: "time out of range" });
      continue;
    }
    rows.push({
      shop,
      clientEventId: e.id,
      offerId,
      placement: e.placement,
      type: e.type,
      productId: e.productId,
      visitorId: batch.visitorId,
      customerId: customerId || null,
      occurredAt: new Date(e.at),
      receivedAt: new Date(now),
    });
  }
  if (rows.length === 0) return { accepted: 0, duplicates: 0, rejected };
  const stored = new Set(
    (await db.event.findMany({ where: { shop, clientEventId: { in: rows.map((r) => r.clientEventId) } }, select: { clientEventId: true } })).map(
      (r) => r.clientEventId,
    ),
  );
  const fresh = rows.filter((r) => !stored.has(r.clientEventId));
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
  recordVisitorEvents(shop, batch.visitorId, fresh.map((r) => ({ type: r.type, offerId: r.offerId, productId: r.productId, at: r.occurredAt.getTime() })));
  return { accepted, duplicates: rows.length - accepted, rejected };
}
