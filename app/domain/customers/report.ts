// The customer evaluation as `npm run eval` prints it, and the upgrade map from ranking rows.
import type { ProductId } from "../types";
import type { CustomerEvaluation } from "./propensity";

/** Upgrades per product (the ranking's upsell rows, best first), at most `perProduct` each. */
export function upgradesFromRows(
  rows: Iterable<{ productId: ProductId; recommendedProductId: ProductId; kind: string }>,
  perProduct = 2,
): Map<ProductId, ProductId[]> {
  const out = new Map<ProductId, ProductId[]>();
  for (const r of rows) {
    if (r.kind !== "upsell") continue;
    let list = out.get(r.productId);
    if (!list) out.set(r.productId, (list = []));
    if (list.length < perProduct) list.push(r.recommendedProductId);
  }
  return out;
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "–");

/** One Markdown table over the horizons: precision@K, recall@K and AUC per method. */
export function formatCustomerMarkdown(evaluations: readonly CustomerEvaluation[]): string {
  const k = evaluations[0]?.k ?? 3;
  const lines = [`| Horizon | Method | Precision@${k} | Recall@${k} | AUC |`, "|---|---|---:|---:|---:|"];
  for (const e of evaluations) {
    const best = Math.max(...e.results.map((r) => r.auc).filter(Number.isFinite));
    for (const r of e.results) {
      const name = r.method === "Pairwise" ? "**Pairwise (propensity model)**" : r.method;
      lines.push(
        `| ${e.horizonDays} days | ${name} | ${f3(r.precisionAtK)} | ${f3(r.recallAtK)} | ${r.auc === best ? `**${f3(r.auc)}**` : f3(r.auc)} |`,
      );
    }
  }
  return lines.join("\n");
}

/** The machine-readable summary line of the customer evaluation. */
export function customerSummaryLine(evaluations: readonly CustomerEvaluation[]): string {
  return evaluations
    .map((e) => {
      const m = e.results.find((r) => r.method === "Pairwise")!;
      const pop = e.results.find((r) => r.method === "Most popular")!;
      const again = e.results.find((r) => r.method === "Buy again")!;
      return `customers_${e.horizonDays}d_auc=${f3(m.auc)} customers_${e.horizonDays}d_p${e.k}=${f3(m.precisionAtK)} popular_${e.horizonDays}d_auc=${f3(pop.auc)} buy_again_${e.horizonDays}d_auc=${f3(again.auc)}`;
    })
    .join(" ");
}
