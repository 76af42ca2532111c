// The preview's stand-in for Shopify's Ajax Cart API (/cart.js, /cart/add.js, /cart/change.js,
// /cart/update.js, /cart/clear.js): one cart per browser (cookie `cart`), in memory, priced from
// the demo shop's catalog, answering in Shopify's response shapes.
import { createHash, randomUUID } from "node:crypto";
import type { StoreCatalog } from "./catalog.server";

export interface CartLineState {
  key: string;
  variantId: string;
  quantity: number;
  properties: Record<string, string>;
}

export interface CartState {
  token: string;
  note: string;
  attributes: Record<string, string>;
  lines: CartLineState[];
}

export class CartError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
  body() {
    return { status: this.status, message: "Cart Error", description: this.description };
  }
}

const MAX_CARTS = 10_000;
const carts = new Map<string, CartState>();

export function getCart(token: string | null): CartState {
  const found = token ? carts.get(token) : undefined;
  if (found) return found;
  const cart: CartState = {
    token: token && /^[\w-]{8,64}$/.test(token) ? token : randomUUID(),
    note: "",
    attributes: {},
    lines: [],
  };
  if (carts.size >= MAX_CARTS) carts.delete(carts.keys().next().value!);
  carts.set(cart.token, cart);
  return cart;
}

function lineKey(variantId: string, properties: Record<string, string>): string {
  const props = JSON.stringify(Object.entries(properties).sort(([a], [b]) => a.localeCompare(b)));
  return `${variantId}:${createHash("md5").update(props).digest("hex")}`;
}

function cleanProperties(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== "object") return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (v != null && v !== "") out[k] = String(v);
  return out;
}

export interface AddItem {
  id: unknown;
  quantity?: unknown;
  properties?: unknown;
}

/** POST /cart/add.js: adds the items (same variant and properties → same line); returns the touched lines. */
export function addItems(cart: CartState, catalog: StoreCatalog, items: AddItem[]): CartLineState[] {
  if (!items.length)
    throw new CartError(422, "Parameter Missing or Invalid: Required parameter missing or invalid: items");
  const planned = items.map((item) => {
    const variantId = String(item.id ?? "");
    const found = catalog.byVariant.get(variantId);
    if (!found) throw new CartError(404, "Cannot find variant");
    if (!found.variant.available) throw new CartError(422, `The product '${found.product.title}' is already sold out.`);
    const quantity = item.quantity === undefined ? 1 : Math.floor(Number(item.quantity));
    if (!Number.isFinite(quantity) || quantity < 1) throw new CartError(422, "Quantity must be at least 1");
    return { variantId, quantity, properties: cleanProperties(item.properties) };
  });
  const touched: CartLineState[] = [];
  for (const p of planned) {
    const key = lineKey(p.variantId, p.properties);
    let line = cart.lines.find((l) => l.key === key);
    if (line) line.quantity += p.quantity;
    else cart.lines.push((line = { key, ...p }));
    if (!touched.includes(line)) touched.push(line);
  }
  return touched;
}

/** POST /cart/change.js: `id` (line key or variant id) or `line` (1-based), new quantity. */
export function changeLine(
  cart: CartState,
  body: { id?: unknown; line?: unknown; quantity?: unknown; properties?: unknown },
): void {
  let index = -1;
  if (body.line !== undefined) index = Number(body.line) - 1;
  else if (body.id !== undefined) {
    const id = String(body.id);
    index = cart.lines.findIndex((l) => l.key === id || l.variantId === id);
  }
  const line = cart.lines[index];
  if (!line) throw new CartError(400, "no valid id or line parameter");
  if (body.properties !== undefined) line.properties = cleanProperties(body.properties);
  if (body.quantity !== undefined) {
    const q = Math.floor(Number(body.quantity));
    if (!Number.isFinite(q) || q < 0) throw new CartError(422, "Quantity must be a number");
    if (q === 0) cart.lines.splice(index, 1);
    else line.quantity = q;
  }
}

/** POST /cart/update.js: attributes (empty value removes), note, updates {variantOrKey: qty}. */
export function updateCart(cart: CartState, body: { attributes?: unknown; note?: unknown; updates?: unknown }): void {
  if (body.attributes && typeof body.attributes === "object") {
    for (const [k, v] of Object.entries(body.attributes as Record<string, unknown>)) {
      if (v == null || v === "") delete cart.attributes[k];
      else cart.attributes[k] = String(v);
    }
  }
  if (typeof body.note === "string") cart.note = body.note;
  if (body.updates && typeof body.updates === "object") {
    for (const [id, qty] of Object.entries(body.updates as Record<string, unknown>)) {
      const index = cart.lines.findIndex((l) => l.key === id || l.variantId === id);
      if (index >= 0) changeLine(cart, { line: index + 1, quantity: qty });
    }
  }
}

export function clearCart(cart: CartState): void {
  cart.lines = [];
}

/** Clears everything after checkout (a new cart starts without attributes). */
export function resetCart(cart: CartState): void {
  cart.lines = [];
  cart.attributes = {};
  cart.note = "";
}

export function lineJson(line: CartLineState, catalog: StoreCatalog) {
  const found = catalog.byVariant.get(line.variantId);
  if (!found) return null;
  const { product, variant } = found;
  const defaultOnly = product.variants.length === 1 && variant.title === "Default Title";
  const image = product.imageUrl;
  return {
    id: Number(variant.id),
    properties: line.properties,
    quantity: line.quantity,
    variant_id: Number(variant.id),
    key: line.key,
    title: defaultOnly ? product.title : `${product.title} - ${variant.title}`,
    price: variant.price,
    original_price: variant.price,
    discounted_price: variant.price,
    line_price: variant.price * line.quantity,
    original_line_price: variant.price * line.quantity,
    final_price: variant.price,
    final_line_price: variant.price * line.quantity,
    total_discount: 0,
    discounts: [] as { amount: number; title: string }[],
    sku: variant.sku,
    grams: 0,
    vendor: product.vendor,
    taxable: true,
    product_id: Number(product.id),
    product_has_only_default_variant: defaultOnly,
    gift_card: false,
    url: `/products/${product.handle}?variant=${variant.id}`,
    featured_image: image ? { url: image, alt: product.title, aspect_ratio: 1, width: 800, height: 800 } : null,
    image,
    handle: product.handle,
    requires_shipping: true,
    product_type: product.productType,
    product_title: product.title,
    product_description: "",
    variant_title: defaultOnly ? null : variant.title,
    variant_options: [variant.title],
    options_with_values: [{ name: product.optionName ?? "Title", value: variant.title }],
    line_level_discount_allocations: [],
    line_level_total_discount: 0,
  };
}

export type CartLineJson = NonNullable<ReturnType<typeof lineJson>>;

/** GET /cart.js */
export function cartJson(cart: CartState, catalog: StoreCatalog) {
  const items = cart.lines.map((l) => lineJson(l, catalog)).filter((l): l is CartLineJson => l !== null);
  const total = items.reduce((s, i) => s + i.line_price, 0);
  return {
    token: cart.token,
    note: cart.note,
    attributes: { ...cart.attributes },
    original_total_price: total,
    total_price: total,
    total_discount: 0,
    total_weight: 0,
    item_count: items.reduce((s, i) => s + i.quantity, 0),
    items,
    requires_shipping: items.length > 0,
    currency: catalog.shop.currency,
    items_subtotal_price: total,
    cart_level_discount_applications: [],
  };
}

export type CartJson = ReturnType<typeof cartJson>;
