// JSON product search over the shop's synced catalog, for the product picker outside Shopify admin.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { formatMoney } from "../lib/money";
import { searchProducts } from "../services/admin/offers.server";
import { shopMoneyFormat } from "../services/admin/settings.server";
import { authenticate } from "../shopify.server";

const querySchema = z.object({
  q: z.string().max(120).catch(""),
  limit: z.coerce.number().int().min(1).max(50).catch(25),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const { q, limit } = querySchema.parse({
    q: url.searchParams.get("q") ?? "",
    limit: url.searchParams.get("limit") ?? undefined,
  });
  const [products, moneyFormat] = await Promise.all([
    searchProducts(session.shop, q, limit),
    shopMoneyFormat(session.shop),
  ]);
  return Response.json({
    products: products.map((p) => ({ ...p, priceText: p.price == null ? null : formatMoney(p.price, moneyFormat) })),
  });
};
