// A local stand-in of Shopify's Admin GraphQL API (2026-10) for integration tests, on msw.
//
// Every request's document is validated against the real Admin schema (and so is the bulk query
// passed as bulkOperationRunQuery's `query:` string); answers are produced by executing the
// document against that same schema with graphql-js, so their shape, nullability and enum values
// are the real ones. Anything invalid is recorded in `problems` (tests assert it stays empty)
// and answered the way Shopify would, with GraphQL `errors`.
// Bulk operation result files are served from a URL on a host of our own (never the network).
import { readFileSync } from "node:fs";
import { execute, type GraphQLSchema, parse, type ExecutionResult } from "graphql";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { AdminGraphql } from "../../app/graphql/client";
import { adminSchemaErrors, loadAdminSchema } from "./shopify-schema";

export const STANDIN_SHOP = "pairwise-standin.myshopify.com";
export const GRAPHQL_URL = `https://${STANDIN_SHOP}/admin/api/2026-10/graphql.json`;
export const RESULTS_HOST = "https://bulk-results.standin.test";

type BulkStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";

export interface StandinBulkOperation {
  id: string;
  /** the inner bulk query the app sent */
  query: string;
  status: BulkStatus;
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  type: "QUERY";
  createdAt: string;
  completedAt: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
}

export interface StandinState {
  shop: { name: string; myshopifyDomain: string; currencyCode: string; currencyFormats: { moneyFormat: string } };
  scopes: string[];
  operations: Map<string, StandinBulkOperation>;
  /** the groupObjects argument each operation was started with (false is the 2026-10 default) */
  groupObjects: Map<string, boolean>;
  /** answered (then cleared) instead of starting the next bulk operation */
  runUserErrors:
    { field: string[] | null; message: string; code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS" }[] | null;
  /** the next N GraphQL requests are answered THROTTLED */
  throttleNext: number;
  /** the next N GraphQL requests are answered HTTP 429 */
  http429Next: number;
  /** pages answered to OrdersUpdatedSince, in order */
  orderPages: { nodes: unknown[] }[];
  /** result files by name, served at RESULTS_HOST/<name> */
  files: Map<string, string>;
  /** the app's automatic discounts by id (discountAutomaticAppCreate/Update, metafieldsSet) */
  discounts: Map<string, StandinDiscount>;
  /** metafields of products and variants (the discount rules), by owner gid, then "namespace.key" */
  catalogMetafields: Map<string, Map<string, string>>;
  /** the app's cart transforms (one per app and shop) */
  cartTransforms: { id: string; functionHandle: string; metafields: Map<string, string> }[];
  /** function handles deployed with the app (others are answered as Shopify answers an unknown one) */
  functionHandles: string[];
  /** every operation name received, in order */
  received: { operationName: string; variables: Record<string, unknown> }[];
  /** schema violations in the app's documents or in the stand-in's own answers */
  problems: string[];
  /** customers by gid: their metafields ("namespace.key" → value) and tags (follow-up sync) */
  customers: Map<string, { metafields: Map<string, string>; tags: Set<string> }>;
  /** metafield definitions ("ownerType namespace.key" → id) and customer segments */
  metafieldDefinitions: Map<string, string>;
  segments: { id: string; name: string; query: string }[];
  /** code discounts by code (discountCodeBasicCreate): who may use them, on what, how much */
  discountCodes: Map<
    string,
    {
      id: string;
      customers: string[];
      productIds: string[];
      percentage: number;
      usageLimit: number | null;
      endsAt: string | null;
    }
  >;
}

export interface AdminApiStandin {
  server: ReturnType<typeof setupServer>;
  state: StandinState;
  schema: GraphQLSchema;
  /** what `admin` of authenticate.admin gives the app: sends the document over HTTP */
  admin: AdminGraphql;
  /** Finishes a bulk operation: COMPLETED with the given JSONL content, or FAILED / CANCELED. */
  finish(
    id: string,
    outcome:
      | { status: "COMPLETED"; jsonl: string }
      | { status: "FAILED" | "CANCELED" | "EXPIRED"; errorCode?: StandinBulkOperation["errorCode"] },
  ): void;
  reset(): void;
}

export interface StandinDiscount {
  id: string;
  title: string;
  functionHandle: string;
  status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
  discountClasses: string[];
  combinesWith: { orderDiscounts?: boolean; productDiscounts?: boolean; shippingDiscounts?: boolean };
  /** "namespace.key" → value */
  metafields: Map<string, string>;
}

type MetafieldArg = { namespace?: string; key: string; type?: string; value: string; ownerId?: string };
const metafieldKey = (m: { namespace?: string; key: string }) => `${m.namespace ?? ""}.${m.key}`;

const COST = {
  requestedQueryCost: 12,
  actualQueryCost: 12,
  throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1988, restoreRate: 100 },
};

function freshState(): StandinState {
  return {
    shop: {
      name: "Pairwise Stand-in",
      myshopifyDomain: STANDIN_SHOP,
      currencyCode: "USD",
      currencyFormats: { moneyFormat: "${{amount}}" },
    },
    scopes: ["read_products", "read_orders", "read_all_orders"],
    operations: new Map(),
    groupObjects: new Map(),
    runUserErrors: null,
    throttleNext: 0,
    http429Next: 0,
    orderPages: [],
    files: new Map(),
    discounts: new Map(),
    catalogMetafields: new Map(),
    cartTransforms: [],
    functionHandles: ["pairwise-discount", "pairwise-bundle"],
    received: [],
    problems: [],
    customers: new Map(),
    metafieldDefinitions: new Map(),
    segments: [],
    discountCodes: new Map(),
  };
}

export async function startAdminApiStandin(): Promise<AdminApiStandin> {
  const schema = await loadAdminSchema();
  let state = freshState();
  let nextId = 1;

  // Every customer gid exists in the stand-in's shop (the app only writes to customers who ordered).
  const customerOf = (gid: string) => {
    if (!/^gid:\/\/shopify\/Customer\/\d+$/.test(gid)) return undefined;
    let c = state.customers.get(gid);
    if (!c) state.customers.set(gid, (c = { metafields: new Map(), tags: new Set() }));
    return c;
  };

  const rootValue = () => ({
    shop: state.shop,
    currentAppInstallation: { accessScopes: state.scopes.map((handle) => ({ handle })) },
    bulkOperation: ({ id }: { id: string }) => state.operations.get(id) ?? null,
    orders: ({ after }: { after?: string | null }) => {
      const index = after ? Number(after.replace("cursor-", "")) : 0;
      const page = state.orderPages[index] ?? { nodes: [] };
      const hasNextPage = index + 1 < state.orderPages.length;
      return { nodes: page.nodes, pageInfo: { hasNextPage, endCursor: hasNextPage ? `cursor-${index + 1}` : null } };
    },
    discountAutomaticAppCreate: ({
      automaticAppDiscount: d,
    }: {
      automaticAppDiscount: {
        title: string;
        functionHandle?: string;
        discountClasses?: string[];
        combinesWith?: StandinDiscount["combinesWith"];
        metafields?: MetafieldArg[];
        startsAt?: string;
      };
    }) => {
      if (!d.functionHandle || !state.functionHandles.includes(d.functionHandle)) {
        return {
          automaticAppDiscount: null,
          userErrors: [
            { field: ["automaticAppDiscount", "functionHandle"], message: "Function not found.", code: "INVALID" },
          ],
        };
      }
      const id = `gid://shopify/DiscountAutomaticNode/${2000 + nextId++}`;
      const discount: StandinDiscount = {
        id,
        title: d.title,
        functionHandle: d.functionHandle,
        status: d.startsAt && Date.parse(d.startsAt) > Date.now() + 60_000 ? "SCHEDULED" : "ACTIVE",
        discountClasses: d.discountClasses ?? [],
        combinesWith: d.combinesWith ?? {},
        metafields: new Map((d.metafields ?? []).map((m) => [metafieldKey(m), m.value])),
      };
      state.discounts.set(id, discount);
      return {
        automaticAppDiscount: { discountId: id, status: discount.status, title: discount.title },
        userErrors: [],
      };
    },
    discountAutomaticAppUpdate: ({
      id,
      automaticAppDiscount: d,
    }: {
      id: string;
      automaticAppDiscount: { title?: string; combinesWith?: StandinDiscount["combinesWith"] };
    }) => {
      const found = state.discounts.get(id);
      if (!found)
        return {
          automaticAppDiscount: null,
          userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }],
        };
      if (d.title) found.title = d.title;
      if (d.combinesWith) found.combinesWith = d.combinesWith;
      return { automaticAppDiscount: { discountId: id, status: found.status, title: found.title }, userErrors: [] };
    },
    discountNode: ({ id }: { id: string }) => {
      const found = state.discounts.get(id);
      return found
        ? {
            id,
            discount: { __typename: "DiscountAutomaticApp", status: found.status, title: found.title, discountId: id },
          }
        : null;
    },
    cartTransformCreate: ({ functionHandle, metafields }: { functionHandle?: string; metafields?: MetafieldArg[] }) => {
      if (!functionHandle || !state.functionHandles.includes(functionHandle))
        return {
          cartTransform: null,
          userErrors: [{ field: ["functionHandle"], message: "Function not found", code: "FUNCTION_NOT_FOUND" }],
        };
      if (state.cartTransforms.length)
        return {
          cartTransform: null,
          userErrors: [
            {
              field: ["functionHandle"],
              message: "Could not enable cart transform because it is already registered",
              code: "FUNCTION_ALREADY_REGISTERED",
            },
          ],
        };
      const transform = {
        id: `gid://shopify/CartTransform/${3000 + nextId++}`,
        functionHandle,
        metafields: new Map((metafields ?? []).map((m) => [metafieldKey(m), m.value])),
      };
      state.cartTransforms.push(transform);
      return { cartTransform: { id: transform.id }, userErrors: [] };
    },
    cartTransforms: () => ({
      nodes: state.cartTransforms.map((t) => ({ id: t.id })),
      pageInfo: { hasNextPage: false, endCursor: null },
    }),
    discountCodeBasicCreate: ({
      basicCodeDiscount: d,
    }: {
      basicCodeDiscount: {
        code?: string;
        endsAt?: string;
        usageLimit?: number;
        context?: { customers?: { add?: string[] } };
        customerGets?: { value?: { percentage?: number }; items?: { products?: { productsToAdd?: string[] } } };
      };
    }) => {
      const code = (d.code ?? "").toUpperCase();
      if (!code)
        return {
          codeDiscountNode: null,
          userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code can't be blank", code: "BLANK" }],
        };
      if (state.discountCodes.has(code))
        return {
          codeDiscountNode: null,
          userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique.", code: "TAKEN" }],
        };
      const id = `gid://shopify/DiscountCodeNode/${6000 + nextId++}`;
      state.discountCodes.set(code, {
        id,
        customers: d.context?.customers?.add ?? [],
        productIds: d.customerGets?.items?.products?.productsToAdd ?? [],
        percentage: d.customerGets?.value?.percentage ?? 0,
        usageLimit: d.usageLimit ?? null,
        endsAt: d.endsAt ?? null,
      });
      return { codeDiscountNode: { id }, userErrors: [] };
    },
    metafieldDefinitionCreate: ({
      definition: d,
    }: {
      definition: { namespace: string; key: string; ownerType: string; type: string };
    }) => {
      const key = `${d.ownerType} ${d.namespace}.${d.key}`;
      if (state.metafieldDefinitions.has(key))
        return {
          createdDefinition: null,
          userErrors: [{ field: ["definition", "key"], message: "Key is in use.", code: "TAKEN" }],
        };
      const id = `gid://shopify/MetafieldDefinition/${4000 + nextId++}`;
      state.metafieldDefinitions.set(key, id);
      return { createdDefinition: { id }, userErrors: [] };
    },
    metafieldDefinitions: ({ ownerType, namespace, key }: { ownerType: string; namespace: string; key: string }) => {
      const id = state.metafieldDefinitions.get(`${ownerType} ${namespace}.${key}`);
      return { nodes: id ? [{ id }] : [], pageInfo: { hasNextPage: false, endCursor: null } };
    },
    segments: () => ({ nodes: state.segments, pageInfo: { hasNextPage: false, endCursor: null } }),
    segmentCreate: ({ name, query }: { name: string; query: string }) => {
      if (state.segments.some((s) => s.name === name))
        return { segment: null, userErrors: [{ field: ["name"], message: "Name has already been taken" }] };
      const segment = { id: `gid://shopify/Segment/${5000 + nextId++}`, name, query };
      state.segments.push(segment);
      return { segment, userErrors: [] };
    },
    tagsAdd: ({ id, tags }: { id: string; tags: string[] }) => {
      const c = customerOf(id);
      if (!c) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
      for (const t of tags) c.tags.add(t);
      return { node: { __typename: "Customer", id }, userErrors: [] };
    },
    tagsRemove: ({ id, tags }: { id: string; tags: string[] }) => {
      const c = customerOf(id);
      if (!c) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
      for (const t of tags) c.tags.delete(t);
      return { node: { __typename: "Customer", id }, userErrors: [] };
    },
    metafieldsSet: ({ metafields }: { metafields: MetafieldArg[] }) => {
      if (metafields.length > 25)
        return {
          metafields: null,
          userErrors: [
            {
              field: ["metafields"],
              message: "Exceeded the maximum metafields input limit of 25.",
              code: "LESS_THAN_OR_EQUAL_TO",
              elementIndex: null,
            },
          ],
        };
      const catalogOwner = (id: string | undefined) =>
        !!id && /^gid:\/\/shopify\/(Product|ProductVariant)\/\d+$/.test(id);
      for (const [i, m] of metafields.entries()) {
        const owner =
          catalogOwner(m.ownerId) ||
          state.discounts.get(m.ownerId ?? "") ||
          state.cartTransforms.find((t) => t.id === m.ownerId) ||
          customerOf(m.ownerId ?? "");
        if (!owner)
          return {
            metafields: null,
            userErrors: [
              {
                field: ["metafields", String(i), "ownerId"],
                message: "Owner does not exist.",
                code: "INVALID_VALUE",
                elementIndex: i,
              },
            ],
          };
        if (m.type === "json") {
          try {
            JSON.parse(m.value);
          } catch {
            return {
              metafields: null,
              userErrors: [
                {
                  field: ["metafields", String(i), "value"],
                  message: "Value is invalid JSON.",
                  code: "INVALID_VALUE",
                  elementIndex: i,
                },
              ],
            };
          }
        }
      }
      for (const m of metafields) {
        if (catalogOwner(m.ownerId)) {
          if (!state.catalogMetafields.has(m.ownerId!)) state.catalogMetafields.set(m.ownerId!, new Map());
          state.catalogMetafields.get(m.ownerId!)!.set(metafieldKey(m), m.value);
          continue;
        }
        const owner =
          state.discounts.get(m.ownerId ?? "") ??
          state.cartTransforms.find((t) => t.id === m.ownerId) ??
          customerOf(m.ownerId ?? "")!;
        owner.metafields.set(metafieldKey(m), m.value);
      }
      return {
        metafields: metafields.map((m) => ({ key: m.key, namespace: m.namespace, value: m.value })),
        userErrors: [],
      };
    },
    metafieldsDelete: ({ metafields }: { metafields: { ownerId: string; namespace?: string; key: string }[] }) => {
      if (metafields.length > 25)
        return {
          deletedMetafields: null,
          userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25." }],
        };
      const deletedMetafields = metafields.map((m) => {
        const owner =
          state.catalogMetafields.get(m.ownerId) ??
          state.discounts.get(m.ownerId)?.metafields ??
          state.cartTransforms.find((t) => t.id === m.ownerId)?.metafields ??
          state.customers.get(m.ownerId)?.metafields;
        return owner?.delete(metafieldKey(m)) ? { ownerId: m.ownerId, namespace: m.namespace, key: m.key } : null;
      });
      return { deletedMetafields, userErrors: [] };
    },
    bulkOperationRunQuery: ({ query, groupObjects }: { query: string; groupObjects: boolean }) => {
      const innerErrors = adminSchemaErrors(schema, query);
      if (innerErrors.length) {
        state.problems.push(...innerErrors.map((e) => `bulk query: ${e}`));
        return {
          bulkOperation: null,
          userErrors: [{ field: ["query"], message: `Invalid bulk query: ${innerErrors[0]}`, code: "INVALID" }],
        };
      }
      if (state.runUserErrors) {
        const userErrors = state.runUserErrors;
        state.runUserErrors = null;
        return { bulkOperation: null, userErrors };
      }
      const id = `gid://shopify/BulkOperation/${1000 + nextId++}`;
      const op: StandinBulkOperation = {
        id,
        query,
        status: "CREATED",
        errorCode: null,
        type: "QUERY",
        createdAt: new Date().toISOString(),
        completedAt: null,
        objectCount: "0",
        rootObjectCount: "0",
        fileSize: null,
        url: null,
        partialDataUrl: null,
      };
      state.operations.set(id, op);
      state.groupObjects.set(id, groupObjects);
      return { bulkOperation: op, userErrors: [] };
    },
  });

  const server = setupServer(
    http.post(GRAPHQL_URL, async ({ request }) => {
      if (request.headers.get("X-Shopify-Access-Token") !== "standin-token") {
        return HttpResponse.json(
          { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" },
          { status: 401 },
        );
      }
      const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
      let document;
      try {
        document = parse(body.query);
      } catch (err) {
        state.problems.push(`syntax: ${(err as Error).message}`);
        return HttpResponse.json({ errors: [{ message: (err as Error).message }] });
      }
      const op = document.definitions.find((d) => d.kind === "OperationDefinition");
      const operationName = op && "name" in op && op.name ? op.name.value : "anonymous";
      state.received.push({ operationName, variables: body.variables ?? {} });
      if (state.http429Next > 0) {
        state.http429Next--;
        return new HttpResponse(
          "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
          { status: 429, headers: { "Retry-After": "1.0" } },
        );
      }
      if (state.throttleNext > 0) {
        state.throttleNext--;
        return HttpResponse.json({
          errors: [
            {
              message: "Throttled",
              extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
            },
          ],
          extensions: {
            cost: {
              requestedQueryCost: 12,
              actualQueryCost: null,
              throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2, restoreRate: 100 },
            },
          },
        });
      }
      const invalid = adminSchemaErrors(schema, document);
      if (invalid.length) {
        state.problems.push(...invalid.map((e) => `${operationName}: ${e}`));
        return HttpResponse.json({
          errors: invalid.map((message) => ({ message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })),
        });
      }
      const root = rootValue();
      const result = (await execute({
        schema,
        document,
        rootValue: root,
        variableValues: body.variables,
      })) as ExecutionResult;
      if (result.errors?.length)
        state.problems.push(...result.errors.map((e) => `${operationName} answer: ${e.message}`));
      return HttpResponse.json({ ...result, extensions: { cost: COST } });
    }),
    http.get(`${RESULTS_HOST}/:name`, ({ params }) => {
      const content = state.files.get(String(params.name));
      if (content === undefined) return new HttpResponse("<Error><Code>NoSuchKey</Code></Error>", { status: 404 });
      // Served in small chunks (lines cut across them), each made as the reader asks for it, as a
      // download arrives.
      const bytes = new TextEncoder().encode(content);
      let at = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          controller.enqueue(bytes.subarray(at, (at += 1024)));
        },
      });
      return new HttpResponse(stream, { headers: { "Content-Type": "application/jsonl" } });
    }),
  );

  const admin: AdminGraphql = {
    graphql: (query, options) =>
      fetch(GRAPHQL_URL, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "standin-token" },
        body: JSON.stringify({ query, variables: options?.variables }),
      }),
  };

  return {
    server,
    schema,
    get state() {
      return state;
    },
    admin,
    finish(id, outcome) {
      const op = state.operations.get(id);
      if (!op) throw new Error(`stand-in has no bulk operation ${id}`);
      op.completedAt = new Date().toISOString();
      if (outcome.status === "COMPLETED") {
        const name = `${id.split("/").pop()}-final.jsonl`;
        const lines = outcome.jsonl.split("\n").filter(Boolean);
        state.files.set(name, outcome.jsonl);
        Object.assign(op, {
          status: "COMPLETED",
          objectCount: String(lines.length),
          rootObjectCount: String(lines.filter((l) => !l.includes('"__parentId"')).length),
          fileSize: String(Buffer.byteLength(outcome.jsonl)),
          url: lines.length ? `${RESULTS_HOST}/${name}` : null,
        });
      } else {
        Object.assign(op, { status: outcome.status, errorCode: outcome.errorCode ?? null });
      }
    },
    reset() {
      state = freshState();
      nextId = 1;
    },
  };
}

export function readFixture(name: string): string {
  return readFileSync(`test/fixtures/shopify/${name}`, "utf8");
}
