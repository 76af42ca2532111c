// What Pairwise's cart transform does with a cart, decided on plain data: bundles the merchant
// chose to show as one line (`pv`, the variant standing for the bundle) are merged from their
// component lines, one merged line per complete set; a line of the bundle's own variant
// (the shopper added the bundle product itself) is expanded into its components. Bundles shown
// as separate lines are left alone. Prices are not touched here: the discount function grants
// the bundle's discount on the merged line as on the components.
import type { TransformConfig } from "./config";

/** merged lines per bundle and cart at most (the rest stay component lines, still discounted) */
export const MAX_MERGED_SETS = 50;

export interface TransformLine {
  id: string;
  productId: string;
  variantId: string;
  quantity: number;
}

export interface MergePlan {
  bundleId: string;
  parentVariantId: string;
  title: string;
  imageUrl: string | null;
  cartLines: { cartLineId: string; quantity: number }[];
}

export interface ExpandPlan {
  bundleId: string;
  cartLineId: string;
  title: string;
  imageUrl: string | null;
  /** component variants and their quantity per bundle */
  items: { variantId: string; quantity: number }[];
}

export function planBundleLines(
  lines: readonly TransformLine[],
  config: TransformConfig | null,
): { merges: MergePlan[]; expands: ExpandPlan[] } {
  const merges: MergePlan[] = [];
  const expands: ExpandPlan[] = [];
  if (!config || config.v !== 2) return { merges, expands };
  const free = new Map(lines.map((l) => [l.id, Math.max(0, Math.floor(l.quantity))]));
  const parents = new Set(config.b.flatMap((b) => (b.pv ? [b.pv] : [])));
  for (const bundle of config.b) {
    if (!bundle.pv) continue;
    for (const line of lines) {
      if (line.variantId !== bundle.pv || (free.get(line.id) ?? 0) === 0) continue;
      // expandable only when every component names its variant
      if (bundle.c.every(([, variantId]) => variantId !== "")) {
        expands.push({
          bundleId: bundle.i,
          cartLineId: line.id,
          title: bundle.ti ?? bundle.m,
          imageUrl: bundle.im ?? null,
          items: bundle.c.map(([, variantId, quantity]) => ({ variantId, quantity })),
        });
      }
      free.set(line.id, 0);
    }
    const matches = (line: TransformLine, [productIndex, variantId]: (typeof bundle.c)[number]) =>
      !parents.has(line.variantId) &&
      config.p[productIndex] === line.productId &&
      (variantId === "" || variantId === line.variantId);
    let sets = Math.min(
      ...bundle.c.map((component) =>
        Math.floor(
          lines.filter((l) => matches(l, component)).reduce((s, l) => s + (free.get(l.id) ?? 0), 0) / component[2],
        ),
      ),
    );
    if (!(sets > 0)) continue;
    sets = Math.min(sets, MAX_MERGED_SETS);
    // one merged line per complete set: Shopify gives a merged line quantity 1
    for (let set = 0; set < sets; set++) {
      const taken = new Map<string, number>();
      for (const component of bundle.c) {
        let need = component[2];
        for (const line of lines) {
          if (need <= 0) break;
          if (!matches(line, component)) continue;
          const take = Math.min(need, free.get(line.id) ?? 0);
          if (take <= 0) continue;
          free.set(line.id, (free.get(line.id) ?? 0) - take);
          taken.set(line.id, (taken.get(line.id) ?? 0) + take);
          need -= take;
        }
      }
      merges.push({
        bundleId: bundle.i,
        parentVariantId: bundle.pv,
        title: bundle.ti ?? bundle.m,
        imageUrl: bundle.im ?? null,
        cartLines: [...taken].map(([cartLineId, quantity]) => ({ cartLineId, quantity })),
      });
    }
  }
  return { merges, expands };
}
