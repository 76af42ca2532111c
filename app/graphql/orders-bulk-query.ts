// The order history export run as a bulk operation. JSONL lines: an Order, then its LineItem
// lines (`__parentId` = the order). Refunded units come from `currentQuantity` (quantity minus
// units refunded or removed by an order edit): a bulk query cannot select the refundLineItems
// connection inside the `refunds` list. The `refunds` list itself gives each refund's date.
//
// Without the read_all_orders scope Shopify shows only the last 60 days of orders; the sync
// service passes `createdAtMin` in that case and records the limit on the Shop row.

/** Order fields selected by both the bulk export and the incremental reconcile query. */
export const ORDER_FIELDS = /* GraphQL */ `
          id
          name
          createdAt
          updatedAt
          cancelledAt
          currencyCode
          customer {
            id
          }
          subtotalPriceSet {
            shopMoney {
              amount
            }
          }
          totalDiscountsSet {
            shopMoney {
              amount
            }
          }
          totalPriceSet {
            shopMoney {
              amount
            }
          }
          customAttributes {
            key
            value
          }
          refunds {
            createdAt
          }
          discountCodes
          customerJourneySummary {
            firstVisit {
              landingPage
            }
            lastVisit {
              landingPage
            }
          }`;

/** Line item fields selected by both the bulk export and the incremental reconcile query. */
export const LINE_ITEM_FIELDS = /* GraphQL */ `
                id
                title
                sku
                quantity
                currentQuantity
                product {
                  id
                }
                variant {
                  id
                }
                originalUnitPriceSet {
                  shopMoney {
                    amount
                  }
                }
                totalDiscountSet {
                  shopMoney {
                    amount
                  }
                }
                discountAllocations {
                  allocatedAmountSet {
                    shopMoney {
                      amount
                    }
                  }
                }
                customAttributes {
                  key
                  value
                }`;

/** Shopify search syntax for "created at or after" (ISO timestamp). */
export function ordersSearch(field: "created_at" | "updated_at", since: Date): string {
  return `${field}:>='${since.toISOString()}'`;
}

/** The inner query string for bulkOperationRunQuery. */
export function ordersBulkQuery(createdAtMin?: Date): string {
  const args = createdAtMin ? `(query: ${JSON.stringify(ordersSearch("created_at", createdAtMin))})` : "";
  return /* GraphQL */ `
  {
    orders${args} {
      edges {
        node {${ORDER_FIELDS}
          lineItems {
            edges {
              node {${LINE_ITEM_FIELDS}
              }
            }
          }
        }
      }
    }
  }
`;
}

interface ShopMoney {
  shopMoney: { amount: string };
}

/** JSONL line (and reconcile node): an order. */
export interface BulkOrderLine {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  currencyCode: string;
  customer: { id: string } | null;
  subtotalPriceSet: ShopMoney | null;
  totalDiscountsSet: ShopMoney | null;
  totalPriceSet: ShopMoney;
  customAttributes: { key: string; value: string | null }[];
  /** every refund of the order (a plain list, allowed in a bulk query), for the date of the last one */
  refunds: { createdAt: string | null }[];
  /** follow-up attribution: the codes used and the pages the visits landed on */
  discountCodes: string[];
  customerJourneySummary: {
    firstVisit: { landingPage: string | null } | null;
    lastVisit: { landingPage: string | null } | null;
  } | null;
}

/** JSONL line: a line item of the order named by `__parentId`. */
export interface BulkLineItemLine {
  id: string;
  title: string;
  sku: string | null;
  quantity: number;
  currentQuantity: number;
  product: { id: string } | null;
  variant: { id: string } | null;
  originalUnitPriceSet: ShopMoney;
  totalDiscountSet: ShopMoney;
  discountAllocations: { allocatedAmountSet: ShopMoney }[];
  customAttributes: { key: string; value: string | null }[];
  __parentId?: string;
}
