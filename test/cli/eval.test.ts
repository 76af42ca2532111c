// `npm run eval -- --input FILE --format …` on order files that are not the demo's: the demo
// generator's orders written as a lines CSV (dates and customers: time split, cart suggestions and
// the customer evaluation, whose propensity model must beat the popularity and recency baselines
// on AUC), a file without dates (a fixed random split, the customer evaluation skipped), and bad
// arguments (exit code 2).
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { DEFAULT_NOW, generateDemoShop } from "../../app/demo/generate";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");

async function evalCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/eval.ts", ...args], {
      cwd: ROOT,
      timeout: 240_000,
      maxBuffer: 16 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

const figures = (stdout: string) =>
  Object.fromEntries(
    stdout
      .trim()
      .split("\n")
      .pop()!
      .split(" ")
      .map((kv) => kv.split("=") as [string, string]),
  );

describe("npm run eval -- --input", () => {
  it("evaluates cart suggestions and customers on any lines CSV with dates and customers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pairwise-eval-"));
    const file = join(dir, "orders.csv");
    const shop = generateDemoShop({ seed: 7, orders: 5000, now: DEFAULT_NOW });
    const rows = ["order_id,product_id,quantity,customer_id,created_at,price"];
    for (const o of shop.orders) {
      if (o.cancelledAt != null) continue;
      for (const l of o.lines) {
        const units = l.quantity - (l.refundedQuantity ?? 0);
        if (l.productId && units > 0)
          rows.push(
            [
              o.id,
              l.productId,
              units,
              o.customerId ?? "",
              new Date(o.createdAt!).toISOString(),
              ((l.price ?? 0) / 100).toFixed(2),
            ].join(","),
          );
      }
    }
    writeFileSync(file, rows.join("\n") + "\n");
    const r = await evalCli("--input", file, "--format", "lines-csv", "--horizons", "30");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("## Cart suggestions");
    expect(r.stdout).toMatch(/Learned from \d+ orders before 2026-0[78]-\d\d; tested on/);
    expect(r.stdout).toContain("| 30 days | **Pairwise (propensity model)** |");
    const f = figures(r.stdout);
    expect(Number(f.customers_30d_auc)).toBeGreaterThan(Number(f.popular_30d_auc));
    expect(Number(f.customers_30d_auc)).toBeGreaterThan(0.7);
    expect(Number(f.pairwise_hit3)).toBeGreaterThan(0);
  }, 300_000);

  it("uses a fixed random split when the file has no dates, and says the customer evaluation cannot run", async () => {
    const r = await evalCli("--input", join(ROOT, "test/fixtures/lines/non-adjacent.csv"), "--format", "lines-csv");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("The file has no dates: a fixed random split");
    expect(r.stdout).toContain("Skipped: the customer evaluation needs order dates and customer ids");
    const again = await evalCli("--input", join(ROOT, "test/fixtures/lines/non-adjacent.csv"), "--format", "lines-csv");
    expect(again.stdout.split("\n").slice(0, -3)).toEqual(r.stdout.split("\n").slice(0, -3));
  }, 120_000);

  it("reads Shopify's bulk JSONL and exits 2 on bad arguments", async () => {
    const ok = await evalCli(
      "--input",
      join(ROOT, "test/fixtures/shopify/orders_bulk.jsonl"),
      "--format",
      "bulk-jsonl",
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("## Existing customers");
    expect((await evalCli("--input", "x.csv", "--format", "xml")).code).toBe(2);
    expect((await evalCli("--input", "x.csv")).code).toBe(2);
    expect((await evalCli("--horizons", "0")).code).toBe(2);
  }, 120_000);
});
