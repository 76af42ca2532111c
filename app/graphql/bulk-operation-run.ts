// Starts a bulk query (catalog or orders export). The inner query is a string argument; see
// catalog-bulk-query.ts and orders-bulk-query.ts.
import type { UserError } from "./client";

export const BULK_OPERATION_RUN_QUERY = /* GraphQL */ `
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
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
