// Shopify's real Admin GraphQL schema (2026-10) for tests: fetched once per machine into
// .cache/shopify (see scripts/shopify-schema.ts), built once per test file.
import { readFileSync } from "node:fs";
import {
  buildClientSchema,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  validate,
} from "graphql";
import { ensureAdminSchema, ensureFunctionSchema, type FunctionApi } from "../../scripts/shopify-schema";

let schema: Promise<GraphQLSchema> | undefined;

export function loadAdminSchema(): Promise<GraphQLSchema> {
  schema ??= ensureAdminSchema().then((path) => {
    const json = JSON.parse(readFileSync(path, "utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
    return buildClientSchema(json.data ?? json);
  });
  return schema;
}

const functionSchemas = new Map<FunctionApi, Promise<GraphQLSchema>>();

/** A Function API schema (functions_discount_2026-10, functions_cart_transform_2026-10), built once per test file. */
export function loadFunctionSchema(api: FunctionApi): Promise<GraphQLSchema> {
  let loading = functionSchemas.get(api);
  if (!loading) {
    loading = ensureFunctionSchema(api).then((path) => {
      const json = JSON.parse(readFileSync(path, "utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
      return buildClientSchema(json.data ?? json);
    });
    functionSchemas.set(api, loading);
  }
  return loading;
}

/** Validation messages of a document against the Admin schema (empty = valid), deprecated fields included. */
export function adminSchemaErrors(s: GraphQLSchema, document: string | DocumentNode): string[] {
  let doc: DocumentNode;
  try {
    doc = typeof document === "string" ? parse(document) : document;
  } catch (err) {
    return [`syntax: ${(err as Error).message}`];
  }
  return validate(s, doc, [...specifiedRules, NoDeprecatedCustomRule]).map((e) => e.message);
}
