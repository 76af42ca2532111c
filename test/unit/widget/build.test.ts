import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GZIP_BUDGET, OUTFILE, assetsGzipTotal, buildWidget, gzipSize } from "../../../scripts/build-widget";

describe("the committed storefront widget", () => {
  it("is exactly what a fresh build of src/ produces (run npm run build:widget after editing src/)", async () => {
    const fresh = await buildWidget();
    expect(readFileSync(OUTFILE, "utf8") === fresh, "assets/pairwise.js is stale").toBe(true);
  });

  it("stays within 10 KB gzipped for all of the extension's JavaScript", async () => {
    const fresh = await buildWidget();
    expect(gzipSize(fresh)).toBeLessThanOrEqual(GZIP_BUDGET);
    expect(assetsGzipTotal()).toBeLessThanOrEqual(GZIP_BUDGET);
  });

  it("is an ES2019 script that runs on its own (no module syntax, no optional chaining left)", async () => {
    const code = await buildWidget();
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(code).not.toContain("?.");
    expect(code).not.toContain("??");
  });
});
