// POST /api/post-purchase/event: the customer saw (impression), declined or accepted (after
// applyChangeset succeeded) one offer served for the purchase in the verified `inputData.token`.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describeIssues } from "../lib/storefront-schemas";
import {
  authenticatePostPurchase,
  postPurchaseError,
  readPostPurchaseJson,
} from "../services/post-purchase/auth.server";
import { postPurchaseEventSchema, recordPostPurchaseEvent } from "../services/post-purchase/offers.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticatePostPurchase(request);
  return postPurchaseError(405, "use POST");
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return postPurchaseError(405, "use POST");
  const { purchase, cors } = await authenticatePostPurchase(request);
  const parsed = postPurchaseEventSchema.safeParse(await readPostPurchaseJson(request));
  if (!parsed.success) return cors(postPurchaseError(400, describeIssues(parsed.error)));
  const result = await recordPostPurchaseEvent(purchase, parsed.data);
  if (!result.ok) return cors(postPurchaseError(result.status, result.error));
  return cors(Response.json(result, { headers: { "Cache-Control": "no-store" } }));
};
