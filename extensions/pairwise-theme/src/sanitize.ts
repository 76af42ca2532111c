// Turns whatever the app proxy answered into a ProxyOffersResponse the DOM layer can trust:
// unknown fields dropped, strings trimmed and capped, money as non-negative integer cents,
// ids numeric, links and images only http(s). Returns null when the answer is unusable.
import type { Discount, OfferBundle, OfferItem, OfferSlot, OfferVariant, ProxyOffersResponse } from "./types";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Text with control characters removed, whitespace collapsed, at most `max` characters. */
export function text(v: unknown, max = 200): string {
  if (typeof v !== "string") return "";
  return v
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
}

export function cents(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 && v < 1e11 ? Math.round(v) : null;
}

const numericId = (v: unknown): string | null => {
  const s = typeof v === "number" ? String(v) : v;
  return typeof s === "string" && /^\d{1,20}$/.test(s) ? s : null;
};

/**
 * An absolute http(s) URL for `v` resolved against `base` (the shop's origin), or null.
 * Protocol-relative CDN URLs ("//cdn.shopify.com/…") become https. javascript:, data: and
 * anything unparsable are refused.
 */
export function safeUrl(v: unknown, base: string): string | null {
  if (typeof v !== "string" || !v.trim()) return null;
  try {
    const u = new URL(v.trim(), base);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

export function discount(v: unknown): Discount {
  if (!isObj(v)) return { type: "none", value: 0 };
  const value = typeof v.value === "number" && Number.isFinite(v.value) && v.value > 0 ? v.value : 0;
  if (v.type === "percent" && value > 0) return { type: "percent", value: Math.min(value, 100) };
  if (v.type === "fixed" && value > 0) return { type: "fixed", value: Math.round(value) };
  return { type: "none", value: 0 };
}

function variant(v: unknown): OfferVariant | null {
  if (!isObj(v)) return null;
  const id = numericId(v.id);
  const price = cents(v.price);
  if (!id || price === null) return null;
  return { id, title: text(v.title, 80), price, available: v.available !== false };
}

export function item(v: unknown, base: string): OfferItem | null {
  if (!isObj(v)) return null;
  const productId = numericId(v.productId);
  const variantId = numericId(v.variantId);
  const price = cents(v.price);
  const title = text(v.title, 150);
  if (!productId || !variantId || price === null || !title) return null;
  const discounted = cents(v.discountedPrice);
  const compareAt = cents(v.compareAtPrice);
  const variants = arr(v.variants)
    .slice(0, 100)
    .map(variant)
    .filter((x): x is OfferVariant => x !== null);
  return {
    productId,
    variantId,
    title,
    handle: text(v.handle, 255),
    url: safeUrl(v.url, base) || "",
    imageUrl: safeUrl(v.imageUrl, base),
    price,
    compareAtPrice: compareAt !== null && compareAt > price ? compareAt : null,
    discountedPrice: discounted !== null && discounted <= price ? discounted : price,
    available: v.available !== false,
    variants,
    token: text(v.token, 512),
  };
}

function items(v: unknown, base: string, max: number): OfferItem[] {
  const seen = new Set<string>();
  const out: OfferItem[] = [];
  for (const raw of arr(v)) {
    const it = item(raw, base);
    if (it && !seen.has(it.productId) && out.length < max) {
      seen.add(it.productId);
      out.push(it);
    }
  }
  return out;
}

const offerId = (v: unknown): string | null => (typeof v === "string" && v ? text(v, 64) : null);

function slot(v: unknown, base: string): OfferSlot | null {
  if (!isObj(v)) return null;
  const slotId = text(v.slotId, 64);
  const list = items(v.items, base, 12);
  if (!slotId || !list.length) return null;
  return {
    slotId,
    offerId: offerId(v.offerId),
    type: v.type === "upsell" ? "upsell" : "cross_sell",
    headline: text(v.headline, 120),
    body: text(v.body, 300),
    discount: discount(v.discount),
    items: list,
  };
}

/** The "Frequently bought together" part of an answer (validated by the bundle part, which alone shows it). */
export function sanitizeBundle(v: unknown, base: string): OfferBundle | null {
  if (!isObj(v)) return null;
  const anchor = item(v.anchor, base);
  const companions = items(v.items, base, 3).filter((i) => !anchor || i.productId !== anchor.productId);
  if (!anchor || !companions.length) return null;
  const total = cents(v.total) ?? [anchor, ...companions].reduce((s, i) => s + i.price, 0);
  const discounted = Math.min(total, cents(v.discounted) ?? total);
  return {
    offerId: offerId(v.offerId),
    bundleId: offerId(v.bundleId),
    anchor,
    items: companions,
    discount: discount(v.discount),
    total,
    discounted,
    saving: total - discounted,
  };
}

/**
 * The validated response, or null if `raw` is not an offers answer at all. The bundle is
 * validated by `bundleOf` (sanitizeBundle, which the widget's core leaves to the bundle part);
 * without it, `bundle` is null.
 */
export function sanitizeOffers(
  raw: unknown,
  base: string,
  bundleOf?: typeof sanitizeBundle,
): ProxyOffersResponse | null {
  if (!isObj(raw) || (raw.context !== "product" && raw.context !== "cart")) return null;
  const fs = isObj(raw.freeShipping) ? raw.freeShipping : null;
  const threshold = fs && cents(fs.threshold);
  const remaining = fs && cents(fs.remaining);
  return {
    context: raw.context,
    currency: /^[A-Z]{3}$/.test(String(raw.currency)) ? String(raw.currency) : "",
    moneyFormat: text(raw.moneyFormat, 100),
    holdout: raw.holdout === true,
    slots: arr(raw.slots)
      .slice(0, 10)
      .map((s) => slot(s, base))
      .filter((s): s is OfferSlot => s !== null),
    bundle: bundleOf ? bundleOf(raw.bundle, base) : null,
    freeShipping: threshold && remaining !== null ? { threshold, remaining: Math.min(remaining, threshold) } : null,
  };
}
