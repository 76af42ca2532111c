// The one way the app sends an Admin GraphQL document: retries throttled requests with a backoff
// informed by Shopify's cost extension, and turns `errors` / `userErrors` into typed errors.
//
// `admin` is what `authenticate.admin(request)` / `unauthenticated.admin(shop)` return as
// `admin`, or any object with the same `graphql` method (tests pass a fetch-backed stand-in).
// The Remix library answers with a Response, but throws its own error classes for GraphQL errors
// (GraphqlQueryError, with `.body`) and HTTP 429 (HttpThrottlingError, `.response.code`); both
// shapes are understood here.

export interface AdminGraphql {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

export interface GraphqlErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface CostExtension {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

/** The API answered with top-level GraphQL errors (bad document, access denied, …). */
export class AdminGraphqlError extends Error {
  override name = "AdminGraphqlError";
  constructor(
    readonly errors: GraphqlErrorEntry[],
    readonly operation: string,
  ) {
    super(`${operation}: ${errors.map((e) => e.message).join("; ") || "GraphQL error"}`);
  }
}

/** Still throttled (THROTTLED error or HTTP 429) after the allowed attempts. */
export class AdminThrottledError extends Error {
  override name = "AdminThrottledError";
  constructor(
    readonly operation: string,
    readonly attempts: number,
  ) {
    super(`${operation}: Shopify kept throttling the request after ${attempts} attempts`);
  }
}

/** A non-2xx HTTP answer other than 429. */
export class AdminHttpError extends Error {
  override name = "AdminHttpError";
  constructor(
    readonly status: number,
    readonly operation: string,
    readonly body: string,
  ) {
    super(`${operation}: HTTP ${status}${body ? ` ${body.slice(0, 200)}` : ""}`);
  }
}

/** A mutation answered with `userErrors` (e.g. a bulk operation already running). */
export class AdminUserErrors extends Error {
  override name = "AdminUserErrors";
  constructor(
    readonly userErrors: UserError[],
    readonly operation: string,
  ) {
    super(`${operation}: ${userErrors.map((e) => e.message).join("; ")}`);
  }
}

export interface RequestOptions {
  variables?: Record<string, unknown>;
  /** total attempts including the first; default 5 */
  maxAttempts?: number;
  /** injectable for tests; default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** upper bound of one wait, ms; default 30 s */
  maxWaitMs?: number;
}

export interface GraphqlResult<TData> {
  data: TData;
  cost?: CostExtension;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The name of the first operation in a document, for messages ("query ShopInfo" → "ShopInfo"). */
export function operationName(document: string): string {
  return /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(document)?.[1] ?? "AdminGraphql";
}

interface Attempt {
  status: number;
  retryAfterMs?: number;
  body?: { data?: unknown; errors?: GraphqlErrorEntry[]; extensions?: { cost?: CostExtension } };
  text?: string;
}

function isThrottled(a: Attempt): boolean {
  return a.status === 429 || (a.body?.errors ?? []).some((e) => e.extensions?.code === "THROTTLED");
}

/** How long to wait before the next attempt (ms). */
export function backoffMs(
  attempt: number,
  requestedCost: number | undefined,
  throttle: ThrottleStatus | undefined,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return retryAfterMs;
  if (throttle && throttle.restoreRate > 0 && requestedCost !== undefined) {
    const missing = Math.max(0, requestedCost - throttle.currentlyAvailable);
    // Wait until the bucket has refilled enough for this query, plus a little slack.
    return Math.ceil((missing / throttle.restoreRate) * 1000) + 250;
  }
  return 1000 * 2 ** (attempt - 1);
}

async function attemptOnce(
  admin: AdminGraphql,
  document: string,
  variables: Record<string, unknown> | undefined,
): Promise<Attempt> {
  let res: Response;
  try {
    res = await admin.graphql(document, variables ? { variables } : undefined);
  } catch (err) {
    // Errors thrown by @shopify/shopify-api's client.
    const e = err as {
      body?: {
        data?: unknown;
        errors?: { graphQLErrors?: GraphqlErrorEntry[] } | GraphqlErrorEntry[];
        extensions?: { cost?: CostExtension };
      };
      response?: { code?: number; retryAfter?: number; status?: number };
    };
    const code = e.response?.code ?? e.response?.status;
    if (code === 429) {
      return {
        status: 429,
        retryAfterMs: e.response?.retryAfter !== undefined ? e.response.retryAfter * 1000 : undefined,
      };
    }
    if (e.body && typeof e.body === "object") {
      const raw = e.body.errors;
      const errors = Array.isArray(raw) ? raw : (raw?.graphQLErrors ?? []);
      return { status: 200, body: { data: e.body.data, errors, extensions: e.body.extensions } };
    }
    throw err;
  }
  if (!res.ok) {
    const retryAfter = Number(res.headers.get("Retry-After"));
    const text = await res.text().catch(() => "");
    return {
      status: res.status,
      text,
      retryAfterMs: Number.isFinite(retryAfter) && res.headers.has("Retry-After") ? retryAfter * 1000 : undefined,
    };
  }
  const body = (await res.json()) as Attempt["body"] & { errors?: unknown };
  // The Remix library's own Response wraps the client result: { data, errors: { graphQLErrors } }.
  const errs = body?.errors as GraphqlErrorEntry[] | { graphQLErrors?: GraphqlErrorEntry[] } | undefined;
  const errors = errs === undefined ? undefined : Array.isArray(errs) ? errs : (errs.graphQLErrors ?? []);
  return { status: res.status, body: { data: body?.data, errors, extensions: body?.extensions } };
}

/**
 * Sends one document and returns its `data`. Retries THROTTLED / 429 up to `maxAttempts` times,
 * waiting as long as `extensions.cost.throttleStatus` says the bucket needs to refill.
 */
export async function adminRequest<TData>(
  admin: AdminGraphql,
  document: string,
  options: RequestOptions = {},
): Promise<GraphqlResult<TData>> {
  const op = operationName(document);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const sleep = options.sleep ?? realSleep;
  const maxWait = options.maxWaitMs ?? 30_000;
  for (let attempt = 1; ; attempt++) {
    const a = await attemptOnce(admin, document, options.variables);
    if (isThrottled(a)) {
      if (attempt >= maxAttempts) throw new AdminThrottledError(op, attempt);
      const cost = a.body?.extensions?.cost;
      await sleep(
        Math.min(maxWait, backoffMs(attempt, cost?.requestedQueryCost, cost?.throttleStatus, a.retryAfterMs)),
      );
      continue;
    }
    if (a.status < 200 || a.status >= 300) throw new AdminHttpError(a.status, op, a.text ?? "");
    const errors = a.body?.errors ?? [];
    if (errors.length > 0) throw new AdminGraphqlError(errors, op);
    if (a.body?.data === undefined || a.body.data === null)
      throw new AdminGraphqlError([{ message: "response has no data" }], op);
    return { data: a.body.data as TData, cost: a.body.extensions?.cost };
  }
}

/** Throws AdminUserErrors when a mutation payload carries userErrors. */
export function assertNoUserErrors(payload: { userErrors: UserError[] } | null | undefined, operation: string): void {
  if (payload && payload.userErrors.length > 0) throw new AdminUserErrors(payload.userErrors, operation);
}
