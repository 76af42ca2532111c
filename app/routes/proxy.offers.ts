// GET /apps/pairwise/offers (storefront) → /proxy/offers: offers for a product page or a cart.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { offersAnswer } from "../services/storefront/offers-endpoint.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const answer = await offersAnswer(new URL(request.url));
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
};
