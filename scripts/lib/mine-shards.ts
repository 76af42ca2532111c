// Mines a large lines CSV on every core: the file is cut into byte ranges at order boundaries,
// one worker thread per range (shard-worker.ts) parses it and counts its products (pass 1); this
// thread adds the products' counts up, keeps the products in at least minPairCount orders
// (app/domain/mining/frequent-pairs.ts: the others cannot be in any rule) and sends each worker
// the dense ids to count pairs with (pass 2); the workers' pair counts are summed here and turned
// into rules by mineRules, as for one thread. Needs order ids sorted through the file (what every
// export writes); anything else throws NonAdjacentOrderError and the caller reads the file the
// general way. Memory: the parsed baskets (≈ 5 bytes per line and per order) and the pair counts
// of the frequent products only.
import { closeSync, openSync, readSync } from "node:fs";
import { stat } from "node:fs/promises";
import type { Worker } from "node:worker_threads";
import {
  DEFAULT_TRIANGLE_BYTES,
  FrequentPairCounter,
  planFrequentItems,
  triangleFits,
  type PairCountsDump,
} from "../../app/domain/mining/frequent-pairs";
import { Interner } from "../../app/domain/mining/interner";
import { minPairCount, mineRules, type MiningOptions, type MiningResult } from "../../app/domain/mining/rules";
import type { ParseIssue } from "../../app/domain/types";
import { NonAdjacentOrderError } from "./lines-csv";
import { startTsWorker } from "./ts-worker";

const NL = 10;
const QUOTE = 34;
const COMMA = 44;
/** How far past a cut point an order boundary is looked for. */
const WINDOW = 1 << 20;

interface ItemsMessage {
  type: "items";
  names: string[];
  itemOrders: Int32Array;
  itemUnits: Float64Array;
  orders: number;
  rows: number;
  lines: number;
  direction: number;
  issues: ParseIssue[];
  issueCount: number;
}
type WorkerMessage =
  | ItemsMessage
  | { type: "pairs"; dump: PairCountsDump }
  | {
      type: "error";
      message: string;
      nonAdjacent?: { line: number; orderId: string; reason: "unsorted" | "repeated" };
    };

export interface ShardedResult extends MiningResult {
  issues: ParseIssue[];
  issueCount: number;
  shards: number;
  /** products kept for pair counting / all products */
  frequentProducts: number;
  products: number;
  pairMode: "triangle" | "hash";
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

/** Byte field `col` of the unquoted line buf[s, e), or null. */
function field(buf: Buffer, s: number, e: number, col: number): string | null {
  let start = s;
  for (let c = 0; c < col; c++) {
    const comma = buf.indexOf(COMMA, start);
    if (comma < 0 || comma >= e) return null;
    start = comma + 1;
  }
  let end = buf.indexOf(COMMA, start);
  if (end < 0 || end > e) end = e;
  if (end > start && buf[end - 1] === 13) end--;
  return buf.toString("latin1", start, end).trim();
}

function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Plan {
  header: string;
  /** byte offsets: shard k is [cuts[k], cuts[k + 1]) */
  cuts: number[];
  /** direction of the order ids across each cut (1 ascending, −1 descending) */
  directions: number[];
}

/**
 * Cut points at order boundaries, or null when the file does not lend itself to it (a quote
 * near a cut or in the header, no boundary in reach, a header on a later line).
 */
function planShards(path: string, size: number, shards: number): Plan | null {
  const fd = openSync(path, "r");
  try {
    const head = readAt(fd, 0, Math.min(size, 64 << 10));
    const nl = head.indexOf(NL);
    if (nl <= 0 || head.subarray(0, nl).includes(QUOTE)) return null;
    const header = head.toString("utf8", 0, nl + 1);
    const names = header
      .replace(/^\uFEFF/, "")
      .trim()
      .split(",")
      .map((x) => x.trim().toLowerCase());
    const orderCol = names.indexOf("order_id");
    if (orderCol < 0) return null;
    const cuts = [nl + 1];
    const directions: number[] = [];
    for (let k = 1; k < shards; k++) {
      const target = Math.floor((size * k) / shards);
      if (target <= cuts[cuts.length - 1]) return null;
      const win = readAt(fd, target, WINDOW);
      if (win.includes(QUOTE)) return null;
      let s = win.indexOf(NL) + 1; // first whole line
      if (s <= 0) return null;
      let e = win.indexOf(NL, s);
      if (e < 0) return null;
      const first = field(win, s, e, orderCol);
      if (first === null) return null;
      let cut = -1;
      for (;;) {
        s = e + 1;
        e = win.indexOf(NL, s);
        if (e < 0) break;
        const id = field(win, s, e, orderCol);
        if (id === null) return null;
        if (id !== first) {
          cut = target + s;
          directions.push(compareIds(first, id));
          break;
        }
      }
      if (cut < 0) return null;
      cuts.push(cut);
    }
    cuts.push(size);
    return { header, cuts, directions: directions.map((d) => -d) };
  } finally {
    closeSync(fd);
  }
}

export async function mineShards(
  path: string,
  shards: number,
  options: MiningOptions,
  maxIssues: number,
  triangleBytes = DEFAULT_TRIANGLE_BYTES / 2,
): Promise<ShardedResult | null> {
  const size = (await stat(path)).size;
  const plan = planShards(path, size, shards);
  if (!plan) return null;
  const workers: Worker[] = [];
  const inbox: { next: Promise<WorkerMessage>; resolve: (m: WorkerMessage) => void }[] = [];
  const expect = (k: number) => {
    let resolve!: (m: WorkerMessage) => void;
    inbox[k] = { next: new Promise((r) => (resolve = r)), resolve };
    inbox[k].resolve = resolve;
  };
  const receive = async (k: number): Promise<WorkerMessage> => {
    const m = await inbox[k].next;
    expect(k);
    if (m.type === "error") {
      if (m.nonAdjacent)
        throw new NonAdjacentOrderError(m.nonAdjacent.line, m.nonAdjacent.orderId, m.nonAdjacent.reason);
      throw new Error(`mining shard ${k} failed: ${m.message}`);
    }
    return m;
  };
  try {
    for (let k = 0; k < shards; k++) {
      expect(k);
      const w = startTsWorker(new URL("./shard-worker.ts", import.meta.url), {
        path,
        start: plan.cuts[k],
        end: plan.cuts[k + 1],
        header: plan.header,
        maxIssues,
      });
      w.on("message", (m: WorkerMessage) => inbox[k].resolve(m));
      w.on("error", (e) => inbox[k].resolve({ type: "error", message: e.stack ?? String(e) }));
      w.on("exit", (code) => inbox[k].resolve({ type: "error", message: `shard worker stopped (exit code ${code})` }));
      workers.push(w);
    }
    const parts = (await Promise.all(workers.map((_, k) => receive(k)))) as ItemsMessage[];
    // Order ids must run one way through the whole file, across the cuts too.
    const ways = new Set([...parts.map((p) => p.direction), ...plan.directions].filter((d) => d !== 0));
    if (ways.size > 1) throw new NonAdjacentOrderError(0, "", "unsorted");
    const products = new Interner();
    const local = parts.map((p) => Int32Array.from(p.names, (name) => products.idOf(name)));
    const count = products.size;
    const itemOrders = new Int32Array(count);
    const itemUnits = new Float64Array(count);
    let orders = 0;
    parts.forEach((p, k) => {
      orders += p.orders;
      for (let i = 0; i < p.names.length; i++) {
        itemOrders[local[k][i]] += p.itemOrders[i];
        itemUnits[local[k][i]] += p.itemUnits[i];
      }
    });
    const issues: ParseIssue[] = [];
    let issueCount = 0;
    let lineOffset = 0; // lines before the shard, header included
    parts.forEach((p, k) => {
      issueCount += p.issueCount;
      // every shard read the header as its line 1
      for (const i of p.issues)
        if (issues.length < maxIssues) issues.push({ ...i, line: i.line + (k === 0 ? 0 : lineOffset - 1) });
      lineOffset += k === 0 ? p.lines : p.lines - 1;
    });
    const frequent = planFrequentItems(itemOrders, count, minPairCount(orders, options));
    const n = frequent.ids.length;
    const mode = triangleFits(n, triangleBytes) ? "triangle" : "hash";
    parts.forEach((p, k) => {
      const dense = Int32Array.from(local[k], (g) => frequent.dense[g]);
      workers[k].postMessage({ type: "count", dense, n, mode }, [dense.buffer]);
    });
    const pairs = new FrequentPairCounter(frequent, { mode });
    for (let k = 0; k < shards; k++) {
      const m = await receive(k);
      if (m.type !== "pairs") throw new Error(`mining shard ${k}: unexpected message ${m.type}`);
      pairs.merge(m.dump);
      void workers[k].terminate();
    }
    const mined = mineRules(
      { orders, itemOrders, itemUnits, forEachPair: (fn) => pairs.forEachPair(fn) },
      (id) => products.name(id),
      options,
    );
    return {
      ...mined,
      issues,
      issueCount,
      shards,
      frequentProducts: n,
      products: count,
      pairMode: mode,
    };
  } finally {
    for (const w of workers) {
      w.removeAllListeners("exit");
      void w.terminate();
    }
  }
}
