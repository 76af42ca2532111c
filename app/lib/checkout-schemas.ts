// Input the checkout UI extension sends (GET /api/checkout/offers, POST /api/checkout/events),
// validated before anything is computed. Event batches are the storefront's, with the placements
// of the checkout extension's two targets.
import { z } from "zod";
import { eventsBatchSchema, MAX_EVENTS_PER_BATCH, visitorId } from "./storefront-schemas";

export const CHECKOUT_PLACEMENTS = ["checkout", "thank_you"] as const;
export type CheckoutPlacement = (typeof CHECKOUT_PLACEMENTS)[number];

/** Most items the extension shows (its `max_items` setting is validated to the same range). */
export const MAX_CHECKOUT_ITEMS = 3;

export const checkoutOffersQuerySchema = z.object({
  placement: z.enum(CHECKOUT_PLACEMENTS),
  variant_ids: z
    .string()
    .max(2000)
    .transform((s, ctx) => {
      const ids = s.split(",").filter(Boolean);
      if (ids.length === 0 || ids.length > 100 || ids.some((id) => !/^\d{1,20}$/.test(id))) {
        ctx.addIssue({ code: "custom", message: "must be 1 to 100 comma-separated numeric variant ids" });
        return z.NEVER;
      }
      return ids;
    }),
  subtotal: z.coerce.number().int().min(0).max(1e10).optional(),
  visitor_id: visitorId,
  /** the checkout's token: remembered with the visitor id, so the post-purchase page assigns the same arms */
  checkout_token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, "must be 8–100 letters, digits, - or _")
    .optional(),
  max: z.coerce.number().int().min(1).max(MAX_CHECKOUT_ITEMS).default(MAX_CHECKOUT_ITEMS),
});

const storefrontEvent = eventsBatchSchema.shape.events.element;

export const checkoutEventsBatchSchema = eventsBatchSchema.extend({
  events: z
    .array(storefrontEvent.extend({ placement: z.enum(CHECKOUT_PLACEMENTS) }))
    .min(1)
    .max(MAX_EVENTS_PER_BATCH),
});

export type CheckoutEventsBatch = z.infer<typeof checkoutEventsBatchSchema>;
