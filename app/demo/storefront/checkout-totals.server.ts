// The demo checkout's lines and totals, computed the way Shopify's checkout computes them:
//  1. the real cart transform (extensions/pairwise-bundle) runs on the demo cart with the
//     configuration the demo shop's cart transform holds: a bundle shown as one line is merged
//     (one line per complete set, with the bundle's title and image, priced as its components);
//  2. the real discount function (extensions/pairwise-discount) runs on the lines that result,
//     with the rules the demo shop holds (the discount's metafield and each product's
//     `$app:pairwise.rules`, in the demo's stand-in of the Admin API, app/demo/admin-api.server.ts),
//     and its product discounts are allocated to the lines as Shopify allocates them.
// Both functions are bundled as Shopify CLI bundles them and run in QuickJS. The order reported
// to the app lists the components (as Shopify's orders list a merged bundle's components), each
// carrying its share of the saving. No discount active → no saving; no cart transform → no merge.
// One function for the demo checkout to call; it knows nothing of how the checkout page looks.
import db from "../../db.server";
import { allocateGrants, type Grant } from "../../domain/discounts";
import { DEMO_SHOP } from "../../lib/config.server";
import { bundleFunction, CART_TRANSFORM, DISCOUNT_FUNCTION, runInQuickJS } from "../../lib/shopify-function.server";
import type { RunInput, RunResult } from "../../../extensions/pairwise-discount/src/cart_lines_discounts_generate_run";
import type {
  RunInput as TransformInput,
  RunResult as TransformResult,
} from "../../../extensions/pairwise-bundle/src/cart_transform_run";
import { demoActiveDiscountConfig, demoCartTransformConfig, demoProductRules } from "../admin-api.server";
import type { CartJson } from "./cart.server";

/** A line of the checkout as the shopper sees it: a cart line (or what is left of it after merges), or a merged bundle. */
export interface CheckoutLineView {
  title: string;
  quantity: number;
  image: string | null;
  /** before discounts, cents */
  line_price: number;
  final_line_price: number;
  discount_titles: string[];
  offered: boolean;
  /** a bundle merged by the cart transform: its components, as "title × quantity" */
  components?: { title: string; quantity: number }[];
}

export type CheckoutCartJson = CartJson & { checkout_lines?: CheckoutLineView[] };

let discountBundle: Promise<string> | undefined;
let transformBundle: Promise<string> | undefined;

const itemLineId = (i: number) => `gid://shopify/CartLine/${i + 1}`;
const mergedLineId = (k: number) => `gid://shopify/CartLine/bundle-${k + 1}`;

interface Merge {
  title: string;
  image: string | null;
  parentVariantId: string;
  parentProductId: string;
  parts: { item: number; quantity: number }[];
}

/** The cart transform's merges of the cart's lines (none when the shop has no cart transform). */
async function mergesOf(cart: CartJson): Promise<Merge[]> {
  const config = demoCartTransformConfig();
  if (!config) return [];
  const input: TransformInput = {
    cart: {
      lines: cart.items.map((item, i) => ({
        id: itemLineId(i),
        quantity: item.quantity,
        merchandise: {
          __typename: "ProductVariant" as const,
          id: `gid://shopify/ProductVariant/${item.variant_id}`,
          product: { id: `gid://shopify/Product/${item.product_id}` },
        },
      })),
    },
    cartTransform: { config: { jsonValue: config } },
  };
  const { output } = await runInQuickJS<TransformResult>(
    await (transformBundle ??= bundleFunction(CART_TRANSFORM)),
    CART_TRANSFORM.exportName,
    input,
  );
  const merges = output.operations.flatMap((op) => ("linesMerge" in op ? [op.linesMerge] : []));
  if (merges.length === 0) return [];
  const parents = await db.variant.findMany({
    where: {
      shop: DEMO_SHOP,
      shopifyId: {
        in: [...new Set(merges.map((m) => m.parentVariantId.slice(m.parentVariantId.lastIndexOf("/") + 1)))],
      },
    },
    select: { shopifyId: true, product: { select: { shopifyId: true } } },
  });
  const productOf = new Map(parents.map((v) => [v.shopifyId, v.product.shopifyId]));
  return merges.flatMap((m) => {
    const variant = m.parentVariantId.slice(m.parentVariantId.lastIndexOf("/") + 1);
    const product = productOf.get(variant);
    if (!product) return [];
    return [
      {
        title: m.title,
        image: m.image?.url ?? null,
        parentVariantId: variant,
        parentProductId: product,
        parts: m.cartLines.map((l) => ({
          item: Number(l.cartLineId.slice(l.cartLineId.lastIndexOf("/") + 1)) - 1,
          quantity: l.quantity,
        })),
      },
    ];
  });
}

/** The cart with the cart transform's merged lines and the discount function's savings applied to its lines and totals. */
export async function applyCheckoutDiscounts(cart: CartJson): Promise<CheckoutCartJson> {
  if (cart.items.length === 0) return cart;
  const merges = await mergesOf(cart);
  const left = cart.items.map((item) => item.quantity);
  for (const m of merges) for (const p of m.parts) left[p.item] -= p.quantity;

  // the checkout's lines: what is left of each cart line, then the merged bundles
  const lines = [
    ...cart.items.flatMap((item, i) =>
      left[i] > 0
        ? [
            {
              id: itemLineId(i),
              item: i,
              merge: -1,
              quantity: left[i],
              unitPrice: item.price,
              variantId: String(item.variant_id),
              productId: String(item.product_id),
              offer: item.properties._pairwise ?? null,
            },
          ]
        : [],
    ),
    ...merges.map((m, k) => ({
      id: mergedLineId(k),
      item: -1,
      merge: k,
      quantity: 1,
      unitPrice: m.parts.reduce((s, p) => s + cart.items[p.item].price * p.quantity, 0),
      variantId: m.parentVariantId,
      productId: m.parentProductId,
      offer: null as string | null,
    })),
  ];

  let grants: Grant[] = [];
  const config = demoActiveDiscountConfig();
  if (config) {
    const input: RunInput = {
      cart: {
        v: cart.attributes?._pairwise_visitor ? { value: cart.attributes._pairwise_visitor } : null,
        cost: { subtotalAmount: { amount: (cart.items_subtotal_price / 100).toFixed(2) } },
        lines: lines.map((l) => {
          const rules = demoProductRules(`gid://shopify/Product/${l.productId}`);
          const variantRules = demoProductRules(`gid://shopify/ProductVariant/${l.variantId}`);
          return {
            id: l.id,
            q: l.quantity,
            a: l.offer ? { value: l.offer } : null,
            m: { r: variantRules ? { jsonValue: variantRules } : null, p: { r: rules ? { jsonValue: rules } : null } },
          };
        }),
      },
      discount: { discountClasses: ["PRODUCT"], config: { jsonValue: config } },
      presentmentCurrencyRate: "1.0",
    };
    const { output } = await runInQuickJS<RunResult>(
      await (discountBundle ??= bundleFunction(DISCOUNT_FUNCTION)),
      DISCOUNT_FUNCTION.exportName,
      input,
    );
    grants = output.operations.flatMap((op) =>
      op.productDiscountsAdd.candidates.map((c) => ({
        kind: "offer" as const,
        ref: "",
        message: c.message,
        targets: c.targets.map((t) => ({ lineId: t.cartLine.id, quantity: t.cartLine.quantity })),
        value:
          "percentage" in c.value
            ? { percent: Number(c.value.percentage.value) }
            : { fixed: Math.round(Number(c.value.fixedAmount.amount) * 100) },
      })),
    );
  }
  const amounts = allocateGrants(lines, grants);
  const titlesOf = (lineId: string) =>
    grants.filter((g) => g.targets.some((t) => t.lineId === lineId)).map((g) => g.message);

  // each cart line's share: its own line's discount, plus its share of the merged lines it is part of (by price)
  const itemDiscount = cart.items.map(() => 0);
  const itemTitles = cart.items.map(() => new Set<string>());
  for (const l of lines) {
    const amount = amounts.get(l.id) ?? 0;
    if (amount <= 0) continue;
    if (l.item >= 0) {
      itemDiscount[l.item] += amount;
      titlesOf(l.id).forEach((t) => itemTitles[l.item].add(t));
      continue;
    }
    const parts = merges[l.merge].parts;
    let given = 0;
    parts.forEach((p, n) => {
      const share =
        n === parts.length - 1
          ? amount - given
          : Math.round((amount * cart.items[p.item].price * p.quantity) / l.unitPrice);
      given += share;
      itemDiscount[p.item] += share;
      titlesOf(l.id).forEach((t) => itemTitles[p.item].add(t));
    });
  }
  const items = cart.items.map((item, i) => {
    const discount = Math.min(itemDiscount[i], item.line_price);
    if (discount <= 0) return item;
    const titles = [...itemTitles[i]];
    const final = item.line_price - discount;
    return {
      ...item,
      total_discount: discount,
      // one allocation per discount on the line, summing exactly to the line's discount
      discounts: titles.map((title, k) => ({
        amount:
          k < titles.length - 1
            ? Math.round(discount / titles.length)
            : discount - Math.round(discount / titles.length) * (titles.length - 1),
        title,
      })),
      line_level_total_discount: discount,
      final_line_price: final,
      final_price: Math.round(final / item.quantity),
      discounted_price: Math.round(final / item.quantity),
    };
  });
  const checkoutLines: CheckoutLineView[] = lines.map((l) => {
    const price = l.unitPrice * l.quantity;
    const discount = Math.min(amounts.get(l.id) ?? 0, price);
    if (l.item >= 0) {
      const item = cart.items[l.item];
      return {
        title: item.title,
        quantity: l.quantity,
        image: item.image ?? null,
        line_price: price,
        final_line_price: price - discount,
        discount_titles: titlesOf(l.id),
        offered: "_pairwise" in item.properties,
      };
    }
    const m = merges[l.merge];
    return {
      title: m.title,
      quantity: 1,
      image: m.image,
      line_price: price,
      final_line_price: price - discount,
      discount_titles: titlesOf(l.id),
      offered: false,
      components: m.parts.map((p) => ({ title: cart.items[p.item].title, quantity: p.quantity })),
    };
  });
  const totalDiscount = items.reduce((s, i) => s + i.total_discount, 0);
  return {
    ...cart,
    items,
    total_discount: totalDiscount,
    total_price: cart.original_total_price - totalDiscount,
    checkout_lines: checkoutLines,
  };
}
