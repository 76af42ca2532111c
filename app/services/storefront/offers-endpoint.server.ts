// GET /proxy/offers (Shopify's app proxy): signed URL in, JSON answer out. One function for the
// route module (app/routes/proxy.offers.ts) and the server's direct path for it
// (app/server/storefront-api.server.ts), which skips Express and the Fetch API objects: this
// endpoint answers every product and cart page view of every shop.
import { describeIssues, offersQuerySchema } from "../../lib/storefront-schemas";
import { trackingSecret } from "../../shopify.server";
import { INVALID_PROXY_SIGNATURE, proxyIdentity } from "./proxy-auth.server";
import { serveOffersJson } from "./serve-offers.server";

export interface PlainAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = "application/json; charset=utf-8";

function error(status: number, message: string): PlainAnswer {
  return {
    status,
    headers: { "Content-Type": JSON_TYPE, "Cache-Control": "no-store" },
    body: JSON.stringify({ error: message }),
  };
}

export async function offersAnswer(url: URL): Promise<PlainAnswer> {
  const query = new URLSearchParams(url.search); // parsed once: signature, identity, validation
  const identity = proxyIdentity(url, query);
  if (!identity) return error(401, INVALID_PROXY_SIGNATURE);
  // as Object.fromEntries(query) (a repeated name keeps its last value), without its iterator;
  // no prototype, so that a parameter named __proto__ is a property like any other
  const raw: Record<string, string> = Object.create(null);
  query.forEach((value, name) => {
    raw[name] = value;
  });
  const parsed = offersQuerySchema.safeParse(raw);
  if (!parsed.success) return error(400, describeIssues(parsed.error));
  const q = parsed.data;
  const offers = await serveOffersJson(
    {
      shop: identity.shop,
      context: q.context,
      productId: q.product_id,
      variantIds: q.variant_ids,
      subtotal: q.subtotal,
      bundleCompanions: q.bundle,
      visitorId: q.visitor_id,
      customerId: identity.customerId,
    },
    trackingSecret,
  );
  if (!offers) return error(404, "this shop has not installed Pairwise");
  // Personal (declines, holdout, customer): cacheable by the visitor's browser only, briefly.
  return { status: 200, headers: { "Content-Type": JSON_TYPE, "Cache-Control": "private, max-age=15" }, body: offers };
}
