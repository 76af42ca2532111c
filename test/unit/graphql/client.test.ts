import { describe, expect, it } from "vitest";
import {
  adminRequest,
  AdminGraphqlError,
  AdminHttpError,
  AdminThrottledError,
  AdminUserErrors,
  assertNoUserErrors,
  type AdminGraphql,
} from "../../../app/graphql/client";
import { SHOP_INFO_QUERY } from "../../../app/graphql/shop-info";

const OK = {
  data: { shop: { name: "Demo" } },
  extensions: {
    cost: {
      requestedQueryCost: 2,
      actualQueryCost: 2,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 },
    },
  },
};

function throttled(available: number, restoreRate: number, requested = 500) {
  return {
    errors: [
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ],
    extensions: {
      cost: {
        requestedQueryCost: requested,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate },
      },
    },
  };
}

/** An admin whose answers are scripted: each entry is a Response or an error to throw. */
function scripted(...answers: (Response | Error)[]): AdminGraphql & { calls: number } {
  const admin = {
    calls: 0,
    async graphql() {
      const a = answers[Math.min(admin.calls++, answers.length - 1)];
      if (a instanceof Error) throw a;
      return a.clone(); // the last answer repeats
    },
  };
  return admin;
}
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe("Admin GraphQL client", () => {
  it("waits as long as the cost bucket needs to refill, then retries a throttled query", async () => {
    const admin = scripted(json(throttled(100, 50)), json(OK));
    const { waits, sleep } = recordingSleep();
    const { data, cost } = await adminRequest<{ shop: { name: string } }>(admin, SHOP_INFO_QUERY, { sleep });
    expect(data.shop.name).toBe("Demo");
    expect(cost?.throttleStatus?.currentlyAvailable).toBe(1998);
    // (500 requested − 100 available) / 50 per second = 8 s, plus slack
    expect(waits).toEqual([8250]);
    expect(admin.calls).toBe(2);
  });

  it("honours Retry-After on HTTP 429", async () => {
    const admin = scripted(
      new Response("Too many requests", { status: 429, headers: { "Retry-After": "2.0" } }),
      json(OK),
    );
    const { waits, sleep } = recordingSleep();
    await adminRequest(admin, SHOP_INFO_QUERY, { sleep });
    expect(waits).toEqual([2000]);
  });

  it("gives up after the allowed attempts with a throttling error", async () => {
    const admin = scripted(json(throttled(0, 100)));
    const { waits, sleep } = recordingSleep();
    await expect(adminRequest(admin, SHOP_INFO_QUERY, { sleep, maxAttempts: 3 })).rejects.toBeInstanceOf(
      AdminThrottledError,
    );
    expect(admin.calls).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it("backs off exponentially when Shopify gives no cost figures", async () => {
    const admin = scripted(json({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] }));
    const { waits, sleep } = recordingSleep();
    await expect(adminRequest(admin, SHOP_INFO_QUERY, { sleep, maxAttempts: 4, maxWaitMs: 3000 })).rejects.toThrow(
      /kept throttling/,
    );
    expect(waits).toEqual([1000, 2000, 3000]);
  });

  it("retries what the Remix library throws when throttled (GraphqlQueryError, HttpThrottlingError)", async () => {
    const queryError = Object.assign(new Error("Throttled"), {
      body: {
        errors: { graphQLErrors: throttled(10, 100, 110).errors },
        extensions: throttled(10, 100, 110).extensions,
      },
    });
    const httpError = Object.assign(new Error("Shopify is throttling requests"), {
      response: { code: 429, retryAfter: 1 },
    });
    const admin = scripted(queryError, httpError, new Response(JSON.stringify(OK)));
    const { waits, sleep } = recordingSleep();
    await adminRequest(admin, SHOP_INFO_QUERY, { sleep });
    expect(waits).toEqual([1250, 1000]);
  });

  it("surfaces GraphQL errors without retrying", async () => {
    const admin = scripted(
      json({ errors: [{ message: "Access denied for orders field.", extensions: { code: "ACCESS_DENIED" } }] }),
    );
    const err = await adminRequest(admin, SHOP_INFO_QUERY, { sleep: async () => {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminGraphqlError);
    expect((err as AdminGraphqlError).errors[0].extensions?.code).toBe("ACCESS_DENIED");
    expect((err as Error).message).toBe("ShopInfo: Access denied for orders field.");
    expect(admin.calls).toBe(1);
  });

  it("reads errors in the shape the Remix library's own Response carries ({ errors: { graphQLErrors } })", async () => {
    const admin = scripted(
      json({
        data: undefined,
        errors: {
          networkStatusCode: 200,
          message: "GraphQL Client: An error occurred while fetching from the API. Review 'graphQLErrors' for details.",
          graphQLErrors: [{ message: "Field 'nope' doesn't exist on type 'Shop'" }],
        },
      }),
    );
    await expect(adminRequest(admin, SHOP_INFO_QUERY)).rejects.toThrow(
      "ShopInfo: Field 'nope' doesn't exist on type 'Shop'",
    );
  });

  it("surfaces HTTP failures", async () => {
    const admin = scripted(new Response("Internal error", { status: 500 }));
    await expect(adminRequest(admin, SHOP_INFO_QUERY)).rejects.toBeInstanceOf(AdminHttpError);
  });

  it("turns mutation userErrors into a typed error", () => {
    expect(() => assertNoUserErrors({ userErrors: [] }, "bulkOperationRunQuery")).not.toThrow();
    const userErrors = [
      {
        field: null,
        message: "A bulk query operation for this app and shop is already in progress.",
        code: "OPERATION_IN_PROGRESS",
      },
    ];
    expect(() => assertNoUserErrors({ userErrors }, "bulkOperationRunQuery")).toThrow(AdminUserErrors);
  });
});
