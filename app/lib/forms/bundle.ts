// The bundle form as the server validates it: 2–6 components with quantities, and a discount on
// the whole bundle (percent, or a fixed amount in the shop's major unit), and how it shows in the
// cart: as its component lines, or merged into one bundle line (Shopify needs a product standing
// for the bundle for that: `mergedProductId`).
import { z } from "zod";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

export const bundleInputSchema = z
  .object({
    title: z.string().trim().min(1, "Give the bundle a title").max(120, "Keep the title under 120 characters"),
    source: z.enum(["manual", "mined"]).default("manual"),
    discountType: z.enum(["none", "percent", "fixed"]),
    discountValue: z.preprocess(blankToUndefined, z.coerce.number({ message: "Enter a number" }).optional()),
    components: z
      .array(
        z.object({
          productId: z.string().trim().min(1).max(255),
          quantity: z.coerce.number().int("Use whole units").min(1, "At least 1").max(99, "99 at most"),
        }),
      )
      .min(2, "A bundle has at least 2 products")
      .max(6, "A bundle has at most 6 products")
      .refine(
        (c) => new Set(c.map((x) => x.productId)).size === c.length,
        "Each product appears once; raise its quantity instead",
      ),
    presentation: z.enum(["components", "merged"]).default("components"),
    mergedProductId: z.preprocess(blankToUndefined, z.string().trim().max(255).optional()),
  })
  .superRefine((b, ctx) => {
    if (b.discountType === "percent" && (b.discountValue == null || b.discountValue <= 0 || b.discountValue > 100))
      ctx.addIssue({ code: "custom", path: ["discountValue"], message: "A percent discount is between 0 and 100" });
    if (b.discountType === "fixed" && (b.discountValue == null || b.discountValue <= 0))
      ctx.addIssue({ code: "custom", path: ["discountValue"], message: "Enter the amount taken off the bundle" });
    if (b.presentation === "merged" && !b.mergedProductId)
      ctx.addIssue({
        code: "custom",
        path: ["mergedProductId"],
        message: "Choose the product that stands for the bundle in the cart",
      });
    if (b.presentation === "merged" && b.mergedProductId && b.components.some((c) => c.productId === b.mergedProductId))
      ctx.addIssue({
        code: "custom",
        path: ["mergedProductId"],
        message: "The bundle product cannot be one of its components",
      });
  });
export type BundleInput = z.output<typeof bundleInputSchema>;

export const bundleActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), bundle: z.unknown() }),
  z.object({ intent: z.literal("update"), id: z.string().min(1).max(64), bundle: z.unknown() }),
  z.object({ intent: z.literal("activate"), id: z.string().min(1) }),
  z.object({ intent: z.literal("pause"), id: z.string().min(1) }),
  z.object({ intent: z.literal("delete"), id: z.string().min(1) }),
]);
