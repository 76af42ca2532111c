// The demo checkout's totals, computed the way Shopify's checkout computes them: the real
// discount function (extensions/pairwise-discount, bundled as Shopify CLI bundles it) runs in
// QuickJS on the demo cart, with the configuration the demo shop's Pairwise discount holds (the
// demo's stand-in of the Admin API, app/demo/admin-api.server.ts), and its product discounts are
// allocated to the lines as Shopify allocates them. No discount is active → no saving.
// One function for the demo checkout to call; it knows nothing of how the checkout page looks.
import db from "../../db.server";
import { allocateGrants, type Grant } from "../../domain/discounts";
import { DEMO_SHOP } from "../../lib/config.server";
import { bundleFunction, DISCOUNT_FUNCTION, runInQuickJS } from "../../lib/shopify-function.server";
import { parseList } from "../../services/store-mapping.server";
import type { RunInput, RunResult } from "../../../extensions/pairwise-discount/src/cart_lines_discounts_generate_run";
import { demoActiveDiscountConfig, demoActiveDiscountVariables } from "../admin-api.server";
import type { CartJson } from "./cart.server";

let bundle: Promise<string> | undefined;

/** The cart with the discount function's savings applied to its lines and totals. */
export async function applyCheckoutDiscounts(cart: CartJson): Promise<CartJson> {
  const config = demoActiveDiscountConfig();
  if (!config || cart.items.length === 0) return cart;
  const variables = (demoActiveDiscountVariables() ?? { tags: [], collectionIds: [] }) as { tags: string[]; collectionIds: string[] };
  const products = await db.product.findMany({
    where: { shop: DEMO_SHOP, shopifyId: { in: [...new Set(cart.items.map((i) => String(i.product_id)))] } },
    select: { shopifyId: true, productType: true, tags: true, collections: true },
  });
  const facts = new Map(products.map((p) => [p.shopifyId, { productType: p.productType, tags: parseList(p.tags).map((t) => t.toLowerCase()), collections: parseList(p.collections) }]));
  const lineId = (i: number) => `gid://shopify/CartLine/${i + 1}`;
  const input: RunInput = {
    cart: {
      cost: { subtotalAmount: { amount: (cart.items_subtotal_price / 100).toFixed(2) } },
      lines: cart.items.map((item, i) => {
        const f = facts.get(String(item.product_id));
        return {
          id: lineId(i),
          quantity: item.quantity,
          offer: item.properties._pairwise ? { value: item.properties._pairwise } : null,
          merchandise: {
            __typename: "ProductVariant" as const,
            id: `gid://shopify/ProductVariant/${item.variant_id}`,
            product: {
              id: `gid://shopify/Product/${item.product_id}`,
              productType: f?.productType ?? null,
              hasTags: variables.tags.map((tag) => ({ tag, hasTag: !!f?.tags.includes(tag.toLowerCase()) })),
              inCollections: variables.collectionIds.map((collectionId) => ({
                collectionId,
                isMember: !!f?.collections.some((c) => collectionId.endsWith(`/${c.replace(/^gid:\/\/shopify\/Collection\//, "")}`)),
              })),
            },
          },
        };
      }),
    },
    discount: { discountClasses: ["PRODUCT"], config: { jsonValue: config } },
    presentmentCurrencyRate: "1.0",
  };
  const { output } = await runInQuickJS<RunResult>(await (bundle ??= bundleFunction(DISCOUNT_FUNCTION)), DISCOUNT_FUNCTION.exportName, input);
  const grants: Grant[] = output.operations.flatMap((op) =>
    op.productDiscountsAdd.candidates.map((c) => ({
      kind: "offer" as const,
      ref: "",
      message: c.message,
      targets: c.targets.map((t) => ({ lineId: t.cartLine.id, quantity: t.cartLine.quantity })),
      value: "percentage" in c.value ? { percent: Number(c.value.percentage.value) } : { fixed: Math.round(Number(c.value.fixedAmount.amount) * 100) },
    })),
  );
  const amounts = allocateGrants(
    cart.items.map((item, i) => ({ id: lineId(i), quantity: item.quantity, unitPrice: item.price })),
    grants,
  );
  const items = cart.items.map((item, i) => {
    const discount = amounts.get(lineId(i)) ?? 0;
    if (discount <= 0) return item;
    const titles = grants.filter((g) => g.targets.some((t) => t.lineId === lineId(i))).map((g) => g.message);
    const final = item.line_price - discount;
    return {
      ...item,
      total_discount: discount,
      // one allocation per discount on the line, summing exactly to the line's discount
      discounts: titles.map((title, k) => ({ amount: k < titles.length - 1 ? Math.round(discount / titles.length) : discount - Math.round(discount / titles.length) * (titles.length - 1), title })),
      line_level_total_discount: discount,
      final_line_price: final,
      final_price: Math.round(final / item.quantity),
      discounted_price: Math.round(final / item.quantity),
    };
  });
  const totalDiscount = items.reduce((s, i) => s + i.total_discount, 0);
  return { ...cart, items, total_discount: totalDiscount, total_price: cart.original_total_price - totalDiscount };
}
