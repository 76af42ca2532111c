// The dashboard's period choice (days back from now).
import { z } from "zod";

export const PERIODS = [7, 30, 90, 365] as const;
export const periodSchema = z.coerce
  .number()
  .refine((n) => (PERIODS as readonly number[]).includes(n))
  .catch(30);
