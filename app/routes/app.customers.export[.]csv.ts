// CSV export of the planned follow-ups (one row per customer and offer), for e-mail tools that
// import lists. Authenticated like every admin request; only the shop's own rows.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { followUpsCsv } from "../services/admin/customers.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const csv = await followUpsCsv(session.shop);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="pairwise-follow-ups.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
