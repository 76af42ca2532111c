// GET /api/checkout/offers (+ OPTIONS): offers for the checkout UI extension — the checkout's
// "complete your order" list (placement=checkout) and the thank-you block (placement=thank_you).
// Authenticated with the checkout session token (authenticate.public.checkout), CORS for the
// extension's sandbox, validated before anything is computed.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { checkoutOffersQuerySchema } from "../lib/checkout-schemas";
import { describeIssues } from "../lib/storefront-schemas";
import { authenticateCheckout, checkoutError } from "../services/checkout/checkout-auth.server";
import { serveCheckoutOffers } from "../services/checkout/serve-checkout.server";
import { rememberCheckoutVisitor } from "../services/checkout/checkout-visitor.server";
import { trackingSecret } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, customerId, cors } = await authenticateCheckout(request);
  const parsed = checkoutOffersQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return checkoutError(400, describeIssues(parsed.error));
  const q = parsed.data;
  const answer = await serveCheckoutOffers(
    {
      shop,
      placement: q.placement,
      variantIds: q.variant_ids,
      subtotal: q.subtotal,
      visitorId: q.visitor_id,
      customerId,
      max: q.max,
    },
    trackingSecret,
  );
  if (!answer) return checkoutError(404, "this shop has not installed Pairwise");
  await rememberCheckoutVisitor(shop, q.checkout_token, q.visitor_id);
  return cors(Response.json(answer, { headers: { "Cache-Control": "private, no-store" } }));
};

/** OPTIONS is the CORS preflight (answered by the library); nothing else is accepted here. */
export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method === "OPTIONS") await authenticateCheckout(request);
  return checkoutError(405, "use GET");
};
