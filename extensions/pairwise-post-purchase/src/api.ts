// The app's post-purchase endpoints, each authenticated with the extension's `inputData.token`
// (the app verifies it with the app secret). Network failures and 4xx/5xx answers resolve to null:
// the customer then simply goes on to the thank-you page.
import { APP_URL } from "./app-url";

// The answers' shapes are the server's, imported type-only (nothing of the app enters the bundle).
export type { ChangesetDiscount } from "../../../app/domain/offers/post-purchase";
export type {
  PostPurchaseOfferView as OfferView,
  PostPurchaseOffersResponse as OffersAnswer,
} from "../../../app/services/post-purchase/offers.server";
import type {
  PostPurchaseOfferView as OfferView,
  PostPurchaseOffersResponse as OffersAnswer,
} from "../../../app/services/post-purchase/offers.server";

async function post<T>(path: string, token: string, body: unknown): Promise<T | null> {
  try {
    const res = await fetch(`${APP_URL}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) return null;
    return (await res.json()) as T;
  } catch {
    return null;
  }
}

export const fetchOffers = (token: string, referenceId: string) =>
  post<OffersAnswer>("/api/post-purchase/offer", token, { referenceId });

export const signChangeset = (token: string, referenceId: string, offer: OfferView, quantity: number) =>
  post<{ token: string }>("/api/post-purchase/sign-changeset", token, {
    referenceId,
    key: offer.key,
    variantId: offer.variantId,
    quantity,
    discount: offer.discount ? { value: offer.discount.value, valueType: offer.discount.valueType } : null,
  });

export const sendEvent = (
  token: string,
  referenceId: string,
  offer: OfferView,
  type: "impression" | "decline" | "accept",
) => post<{ ok: boolean }>("/api/post-purchase/event", token, { referenceId, key: offer.key, type });
