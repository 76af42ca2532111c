// JSON: what an offer "recommended automatically" would show next to the chosen trigger products
// (the offer form's live preview).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recommendedFor } from "../services/admin/offers.server";
import { authenticate } from "../shopify.server";

const querySchema = z.object({
  products: z
    .string()
    .max(2000)
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean)
        .slice(0, 50),
    ),
  type: z.enum(["cross_sell", "upsell"]).catch("cross_sell"),
  minLift: z
    .preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.number().min(0).max(1000).optional())
    .catch(undefined),
  limit: z.coerce.number().int().min(1).max(4).catch(3),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = querySchema.safeParse({ products: "", ...params });
  if (!parsed.success) return Response.json({ error: "Invalid query" }, { status: 400 });
  const { products, type, minLift, limit } = parsed.data;
  return Response.json({ products: await recommendedFor(session.shop, products, type, minLift ?? null, limit) });
};
