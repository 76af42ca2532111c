// Starts a bulk query (catalog or orders export). The inner query is a string argument; see
// catalog-bulk-query.ts and orders-bulk-query.ts.
//
// groupObjects: true — since 2026-01 Shopify no longer groups child lines (LineItem, variant,
// collection) directly under their parent by default. The importers stream one parent at a time
// and rely on that grouping; without it they would have to hold the whole export in memory.
// Grouping makes the export slower on Shopify's side, which is acceptable for a sync.
export const BULK_OPERATION_RUN_QUERY = /* GraphQL */ `
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: true) {
      bulkOperation {
        id
        status
        createdAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

// Response and variable types: generated from the Admin schema (npm run graphql:types).
export type { BulkOperationStatus } from "./generated/admin.types";
export type {
  BulkOperationRunQueryMutation as BulkOperationRunQueryData,
  BulkOperationRunQueryMutationVariables as BulkOperationRunQueryVariables,
} from "./generated/admin.generated";
