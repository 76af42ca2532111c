// Input the storefront sends to the app proxy, validated before anything is computed.
import { z } from "zod";
import type { StorefrontEvent } from "./storefront-contract";

const shopifyId = z.string().regex(/^\d{1,20}$/, "must be a numeric Shopify id");
export const visitorId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8–64 letters, digits, - or _");

export const offersQuerySchema = z
  .object({
    context: z.enum(["product", "cart"]),
    product_id: shopifyId.optional(),
    variant_ids: z
      .string()
      .max(2000)
      .optional()
      .transform((s, ctx) => {
        if (!s) return [];
        const ids = s.split(",").filter(Boolean);
        if (ids.length > 100 || ids.some((id) => !/^\d{1,20}$/.test(id))) {
          ctx.addIssue({ code: "custom", message: "must be up to 100 comma-separated numeric variant ids" });
          return z.NEVER;
        }
        return ids;
      }),
    subtotal: z.coerce.number().int().min(0).max(1e10).optional(),
    /** companions the page's "Frequently bought together" block shows (product pages): the other slots leave them out */
    bundle: z.coerce.number().int().min(0).max(3).optional(),
    visitor_id: visitorId,
    logged_in_customer_id: z
      .string()
      .regex(/^\d{0,20}$/)
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (q.context === "product" && !q.product_id)
      ctx.addIssue({ code: "custom", path: ["product_id"], message: "is required for context=product" });
  });

export const MAX_EVENTS_PER_BATCH = 50;
export const MAX_EVENTS_BODY_BYTES = 32 * 1024;

export const eventsBatchSchema = z.object({
  visitorId,
  events: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be a client event id (8–64 characters)"),
        type: z.enum(["impression", "click", "add", "decline"]),
        offerId: z.string().max(64).nullable(),
        productId: shopifyId,
        placement: z.enum(["product", "cart"]),
        token: z.string().max(64, "must be a tracking token"),
        at: z.number().int().positive(),
      }),
    )
    .min(1)
    .max(MAX_EVENTS_PER_BATCH),
});

export type EventsBatch = z.infer<typeof eventsBatchSchema>;

// The schema accepts exactly the event shape of the contract the widget is compiled against.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _eventsMatchContract: Same<EventsBatch["events"][number], StorefrontEvent> = true;

/** "context: Invalid option …; visitor_id: must be …" */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
}
