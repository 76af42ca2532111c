// Plain shapes of offer selection: the merchant's offers (Prisma `Offer` with JSON parsed), the
// shopper's context, and what is shown.
import type { Audience, OfferType, Placement, ProductId, VariantId } from "../types";
import type { CustomerFacts } from "./segments";
import type { DiscountType } from "./pricing";

export type TriggerType = "products" | "collections" | "product_type" | "tag" | "any" | "cart_subtotal";

/** A merchant offer: the Prisma `Offer` row with its JSON columns parsed. */
export interface OfferDefinition {
  id: string;
  name: string;
  type: OfferType;
  status: "draft" | "active" | "paused" | "archived";
  triggerType: TriggerType;
  triggerValues: string[];
  /** cents */
  cartSubtotalMin: number | null;
  cartSubtotalMax: number | null;
  offerSource: "manual" | "recommended";
  offeredProductIds: ProductId[];
  minLift: number | null;
  placements: Placement[];
  discountType: DiscountType;
  /** percent, or cents for fixed */
  discountValue: number;
  headline: string;
  body: string;
  audience: Audience;
  excludeHighReturn: boolean;
  startsAt: Date | number | null;
  endsAt: Date | number | null;
  priority: number;
  maxSuggestions: number | null;
  /** how the widget lays the offer out (a promoted layout experiment's winner); null/absent: the theme block's setting */
  layout?: OfferLayout | null;
}

/** What a placement shows, as the merchant set it (a promoted placement experiment's winner). */
export interface PlacementSetting {
  /** the placement shows nothing */
  hide?: boolean;
  /** at most this many items in the placement */
  maxSuggestions?: number;
  layout?: OfferLayout;
}

export interface CartLine {
  productId: ProductId;
  variantId?: VariantId;
  quantity: number;
  /** unit price, cents */
  price?: number;
}

/** A stored recommendation as read back for serving (a subset of the Prisma `Recommendation` row). */
export interface StoredRecommendation {
  productId: ProductId;
  recommendedProductId: ProductId;
  kind: "cross_sell" | "upsell" | "sequential";
  source: "mined" | "content" | "blend";
  score: number;
  lift: number;
}

/** Overrides an experiment arm applies to one offer (ExperimentVariant.config). */
export interface OfferOverrides {
  headline?: string;
  body?: string;
  discountType?: DiscountType;
  discountValue?: number;
  /** the items: mined automatically ("recommended") or the merchant's own picks ("manual") */
  offerSource?: "manual" | "recommended";
  offeredProductIds?: ProductId[];
  /** how many items the offer shows */
  maxSuggestions?: number;
  /** how the widget lays the items out (the theme block's setting when absent) */
  layout?: OfferLayout;
  /** placement experiments: this arm shows nothing in the placement */
  hide?: boolean;
}

/** The widget's layouts of a list of offers: cards side by side ("grid") or rows ("list"). */
export const OFFER_LAYOUTS = ["grid", "list"] as const;
export type OfferLayout = (typeof OFFER_LAYOUTS)[number];

/** A visitor's arm of an experiment running on one offer, or on everything one placement shows. */
export interface ExperimentArm {
  experimentId?: string;
  /** the offer tested, or null for a placement experiment */
  offerId: string | null;
  /** the placement tested (placement experiments) */
  placement?: Placement | null;
  variant: string;
  overrides?: OfferOverrides;
}

export interface OfferContext {
  placement: Placement;
  /** the product being viewed (product placement) */
  productId?: ProductId | null;
  /** cart lines (cart, checkout) or the order's lines (post_purchase, thank_you) */
  cart?: { lines: CartLine[]; subtotal: number } | null;
  /** null for an anonymous visitor */
  customer?: CustomerFacts | null;
  visitor: {
    declinedOfferIds: readonly string[];
    declinedProductIds: readonly ProductId[];
    /** today's impressions of merchant offers' products, by capKey(offerId, productId) */
    offerImpressionsToday: Readonly<Record<string, number>>;
  };
  assignment: {
    holdout: boolean;
    experiment?: ExperimentArm | null;
    /** the visitor's arms of every experiment running in the shop (one per offer) */
    experiments?: readonly ExperimentArm[];
  };
  /** spend (cents) from which a customer is high-value, e.g. topDecileThreshold(...) */
  highValueThreshold?: number | null;
  /** ms since epoch */
  now: number;
}

export interface ShownItem {
  productId: ProductId;
  variantId: VariantId | null;
  title: string;
  handle: string;
  imageUrl: string | null;
  /** cents */
  price: number;
  compareAtPrice: number | null;
  discountedPrice: number;
  score: number;
  source: "manual" | "mined" | "content" | "blend";
}

export interface ShownOffer {
  /** null for the shop-wide automatic recommendations */
  offerId: string | null;
  type: OfferType;
  source: "manual" | "recommended" | "auto";
  headline: string;
  body: string;
  discountType: DiscountType;
  discountValue: number;
  /** experiment arm the copy/discount came from */
  experimentVariant: string | null;
  /** the layout the offer (or the visitor's arm) asks for; null: the theme block's setting */
  layout: OfferLayout | null;
  items: ShownItem[];
}

export type SelectionOutcome = "shown" | "holdout" | "no_match";

export interface Selection {
  outcome: SelectionOutcome;
  /** the one offer type shown in this slot, null when nothing is shown */
  type: OfferType | null;
  offers: ShownOffer[];
  /** why offers or products were left out, for the admin's "why not shown" */
  skipped: { offerId: string | null; productId?: ProductId; reason: string }[];
}
