// TypeScript types of every Admin GraphQL operation in app/graphql, generated from Shopify's real
// Admin schema (2026-10, fetched into .cache/shopify by `npm run schema:fetch`) with Shopify's
// codegen preset. `npm run graphql:types` writes app/graphql/generated/; a unit test fails when
// the committed files differ from a fresh generation.
import type { CodegenConfig } from "@graphql-codegen/cli";
import { ApiType, preset } from "@shopify/api-codegen-preset";
import { BULK_OPERATION_RUN_QUERY } from "./app/graphql/bulk-operation-run";
import { BULK_OPERATION_STATUS_QUERY } from "./app/graphql/bulk-operation-status";
import { ORDERS_UPDATED_SINCE_QUERY } from "./app/graphql/orders-updated-since";
import { SHOP_INFO_QUERY } from "./app/graphql/shop-info";
import { APP_INSTALLATION_QUERY } from "./app/graphql/app-installation";
import { METAFIELDS_DELETE, METAFIELDS_SET } from "./app/graphql/metafields";
import {
  CUSTOMER_TAGS_ADD,
  CUSTOMER_TAGS_REMOVE,
  FOLLOW_UP_DISCOUNT_CODE_CREATE,
  FOLLOW_UP_SEGMENT_CREATE,
  FOLLOW_UP_SEGMENT_QUERY_BY_NAME,
  NEXT_OFFERS_DEFINITION_CREATE,
  NEXT_OFFERS_DEFINITION_QUERY,
} from "./app/graphql/customers";
import { adminSchemaPath } from "./scripts/shopify-schema";

const config: CodegenConfig = {
  overwrite: true,
  schema: adminSchemaPath(),
  // The documents exactly as the app sends them (some are assembled from shared field lists).
  // The bulk queries (catalog-bulk-query.ts, orders-bulk-query.ts) are not among them: Shopify
  // answers those as JSONL lines, one node a line, whose shapes are written out beside them.
  documents: [
    SHOP_INFO_QUERY,
    APP_INSTALLATION_QUERY,
    BULK_OPERATION_RUN_QUERY,
    BULK_OPERATION_STATUS_QUERY,
    ORDERS_UPDATED_SINCE_QUERY,
    NEXT_OFFERS_DEFINITION_CREATE,
    NEXT_OFFERS_DEFINITION_QUERY,
    METAFIELDS_SET,
    METAFIELDS_DELETE,
    FOLLOW_UP_DISCOUNT_CODE_CREATE,
    CUSTOMER_TAGS_ADD,
    CUSTOMER_TAGS_REMOVE,
    FOLLOW_UP_SEGMENT_CREATE,
    FOLLOW_UP_SEGMENT_QUERY_BY_NAME,
  ],
  generates: {
    "app/graphql/generated/admin.types.d.ts": {
      plugins: ["typescript"],
      config: { enumsAsTypes: true, useTypeImports: true },
    },
    "app/graphql/generated/admin.generated.d.ts": {
      preset,
      presetConfig: { apiType: ApiType.Admin },
    },
  },
};

export default config;
