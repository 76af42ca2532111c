// Whether the shop's checkout discounts are live, from what the last write to and read of Shopify
// recorded on the Shop row. One definition, read by the storefront (which promises a saving only
// when this says Shopify grants it), the admin pages and the demo checkout.
import type { DiscountConfig } from "../../domain/discounts";
import type { DiscountStatus } from "../../graphql/discounts";

export interface DiscountState {
  /** Shopify will grant the configured discounts now */
  live: boolean;
  /** why not, for the admin ("not yet created", "deactivated in Shopify admin", the last error …) */
  reason: string | null;
  status: DiscountStatus | null;
  syncedAt: Date | null;
  /** the configuration Shopify holds (null while the shop has no discount) */
  config: DiscountConfig | null;
  /** the rules Shopify holds are the current ones (the last write succeeded) */
  current: boolean;
  /** the shop has the app's automatic discount */
  created: boolean;
}

export function parseConfig(json: string | null): DiscountConfig | null {
  if (!json) return null;
  try {
    const c = JSON.parse(json) as DiscountConfig;
    return c &&
      c.v === 2 &&
      Array.isArray(c.p) &&
      Array.isArray(c.o) &&
      Array.isArray(c.b) &&
      !!c.r &&
      typeof c.r === "object"
      ? c
      : null;
  } catch {
    return null;
  }
}

/** Whether the shop's discount is live, from what the last write and read of Shopify recorded. */
export function discountStateOf(row: {
  discountId: string | null;
  discountStatus: string | null;
  discountConfig: string | null;
  discountSyncedAt: Date | null;
  discountError: string | null;
}): DiscountState {
  const config = parseConfig(row.discountConfig);
  const base = {
    status: (row.discountStatus as DiscountStatus | null) ?? null,
    syncedAt: row.discountSyncedAt,
    config,
    current: !row.discountError,
    created: !!row.discountId,
  };
  if (!row.discountId)
    return {
      ...base,
      config: null,
      live: false,
      reason:
        row.discountError ??
        "No offer or bundle with a discount yet: the Pairwise discount is created in Shopify with the first one.",
    };
  if (row.discountStatus !== "ACTIVE")
    return {
      ...base,
      live: false,
      reason:
        row.discountStatus === "EXPIRED"
          ? "The Pairwise discount is deactivated in Shopify admin (Discounts). Activate it there to grant offer and bundle savings."
          : row.discountStatus === "SCHEDULED"
            ? "The Pairwise discount is scheduled in Shopify admin and not active yet."
            : "Shopify has not confirmed the Pairwise discount.",
    };
  if (!config)
    return {
      ...base,
      live: false,
      reason: row.discountError ?? "The discount rules have not been written to Shopify yet.",
    };
  return {
    ...base,
    live: true,
    reason: row.discountError ? `The latest changes are not at checkout yet: ${row.discountError}` : null,
  };
}

export interface CheckoutTruth {
  /** Shopify grants this discount at checkout now */
  live: boolean;
  /** why not (shown next to the configured saving) */
  reason: string | null;
}

/** Whether an offer's configured discount is granted at checkout now, and if not why. */
export function offerCheckoutState(
  offer: {
    id: string;
    status: string;
    discountType: string;
    discountValue: number;
    startsAt: Date | null;
    endsAt: Date | null;
  } | null,
  state: DiscountState,
  now = Date.now(),
): CheckoutTruth {
  // a new offer: its discount reaches checkout when it is saved (the discount is created then if the shop has none yet)
  if (!offer)
    return {
      live: false,
      reason:
        state.live || (!state.created && state.current)
          ? "Takes effect at checkout once the offer is saved and active."
          : state.reason,
    };
  if (!(offer.discountType === "percent" || offer.discountType === "fixed") || !(offer.discountValue > 0))
    return { live: false, reason: null };
  if (offer.status !== "active")
    return { live: false, reason: "The offer is not active: shoppers see regular prices." };
  if (offer.startsAt && offer.startsAt.getTime() > now)
    return { live: false, reason: "The offer has not started yet." };
  if (offer.endsAt && offer.endsAt.getTime() <= now) return { live: false, reason: "The offer has ended." };
  if (!state.live) return { live: false, reason: state.reason };
  const rule = state.config?.o.find((r) => offer.id.endsWith(r.k));
  const expected =
    offer.discountType === "percent"
      ? ["%", Math.min(100, Math.round(offer.discountValue * 100) / 100)]
      : ["$", Math.round(offer.discountValue)];
  if (!rule)
    return {
      live: false,
      reason: state.reason ?? "Not at checkout: the offer has no product the checkout can discount yet.",
    };
  if (rule.d[0] !== expected[0] || rule.d[1] !== expected[1])
    return { live: false, reason: state.reason ?? "The latest change is not at checkout yet." };
  return { live: true, reason: null };
}
