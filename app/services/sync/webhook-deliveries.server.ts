// Webhook deliveries: stored before they are acknowledged, processed once per Shopify event.
//
// Shopify retries a delivery up to 8 times over 4 hours and sometimes sends the same event twice
// at once; it gives up on an answer slower than 5 s. So: (1) the route authenticates the HMAC,
// (2) `receiveWebhook` inserts the delivery keyed by (shop, X-Shopify-Event-Id) — a duplicate
// hits the unique index and changes nothing, (3) light topics are processed at once, heavy ones
// (bulk operation results) after the answer, (4) anything not processed (a crash, a restart, a
// handler error) stays `received`/`failed` in the table and `processPendingDeliveries` takes it up
// again. What was acknowledged is in the database, so nothing acknowledged is lost.
// On PostgreSQL, step (3)'s "after the answer" is a job in the queue (app/services/queue.server.ts)
// that a worker process runs; the periodic sweep still takes up whatever no job finished.
import db from "../../db.server";
import { isUniqueViolation } from "../../lib/db-errors.server";
import { enqueueJob } from "../queue.server";

export interface WebhookContext {
  shop: string;
  topic: string;
  payload: unknown;
}

export type TopicHandler = (ctx: WebhookContext) => Promise<void>;

export interface TopicRegistry {
  /** topic in the library's form, e.g. "ORDERS_CREATE" */
  handlers: Record<string, TopicHandler>;
  /** topics whose processing may exceed Shopify's 5 s: run after the answer */
  deferred: ReadonlySet<string>;
}

export interface IncomingWebhook {
  shop: string;
  topic: string;
  eventId: string;
  rawPayload: string;
}

const MAX_ATTEMPTS = 8;

/**
 * Deliveries larger than this are processed after the answer, like the deferred topics: writing an
 * order of hundreds of lines takes about a second on a busy machine, and Shopify waits 5 s.
 * (Stored first, so the acknowledgement still means durable.)
 */
export const PROCESS_AFTER_ANSWER_BYTES = 64 * 1024;

/** Stores the delivery; returns its id, or null when this event was already received. */
export async function storeDelivery(hook: IncomingWebhook): Promise<string | null> {
  try {
    const row = await db.webhookDelivery.create({
      data: { shop: hook.shop, eventId: hook.eventId, topic: hook.topic, payload: hook.rawPayload },
      select: { id: true },
    });
    return row.id;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/**
 * Runs the topic's handler for one stored delivery and records the outcome. Never throws.
 * `takeOver`: also claim a delivery left `processing` (the queue's retry of an attempt whose worker died).
 */
export async function processDelivery(
  registry: TopicRegistry,
  id: string,
  { takeOver = false }: { takeOver?: boolean } = {},
): Promise<"processed" | "failed" | "skipped"> {
  const claimed = await db.webhookDelivery.updateMany({
    where: {
      id,
      status: { in: takeOver ? ["received", "failed", "processing"] : ["received", "failed"] },
      attempts: { lt: MAX_ATTEMPTS },
    },
    data: { status: "processing", attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return "skipped";
  const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
  const handler = registry.handlers[delivery.topic];
  try {
    if (!handler) throw new Error(`No handler for topic ${delivery.topic}`);
    await handler({ shop: delivery.shop, topic: delivery.topic, payload: JSON.parse(delivery.payload) });
    // shop/redact deletes the shop's deliveries, this one included: nothing left to mark.
    await db.webhookDelivery.updateMany({
      where: { id },
      data: { status: "processed", processedAt: new Date(), error: null, payload: "{}" },
    });
    return "processed";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[webhooks] ${delivery.topic} for ${delivery.shop} failed: ${message}`);
    await db.webhookDelivery.updateMany({ where: { id }, data: { status: "failed", error: message.slice(0, 2000) } });
    return "failed";
  }
}

/** Accepts one authenticated delivery. Resolves once it is durable (and, for light topics, processed). */
export async function receiveWebhook(
  registry: TopicRegistry,
  hook: IncomingWebhook,
): Promise<{ duplicate: boolean; status?: "processed" | "failed" | "skipped" | "deferred" }> {
  const id = await storeDelivery(hook);
  if (!id) return { duplicate: true };
  if (registry.deferred.has(hook.topic) || hook.rawPayload.length > PROCESS_AFTER_ANSWER_BYTES) {
    // A job, when this process runs a queue (a worker runs it on PostgreSQL, this process on SQLite).
    // Should sending fail, the delivery is stored all the same and the sweep takes it up.
    const sent = await enqueueJob("webhook-delivery", { shop: hook.shop, deliveryId: id }).catch((error: unknown) => {
      console.error(`[webhooks] queueing ${hook.topic} for ${hook.shop} failed:`, error);
      return { id: null };
    });
    if (sent) return { duplicate: false, status: "deferred" };
    // No queue here (a test calling the route): on the next turn of the event loop: the database driver works synchronously, and the
    // answer must be on its way to Shopify before a long write holds the thread.
    setImmediate(() => void processDelivery(registry, id));
    return { duplicate: false, status: "deferred" };
  }
  return { duplicate: false, status: await processDelivery(registry, id) };
}

/**
 * Takes up deliveries that were stored but not processed (crash, restart, handler error), oldest
 * first. Deliveries stuck in `processing` for longer than `staleAfterMs` are retried too.
 */
export async function processPendingDeliveries(
  registry: TopicRegistry,
  {
    limit = 100,
    staleAfterMs = 10 * 60_000,
    now = new Date(),
  }: { limit?: number; staleAfterMs?: number; now?: Date } = {},
): Promise<number> {
  await db.webhookDelivery.updateMany({
    where: { status: "processing", receivedAt: { lt: new Date(now.getTime() - staleAfterMs) } },
    data: { status: "failed", error: "interrupted" },
  });
  const pending = await db.webhookDelivery.findMany({
    where: { status: { in: ["received", "failed"] }, attempts: { lt: MAX_ATTEMPTS } },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { id: true },
  });
  let processed = 0;
  for (const { id } of pending) {
    if ((await processDelivery(registry, id)) === "processed") processed++;
  }
  return processed;
}
