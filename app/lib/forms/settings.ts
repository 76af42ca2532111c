// The settings form as the server validates it. Rates arrive as fractions (0.15), the
// free-shipping threshold in the shop's major unit.
import { z } from "zod";
import { MAX_POST_PURCHASE_LIMIT } from "../../domain/offers/post-purchase";
import { FREQUENCY_CAP } from "../../domain/settings";
import { MAX_SUGGESTIONS_LIMIT } from "./offer";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const num = (min: number, max: number, what: string) =>
  z.coerce
    .number({ message: "Enter a number" })
    .refine((n) => Number.isFinite(n) && n >= min && n <= max, `${what} is between ${min} and ${max}`);
const int = (min: number, max: number, what: string) =>
  z.coerce
    .number({ message: "Enter a number" })
    .int("Use a whole number")
    .min(min, `${what} is at least ${min}`)
    .max(max, `${what} is at most ${max}`);
const list = z.preprocess(
  (v) => (typeof v === "string" ? (v === "" ? [] : v.split(",")) : v),
  z.array(z.string().trim().min(1).max(255)).max(500, "At most 500"),
);

export const settingsInputSchema = z.object({
  relevanceThreshold: num(0, 1, "The relevance threshold"),
  maxSuggestions: int(1, MAX_SUGGESTIONS_LIMIT, "Suggestions"),
  lowStockThreshold: int(0, 10_000, "The low-stock threshold"),
  marginPreference: num(0, 1, "Margin preference"),
  frequencyCapPerDay: int(FREQUENCY_CAP.min, FREQUENCY_CAP.max, "The frequency cap"),
  holdoutPercent: int(0, 50, "The holdout"),
  excludedProductIds: list.default([]),
  excludedTags: list.default([]),
  freeShippingThreshold: z.preprocess(
    blankToUndefined,
    z.coerce.number({ message: "Enter an amount" }).min(0, "Cannot be negative").max(1_000_000, "Too large").optional(),
  ),
  // sent as a fraction, typed as a percent: the message speaks of percent
  highReturnRate: z.coerce
    .number({ message: "Enter a number" })
    .refine((n) => Number.isFinite(n) && n >= 0 && n <= 1, "The high return rate is between 0% and 100%"),
  /** post-purchase offers per order; left unchanged when absent */
  postPurchaseLimit: z.preprocess(
    blankToUndefined,
    int(0, MAX_POST_PURCHASE_LIMIT, "Post-purchase offers per order").optional(),
  ),
});
export type SettingsInput = z.output<typeof settingsInputSchema>;
export const SETTINGS_LIST_KEYS = ["excludedProductIds", "excludedTags"] as const;
