import type { OffersAnswer } from "../src/offers";

export function offersAnswer(placement: "checkout" | "thank_you", count = 2): OffersAnswer {
  return {
    placement,
    currency: "USD",
    holdout: false,
    offer: {
      slotId: `${placement}-offer_1-0`,
      type: "cross_sell",
      headline: "Goes well with Trail Tent",
      body: "",
      items: Array.from({ length: count }, (_, i) => ({
        productId: `10${i}`,
        variantId: `90${i}`,
        offerId: "offer_1",
        title: `Item ${i}`,
        handle: `item-${i}`,
        imageUrl: null,
        price: 1500 + i,
        compareAtPrice: null,
        discountedPrice: 1500 + i,
        available: true,
        token: `token${i}`,
      })),
    },
  };
}

/** A fetch stand-in answering the offers request and recording event batches. */
export function appFetch(answer: OffersAnswer | null) {
  const events: { type: string; productId: string; placement: string; offerId: string | null }[] = [];
  const urls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    urls.push(url);
    if (url.includes("/api/checkout/events")) {
      events.push(...(JSON.parse(String(init?.body)) as { events: typeof events }).events);
      return new Response(JSON.stringify({ accepted: 1 }), { status: 200 });
    }
    return answer
      ? new Response(JSON.stringify(answer), { status: 200 })
      : new Response(JSON.stringify({ error: "x" }), { status: 404 });
  };
  return { fetch, events, urls };
}
