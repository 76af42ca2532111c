// POST /apps/pairwise/events (storefront, sendBeacon) → /proxy/events: impressions, clicks, adds
// and declines, batched. Bounded in size; limited per visitor and — what a client cannot reset by
// choosing another visitor id — per shop and network address (Shopify's X-Forwarded-For); each
// event counts once per served item and type, only with a token served to that visitor.
import type { ActionFunctionArgs } from "@remix-run/node";
import { BodyTooLargeError, readBoundedText } from "../lib/bounded-body.server";
import { clientAddress } from "../lib/client-address.server";
import { RateLimiter } from "../lib/rate-limit.server";
import { describeIssues, eventsBatchSchema, MAX_EVENTS_BODY_BYTES } from "../lib/storefront-schemas";
import { ingestEvents } from "../services/storefront/events.server";
import { authenticateProxy, jsonError } from "../services/storefront/proxy-auth.server";
import { trackingSecret } from "../shopify.server";

// 120 events at once, then 2 a second, per shop and visitor.
const perVisitor = new RateLimiter(120, 2);
// Per shop and address, whatever visitor ids it sends: room for a household or an office behind
// one address (600 events at once, then 5 a second), not for a flood.
const perAddress = new RateLimiter(600, 5);
// Acceptances (adds) per shop and address: 12 at once, then one every five minutes. A shopper adds
// a handful of offered items in a visit; a script inventing visitors to add items does not get far.
const acceptancesPerAddress = new RateLimiter(12, 1 / 300);

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
  const address = `${shop}|${clientAddress(request)}`;
  const count = parsed.data.events.length;
  if (!perAddress.take(address, count) || !perVisitor.take(`${shop}|${parsed.data.visitorId}`, count)) {
    return jsonError(429, "too many events from this visitor or address", { "Retry-After": "30" });
  }
  const result = await ingestEvents(shop, parsed.data, {
    secret: trackingSecret,
    customerId,
    admitAcceptances: (n) => acceptancesPerAddress.take(address, n),
  });
  return Response.json(result, { status: 200, headers: { "Cache-Control": "no-store" } });
};

export const loader = () => jsonError(405, "use POST");
