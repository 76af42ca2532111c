// The experiment form as the server validates it, and the stored shape of a variant's overrides.
// An offer experiment's variant differs from the offer in its copy (headline, text), its items
// (mined automatically or picked by hand), how many items it shows, its discount (granted at
// checkout by the discount function to the shoppers of that arm). A placement experiment's variant
// changes how many items the placement shows (product page, cart, checkout, thank-you page; the
// post-purchase page shows as many offers as Settings say per order, so it is not offered) and, on
// the product page, the layout the theme widget draws (grid or list: the blocks know a
// placement experiment's arms before their first paint, see services/storefront/storefront-facts).
// An offer's layout arm would show the block's own layout on a visitor's first view (the block
// cannot know which offer fills it before it asks), so the form offers layouts on placements only.
// (The stored overrides also know "show nothing"; serving honours it, the form does not offer it.)
// The first variant is the control: the offer or placement as it is.
import { z } from "zod";
import { GUARDRAILS, PRIMARY_METRICS } from "../../domain/experiments";
import { OFFER_LAYOUTS, type PlacementSetting } from "../../domain/offers/types";
import { PLACEMENTS, type Placement } from "../../domain/types";

/** The placements a placement experiment can run on: where the number of items shown is a setting. */
export const EXPERIMENT_PLACEMENTS = [
  "product",
  "cart",
  "checkout",
  "thank_you",
] as const satisfies readonly Placement[];
export type ExperimentPlacement = (typeof EXPERIMENT_PLACEMENTS)[number];
/**
 * Where a variant may change the layout: the product page's theme blocks. Not the cart: its drawer
 * (the app embed) always lists its items, so a layout arm would change the cart page only.
 */
export const LAYOUT_PLACEMENTS = ["product"] as const satisfies readonly ExperimentPlacement[];

const productIds = z.array(z.string().trim().min(1).max(255)).max(10, "10 products at most");

/** ExperimentVariant.config: what an arm changes of the offer (domain OfferOverrides). */
export const overridesSchema = z
  .object({
    headline: z.string().max(200).optional(),
    body: z.string().max(500).optional(),
    offerSource: z.enum(["manual", "recommended"]).optional(),
    offeredProductIds: productIds.optional(),
    maxSuggestions: z.number().int().min(1).max(4).optional(),
    discountType: z.enum(["none", "percent", "fixed"]).optional(),
    /** percent, or cents for fixed */
    discountValue: z.number().min(0).max(1_000_000).optional(),
    layout: z.enum(OFFER_LAYOUTS).optional(),
    hide: z.boolean().optional(),
  })
  .strict();
export type VariantOverrides = z.output<typeof overridesSchema>;

const placementSettingSchema = z
  .object({
    hide: z.boolean().optional(),
    maxSuggestions: z.number().int().min(1).max(4).optional(),
    layout: z.enum(OFFER_LAYOUTS).optional(),
  })
  .strict();
const placementSettingsSchema = z.partialRecord(z.enum(PLACEMENTS), placementSettingSchema);

/** Shop.placementSettings; anything unreadable counts as no setting. */
export function parsePlacementSettings(json: string | null | undefined): Partial<Record<Placement, PlacementSetting>> {
  try {
    const parsed = placementSettingsSchema.safeParse(JSON.parse(json ?? "{}"));
    return parsed.success ? (parsed.data as Partial<Record<Placement, PlacementSetting>>) : {};
  } catch {
    return {};
  }
}

/** A stored variant's overrides; anything unreadable counts as no change (the offer as it is). */
export function parseOverrides(json: string | null | undefined): VariantOverrides {
  try {
    const parsed = overridesSchema.safeParse(JSON.parse(json ?? "{}"));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

export const variantInputSchema = z
  .object({
    name: z.string().trim().min(1, "Name the variant").max(60, "60 characters at most"),
    weight: z.coerce.number().int("Whole percent").min(5, "At least 5 % of visitors").max(95, "At most 95 %"),
    headline: z.preprocess(blank, z.string().trim().max(200, "200 characters at most").optional()),
    body: z.preprocess(blank, z.string().trim().max(500, "500 characters at most").optional()),
    items: z.enum(["same", "recommended", "manual"]).default("same"),
    productIds: productIds.default([]),
    maxSuggestions: z.preprocess(
      blank,
      z.coerce.number().int().min(1, "1 to 4 items").max(4, "1 to 4 items").optional(),
    ),
    /** "same": the offer's own discount */
    discount: z.enum(["same", "none", "percent", "fixed"]).default("same"),
    /** percent (percent), or the shop's currency (fixed), as typed */
    discountValue: z.preprocess(blank, z.coerce.number({ message: "Enter a number" }).optional()),
    /** a placement's layout (product page, cart); "same": as the placement shows it now */
    layout: z.enum(["same", ...OFFER_LAYOUTS]).default("same"),
  })
  .superRefine((v, ctx) => {
    if (v.items === "manual" && v.productIds.length === 0)
      ctx.addIssue({ code: "custom", path: ["productIds"], message: "Pick the products this variant offers" });
    if (v.discount === "percent" && !(v.discountValue !== undefined && v.discountValue > 0 && v.discountValue <= 100))
      ctx.addIssue({ code: "custom", path: ["discountValue"], message: "A percentage from 0.01 to 100" });
    if (v.discount === "fixed" && !(v.discountValue !== undefined && v.discountValue > 0 && v.discountValue <= 10_000))
      ctx.addIssue({ code: "custom", path: ["discountValue"], message: "An amount from 0.01 to 10,000" });
  });

export const experimentInputSchema = z
  .object({
    name: z.string().trim().min(1, "Name the experiment").max(120, "120 characters at most"),
    /** what is tested: one offer, or everything one placement shows */
    target: z.enum(["offer", "placement"]).default("offer"),
    offerId: z.preprocess(blank, z.string().trim().max(64).optional()),
    placement: z.preprocess(
      blank,
      z
        .enum(EXPERIMENT_PLACEMENTS, { message: "Choose the product page, the cart, checkout or the thank-you page" })
        .optional(),
    ),
    metric: z.enum(PRIMARY_METRICS),
    guardrails: z.array(z.enum(GUARDRAILS)).max(GUARDRAILS.length).default([]),
    /** percent, relative to the control */
    minimumDetectableEffect: z.coerce
      .number({ message: "Enter a percentage" })
      .min(1, "At least 1 %")
      .max(100, "At most 100 %"),
    variants: z
      .array(variantInputSchema)
      .min(2, "An experiment has 2 to 4 variants")
      .max(4, "An experiment has 2 to 4 variants"),
  })
  .superRefine((e, ctx) => {
    const total = e.variants.reduce((s, v) => s + v.weight, 0);
    if (total !== 100)
      ctx.addIssue({ code: "custom", path: ["variants"], message: `The split must add up to 100 % (now ${total} %)` });
    if (new Set(e.variants.map((v) => v.name.toLowerCase())).size !== e.variants.length)
      ctx.addIssue({ code: "custom", path: ["variants"], message: "Give each variant its own name" });
    if (e.target === "offer" && !e.offerId)
      ctx.addIssue({ code: "custom", path: ["offerId"], message: "Choose the offer to test" });
    if (e.target === "placement" && !e.placement)
      ctx.addIssue({ code: "custom", path: ["placement"], message: "Choose the placement to test" });
    if (e.target === "placement")
      e.variants.forEach((v) => {
        if (v.headline || v.body || v.items !== "same" || v.discount !== "same")
          ctx.addIssue({
            code: "custom",
            path: ["variants"],
            message: `${v.name}: a placement's variants differ in how many items it shows and its layout; copy, items and discounts belong to an offer's experiment`,
          });
      });
    e.variants.forEach((v) => {
      if (
        v.layout !== "same" &&
        !(e.target === "placement" && (LAYOUT_PLACEMENTS as readonly string[]).includes(e.placement ?? ""))
      )
        ctx.addIssue({
          code: "custom",
          path: ["variants"],
          message: `${v.name}: layouts are tested on the product page, as a placement experiment`,
        });
    });
    e.variants.slice(1).forEach((v) => {
      if (Object.keys(overridesOf(v)).length === 0)
        ctx.addIssue({
          code: "custom",
          path: ["variants"],
          message:
            e.target === "placement"
              ? `${v.name} is the same as the control: choose how many items it shows or its layout`
              : `${v.name} is the same as the control: change its copy, items, item count or discount`,
        });
    });
  });
export type ExperimentInput = z.output<typeof experimentInputSchema>;

/** A form variant → what it changes of the offer (the control changes nothing). */
export function overridesOf(v: ExperimentInput["variants"][number]): VariantOverrides {
  const o: VariantOverrides = {};
  if (v.headline) o.headline = v.headline;
  if (v.body) o.body = v.body;
  if (v.items === "recommended") o.offerSource = "recommended";
  if (v.items === "manual") {
    o.offerSource = "manual";
    o.offeredProductIds = v.productIds;
  }
  if (v.maxSuggestions !== undefined) o.maxSuggestions = v.maxSuggestions;
  if (v.layout !== "same") o.layout = v.layout;
  if (v.discount !== "same") {
    o.discountType = v.discount;
    // percent as typed; a fixed amount in cents
    o.discountValue =
      v.discount === "none"
        ? 0
        : v.discount === "fixed"
          ? Math.round((v.discountValue ?? 0) * 100)
          : Math.round((v.discountValue ?? 0) * 100) / 100;
  }
  return o;
}

export const experimentActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("promote"), winner: z.string().min(1).max(20) }),
  z.object({ intent: z.literal("stop") }),
]);
