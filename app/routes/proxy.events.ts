// POST /apps/pairwise/events (storefront, sendBeacon) → /proxy/events: impressions, clicks, adds
// and declines, batched. Bounded in size; limited per visitor and per shop and network address
// (Shopify's X-Forwarded-For; see event-limits.server.ts); each event counts once per served item
// and type, only with a token served to that visitor.
import type { ActionFunctionArgs } from "@remix-run/node";
import { BodyTooLargeError, readBoundedText } from "../lib/bounded-body.server";
import { clientAddress } from "../lib/client-address.server";
import { describeIssues, eventsBatchSchema, MAX_EVENTS_BODY_BYTES } from "../lib/storefront-schemas";
import { takeEventBudget } from "../services/storefront/event-limits.server";
import { ingestEvents } from "../services/storefront/events.server";
import { authenticateProxy, jsonError } from "../services/storefront/proxy-auth.server";
import { trackingSecret } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return jsonError(405, "use POST");
  const { shop, customerId } = await authenticateProxy(request);
  let text: string;
  try {
    text = await readBoundedText(request, MAX_EVENTS_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return jsonError(413, error.message);
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return jsonError(400, "body is not JSON");
  }
  const parsed = eventsBatchSchema.safeParse(body);
  if (!parsed.success) return jsonError(400, describeIssues(parsed.error));
  const budget = await takeEventBudget(shop, parsed.data.visitorId, clientAddress(request), parsed.data.events.length);
  if (!budget.admitted) return jsonError(429, "too many events from this visitor or address", { "Retry-After": "30" });
  const result = await ingestEvents(shop, parsed.data, {
    secret: trackingSecret,
    customerId,
    admitAcceptances: budget.admitAcceptances,
  });
  return Response.json(result, { status: 200, headers: { "Cache-Control": "no-store" } });
};

export const loader = () => jsonError(405, "use POST");
