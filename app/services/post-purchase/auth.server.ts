// Authenticates a request of the post-purchase extension with the library:
// authenticate.public.checkout answers OPTIONS (CORS preflight, 204), verifies the
// `Authorization: Bearer <inputData.token>` JWT (HS256, the app secret, `exp` when present) and
// gives the CORS helper. What the token says is then read by purchaseFromToken; a token that is
// not a usable post-purchase token is refused like a forged one: 401, nothing computed.
import { BodyTooLargeError, readBoundedText } from "../../lib/bounded-body.server";
import { authenticate } from "../../shopify.server";
import { purchaseFromToken, type Purchase } from "./offers.server";

export const MAX_POST_PURCHASE_BODY_BYTES = 4096;

const CORS = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Authorization, Content-Type" };

export function postPurchaseError(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { "Cache-Control": "no-store", ...CORS } });
}

export interface PostPurchaseRequest {
  purchase: Purchase;
  cors: (response: Response) => Response;
}

export async function authenticatePostPurchase(request: Request): Promise<PostPurchaseRequest> {
  let auth: Awaited<ReturnType<typeof authenticate.public.checkout>>;
  try {
    auth = await authenticate.public.checkout(request);
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 401)
      throw postPurchaseError(401, "missing, forged or expired post-purchase token");
    throw thrown;
  }
  const purchase = purchaseFromToken(auth.sessionToken);
  if (!purchase) throw postPurchaseError(401, "not a valid post-purchase token for this purchase");
  return { purchase, cors: auth.cors };
}

/** The JSON body of a post-purchase request, bounded; a 4xx Response when it is not readable JSON. */
export async function readPostPurchaseJson(request: Request): Promise<unknown> {
  let text: string;
  try {
    text = await readBoundedText(request, MAX_POST_PURCHASE_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw postPurchaseError(413, `body larger than ${MAX_POST_PURCHASE_BODY_BYTES} bytes`);
    throw error;
  }
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw postPurchaseError(400, "body is not JSON");
  }
}
