// Every webhook topic Pairwise subscribes to (shopify.app.toml) arrives here.
//  1. The body is bounded before it is read (declared and streamed length): larger → 413.
//  2. authenticate.webhook verifies the HMAC: unsigned or forged → 401, nothing stored; a signed
//     delivery with an invalid shop domain or a body that is not JSON → 400.
//  3. A shop that never installed Pairwise, or that shop/redact erased, gets nothing stored: 200,
//     so that Shopify does not retry, and an erased shop stays erased.
//  4. The delivery is stored (deduplicated on X-Shopify-Event-Id), processed, and only then acknowledged.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { BodyTooLargeError, readBoundedText } from "../lib/bounded-body.server";
import { MAX_WEBHOOK_BODY_BYTES } from "../lib/limits";
import { receiveWebhook } from "../services/sync/webhook-deliveries.server";
import { topicRegistry } from "../services/sync/webhook-topics.server";
import { authenticate } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return new Response("use POST", { status: 405 });
  let rawBody: string;
  try {
    rawBody = await readBoundedText(request, MAX_WEBHOOK_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return new Response(error.message, { status: 413, headers: { Connection: "close" } });
    throw error;
  }
  const bounded = new Request(request.url, { method: "POST", headers: request.headers, body: rawBody });
  const { shop, topic, payload, eventId, webhookId } = await authenticate.webhook(bounded);
  if (!(await db.shop.findUnique({ where: { domain: shop }, select: { domain: true } }))) {
    return new Response(null, { status: 200 });
  }
  await receiveWebhook(topicRegistry, {
    shop,
    topic,
    // Deduplicate on the event, not the delivery: retries and duplicates share X-Shopify-Event-Id.
    eventId: eventId ?? webhookId,
    rawPayload: JSON.stringify(payload),
  });
  return new Response(null, { status: 200 });
};
