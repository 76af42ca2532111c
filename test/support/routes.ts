// Calling the app's Remix loaders and actions the way the server does, and the catalog rows the
// route tests start from. A loader's thrown Response (redirects, 4xx) is an answer like a returned
// one; a plain value (what `json()` does not wrap) counts as a 200.
import { adminRequest, routeArgs, SHOP_A } from "./shopify";

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface RouteAnswer {
  status: number;
  /** the parsed JSON body ({ text } when it is not JSON, {} when empty) */
  body: Json;
  location: string | null;
  headers: Headers;
}

/** Runs a loader or action and reads its answer, thrown or returned. */
export async function callRoute(fn: () => Promise<unknown>): Promise<RouteAnswer> {
  let result: unknown;
  try {
    result = await fn();
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    result = thrown;
  }
  if (!(result instanceof Response))
    return { status: 200, body: result as Json, location: null, headers: new Headers() };
  return {
    status: result.status,
    body: await readJsonBody(result),
    location: result.headers.get("Location"),
    headers: result.headers,
  };
}

/** A response's body as JSON: { text } when it is not JSON, {} when empty. */
export async function readJsonBody(response: Response): Promise<Json> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { text };
  }
}

/** An admin route's loader (GET) or action (POST with `json`), under a signed session token of `shop` (SHOP_A by default). */
export async function callAdminRoute(
  route: { loader?: unknown; action?: unknown },
  kind: "loader" | "action",
  path: string,
  init: { shop?: string; json?: unknown } = {},
  params: Record<string, string> = {},
): Promise<RouteAnswer> {
  const request = await adminRequest(path, {
    shop: init.shop ?? SHOP_A,
    json: init.json,
    method: init.json === undefined ? "GET" : "POST",
  });
  const fn = route[kind] as (args: ReturnType<typeof routeArgs>) => Promise<unknown>;
  return callRoute(() => fn(routeArgs(request, params)));
}

/**
 * A product of the "Gear" type with one variant (id `9<id>`): in stock (50 unless `stock` says),
 * its unit cost half its price unless `cost` says (null: not known).
 */
export async function catalogProduct(
  shop: string,
  id: string,
  title: string,
  price: number,
  options: { stock?: number; cost?: number | null; imageUrl?: string } = {},
): Promise<void> {
  const { default: db } = await import("../../app/db.server");
  const product = await db.product.create({
    data: {
      shop,
      shopifyId: id,
      title,
      handle: title.toLowerCase().replace(/\W+/g, "-"),
      productType: "Gear",
      ...(options.imageUrl ? { imageUrl: options.imageUrl } : {}),
    },
  });
  await db.variant.create({
    data: {
      shop,
      shopifyId: `9${id}`,
      productId: product.id,
      price,
      inventoryQuantity: options.stock ?? 50,
      cost: options.cost === undefined ? Math.round(price / 2) : options.cost,
    },
  });
}
