// Every webhook topic Pairwise subscribes to (shopify.app.toml) arrives here.
// authenticate.webhook verifies the HMAC first: unsigned or forged → 401, nothing stored.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { receiveWebhook } from "../services/sync/webhook-deliveries.server";
import { topicRegistry } from "../services/sync/webhook-topics.server";
import { authenticate } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, eventId, webhookId } = await authenticate.webhook(request);
  await receiveWebhook(db, topicRegistry, {
    shop,
    topic,
    // Deduplicate on the event, not the delivery: retries and duplicates share X-Shopify-Event-Id.
    eventId: eventId ?? webhookId,
    rawPayload: JSON.stringify(payload),
  });
  return new Response(null, { status: 200 });
};
