// The state of one bulk operation, by id (`bulkOperation(id:)`; `currentBulkOperation` is
// deprecated in 2026-10). Used when the bulk_operations/finish webhook arrives and by polling.

export const BULK_OPERATION_STATUS_QUERY = /* GraphQL */ `
  query BulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      type
      createdAt
      completedAt
      objectCount
      rootObjectCount
      fileSize
      url
      partialDataUrl
    }
  }
`;

// Response and variable types: generated from the Admin schema (npm run graphql:types).
export type { BulkOperationErrorCode } from "./generated/admin.types";
export type {
  BulkOperationStatusQuery as BulkOperationStatusData,
  BulkOperationStatusQueryVariables as BulkOperationStatusVariables,
} from "./generated/admin.generated";
import type { BulkOperationStatusQuery } from "./generated/admin.generated";
export type BulkOperationNode = NonNullable<BulkOperationStatusQuery["bulkOperation"]>;
