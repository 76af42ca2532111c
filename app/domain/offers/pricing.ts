// Money figures of offers: discounted prices, bundle pricing, free-shipping progress. Integer cents.

export type DiscountType = "none" | "percent" | "fixed";

export interface Discount {
  type: DiscountType;
  /** percent (0..100) for percent, cents for fixed */
  value: number;
}

/** Price after a discount, rounded to cents, never below 0 (percent is clamped to 0..100, negative fixed ignored). */
export function discountedPrice(price: number, discount: Discount | null | undefined): number {
  if (!discount || discount.type === "none" || !(discount.value > 0)) return Math.max(0, Math.round(price));
  if (discount.type === "percent") {
    const pct = Math.min(100, discount.value);
    return Math.max(0, Math.round((price * (100 - pct)) / 100));
  }
  return Math.max(0, Math.round(price - discount.value));
}

export interface BundleComponentPrice {
  /** unit price, cents */
  price: number;
  quantity: number;
}

export interface BundlePrice {
  /** sum of components at full price */
  total: number;
  /** what the shopper pays for the bundle */
  discounted: number;
  saving: number;
  /** saving / total, 0..1 */
  savingRate: number;
}

/** Bundle price: the components' total, the bundle discount applied to the whole, and the saving. */
export function bundlePrice(
  components: readonly BundleComponentPrice[],
  discount: Discount | null | undefined,
): BundlePrice {
  const total = components.reduce((s, c) => s + Math.round(c.price) * Math.max(0, Math.floor(c.quantity)), 0);
  const discounted = discountedPrice(total, discount);
  const saving = total - discounted;
  return { total, discounted, saving, savingRate: total > 0 ? saving / total : 0 };
}

export interface FreeShippingProgress {
  threshold: number;
  subtotal: number;
  /** cents still to add, 0 once reached */
  remaining: number;
  reached: boolean;
  /** 0..1 for a progress bar */
  progress: number;
}

/** Free-shipping progress of a cart: remaining = threshold − subtotal (≥ 0). The widget formats the figure in the shop's money format. */
export function freeShippingProgress(subtotal: number, threshold: number): FreeShippingProgress {
  const remaining = Math.max(0, threshold - subtotal);
  return {
    threshold,
    subtotal,
    remaining,
    reached: remaining === 0,
    progress: threshold > 0 ? Math.min(1, Math.max(0, subtotal / threshold)) : 1,
  };
}
