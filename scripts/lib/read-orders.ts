// One entry point per input format: read orders (ImportedOrder) or mine them (baskets straight
// into the co-occurrence counter). Used by the mine CLI and by import jobs.

import { createReadStream } from "node:fs";
import { access, constants, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { orderBasket } from "../../app/domain/mining/baskets";
import { CooccurrenceCounter } from "../../app/domain/mining/cooccurrence";
import { Interner } from "../../app/domain/mining/interner";
import { mineRules, type MiningOptions, type MiningResult } from "../../app/domain/mining/rules";
import { SequenceCollector, type SequenceOptions, type SequenceResult } from "../../app/domain/mining/sequences";
import type { ImportedOrder, ParseIssue } from "../../app/domain/types";
import { type BasketGrouping, NonAdjacentOrderError, parseLinesCsvOrders, streamLineBaskets } from "./lines-csv";
import { mineShards } from "./mine-shards";
import { startTsWorker } from "./ts-worker";

export const ORDER_FORMATS = ["lines-csv", "shopify-csv", "bulk-jsonl"] as const;
export type OrderFormat = (typeof ORDER_FORMATS)[number];

export function isOrderFormat(value: string): value is OrderFormat {
  return (ORDER_FORMATS as readonly string[]).includes(value);
}

const READ_CHUNK = 1 << 20;

function open(path: string) {
  return createReadStream(path, { highWaterMark: READ_CHUNK });
}

/** Streams the orders of a file in any supported format (parsers load on first use). */
export async function* readOrders(
  path: string,
  format: OrderFormat,
  onIssue?: (i: ParseIssue) => void,
): AsyncGenerator<ImportedOrder> {
  switch (format) {
    case "lines-csv":
      yield* parseLinesCsvOrders(open(path), onIssue);
      return;
    case "shopify-csv": {
      const { parseShopifyOrdersCsv } = await import("../../app/lib/ingest/shopify-csv");
      yield* parseShopifyOrdersCsv(open(path), onIssue);
      return;
    }
    case "bulk-jsonl": {
      const { parseBulkOrdersJsonl } = await import("../../app/lib/ingest/bulk-jsonl");
      yield* parseBulkOrdersJsonl(open(path), onIssue);
      return;
    }
  }
}

export interface MineFileOptions extends MiningOptions {
  /** also mine sequential patterns and replenishment (needs customer_id and created_at) */
  sequences?: SequenceOptions;
  /**
   * Count co-occurrences in a worker thread while this thread parses (lines CSV only).
   * Default: when the machine has more than one core and the file is larger than 8 MB.
   */
  worker?: boolean;
  /**
   * Lines CSV without sequences: parse and count in this many worker threads, two passes
   * (mine-shards.ts). Default: every core (at most 4) when there are several and the file is
   * larger than 64 MB; 0 or 1 switches it off. Falls back to the one-thread path when order ids
   * are not sorted through the file.
   */
  shards?: number;
}

/** Where baskets go: counted here, or shipped in batches to count-worker.ts. */
interface BasketSink {
  add(items: ArrayLike<number>, quantities: ArrayLike<number>, length: number): void;
  /** resolves when the sink can take more (bounded memory when the counter is the slower side) */
  ready(): Promise<void> | undefined;
  finish(nameOf: (id: number) => string, names: () => string[], options: MiningOptions): Promise<MiningResult>;
  close(): void;
}

class LocalSink implements BasketSink {
  private readonly counter: CooccurrenceCounter;
  constructor(initialPairCapacity: number) {
    this.counter = new CooccurrenceCounter(initialPairCapacity);
  }
  add(items: ArrayLike<number>, quantities: ArrayLike<number>, length: number) {
    this.counter.addBasket(items, quantities, length);
  }
  ready() {
    return undefined;
  }
  async finish(nameOf: (id: number) => string, _names: () => string[], options: MiningOptions) {
    return mineRules(this.counter, nameOf, options);
  }
  close() {}
}

const BATCH_BASKETS = 16_384;
const BATCH_ITEMS = 65_536;
const MAX_IN_FLIGHT = 4;

class WorkerSink implements BasketSink {
  private readonly worker: Worker;
  private items = new Int32Array(BATCH_ITEMS);
  private quantities = new Float64Array(BATCH_ITEMS);
  private ends = new Int32Array(BATCH_BASKETS);
  private baskets = 0;
  private used = 0;
  private inFlight = 0;
  private waiting: (() => void) | null = null;
  private failure: Error | null = null;
  private result: ((r: MiningResult) => void) | null = null;
  private reject: ((e: Error) => void) | null = null;

  constructor(initialPairCapacity: number) {
    this.worker = startTsWorker(new URL("./count-worker.ts", import.meta.url), { initialPairCapacity });
    const fail = (e: Error) => {
      this.failure ??= e;
      this.waiting?.();
      this.reject?.(e);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => {
      if (!this.result || code !== 0) fail(new Error(`co-occurrence worker stopped (exit code ${code})`));
    });
    this.worker.on(
      "message",
      (m: { type: "ack" } | { type: "result"; result: MiningResult } | { type: "error"; message: string }) => {
        if (m.type === "ack") {
          this.inFlight--;
          const w = this.waiting;
          this.waiting = null;
          w?.();
        } else if (m.type === "result") this.result?.(m.result);
        else fail(new Error(m.message));
      },
    );
  }

  add(items: ArrayLike<number>, quantities: ArrayLike<number>, length: number) {
    if (this.used + length > this.items.length) {
      this.post();
      if (length > this.items.length) {
        this.items = new Int32Array(length);
        this.quantities = new Float64Array(length);
      }
    }
    for (let i = 0; i < length; i++) {
      this.items[this.used + i] = items[i];
      this.quantities[this.used + i] = quantities[i];
    }
    this.used += length;
    this.ends[this.baskets++] = this.used;
    if (this.baskets === BATCH_BASKETS) this.post();
  }

  private post() {
    if (this.baskets === 0) return;
    const { items, quantities, ends, baskets } = this;
    this.worker.postMessage({ type: "batch", items, quantities, ends, baskets }, [
      items.buffer,
      quantities.buffer,
      ends.buffer,
    ]);
    this.inFlight++;
    this.items = new Int32Array(Math.max(BATCH_ITEMS, items.length));
    this.quantities = new Float64Array(this.items.length);
    this.ends = new Int32Array(BATCH_BASKETS);
    this.baskets = 0;
    this.used = 0;
  }

  ready() {
    if (this.failure) return Promise.reject(this.failure);
    if (this.inFlight < MAX_IN_FLIGHT) return undefined;
    return new Promise<void>((resolve) => (this.waiting = resolve));
  }

  finish(_nameOf: (id: number) => string, names: () => string[], options: MiningOptions) {
    this.post();
    return new Promise<MiningResult>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.result = resolve;
      this.reject = reject;
      this.worker.postMessage({ type: "finish", names: names(), options });
    });
  }

  close() {
    this.result ??= () => {};
    void this.worker.terminate();
  }
}

export interface MineFileResult extends MiningResult {
  issues: ParseIssue[];
  /** lines CSV: how orders were grouped ("sorted" and "adjacent" stream in one pass; see lines-csv.ts) */
  grouping?: BasketGrouping;
  sequences?: SequenceResult;
}

function miningOptions(options: MineFileOptions): MiningOptions {
  return {
    minSupport: options.minSupport,
    minCount: options.minCount,
    minConfidence: options.minConfidence,
    minLift: options.minLift,
    topK: options.topK,
    alpha: options.alpha,
  };
}

/** Issues kept for the report; further ones are only counted. */
const MAX_KEPT_ISSUES = 1000;

/**
 * Mines a file end to end. Lines CSV goes through the fast basket stream: one pass when order
 * ids are sorted; otherwise the file is read again checking only adjacency, and, if an order's
 * rows are scattered, a last time grouping in memory. The other formats go through their
 * ImportedOrder parsers and become baskets through the domain's orderBasket, as in the mining job
 * and the evaluation: cancelled orders are skipped, refunds netted, orders left empty skipped.
 */
export async function mineOrdersFile(
  path: string,
  format: OrderFormat,
  options: MineFileOptions = {},
): Promise<MineFileResult & { issueCount: number }> {
  await access(path, constants.R_OK);
  const bytes = (await stat(path)).size;
  // Distinct pairs grow with the data; start the hash near its final size (bounded) to skip most
  // rehashing.
  let initialPairCapacity = 1 << 16;
  while (initialPairCapacity < bytes / 64 && initialPairCapacity < 1 << 22) initialPairCapacity *= 2;
  const useWorker = format === "lines-csv" && (options.worker ?? (availableParallelism() > 1 && bytes > 8 << 20));
  const shards =
    options.shards ?? (availableParallelism() > 1 && bytes > 64 << 20 ? Math.min(4, availableParallelism()) : 0);
  if (format === "lines-csv" && !options.sequences && shards > 1) {
    try {
      const sharded = await mineShards(path, shards, miningOptions(options), MAX_KEPT_ISSUES);
      if (sharded)
        return {
          orders: sharded.orders,
          rules: sharded.rules,
          issues: sharded.issues,
          issueCount: sharded.issueCount,
          grouping: "sorted",
        };
    } catch (e) {
      if (!(e instanceof NonAdjacentOrderError)) throw e;
    }
  }
  const attempt = async (grouping: BasketGrouping) => {
    const products = new Interner();
    const customers = new Interner();
    const counter: BasketSink = useWorker ? new WorkerSink(initialPairCapacity) : new LocalSink(initialPairCapacity);
    try {
      return await run(grouping, products, customers, counter);
    } finally {
      counter.close();
    }
  };
  const run = async (grouping: BasketGrouping, products: Interner, customers: Interner, counter: BasketSink) => {
    const sequences = options.sequences ? new SequenceCollector() : null;
    const issues: ParseIssue[] = [];
    let issueCount = 0;
    const onIssue = (i: ParseIssue) => {
      issueCount++;
      if (issues.length < MAX_KEPT_ISSUES) issues.push(i);
    };
    if (format === "lines-csv") {
      await streamLineBaskets(open(path), {
        products,
        customers: sequences ? customers : undefined,
        wantTime: !!sequences,
        grouping,
        onIssue,
        onBasket: (b) => {
          counter.add(b.items, b.quantities, b.length);
          sequences?.addOrder(b.customer, b.createdAt, b.items, b.length);
        },
        ready: () => counter.ready(),
      });
    } else {
      const items: number[] = [];
      const quantities: number[] = [];
      for await (const order of readOrders(path, format, onIssue)) {
        const basket = orderBasket(order);
        if (!basket) continue;
        items.length = 0;
        quantities.length = 0;
        for (const item of basket.items) {
          items.push(products.idOf(item.productId));
          quantities.push(item.quantity);
        }
        counter.add(items, quantities, items.length);
        if (sequences && order.customerId)
          sequences.addOrder(customers.idOf(order.customerId), order.createdAt, items, items.length);
      }
    }
    const nameOf = (id: number) => products.name(id);
    const names = () => Array.from({ length: products.size }, (_, i) => products.name(i));
    const rules = await counter.finish(nameOf, names, miningOptions(options));
    const mined: MineFileResult & { issueCount: number } = {
      ...rules,
      issues,
      issueCount,
      grouping: format === "lines-csv" ? grouping : undefined,
    };
    if (sequences) mined.sequences = sequences.mine(nameOf, options.sequences);
    return mined;
  };
  for (const grouping of ["sorted", "adjacent"] as const) {
    try {
      return await attempt(grouping);
    } catch (e) {
      if (!(e instanceof NonAdjacentOrderError)) throw e;
      if (e.reason === "repeated") break;
    }
  }
  return attempt("all");
}
