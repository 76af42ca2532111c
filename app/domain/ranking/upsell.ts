// Upsell = "a better one instead": the same kind of product, priced about 20–40 % higher.
// Candidates must share the product type, or share a collection and a tag; the price must sit in
// the band. Relevance = kind similarity × how well the price fits the band (1 at its centre,
// 0.6 at its edges), so "the same thing, a notch up" ranks first.
import type { CatalogProduct } from "../types";
import { attributeOverlap, type ContentModel } from "./score";
import { productPrice } from "./catalog";

export interface UpsellBand {
  /** minimum price increase as a fraction (0.2 = +20 %) */
  min: number;
  /** maximum price increase as a fraction (0.4 = +40 %) */
  max: number;
}

/** docs/metrics.md: an upsell is typically 20–40 % more expensive. */
export const DEFAULT_UPSELL_BAND: UpsellBand = { min: 0.2, max: 0.4 };

export interface UpsellCandidate {
  productId: string;
  score: number;
  /** candidate price / trigger price − 1 */
  priceIncrease: number;
}

/** True when two products are the same kind: same product type, or a shared collection and a shared tag. */
export function sameKind(a: CatalogProduct, b: CatalogProduct): boolean {
  const ta = a.productType.trim().toLowerCase();
  if (ta && ta === b.productType.trim().toLowerCase()) return true;
  const sharedCollection = a.collections.some((c) => b.collections.includes(c));
  const tagsB = new Set(b.tags.map((t) => t.trim().toLowerCase()));
  const sharedTag = a.tags.some((t) => tagsB.has(t.trim().toLowerCase()));
  return sharedCollection && sharedTag;
}

/** How well a price increase fits the band: 0 outside, 1 at the centre, 0.6 at the edges. */
export function bandFit(increase: number, band: UpsellBand = DEFAULT_UPSELL_BAND): number {
  // A small tolerance so that exactly +20 % / +40 % (computed in floating point) is inside.
  if (!(increase >= band.min - 1e-9 && increase <= band.max + 1e-9)) return 0;
  const half = (band.max - band.min) / 2;
  if (half <= 0) return 1;
  const centre = band.min + half;
  return 1 - 0.4 * Math.min(1, Math.abs(increase - centre) / half);
}

/** Upsell candidates for a trigger among `catalog` (all products, or a pre-filtered pool), best first: same kind, priced within the band. */
export function upsellCandidates(
  trigger: CatalogProduct,
  catalog: readonly CatalogProduct[],
  model: ContentModel,
  band: UpsellBand = DEFAULT_UPSELL_BAND,
): UpsellCandidate[] {
  const base = model.features.get(trigger.id)?.price ?? productPrice(trigger);
  if (base <= 0) return [];
  const out: UpsellCandidate[] = [];
  for (const c of catalog) {
    if (c.id === trigger.id) continue;
    const increase = (model.features.get(c.id)?.price ?? productPrice(c)) / base - 1;
    if (bandFit(increase, band) === 0 || !sameKind(trigger, c)) continue;
    const fit = bandFit(increase, band);
    if (fit === 0) continue;
    const sameType =
      trigger.productType.trim() !== "" &&
      trigger.productType.trim().toLowerCase() === c.productType.trim().toLowerCase();
    const vendor = trigger.vendor !== "" && trigger.vendor === c.vendor ? 1 : 0;
    // Similarity: same type 0.5, shared collections/tags up to 0.3, same vendor 0.2.
    const similarity = (sameType ? 0.5 : 0) + 0.3 * attributeOverlap(trigger, c, model) + 0.2 * vendor;
    out.push({ productId: c.id, score: similarity * fit, priceIncrease: increase });
  }
  return out.sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId));
}
