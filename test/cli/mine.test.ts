// Runs the mine CLI as `npm run mine` does (a child process through tsx) on small fixtures.
// `node --import tsx` is what `npx tsx` runs, without npx's start-up cost.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");
const lines = (name: string) => join(ROOT, "test/fixtures/lines", name);
const shopify = (name: string) => join(ROOT, "test/fixtures/shopify", name);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function mine(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/mine.ts", ...args], {
      cwd: ROOT,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

describe("npm run mine", () => {
  it("prints orders and the laptop ↔ mouse rules in both directions, and nothing for the chance-level gift card", async () => {
    const r = await mine("--input", lines("shop.csv"), "--format", "lines-csv");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      orders: 40,
      rules: [
        {
          antecedent: "laptop-14",
          consequent: "wireless-mouse",
          count: 8,
          support: 0.2,
          confidence: 0.8,
          lift: 3.2,
          attachRate: 0.9,
        },
        {
          antecedent: "wireless-mouse",
          consequent: "laptop-14",
          count: 8,
          support: 0.2,
          confidence: 0.8,
          lift: 3.2,
          attachRate: 8 / 11,
        },
      ],
    });
  });

  it("applies --min-confidence, --min-lift and --min-support", async () => {
    const [conf, lift, support, loose] = await Promise.all([
      mine("--input", lines("shop.csv"), "--format", "lines-csv", "--min-confidence", "0.81"),
      mine("--input", lines("shop.csv"), "--format", "lines-csv", "--min-lift", "3.3"),
      mine("--input", lines("shop.csv"), "--format", "lines-csv", "--min-support", "0.25"),
      mine("--input", lines("shop.csv"), "--format", "lines-csv", "--no-guard", "--min-count", "1", "--top", "1"),
    ]);
    for (const r of [conf, lift, support]) expect(JSON.parse(r.stdout).rules).toEqual([]);
    const looseRules = JSON.parse(loose.stdout).rules as { antecedent: string; consequent: string }[];
    // without the guard the chance-level gift card pairs appear; --top 1 keeps one rule per antecedent
    const antecedents = looseRules.map((x) => x.antecedent);
    expect(new Set(antecedents).size).toBe(antecedents.length);
    expect(antecedents).toEqual(expect.arrayContaining(["gift-card", "laptop-14", "wireless-mouse", "tee-13"]));
    expect(antecedents).toHaveLength(15);
  });

  it("with --sequences also prints later purchases with their median gap and replenished products", async () => {
    const r = await mine(
      "--input",
      lines("follow-ups.csv"),
      "--format",
      "lines-csv",
      "--sequences",
      "--window-days",
      "30",
      "--no-guard",
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // 3 of 6 customers bought the lens: lift 1 / 0.5
    expect(out.sequences).toEqual([
      { antecedent: "camera", consequent: "lens", count: 3, confidence: 1, lift: 2, medianGapDays: 5 },
    ]);
    expect(out.replenishment).toEqual([
      { productId: "coffee", customers: 3, repeatCustomers: 3, repurchaseRate: 1, medianIntervalDays: 30 },
    ]);
  });

  it("lists unreadable rows on stderr and still mines the rest", async () => {
    const r = await mine("--input", lines("mixed.csv"), "--format", "lines-csv");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).orders).toBe(5);
    expect(r.stderr).toContain("line 7: expected 7 columns, found 4");
    expect(r.stderr).toContain('line 9: quantity "two" is not a positive whole number');
  });

  it("reads Shopify's order export and bulk-operation JSONL", async () => {
    const [csv, jsonl] = await Promise.all([
      mine("--input", shopify("orders_export.csv"), "--format", "shopify-csv", "--min-count", "1", "--no-guard"),
      mine("--input", shopify("orders_bulk.jsonl"), "--format", "bulk-jsonl", "--min-count", "1", "--no-guard"),
    ]);
    for (const r of [csv, jsonl]) {
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.orders).toBeGreaterThan(0);
      for (const rule of out.rules)
        expect(Object.keys(rule).sort()).toEqual([
          "antecedent",
          "attachRate",
          "confidence",
          "consequent",
          "count",
          "lift",
          "support",
        ]);
    }
  });

  it("fails with a clear message for a missing file, an unknown format, bad numbers or a bad header", async () => {
    const [missing, format, number, header, noInput] = await Promise.all([
      mine("--input", lines("does-not-exist.csv"), "--format", "lines-csv"),
      mine("--input", lines("shop.csv"), "--format", "xlsx"),
      mine("--input", lines("shop.csv"), "--format", "lines-csv", "--min-support", "lots"),
      mine("--input", lines("bad-header.csv"), "--format", "lines-csv"),
      mine("--format", "lines-csv"),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*does-not-exist\.csv: no such file/);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown --format "xlsx"');
    expect(number.code).toBe(2);
    expect(number.stderr).toContain('--min-support must be a number between 0 and 1, got "lots"');
    expect(header.code).toBe(1);
    expect(header.stderr).toContain("header must name order_id and product_id");
    expect(noInput.code).toBe(2);
    expect(noInput.stderr).toContain("--input FILE is required");
    for (const r of [missing, format, number, header, noInput]) expect(r.stdout).toBe("");
  });
});

describe("npm run mine through a pipe", () => {
  // 8 000 planted pairs, each bought together in 12 orders, among 600 single-item orders: 16 000
  // rules, 2 MB of JSON — far more than the 64 KB a pipe holds before the reader takes it. The file
  // (9 MB) is large enough for the CLI to count in a worker thread, as it does for real exports.
  const csv = (() => {
    const rows = ["order_id,product_id,quantity,customer_id,created_at"];
    let order = 0;
    for (let pair = 0; pair < 8_000; pair++) {
      for (let k = 0; k < 12; k++) {
        order++;
        rows.push(
          `${order},pair-${pair}-a,1,c-${order},2025-05-01T12:00:00Z`,
          `${order},pair-${pair}-b,1,c-${order},2025-05-01T12:00:00Z`,
        );
      }
    }
    for (let k = 0; k < 600; k++) rows.push(`${++order},single-${k % 50},1,c-${order},2025-05-02T12:00:00Z`);
    return rows.join("\n") + "\n";
  })();

  /** `mine … | consumer` in a shell: the consumer reads slowly, so the pipe fills up. */
  async function piped(consumer: string): Promise<{ stdout: Buffer; code: number }> {
    const dir = mkdtempSync(join(tmpdir(), "pairwise-cli-"));
    const file = join(dir, "pairs.csv");
    writeFileSync(file, csv);
    const mineCommand = `${JSON.stringify(process.execPath)} --import tsx scripts/mine.ts --input ${JSON.stringify(file)} --format lines-csv`;
    return await new Promise((resolvePromise, reject) => {
      const child = spawn("bash", ["-o", "pipefail", "-c", `${mineCommand} | ${consumer}`], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
      });
      const chunks: Buffer[] = [];
      child.stdout.on("data", (c: Buffer) => chunks.push(c));
      child.on("error", reject);
      child.on("close", (code) => resolvePromise({ stdout: Buffer.concat(chunks), code: code ?? -1 }));
    });
  }

  it("writes all of a result larger than 64 KB to a slow reader, then exits", async () => {
    const r = await piped("(sleep 1; cat)");
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(1_000_000);
    const out = JSON.parse(r.stdout.toString("utf8")) as { orders: number; rules: unknown[] };
    expect(out.orders).toBe(96_000 + 600);
    expect(out.rules).toHaveLength(16_000);
  }, 60_000);

  it("stops quietly when the reader stops early (| head -c)", async () => {
    const r = await piped("(sleep 1; head -c 1000)");
    expect(r.stdout.length).toBe(1000);
    expect(r.code).toBe(0);
  }, 60_000);
});
