// Mine association rules from an order file.
//   npm run mine -- --input FILE --format lines-csv|shopify-csv|bulk-jsonl
//     [--min-support S] [--min-confidence C] [--min-lift L] [--top K] [--min-count N]
//     [--alpha A | --no-guard] [--sequences] [--window-days D]
// Prints JSON {"orders": N, "rules": [{antecedent, consequent, count, support, confidence, lift,
// attachRate}]} on stdout (with --sequences also "sequences" and "replenishment"). Rows that
// could not be read are listed on stderr; bad arguments or an unreadable file exit non-zero.
import { parseArgs } from "node:util";
import { DEFAULT_ALPHA, DEFAULT_MIN_COUNT } from "../app/domain/mining/rules";
import { LinesCsvHeaderError } from "./lib/lines-csv";
import { ORDER_FORMATS, isOrderFormat, mineOrdersFile } from "./lib/read-orders";

const USAGE = `usage: npm run mine -- --input FILE --format ${ORDER_FORMATS.join("|")}
  [--min-support S] [--min-confidence C] [--min-lift L] [--top K] [--min-count N]
  [--alpha A | --no-guard] [--sequences] [--window-days D]`;

class UsageError extends Error {}

function number(
  name: string,
  raw: string | undefined,
  check: (v: number) => boolean,
  what: string,
): number | undefined {
  if (raw === undefined) return undefined;
  const v = raw.trim() === "" ? Number.NaN : Number(raw);
  if (!Number.isFinite(v) || !check(v)) throw new UsageError(`--${name} must be ${what}, got "${raw}"`);
  return v;
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        input: { type: "string" },
        format: { type: "string" },
        "min-support": { type: "string" },
        "min-confidence": { type: "string" },
        "min-lift": { type: "string" },
        "min-count": { type: "string" },
        top: { type: "string" },
        alpha: { type: "string" },
        "no-guard": { type: "boolean" },
        sequences: { type: "boolean" },
        "window-days": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (!values.input) throw new UsageError("--input FILE is required");
  if (!values.format) throw new UsageError(`--format is required (${ORDER_FORMATS.join(", ")})`);
  if (!isOrderFormat(values.format))
    throw new UsageError(`unknown --format "${values.format}" (use ${ORDER_FORMATS.join(", ")})`);
  const fraction = (v: number) => v >= 0 && v <= 1;
  const minSupport = number("min-support", values["min-support"], fraction, "a number between 0 and 1");
  const minConfidence = number("min-confidence", values["min-confidence"], fraction, "a number between 0 and 1");
  const minLift = number("min-lift", values["min-lift"], (v) => v >= 0, "a number ≥ 0");
  const minCount = number("min-count", values["min-count"], (v) => Number.isInteger(v) && v >= 1, "a whole number ≥ 1");
  const topK = number("top", values.top, (v) => Number.isInteger(v) && v >= 1, "a whole number ≥ 1");
  const alpha = number("alpha", values.alpha, (v) => v > 0 && v < 1, "a number between 0 and 1 (exclusive)");
  const windowDays = number("window-days", values["window-days"], (v) => v > 0, "a number of days > 0");
  if (values["no-guard"] && alpha !== undefined) throw new UsageError("--alpha and --no-guard exclude each other");

  const result = await mineOrdersFile(values.input, values.format, {
    minSupport,
    minConfidence,
    minLift,
    minCount: minCount ?? DEFAULT_MIN_COUNT,
    topK,
    alpha: values["no-guard"] ? null : (alpha ?? DEFAULT_ALPHA),
    sequences: values.sequences
      ? {
          windowDays,
          topK,
          minCount: minCount ?? DEFAULT_MIN_COUNT,
          alpha: values["no-guard"] ? null : (alpha ?? DEFAULT_ALPHA),
        }
      : undefined,
  });
  for (const issue of result.issues.slice(0, 20)) process.stderr.write(`line ${issue.line}: ${issue.message}\n`);
  if (result.issueCount > 20) process.stderr.write(`… and ${result.issueCount - 20} more unreadable rows\n`);
  const out: Record<string, unknown> = {
    orders: result.orders,
    rules: result.rules.map((r) => ({
      antecedent: r.antecedent,
      consequent: r.consequent,
      count: r.count,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      attachRate: r.attachRate,
    })),
  };
  if (result.sequences) {
    out.sequences = result.sequences.rules;
    out.replenishment = result.sequences.replenishment;
  }
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(JSON.stringify(out) + "\n", (error) => (error ? reject(error) : resolve())),
  );
  if (process.env.PAIRWISE_MINE_STATS) {
    const usage = process.resourceUsage();
    const stats = {
      maxRssKb: usage.maxRSS,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      rules: result.rules.length,
    };
    process.stderr.write(`PAIRWISE_STATS ${JSON.stringify(stats)}\n`);
  }
  return 0;
}

// A reader that stops early (`| head -c 100`) closes the pipe: that is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

// Never process.exit() after writing the result: on a pipe, what the reader has not yet taken
// (beyond the pipe's 64 KB buffer) is still queued in this process and would be dropped. Setting
// the exit code lets Node exit once stdout has drained.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof UsageError) process.stderr.write(`mine: ${err.message}\n${USAGE}\n`);
    else if (e instanceof LinesCsvHeaderError) process.stderr.write(`mine: ${err.message}\n`);
    else if (err.code === "ENOENT") process.stderr.write(`mine: cannot read ${err.path ?? "input"}: no such file\n`);
    else if (err.code === "EACCES" || err.code === "EISDIR")
      process.stderr.write(`mine: cannot read ${err.path ?? "input"}: ${err.code}\n`);
    else process.stderr.write(`mine: ${err.message ?? String(e)}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
