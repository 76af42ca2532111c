// Starts a bulk query (catalog or orders export). The inner query is a string argument; see
// catalog-bulk-query.ts and orders-bulk-query.ts.
//
// groupObjects: true — since 2026-01 Shopify no longer groups child lines (LineItem, variant,
// collection) directly under their parent by default. The importers stream one parent at a time
// and rely on that grouping; without it they would have to hold the whole export in memory.
// Grouping makes the export slower on Shopify's side, which is acceptable for a sync.
import type { UserError } from "./client";

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

export type BulkOperationStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";

export interface BulkOperationRunQueryVariables {
  query: string;
}

export interface BulkOperationRunQueryData {
  bulkOperationRunQuery: {
    bulkOperation: { id: string; status: BulkOperationStatus; createdAt: string } | null;
    userErrors: (UserError & { code: string | null })[];
  } | null;
}
