// GET /apps/pairwise/offers (storefront) → /proxy/offers: offers for a product page or a cart.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { describeIssues, offersQuerySchema } from "../lib/storefront-schemas";
import { authenticateProxy, jsonError } from "../services/storefront/proxy-auth.server";
import { serveOffersJson } from "../services/storefront/serve-offers.server";
import { trackingSecret } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, customerId } = await authenticateProxy(request);
  const parsed = offersQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return jsonError(400, describeIssues(parsed.error));
  const q = parsed.data;
  const offers = await serveOffersJson(
    { shop, context: q.context, productId: q.product_id, variantIds: q.variant_ids, subtotal: q.subtotal, bundleCompanions: q.bundle, visitorId: q.visitor_id, customerId },
    trackingSecret,
  );
  if (!offers) return jsonError(404, "this shop has not installed Pairwise");
  // Personal (declines, holdout, customer): cacheable by the visitor's browser only, briefly.
  return new Response(offers, { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, max-age=15" } });
};
