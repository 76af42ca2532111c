// The offer form as the server validates it. Amounts arrive in the shop's major unit ("25.00")
// and leave as integer cents; dates arrive as YYYY-MM-DD (shop-local days, stored as UTC midnight).
import { z } from "zod";
import { PLACEMENTS } from "../../domain/types";
import { toCents } from "./input";

export { PLACEMENTS };

export const OFFER_TYPES = ["cross_sell", "upsell"] as const;
export const TRIGGER_TYPES = ["products", "collections", "product_type", "tag", "any", "cart_subtotal"] as const;
export const DISCOUNT_TYPES = ["none", "percent", "fixed"] as const;
export const AUDIENCES = ["all", "first_time", "returning", "high_value"] as const;
export const OFFER_STATUSES = ["draft", "active", "paused"] as const;
/** docs/metrics.md: show 3–4 suggestions at most. */
export const MAX_SUGGESTIONS_LIMIT = 4;

export const PLACEMENT_LABELS: Record<(typeof PLACEMENTS)[number], string> = {
  product: "Product page",
  cart: "Cart",
  checkout: "Checkout",
  post_purchase: "Post-purchase",
  thank_you: "Thank-you page",
};
export const TRIGGER_LABELS: Record<(typeof TRIGGER_TYPES)[number], string> = {
  products: "Chosen products",
  collections: "Collections",
  product_type: "Product type",
  tag: "Product tag",
  any: "Any product",
  cart_subtotal: "Cart subtotal range",
};
export const AUDIENCE_LABELS: Record<(typeof AUDIENCES)[number], string> = {
  all: "All customers",
  first_time: "First-time customers",
  returning: "Returning customers",
  high_value: "High-value customers",
};
export const TYPE_LABELS: Record<(typeof OFFER_TYPES)[number], string> = { cross_sell: "Cross-sell", upsell: "Upsell" };

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const optionalNumber = z.preprocess(blankToUndefined, z.coerce.number({ message: "Enter a number" }).optional());
const optionalDay = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-01")
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "Not a real date")
    .optional(),
);
const bool = z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean());
const idList = z.preprocess(
  (v) => (typeof v === "string" ? (v === "" ? [] : v.split(",")) : v),
  z.array(z.string().trim().min(1).max(255)).max(250, "Choose at most 250"),
);

export const offerInputSchema = z
  .object({
    name: z.string().trim().min(1, "Give the offer a name").max(120, "Keep the name under 120 characters"),
    type: z.enum(OFFER_TYPES, { message: "Choose cross-sell or upsell" }),
    status: z.enum(OFFER_STATUSES).default("draft"),
    triggerType: z.enum(TRIGGER_TYPES, { message: "Choose what triggers the offer" }),
    triggerValues: idList.default([]),
    cartSubtotalMin: optionalNumber,
    cartSubtotalMax: optionalNumber,
    offerSource: z.enum(["manual", "recommended"]),
    offeredProductIds: idList.default([]),
    minLift: optionalNumber,
    placements: z.preprocess(
      (v) => (typeof v === "string" ? [v] : v),
      z.array(z.enum(PLACEMENTS, { message: "Unknown placement" })).min(1, "Choose at least one placement"),
    ),
    discountType: z.enum(DISCOUNT_TYPES),
    discountValue: optionalNumber,
    headline: z.string().trim().max(120, "Keep the headline under 120 characters").default(""),
    body: z.string().trim().max(500, "Keep the text under 500 characters").default(""),
    audience: z.enum(AUDIENCES),
    excludeHighReturn: bool.default(false),
    startsAt: optionalDay,
    endsAt: optionalDay,
    priority: z.preprocess(
      blankToUndefined,
      z.coerce.number().int("Use a whole number").min(0, "0 or more").max(100, "100 at most").default(0),
    ),
    maxSuggestions: z.preprocess(
      blankToUndefined,
      z.coerce
        .number()
        .int("Use a whole number")
        .min(1, "At least 1")
        .max(MAX_SUGGESTIONS_LIMIT, `${MAX_SUGGESTIONS_LIMIT} at most`)
        .optional(),
    ),
  })
  .superRefine((o, ctx) => {
    const needsValues = ["products", "collections", "product_type", "tag"].includes(o.triggerType);
    if (needsValues && o.triggerValues.length === 0) {
      const what = { products: "products", collections: "collections", product_type: "a product type", tag: "a tag" }[
        o.triggerType as string
      ];
      ctx.addIssue({ code: "custom", path: ["triggerValues"], message: `Choose ${what} that trigger the offer` });
    }
    if (o.triggerType === "cart_subtotal") {
      if (o.cartSubtotalMin == null && o.cartSubtotalMax == null)
        ctx.addIssue({ code: "custom", path: ["cartSubtotalMin"], message: "Enter a minimum, a maximum or both" });
      if (o.cartSubtotalMin != null && o.cartSubtotalMin < 0)
        ctx.addIssue({ code: "custom", path: ["cartSubtotalMin"], message: "Cannot be negative" });
      if (o.cartSubtotalMin != null && o.cartSubtotalMax != null && o.cartSubtotalMax < o.cartSubtotalMin)
        ctx.addIssue({ code: "custom", path: ["cartSubtotalMax"], message: "Must be at least the minimum" });
    }
    if (o.offerSource === "manual" && o.offeredProductIds.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["offeredProductIds"],
        message: "Choose the products to offer, or let Pairwise recommend them",
      });
    if (o.offerSource === "manual" && o.offeredProductIds.length > 20)
      ctx.addIssue({ code: "custom", path: ["offeredProductIds"], message: "Offer at most 20 products" });
    if (o.offerSource === "recommended" && o.minLift != null && (o.minLift < 0 || o.minLift > 1000))
      ctx.addIssue({ code: "custom", path: ["minLift"], message: "Lift is between 0 and 1000 (1 = no association)" });
    if (o.discountType === "percent" && (o.discountValue == null || o.discountValue <= 0 || o.discountValue > 100))
      ctx.addIssue({ code: "custom", path: ["discountValue"], message: "A percent discount is between 0 and 100" });
    if (o.discountType === "fixed" && (o.discountValue == null || o.discountValue <= 0))
      ctx.addIssue({ code: "custom", path: ["discountValue"], message: "Enter the amount taken off" });
    if (o.startsAt && o.endsAt && o.endsAt < o.startsAt)
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end comes before the start" });
  });

export type OfferInput = z.output<typeof offerInputSchema>;
export const OFFER_LIST_KEYS = ["triggerValues", "offeredProductIds", "placements"] as const;

/** The validated input as Offer columns (JSON columns serialised, money in cents). */
export function offerColumns(input: OfferInput) {
  const subtotal = input.triggerType === "cart_subtotal";
  return {
    name: input.name,
    type: input.type,
    status: input.status,
    triggerType: input.triggerType,
    triggerValues: JSON.stringify(
      ["any", "cart_subtotal"].includes(input.triggerType) ? [] : [...new Set(input.triggerValues)],
    ),
    cartSubtotalMin: subtotal && input.cartSubtotalMin != null ? toCents(input.cartSubtotalMin) : null,
    cartSubtotalMax: subtotal && input.cartSubtotalMax != null ? toCents(input.cartSubtotalMax) : null,
    offerSource: input.offerSource,
    offeredProductIds: JSON.stringify(input.offerSource === "manual" ? [...new Set(input.offeredProductIds)] : []),
    minLift: input.offerSource === "recommended" ? (input.minLift ?? null) : null,
    placements: JSON.stringify([...new Set(input.placements)]),
    discountType: input.discountType,
    discountValue:
      input.discountType === "none"
        ? 0
        : input.discountType === "fixed"
          ? toCents(input.discountValue ?? 0)
          : (input.discountValue ?? 0),
    headline: input.headline,
    body: input.body,
    audience: input.audience,
    excludeHighReturn: input.excludeHighReturn,
    startsAt: input.startsAt ? new Date(`${input.startsAt}T00:00:00Z`) : null,
    endsAt: input.endsAt ? new Date(`${input.endsAt}T23:59:59.999Z`) : null,
    priority: input.priority,
    maxSuggestions: input.maxSuggestions ?? null,
  };
}

/** Copy with the {product} placeholder filled, as the widget renders it. */
export function fillCopy(text: string, productTitle: string): string {
  return text.replace(/\{product\}/g, productTitle);
}

export const bulkActionSchema = z.object({
  intent: z.enum(["activate", "pause", "delete"], { message: "Unknown action" }),
  ids: z.preprocess(
    (v) => (typeof v === "string" ? [v] : v),
    z.array(z.string().min(1)).min(1, "Select at least one offer").max(500),
  ),
});

/**
 * Where each placement's offers appear, how a merchant turns it on, and which Shopify plans allow
 * it (shopify.dev: checkout UI extensions on the information, shipping and payment steps are
 * Shopify Plus only; extensions after the purchase — the thank-you page — work on all plans
 * except Starter; post-purchase extensions are a beta a live store must request).
 */
export const PLACEMENT_SETUP: Record<(typeof PLACEMENTS)[number], { how: string; plans: string }> = {
  product: {
    how: "Theme editor → product template → add the “Frequently bought together” or “You may also like” block.",
    plans: "All plans.",
  },
  cart: {
    how: "Theme editor → App embeds → turn on “Cart offers” (or add “You may also like” to the cart template).",
    plans: "All plans.",
  },
  checkout: {
    how: "Settings → Checkout → Customize → add “Pairwise checkout offers” after the cart lines (the app's checkout extension must be deployed).",
    plans: "Shopify Plus only: checkout-step extensions are not available on other plans.",
  },
  post_purchase: {
    how: "Settings → Checkout → Post-purchase page → choose Pairwise.",
    plans:
      "A beta that live stores must request from Shopify; one post-purchase app per shop; many payment methods skip the page.",
  },
  thank_you: {
    how: "Settings → Checkout → Customize → Thank-you page → add “Pairwise checkout offers”.",
    plans: "All plans except Starter.",
  },
};
