// Shapes exchanged with the app proxy (`/apps/pairwise/*`): the server's contract, imported
// type-only (nothing of the app ends up in the bundle). The widget never trusts an answer and
// runs it through sanitize.ts first.
export type {
  Discount,
  DiscountType,
  OfferBundle,
  OfferItem,
  OfferSlot,
  OfferVariant,
  StorefrontFacts,
  StorefrontEvent as PairwiseEvent,
  StorefrontEventType as EventType,
  WidgetPlacement as Placement,
} from "../../../app/lib/storefront-contract";
import type { ProxyOffersResponse as ServerAnswer, WidgetPlacement } from "../../../app/lib/storefront-contract";

/** The answers the widget asks for: product and cart contexts only. */
export type ProxyOffersResponse = ServerAnswer<WidgetPlacement>;

/** What the widget asks the app for: the viewed product, or the cart's variants. */
export type OffersQuery =
  | { context: "product"; productId: string; bundle?: number } // bundle: companions the page's bundle block shows
  | { context: "cart"; variantIds: string[]; subtotal?: number }; // subtotal: cart total_price, cents
