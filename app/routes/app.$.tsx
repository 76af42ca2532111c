// Any other /app/... path: "not found" inside the admin's frame and navigation (the layout route
// app.tsx stays), after the same authentication as every admin page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { RouteError } from "../components/RouteError";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  throw new Response("Page not found", { status: 404 });
};

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <RouteError title="page" />;
}
