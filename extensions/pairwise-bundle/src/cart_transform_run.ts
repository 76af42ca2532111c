// The cart transform's entry: Shopify's input mapped to plain data, app/domain/discounts plans
// the merged and expanded bundle lines, and the plan becomes 2026-10 operations.
import { planBundleLines, type TransformConfig } from "../../../app/domain/discounts";

export interface RunInput {
  cart: {
    lines: {
      id: string;
      quantity: number;
      merchandise:
        { __typename: "ProductVariant"; id: string; product: { id: string } } | { __typename: "CustomProduct" };
    }[];
  };
  cartTransform: { config: { jsonValue: unknown } | null };
}

type Operation =
  | {
      linesMerge: {
        parentVariantId: string;
        title: string;
        image?: { url: string };
        cartLines: { cartLineId: string; quantity: number }[];
      };
    }
  | {
      lineExpand: {
        cartLineId: string;
        title: string;
        image?: { url: string };
        expandedCartItems: { merchandiseId: string; quantity: number }[];
      };
    };

export interface RunResult {
  operations: Operation[];
}

const numericId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);
const variantGid = (id: string) => `gid://shopify/ProductVariant/${id}`;

function isConfig(value: unknown): value is TransformConfig {
  const c = value as TransformConfig | null;
  return !!c && c.v === 2 && Array.isArray(c.p) && Array.isArray(c.b);
}

export function cartTransformRun(input: RunInput): RunResult {
  const config = input.cartTransform.config?.jsonValue;
  if (!isConfig(config)) return { operations: [] };
  const lines = input.cart.lines.flatMap((l) =>
    l.merchandise.__typename === "ProductVariant"
      ? [
          {
            id: l.id,
            quantity: l.quantity,
            variantId: numericId(l.merchandise.id),
            productId: numericId(l.merchandise.product.id),
          },
        ]
      : [],
  );
  const plan = planBundleLines(lines, config);
  const operations: Operation[] = [
    ...plan.expands.map((e) => ({
      lineExpand: {
        cartLineId: e.cartLineId,
        title: e.title,
        ...(e.imageUrl ? { image: { url: e.imageUrl } } : {}),
        expandedCartItems: e.items.map((i) => ({ merchandiseId: variantGid(i.variantId), quantity: i.quantity })),
      },
    })),
    ...plan.merges.map((m) => ({
      linesMerge: {
        parentVariantId: variantGid(m.parentVariantId),
        title: m.title,
        ...(m.imageUrl ? { image: { url: m.imageUrl } } : {}),
        cartLines: m.cartLines,
      },
    })),
  ];
  return { operations };
}
