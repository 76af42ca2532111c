// POST /apps/pairwise/events (storefront, sendBeacon) → /proxy/events: impressions, clicks, adds
// and declines, batched. Bounded in size, rate-limited per visitor, idempotent per event id.
import type { ActionFunctionArgs } from "@remix-run/node";
import { RateLimiter } from "../lib/rate-limit.server";
import { readBounded } from "../lib/read-body.server";
import { describeIssues, eventsBatchSchema, MAX_EVENTS_BODY_BYTES } from "../lib/storefront-schemas";
import { ingestEvents } from "../services/storefront/events.server";
import { authenticateProxy, jsonError } from "../services/storefront/proxy-auth.server";
import { trackingSecret } from "../shopify.server";

// 120 events at once, then 2 a second, per shop and visitor.
const limiter = new RateLimiter(120, 2);

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return jsonError(405, "use POST");
  const { shop, customerId } = await authenticateProxy(request);
  const text = await readBounded(request, MAX_EVENTS_BODY_BYTES);
  if (text === null) return jsonError(413, `body larger than ${MAX_EVENTS_BODY_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return jsonError(400, "body is not JSON");
  }
  const parsed = eventsBatchSchema.safeParse(body);
  if (!parsed.success) return jsonError(400, describeIssues(parsed.error));
  if (!limiter.take(`${shop}|${parsed.data.visitorId}`, parsed.data.events.length)) {
    return jsonError(429, "too many events from this visitor", { "Retry-After": "30" });
  }
  const result = await ingestEvents(shop, parsed.data, { secret: trackingSecret, customerId });
  return Response.json(result, { status: 200, headers: { "Cache-Control": "no-store" } });
};

export const loader = () => jsonError(405, "use POST");
