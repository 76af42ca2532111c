// POST /api/checkout/events (+ OPTIONS): impressions, adds and declines from the checkout UI
// extension, into the same pipeline as the storefront's (ingestEvents: idempotent per event id,
// counted only with a tracking token for an item Pairwise served in this shop and placement), within
// the same limits (event-limits.server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { checkoutEventsBatchSchema } from "../lib/checkout-schemas";
import { directClientAddress } from "../lib/client-address.server";
import { BodyTooLargeError, readBoundedText } from "../lib/bounded-body.server";
import { describeIssues, MAX_EVENTS_BODY_BYTES } from "../lib/storefront-schemas";
import { authenticateCheckout, checkoutError } from "../services/checkout/checkout-auth.server";
import { takeEventBudget } from "../services/storefront/event-limits.server";
import { ingestEvents } from "../services/storefront/events.server";
import { trackingSecret } from "../shopify.server";

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const { shop, customerId, cors } = await authenticateCheckout(request);
  if (request.method !== "POST") return checkoutError(405, "use POST");
  let text: string;
  try {
    text = await readBoundedText(request, MAX_EVENTS_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return checkoutError(413, error.message);
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return checkoutError(400, "body is not JSON");
  }
  const parsed = checkoutEventsBatchSchema.safeParse(body);
  if (!parsed.success) return checkoutError(400, describeIssues(parsed.error));
  // The storefront's limits (per visitor, per address, acceptances per address), the same budgets;
  // the extension's requests come straight from the shopper's browser.
  const address = directClientAddress(request, context.socketAddress);
  const budget = await takeEventBudget(shop, parsed.data.visitorId, address, parsed.data.events.length, {
    addressKnown: address !== "unknown",
  });
  if (!budget.admitted)
    return checkoutError(429, "too many events from this visitor or address", { "Retry-After": "30" });
  const result = await ingestEvents(shop, parsed.data, {
    secret: trackingSecret,
    customerId,
    admitAcceptances: budget.admitAcceptances,
  });
  return cors(Response.json(result, { headers: { "Cache-Control": "no-store" } }));
};

export const loader = () => checkoutError(405, "use POST");
