// Every GraphQL document the app sends, and every bulk query it passes as a string, is valid
// against Shopify's real Admin API 2026-10 schema (no deprecated fields), and the JSONL fixtures
// have exactly the shape those bulk queries produce.
import { readFileSync } from "node:fs";
import {
  getNamedType,
  type GraphQLCompositeType,
  type GraphQLSchema,
  isCompositeType,
  isObjectType,
  Kind,
  parse,
  type SelectionSetNode,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { CATALOG_BULK_QUERY } from "../../../app/graphql/catalog-bulk-query";
import { ordersBulkQuery } from "../../../app/graphql/orders-bulk-query";
import { adminSchemaErrors, loadAdminSchema } from "../../support/shopify-schema";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await loadAdminSchema();
}, 120_000);

// Every module of app/graphql: string exports that are documents, and *BulkQuery builders.
const modules = import.meta.glob("../../../app/graphql/*.ts", { eager: true }) as Record<
  string,
  Record<string, unknown>
>;
const documents: [string, string][] = [];
for (const [file, mod] of Object.entries(modules)) {
  for (const [name, value] of Object.entries(mod)) {
    const label = `${file.split("/").pop()} ${name}`;
    if (typeof value === "string" && /^\s*(query|mutation|\{)/.test(value)) documents.push([label, value]);
    if (typeof value === "function" && /BulkQuery$/.test(name)) {
      documents.push([`${label}()`, (value as () => string)()]);
      documents.push([`${label}(since)`, (value as (d: Date) => string)(new Date("2026-09-01T00:00:00Z"))]);
    }
  }
}

describe("Admin GraphQL documents", () => {
  it("finds the app's documents", () => {
    expect(documents.map(([label]) => label)).toEqual(
      expect.arrayContaining([
        "bulk-operation-run.ts BULK_OPERATION_RUN_QUERY",
        "bulk-operation-status.ts BULK_OPERATION_STATUS_QUERY",
        "catalog-bulk-query.ts CATALOG_BULK_QUERY",
        "discounts.ts CART_TRANSFORM_CREATE",
        "discounts.ts CART_TRANSFORMS_QUERY",
        "discounts.ts DISCOUNT_AUTOMATIC_APP_CREATE",
        "discounts.ts DISCOUNT_AUTOMATIC_APP_UPDATE",
        "discounts.ts DISCOUNT_STATE_QUERY",
        "customers.ts FOLLOW_UP_DISCOUNT_CODE_CREATE",
        "metafields.ts METAFIELDS_DELETE",
        "metafields.ts METAFIELDS_SET",
        "orders-bulk-query.ts ordersBulkQuery()",
        "orders-bulk-query.ts ordersBulkQuery(since)",
        "orders-updated-since.ts ORDERS_UPDATED_SINCE_QUERY",
        "shop-info.ts SHOP_INFO_QUERY",
      ]),
    );
  });

  it.each(documents)("%s is valid against the Admin 2026-10 schema", (_label, doc) => {
    expect(adminSchemaErrors(schema, doc)).toEqual([]);
  });

  it("catches a field the schema does not have (the check can fail)", () => {
    expect(adminSchemaErrors(schema, "{ shop { name moneyFormat } }")).toEqual([
      expect.stringContaining('Cannot query field "moneyFormat" on type "Shop"'),
    ]);
    expect(adminSchemaErrors(schema, "{ currentBulkOperation { id } }")).toEqual([
      expect.stringContaining("deprecated"),
    ]);
  });
});

/** Selected response keys of each connection node type in a bulk query, walking the schema. */
function nodeSelections(doc: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, depth: number) => {
    if (!isObjectType(type)) return;
    for (const sel of set.selections) {
      if (sel.kind !== Kind.FIELD || !sel.selectionSet) continue;
      const field = type.getFields()[sel.name.value];
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) continue;
      if (named.name.endsWith("Connection") && isObjectType(named)) {
        const edges = sel.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === "edges");
        const node =
          edges?.kind === Kind.FIELD
            ? edges.selectionSet?.selections.find((s) => s.kind === Kind.FIELD && s.name.value === "node")
            : undefined;
        if (node?.kind !== Kind.FIELD || !node.selectionSet) throw new Error("bulk connections select edges { node }");
        const nodeType = getNamedType(named.getFields().edges.type);
        const nodeNamed = isObjectType(nodeType) ? getNamedType(nodeType.getFields().node.type) : null;
        if (!nodeNamed || !isObjectType(nodeNamed)) throw new Error("unexpected connection shape");
        const keys = new Set(
          node.selectionSet.selections
            .filter(
              (s) =>
                s.kind === Kind.FIELD &&
                !s.selectionSet?.selections.some((x) => x.kind === Kind.FIELD && x.name.value === "edges"),
            )
            .map((s) => (s.kind === Kind.FIELD ? (s.alias ?? s.name).value : "")),
        );
        out.set(nodeNamed.name, keys);
        walk(node.selectionSet, nodeNamed, depth + 1);
      } else {
        walk(sel.selectionSet, named, depth);
      }
    }
  };
  const op = parse(doc).definitions[0];
  if (op.kind !== Kind.OPERATION_DEFINITION) throw new Error("not an operation");
  walk(op.selectionSet, schema.getQueryType()!, 0);
  return out;
}

function connectionDepths(doc: string): { connections: number; maxDepth: number } {
  const text = doc.replace(/\s+/g, " ");
  let connections = 0;
  let maxDepth = 0;
  // Count `edges {` occurrences and how deeply they nest.
  let depth = 0;
  const stack: boolean[] = [];
  for (const token of text.match(/edges \{|\{|\}/g) ?? []) {
    if (token === "edges {") {
      connections++;
      depth++;
      maxDepth = Math.max(maxDepth, depth);
      stack.push(true);
    } else if (token === "{") stack.push(false);
    else if (stack.pop()) depth--;
  }
  return { connections, maxDepth };
}

describe("bulk queries", () => {
  it("stay within Shopify's bulk limits: at most 5 connections, nested at most 2 levels", () => {
    for (const doc of [CATALOG_BULK_QUERY, ordersBulkQuery()]) {
      const { connections, maxDepth } = connectionDepths(doc);
      expect(connections).toBeLessThanOrEqual(5);
      expect(maxDepth).toBeLessThanOrEqual(3); // root connection + 2 nested levels
    }
  });

  it.each([
    ["orders_bulk.jsonl", () => ordersBulkQuery()],
    ["catalog_bulk.jsonl", () => CATALOG_BULK_QUERY],
  ])("fixture %s has exactly the fields its bulk query selects", (file, query) => {
    const selections = nodeSelections(query());
    const lines = readFileSync(`test/fixtures/shopify/${file}`, "utf8").trim().split("\n");
    for (const line of lines) {
      const obj = JSON.parse(line) as Record<string, unknown>;
      const type = /gid:\/\/shopify\/(\w+)\//.exec(String(obj.id))?.[1] ?? "";
      const expected = selections.get(type);
      expect(expected, `${type} is selected by the query`).toBeDefined();
      const keys = Object.keys(obj).filter((k) => k !== "__parentId");
      expect(new Set(keys)).toEqual(expected);
      expect("__parentId" in obj).toBe(type !== "Order" && type !== "Product");
    }
  });
});
