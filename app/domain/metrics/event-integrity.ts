// Does an offer's (or the shop's) storefront event pattern look forged?
//
// Impressions and acceptances (adds) are reported by shoppers' browsers; orders arrive as webhooks
// signed by Shopify. Tokens and limits stop most forgery at the door, but a patient attacker with
// many addresses can still report adds that never happened. What they cannot produce is the orders
// that follow real adds. So the signal is adds without orders: an offer whose adds turn into
// ordered lines far less often than the rest of the shop's offers do, or a shop whose adds convert
// far less often than they did before (or than any real shop's could), is flagged.
//
// The test is one-sided and exact: P(X ≤ ordered) for X ~ Binomial(adds, norm) must fall below
// `alpha`, and the observed conversion must also be far below the norm (`maxRatio`), so that a
// large offer with a slightly worse conversion is not called forged.

export interface EventPatternRow {
  /** offer id, or "auto" for automatic recommendations */
  key: string;
  impressions: number;
  /** acceptances reported by the storefront (adds) */
  acceptances: number;
  /** order lines sold through this offer, from Shopify's orders, in the same period */
  orderedLines: number;
}

export interface IntegrityOptions {
  /** below this many acceptances nothing is judged */
  minAcceptances: number;
  /** significance of the one-sided binomial test */
  alpha: number;
  /** flagged only when conversion < maxRatio × norm */
  maxRatio: number;
  /**
   * The lowest add → order conversion real shoppers produce (most carts are abandoned, not 98 %
   * of them); the shop's norm when it has no other offers or history to compare with.
   */
  floorConversion: number;
}

export const DEFAULT_INTEGRITY_OPTIONS: IntegrityOptions = {
  minAcceptances: 30,
  alpha: 1e-4,
  maxRatio: 0.25,
  floorConversion: 0.02,
};

export interface IntegrityFinding {
  key: string;
  acceptances: number;
  orderedLines: number;
  /** orderedLines / acceptances */
  conversion: number;
  /** the conversion it was judged against */
  norm: number;
  /** acceptances the norm would not explain: acceptances − orderedLines / norm (≥ 0) */
  unexplainedAcceptances: number;
  pValue: number;
}

/** ln C(n, k) by summing logs (n up to millions is fine: called with small k only). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** P(X ≤ k) for X ~ Binomial(n, p), exact (summed in log space). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return k >= n ? 1 : 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let total = 0;
  for (let i = 0; i <= k; i++) total += Math.exp(logChoose(n, i) + i * lp + (n - i) * lq);
  return Math.min(1, total);
}

function judge(
  row: { key: string; acceptances: number; orderedLines: number },
  norm: number,
  o: IntegrityOptions,
): IntegrityFinding | null {
  if (row.acceptances < o.minAcceptances || norm <= 0) return null;
  const ordered = Math.min(row.orderedLines, row.acceptances);
  const conversion = ordered / row.acceptances;
  if (conversion >= o.maxRatio * norm) return null;
  // Only small counts of ordered lines get here (conversion far below the norm), so the sum is short.
  const pValue = binomialLowerTail(ordered, row.acceptances, Math.min(norm, 0.999));
  if (pValue >= o.alpha) return null;
  return {
    key: row.key,
    acceptances: row.acceptances,
    orderedLines: ordered,
    conversion,
    norm,
    unexplainedAcceptances: Math.max(0, Math.round(row.acceptances - ordered / norm)),
    pValue,
  };
}

/**
 * Offers whose adds turn into orders far less often than the shop's other offers' adds do
 * (leave-one-out: a forged offer does not drag its own yardstick down). An offer alone in its shop
 * is judged against `floorConversion`.
 */
export function suspiciousOffers(
  rows: readonly EventPatternRow[],
  options: Partial<IntegrityOptions> = {},
): IntegrityFinding[] {
  const o = { ...DEFAULT_INTEGRITY_OPTIONS, ...options };
  const totalAdds = rows.reduce((s, r) => s + r.acceptances, 0);
  const totalOrdered = rows.reduce((s, r) => s + Math.min(r.orderedLines, r.acceptances), 0);
  const findings: IntegrityFinding[] = [];
  for (const row of rows) {
    const otherAdds = totalAdds - row.acceptances;
    const otherOrdered = totalOrdered - Math.min(row.orderedLines, row.acceptances);
    // Other offers' conversion when they have enough adds to say something; never below the floor.
    const norm =
      otherAdds >= o.minAcceptances ? Math.max(otherOrdered / otherAdds, o.floorConversion) : o.floorConversion;
    const finding = judge(row, norm, o);
    if (finding) findings.push(finding);
  }
  return findings.sort((a, b) => b.unexplainedAcceptances - a.unexplainedAcceptances);
}

/**
 * The whole shop: its adds in the period against the conversion of its adds before (`baseline`,
 * when there were enough), never below `floorConversion`.
 */
export function suspiciousShop(
  period: { acceptances: number; orderedLines: number },
  baseline: { acceptances: number; orderedLines: number } | null,
  options: Partial<IntegrityOptions> = {},
): IntegrityFinding | null {
  const o = { ...DEFAULT_INTEGRITY_OPTIONS, ...options };
  const norm =
    baseline && baseline.acceptances >= o.minAcceptances
      ? Math.max(Math.min(baseline.orderedLines, baseline.acceptances) / baseline.acceptances, o.floorConversion)
      : o.floorConversion;
  return judge({ key: "shop", ...period }, norm, o);
}
