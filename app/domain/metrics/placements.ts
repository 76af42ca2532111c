// Figures per placement (product page, cart, checkout, thank-you, post-purchase): impressions,
// acceptances, acceptance rate and attributed revenue. An order line sold through an offer
// carries the offer id only (the `_pairwise` property is the same whichever surface added it), so
// the placement of its revenue is the surface where that visitor accepted that product of that
// offer: the latest acceptance event at or before the order, within the window below. Lines
// without such an event (another device, events lost) count as "unknown placement", never guessed.
import { PLACEMENTS, type EventType, type Placement } from "../types";
import { ACCEPTANCE_TYPES, attributedRevenue, type AttributedRevenue, type MetricOrderLine } from "./index";

/** How long before an order an acceptance still explains one of its lines. */
export const PLACEMENT_WINDOW_MS = 30 * 86_400_000;

/**
 * What counts as accepting an offer in each placement: adding it (storefront, checkout) or the
 * one-click accept (post-purchase); the thank-you page can only link to the product, so there
 * a click is the acceptance.
 */
export function acceptanceTypesOf(placement: Placement): readonly EventType[] {
  return placement === "thank_you" ? ["click"] : ACCEPTANCE_TYPES;
}

/** The event types that may place an offer line: every placement's acceptances (add, accept, click). */
export const PLACING_EVENT_TYPES: readonly EventType[] = [...new Set(PLACEMENTS.flatMap(acceptanceTypesOf))];

export interface AcceptanceEvent {
  visitorId: string;
  productId: string | null;
  /** null for the automatic recommendations (the order line then says "auto") */
  offerId: string | null;
  placement: Placement;
  /** ms since epoch */
  occurredAt: number;
}

export interface PlacedLine extends MetricOrderLine {
  productId: string | null;
  /** the order's visitor id (the `_pairwise_visitor` cart attribute) */
  visitorId: string | null;
  /** ms since epoch */
  orderedAt: number;
}

const key = (visitorId: string, productId: string | null, offerId: string | null) =>
  `${visitorId}|${productId ?? ""}|${offerId ?? "auto"}`;

/** The placement each offer line was accepted in (null when no acceptance explains it). */
export function linePlacements(
  lines: readonly PlacedLine[],
  acceptances: readonly AcceptanceEvent[],
): (Placement | null)[] {
  const byKey = new Map<string, AcceptanceEvent[]>();
  for (const e of acceptances) {
    const k = key(e.visitorId, e.productId, e.offerId);
    const list = byKey.get(k);
    if (list) list.push(e);
    else byKey.set(k, [e]);
  }
  for (const list of byKey.values()) list.sort((a, b) => a.occurredAt - b.occurredAt);
  return lines.map((line) => {
    if (line.offerId == null || !line.visitorId) return null;
    const list = byKey.get(key(line.visitorId, line.productId, line.offerId === "auto" ? null : line.offerId));
    let found: Placement | null = null;
    for (const e of list ?? []) {
      if (e.occurredAt > line.orderedAt) break;
      if (e.occurredAt >= line.orderedAt - PLACEMENT_WINDOW_MS) found = e.placement;
    }
    return found;
  });
}

export interface PlacementRow {
  placement: Placement;
  impressions: number;
  acceptances: number;
  /** acceptances / impressions, null with no impressions */
  rate: number | null;
  revenue: AttributedRevenue;
}

export interface PlacementFigures {
  rows: PlacementRow[];
  /** revenue of offer lines no acceptance event explains */
  unknownRevenue: AttributedRevenue;
}

/** Per-placement figures from event counts and the period's offer lines. */
export function placementFigures(
  eventCounts: readonly { placement: string; type: string; count: number }[],
  lines: readonly PlacedLine[],
  acceptances: readonly AcceptanceEvent[],
): PlacementFigures {
  const placed = linePlacements(lines, acceptances);
  const rows = PLACEMENTS.map((placement) => {
    const accepted = acceptanceTypesOf(placement);
    let impressions = 0;
    let acceptanceCount = 0;
    for (const e of eventCounts) {
      if (e.placement !== placement) continue;
      if (e.type === "impression") impressions += e.count;
      else if (accepted.includes(e.type as EventType)) acceptanceCount += e.count;
    }
    return {
      placement,
      impressions,
      acceptances: acceptanceCount,
      rate: impressions > 0 ? acceptanceCount / impressions : null,
      revenue: attributedRevenue(lines.filter((_, i) => placed[i] === placement)),
    };
  });
  return { rows, unknownRevenue: attributedRevenue(lines.filter((l, i) => l.offerId != null && placed[i] === null)) };
}
