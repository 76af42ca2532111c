// The checkout discount settings as the server validates them: which other discounts Pairwise's
// offer and bundle discounts combine with (the automatic discount's combinesWith).
import { z } from "zod";

const flag = z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean());

export const discountSettingsSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    combinesWithOrder: flag,
    combinesWithProduct: flag,
    combinesWithShipping: flag,
  }),
  z.object({ intent: z.literal("sync") }),
]);
