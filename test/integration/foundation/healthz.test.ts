import { describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { useTestShopifyEnv } from "../../support/shopify";

useTestShopifyEnv();

describe("/healthz", () => {
  it("answers 200 with ok after a real database round trip", async () => {
    useFreshDatabase();
    const { loader } = await import("../../../app/routes/healthz");
    const response = await loader();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.ok).toBe(true);
    expect(body.database).toBe("ok");
    expect(typeof body.dbLatencyMs).toBe("number");
  });
});
