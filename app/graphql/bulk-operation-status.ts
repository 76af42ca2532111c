// The state of one bulk operation, by id (`bulkOperation(id:)`; `currentBulkOperation` is
// deprecated in 2026-10). Used when the bulk_operations/finish webhook arrives and by polling.
import type { BulkOperationStatus } from "./bulk-operation-run";

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

export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

export interface BulkOperationStatusVariables {
  id: string;
}

export interface BulkOperationNode {
  id: string;
  status: BulkOperationStatus;
  errorCode: BulkOperationErrorCode | null;
  type: "MUTATION" | "QUERY";
  createdAt: string;
  completedAt: string | null;
  /** UnsignedInt64, serialised as a string */
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
}

export interface BulkOperationStatusData {
  bulkOperation: BulkOperationNode | null;
}
