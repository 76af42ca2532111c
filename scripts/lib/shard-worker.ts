// One shard of a lines CSV mined in parallel (mine-shards.ts). Pass 1: parses its byte range
// (the file's header first), counts orders per product and keeps the baskets in compact typed
// arrays (BasketStore). Pass 2, once the main thread has chosen the frequent products of the
// whole file: counts their pairs over the kept baskets and sends the counts back.
// Protocol:
//   start (workerData {path, start, end, header}) → {type:"items", names, itemOrders, itemUnits, orders, rows, lines, direction, issues, issueCount}
//   in {type:"count", dense, n, mode}                                                → {type:"pairs", dump}
//   any failure → {type:"error", message, nonAdjacent?: {line, orderId, reason}}
import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { FrequentPairCounter, ItemCounter, type PairCountsDump } from "../../app/domain/mining/frequent-pairs";
import { Interner } from "../../app/domain/mining/interner";
import type { ParseIssue } from "../../app/domain/types";
import { NonAdjacentOrderError, streamLineBaskets } from "./lines-csv";

interface ShardData {
  path: string;
  /** byte range [start, end) */
  start: number;
  end: number;
  /** header line (with its newline) to read first, when the range does not start the file */
  header: string | null;
  maxIssues: number;
}

const CHUNK = 1 << 20;

/**
 * Baskets as typed arrays, no object per basket: each basket is a header −(length + 1) followed
 * by its product ids in `items`; `qty` holds each item's units (255 = look it up in `big`).
 */
class BasketStore {
  private items: Int32Array[] = [];
  private qty: Uint8Array[] = [];
  private big = new Map<number, number>();
  private cur = new Int32Array(0);
  private curQty = new Uint8Array(0);
  private used = 0;

  add(ids: Int32Array, quantities: Float64Array, length: number): void {
    if (this.used + length + 1 > this.cur.length) {
      const size = Math.max(CHUNK, length + 1);
      this.cur = new Int32Array(size);
      this.curQty = new Uint8Array(size);
      this.items.push(this.cur);
      this.qty.push(this.curQty);
      this.used = 0;
    }
    const cur = this.cur;
    const curQty = this.curQty;
    let u = this.used;
    cur[u++] = -(length + 1);
    for (let i = 0; i < length; i++, u++) {
      cur[u] = ids[i];
      const q = quantities[i];
      if (q >= 1 && q < 255 && Number.isInteger(q)) curQty[u] = q;
      else {
        curQty[u] = 255;
        this.big.set((this.items.length - 1) * 2 ** 32 + u, q);
      }
    }
    this.used = u;
  }

  forEach(fn: (items: Int32Array, qty: Float64Array, length: number) => void): void {
    const items = new Int32Array(64);
    let ids = items;
    let q = new Float64Array(64);
    for (let c = 0; c < this.items.length; c++) {
      const chunk = this.items[c];
      const chunkQty = this.qty[c];
      const end = c === this.items.length - 1 ? this.used : chunk.length;
      let u = 0;
      while (u < end) {
        const header = chunk[u];
        if (header >= 0) break; // the rest of this chunk is unused
        const length = -header - 1;
        u++;
        if (length > ids.length) {
          ids = new Int32Array(length);
          q = new Float64Array(length);
        }
        for (let i = 0; i < length; i++, u++) {
          ids[i] = chunk[u];
          const x = chunkQty[u];
          q[i] = x === 255 ? this.big.get(c * 2 ** 32 + u)! : x;
        }
        fn(ids, q, length);
      }
    }
  }
}

const port = parentPort!;
const data = workerData as ShardData;
const products = new Interner();
const itemCounts = new ItemCounter();
const store = new BasketStore();

function fail(e: unknown) {
  const nonAdjacent =
    e instanceof NonAdjacentOrderError ? { line: e.line, orderId: e.orderId, reason: e.reason } : undefined;
  port.postMessage({ type: "error", message: (e as Error).stack ?? String(e), nonAdjacent });
}

async function* input(): AsyncGenerator<Uint8Array> {
  if (data.header !== null) yield Buffer.from(data.header);
  if (data.end > data.start)
    for await (const chunk of createReadStream(data.path, {
      start: data.start,
      end: data.end - 1,
      highWaterMark: CHUNK,
    }))
      yield chunk as Buffer;
}

async function passOne() {
  const issues: ParseIssue[] = [];
  let issueCount = 0;
  const summary = await streamLineBaskets(input(), {
    products,
    grouping: "sorted",
    onIssue: (i) => {
      issueCount++;
      if (issues.length < data.maxIssues) issues.push(i);
    },
    onBasket: (b) => {
      itemCounts.addBasket(b.items, b.quantities, b.length);
      store.add(b.items, b.quantities, b.length);
    },
  });
  const names = Array.from({ length: products.size }, (_, i) => products.name(i));
  port.postMessage({
    type: "items",
    names,
    itemOrders: itemCounts.itemOrders.slice(0, products.size),
    itemUnits: itemCounts.itemUnits.slice(0, products.size),
    orders: summary.orders,
    rows: summary.rows,
    lines: summary.lines,
    direction: summary.direction,
    issues,
    issueCount,
  });
}

port.on("message", (m: { type: "count"; dense: Int32Array; n: number; mode: "triangle" | "hash" }) => {
  try {
    const counter = new FrequentPairCounter(
      { dense: m.dense, ids: new Int32Array(m.n), minCount: 0 },
      { mode: m.mode },
    );
    store.forEach((ids, q, length) => counter.addBasket(ids, q, length));
    const dump: PairCountsDump = counter.dump();
    const transfer = [dump.count, dump.unitsLo, dump.unitsHi, dump.pairs]
      .filter((a) => a !== undefined)
      .map((a) => a.buffer as ArrayBuffer);
    port.postMessage({ type: "pairs", dump }, transfer);
  } catch (e) {
    fail(e);
  }
});

passOne().catch(fail);
