// The Customers page's inputs as the server validates them: the follow-up rules form and the
// list's query string. The minimum probability arrives as a percent (2 = 2 %).
import { z } from "zod";

const int = (min: number, max: number, what: string) =>
  z.coerce
    .number({ message: "Enter a number" })
    .int("Use a whole number")
    .min(min, `${what} is at least ${min}`)
    .max(max, `${what} is at most ${max}`);

export const followUpRulesSchema = z.object({
  maxOffers: int(1, 10, "Offers per customer"),
  minProbabilityPercent: z.coerce
    .number({ message: "Enter a number" })
    .refine((n) => Number.isFinite(n) && n >= 0 && n <= 100, "The minimum probability is between 0% and 100%"),
  horizonDays: z.coerce
    .number({ message: "Choose a horizon" })
    .refine((n) => n === 30 || n === 60, "The horizon is 30 or 60 days"),
  contactCap: int(0, 30, "The contact cap"),
  contactPeriodDays: int(1, 365, "The period"),
  quietDaysAfterRefund: int(0, 365, "The quiet time"),
  holdoutPercent: int(0, 50, "The holdout"),
  attributionDays: int(1, 90, "The attribution window"),
  discountPercent: int(0, 50, "The follow-up discount"),
});

export type FollowUpRulesInput = z.infer<typeof followUpRulesSchema>;

export const customersQuerySchema = z.object({
  status: z.enum(["all", "due", "upcoming", "holdout"]).catch("all"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
