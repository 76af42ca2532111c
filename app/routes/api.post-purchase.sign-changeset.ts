// POST /api/post-purchase/sign-changeset: the changeset JWT the extension hands to
// applyChangeset, for one offer served for the purchase in the verified `inputData.token`.
// Refused with 403/409 for anything that was not offered, or a second time.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describeIssues } from "../lib/storefront-schemas";
import {
  authenticatePostPurchase,
  postPurchaseError,
  readPostPurchaseJson,
} from "../services/post-purchase/auth.server";
import { signChangeset, signChangesetSchema } from "../services/post-purchase/offers.server";
import { apiKey, appSecret } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticatePostPurchase(request);
  return postPurchaseError(405, "use POST");
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return postPurchaseError(405, "use POST");
  const { purchase, cors } = await authenticatePostPurchase(request);
  const parsed = signChangesetSchema.safeParse(await readPostPurchaseJson(request));
  if (!parsed.success) return cors(postPurchaseError(400, describeIssues(parsed.error)));
  const result = await signChangeset(purchase, parsed.data, { apiKey, secret: appSecret });
  if (!result.ok) return cors(postPurchaseError(result.status, result.error));
  return cors(Response.json({ token: result.token }, { headers: { "Cache-Control": "no-store" } }));
};
