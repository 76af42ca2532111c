// The discount function's entry: Shopify's input (the query in the .graphql beside this file) is
// mapped to plain data, app/domain/discounts decides, and the grants become product discount
// candidates. Pure: no I/O, no clock; the same input always gives the same output.
import {
  grantDiscounts,
  lineRules,
  readRules,
  type CheckoutCart,
  type FunctionConfig,
} from "../../../app/domain/discounts";

export interface RunInput {
  cart: {
    /** the cart attribute `_pairwise_visitor` (absent in inputs written before discount experiments) */
    v?: { value: string | null } | null;
    cost: { subtotalAmount: { amount: string } };
    lines: {
      id: string;
      q: number;
      a: { value: string | null } | null;
      /** a ProductVariant (its rules and its product's); `{}` for a custom product */
      m: { r?: { jsonValue: unknown } | null; p?: { r: { jsonValue: unknown } | null } };
    }[];
  };
  discount: { discountClasses: string[]; config: { jsonValue: unknown } | null };
  presentmentCurrencyRate: string;
}

type Value = { percentage: { value: string } } | { fixedAmount: { amount: string; appliesToEachItem: boolean } };

export interface RunResult {
  operations: {
    productDiscountsAdd: {
      selectionStrategy: "ALL";
      candidates: { message: string; targets: { cartLine: { id: string; quantity: number } }[]; value: Value }[];
    };
  }[];
}

/** Decimal string with at most two decimals, no trailing zeros ("10", "12.5", "3.33"). */
function decimal(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function isConfig(value: unknown): value is FunctionConfig {
  const c = value as FunctionConfig | null;
  return !!c && c.v === 2 && typeof c.m === "string";
}

export function cartLinesDiscountsGenerateRun(input: RunInput): RunResult {
  const config = input.discount.config?.jsonValue;
  if (!input.discount.discountClasses.includes("PRODUCT") || !isConfig(config)) return { operations: [] };
  const rate = Number(input.presentmentCurrencyRate) || 1;
  const cart: CheckoutCart = {
    // the subtotal arrives in the buyer's currency; the rules are in the shop's
    subtotal: Math.round((Number(input.cart.cost.subtotalAmount.amount) * 100) / rate),
    visitorId: input.cart.v?.value ?? null,
    lines: input.cart.lines.flatMap((line) => {
      const m = line.m;
      if (!m.p) return [];
      return [
        {
          id: line.id,
          quantity: line.q,
          offerId: line.a?.value ?? null,
          rules: lineRules(m.p.r ? readRules(m.p.r.jsonValue) : null, m.r ? readRules(m.r.jsonValue) : null),
        },
      ];
    }),
  };
  const grants = grantDiscounts(cart, config);
  if (grants.length === 0) return { operations: [] };
  return {
    operations: [
      {
        productDiscountsAdd: {
          // every grant targets units no other grant targets (see grantDiscounts)
          selectionStrategy: "ALL",
          candidates: grants.map((g) => ({
            message: g.message,
            targets: g.targets.map((t) => ({ cartLine: { id: t.lineId, quantity: t.quantity } })),
            value:
              "percent" in g.value
                ? { percentage: { value: decimal(g.value.percent) } }
                : { fixedAmount: { amount: decimal((g.value.fixed / 100) * rate), appliesToEachItem: false } },
          })),
        },
      },
    ],
  };
}
