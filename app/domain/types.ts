// Plain data shapes shared by the domain modules. No framework types here.
// Ids are Shopify numeric ids as strings ("7234567"), or whatever ids a CSV carries.
// Money is integer minor units (cents) in the shop's currency.

export type ProductId = string;
export type VariantId = string;

/** One order line as read from any source (Admin API bulk JSONL, webhook, CSV). */
export interface OrderLineRecord {
  orderId: string;
  productId: ProductId;
  variantId?: VariantId;
  quantity: number;
  customerId?: string;
  /** milliseconds since epoch */
  createdAt?: number;
  /** unit price, cents */
  price?: number;
}

/** One order reduced to what mining needs. */
export interface Basket {
  orderId: string;
  customerId?: string;
  /** milliseconds since epoch */
  createdAt?: number;
  items: { productId: ProductId; quantity: number }[];
}

export interface CatalogVariant {
  id: VariantId;
  title: string;
  /** the merchant's SKU; joins order lines imported from a CSV export (which has no ids) */
  sku?: string | null;
  price: number;
  compareAtPrice?: number | null;
  cost?: number | null;
  inventoryQuantity?: number | null;
  inventoryTracked: boolean;
  availableForSale: boolean;
}

export interface CatalogProduct {
  id: ProductId;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  tags: string[];
  collections: string[];
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  imageUrl?: string | null;
  variants: CatalogVariant[];
}

/** A mined association rule A → B with the figures defined in docs/metrics.md. */
export interface PairRule {
  antecedent: ProductId;
  consequent: ProductId;
  /** orders containing both */
  count: number;
  support: number;
  confidence: number;
  lift: number;
  attachRate: number;
}

/** Where offers are shown, in the order of a shopper's journey. */
export const PLACEMENTS = ["product", "cart", "checkout", "post_purchase", "thank_you"] as const;
export type Placement = (typeof PLACEMENTS)[number];
export type OfferType = "cross_sell" | "upsell";
export type EventType = "impression" | "click" | "add" | "accept" | "decline";
export type Audience = "all" | "first_time" | "returning" | "high_value";

/** The merchant's business rules (Shop settings). */
export interface ShopSettings {
  relevanceThreshold: number;
  maxSuggestions: number;
  lowStockThreshold: number;
  marginPreference: number;
  frequencyCapPerDay: number;
  holdoutPercent: number;
  excludedProductIds: ProductId[];
  excludedTags: string[];
  freeShippingThreshold: number | null;
  highReturnRate: number;
}

/** An order as imported from any source, richer than a Basket (used by sync and CSV import). */
export interface ImportedOrderLine {
  /** Shopify line item id, when the source has one */
  id?: string;
  /** null for custom lines without a product */
  productId: ProductId | null;
  variantId?: VariantId | null;
  title?: string;
  sku?: string | null;
  quantity: number;
  /** unit price, cents */
  price?: number;
  /** total discount allocated to the line, cents */
  discount?: number;
  refundedQuantity?: number;
  /** line item properties, e.g. the hidden `_pairwise` offer id */
  properties?: Record<string, string>;
}

export interface ImportedOrder {
  /** Shopify order id, or the order id/name a CSV carries */
  id: string;
  name?: string;
  customerId?: string | null;
  /** milliseconds since epoch */
  createdAt?: number;
  cancelledAt?: number | null;
  /** when the most recent refund was issued, ms (null: no refund; undefined: the source does not say) */
  lastRefundAt?: number | null;
  currency?: string;
  /** cents */
  subtotal?: number;
  totalDiscounts?: number;
  totalPrice?: number;
  /** order-level attributes (the widget's visitor / exposure markers) */
  attributes?: Record<string, string>;
  /** the pages the customer's visits landed on (follow-up links carry `_pairwise`), when known */
  landingPages?: string[];
  /** the discount codes the order used, when known */
  discountCodes?: string[];
  lines: ImportedOrderLine[];
}

/** A row the parser could not read, reported to the user with its line number. */
export interface ParseIssue {
  line: number;
  message: string;
}
