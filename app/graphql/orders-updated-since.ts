// Incremental reconcile: orders updated since a moment, page by page (webhooks are not
// guaranteed to arrive). Same order and line fields as the bulk export. Page sizes keep the
// requested cost (about 15 × (lines + 2)) under the 1,000-point single query limit.
import { LINE_ITEM_FIELDS, ORDER_FIELDS } from "./orders-bulk-query";

export const ORDERS_UPDATED_SINCE_QUERY = /* GraphQL */ `
  query OrdersUpdatedSince($query: String!, $after: String) {
    orders(first: 15, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {${ORDER_FIELDS}
          lineItems(first: 50) {
            pageInfo {
              hasNextPage
            }
            nodes {${LINE_ITEM_FIELDS}
            }
          }
      }
    }
  }
`;

// Response and variable types: generated from the Admin schema (npm run graphql:types).
export type {
  OrdersUpdatedSinceQuery as OrdersUpdatedSinceData,
  OrdersUpdatedSinceQueryVariables as OrdersUpdatedSinceVariables,
} from "./generated/admin.generated";
