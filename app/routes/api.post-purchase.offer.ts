// POST /api/post-purchase/offer (the post-purchase extension's ShouldRender): the offers for the
// purchase in the verified `inputData.token`, up to the merchant's limit per order.
// OPTIONS is the CORS preflight, answered by the library.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  authenticatePostPurchase,
  postPurchaseError,
  readPostPurchaseJson,
} from "../services/post-purchase/auth.server";
import { postPurchaseOffers } from "../services/post-purchase/offers.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticatePostPurchase(request);
  return postPurchaseError(405, "use POST");
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return postPurchaseError(405, "use POST");
  const { purchase, cors } = await authenticatePostPurchase(request);
  await readPostPurchaseJson(request);
  const offers = await postPurchaseOffers(purchase);
  if (!offers) return cors(postPurchaseError(404, "this shop has not installed Pairwise"));
  return cors(Response.json(offers, { headers: { "Cache-Control": "no-store" } }));
};
