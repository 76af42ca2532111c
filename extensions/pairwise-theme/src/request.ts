// Builds the requests the widget sends; pure (but for productQuery, which reads the blocks Liquid
// printed) so the exact wire format is unit-tested.
import type { OffersQuery, PairwiseEvent } from "./types";

export const MAX_EVENTS_PER_BATCH = 50;
/** How long the widget waits for an answer of the app (the offers, a part's script, the cart). */
export const TIMEOUT_MS = 2500;

/** The app proxy path from the block's data attribute; anything odd falls back to the default. */
export function proxyPath(v: string | null | undefined): string {
  const p = (v || "").replace(/\/+$/, "");
  return /^\/(?!\/)[\w\-/]*$/.test(p) ? p : "/apps/pairwise";
}

/**
 * What a product page's block asks for, from what Liquid printed: its product, and how many
 * companions the page's "Frequently bought together" block shows (the other blocks leave them out);
 * null without a product (a cart block has none). The boot (asking for the offers while the core
 * loads) and the core build the same query, so the core finds the boot's request by its URL.
 */
export function productQuery(el: HTMLElement): OffersQuery | null {
  const id = el.dataset.productId || "";
  const fbt = document.querySelector<HTMLElement>("[data-pairwise-block][data-mode=bundle]");
  return /^\d+$/.test(id)
    ? { context: "product", productId: id, bundle: fbt ? Math.min(Number(fbt.dataset.count) || 2, 3) : 0 }
    : null;
}

/** The offers endpoint of the app proxy at `proxy` (a block's data-proxy), asked about `q` for this visitor. */
export function offersUrl(proxy: string | undefined, q: OffersQuery, visitorId: string): string {
  const params = new URLSearchParams({ context: q.context });
  if (q.context === "product") {
    params.set("product_id", q.productId);
    if (q.bundle) params.set("bundle", String(q.bundle));
  } else {
    params.set("variant_ids", q.variantIds.join(","));
    if (q.subtotal !== undefined && Number.isFinite(q.subtotal))
      params.set("subtotal", String(Math.max(0, Math.round(q.subtotal))));
  }
  params.set("visitor_id", visitorId);
  return `${proxyPath(proxy)}/offers?${params}`;
}

/** A POST of JSON (the cart's Ajax API), as `json`'s init (main.ts), with its body. */
export const postJson = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

/** A line to add; without `token` it is added untagged (the viewed product in a bundle). */
export interface AddLine {
  variantId: string;
  offerId?: string | null;
  token?: string;
}

/**
 * Body of POST /cart/add.js: one unit per line. Offered lines are tagged with hidden
 * (underscore) properties so the order can be attributed; the viewed product the shopper came
 * for is not an accepted offer and stays untagged, so its revenue is never attributed.
 */
export function addPayload(lines: AddLine[], sections: string[] = [], sectionsUrl?: string) {
  const body: {
    items: Array<{ id: number; quantity: 1; properties?: Record<string, string> }>;
    sections?: string;
    sections_url?: string;
  } = {
    items: lines.map((l) =>
      l.token === undefined
        ? { id: Number(l.variantId), quantity: 1 as const }
        : {
            id: Number(l.variantId),
            quantity: 1 as const,
            properties: { _pairwise: l.offerId ?? "auto", _pairwise_token: l.token },
          },
    ),
  };
  if (sections.length) {
    body.sections = sections.join(",");
    if (sectionsUrl) body.sections_url = sectionsUrl;
  }
  return body;
}

/** Body of POST /apps/pairwise/events; callers split batches with `chunks`. */
export function eventsBody(visitorId: string, events: PairwiseEvent[]): string {
  return JSON.stringify({ visitorId, events });
}

export function chunks<T>(list: T[], size = MAX_EVENTS_PER_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
