import { describe, expect, it, vi } from "vitest";
import { testProvider } from "../../support/db";
import { useTestShopifyEnv } from "../../support/shopify";

useTestShopifyEnv();

describe("/healthz when the database is unreachable", () => {
  it("answers 503 and says the database is unreachable", async () => {
    process.env.DATABASE_URL =
      testProvider() === "postgresql"
        ? "postgresql://postgres@127.0.0.1:9/pairwise" // nothing listens on port 9
        : "file:/nonexistent-directory/for/pairwise/db.sqlite";
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const { loader } = await import("../../../app/routes/healthz");
    const response = await loader();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, database: "unreachable" });
    expect(spy).toHaveBeenCalled();
  });
});
