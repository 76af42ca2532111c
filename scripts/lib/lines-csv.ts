// Reader for the order-lines CSV: `order_id,product_id[,quantity,customer_id,created_at,variant_id,price]`
// (header required; optional columns in any order; unknown columns are ignored).
//
// Streamed: memory does not depend on the file size. Lines without a double quote (nearly all
// of them) are split by hand straight from the input bytes; any record containing a quote is
// handed to csv-parse, so quoted commas, quotes and line breaks inside fields stay correct.
// Malformed rows (wrong column count, empty ids, bad quantity / price / date) are reported
// through onIssue with their 1-based line number and skipped; reading continues.
//
// Two APIs:
// - streamLineBaskets: fast, basket-level, for mining. Rows of one order are expected to be
//   adjacent (as every export writes them). Three groupings, cheapest first:
//   "sorted": order ids also ascend (or descend) through the file (numeric ids compare as
//     numbers: shorter is smaller), so an order that ended can never come back: no memory.
//     An id out of sequence throws NonAdjacentOrderError (reason "unsorted").
//   "adjacent": remembers a 53-bit fingerprint of each finished order (16 bytes per order);
//     an order id seen again after another order throws NonAdjacentOrderError ("repeated").
//   "all": groups the whole file by order id in memory (proportional to the file, the price
//     of scattered rows).
//   read-orders.ts tries them in that order, re-reading the file after a NonAdjacentOrderError.
//   The format has no cancellation or refund column, so every order it holds is a basket as the
//   domain's orderBasket defines it (positive quantities, a product on every row).
// - parseLinesCsvOrders: ImportedOrder-level, groups rows by order id over the whole file
//   (so non-adjacent rows are always right) and yields orders in first-seen order at the end.

import { parse as parseCsvSync } from "csv-parse/sync";
import { type Interner, hashBytes } from "../../app/domain/mining/interner";
import type { ImportedOrder, ImportedOrderLine, ParseIssue } from "../../app/domain/types";

export type LinesCsvInput = NodeJS.ReadableStream | AsyncIterable<string | Buffer | Uint8Array>;

export const LINES_CSV_COLUMNS = [
  "order_id",
  "product_id",
  "quantity",
  "customer_id",
  "created_at",
  "variant_id",
  "price",
] as const;
type ColumnName = (typeof LINES_CSV_COLUMNS)[number];

/** The header is missing, empty or lacks order_id / product_id. */
export class LinesCsvHeaderError extends Error {
  override name = "LinesCsvHeaderError";
}

/** The file breaks the grouping's assumption (see the file comment). */
export class NonAdjacentOrderError extends Error {
  override name = "NonAdjacentOrderError";
  constructor(
    readonly line: number,
    readonly orderId: string,
    readonly reason: "unsorted" | "repeated",
  ) {
    super(
      reason === "repeated"
        ? `line ${line}: rows of order ${orderId} are not adjacent`
        : `line ${line}: order ${orderId} is out of sequence`,
    );
  }
}

export type BasketGrouping = "sorted" | "adjacent" | "all";

/** Orders ids by length, then bytes: numeric order for plain numbers. */
function compareIds(a: Uint8Array, alen: number, b: Uint8Array, bs: number, be: number): number {
  const blen = be - bs;
  if (alen !== blen) return alen < blen ? -1 : 1;
  for (let i = 0; i < alen; i++) if (a[i] !== b[bs + i]) return a[i] < b[bs + i] ? -1 : 1;
  return 0;
}

/** Column positions; -1 when absent. */
export type LinesCsvColumns = Record<ColumnName, number> & { count: number };

/** One row, valid only during the callback: field k is buf[start[k], end[k]). */
export interface RowView {
  line: number;
  buf: Uint8Array;
  start: Int32Array;
  end: Int32Array;
}

const NL = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const MAX_RECORD_BYTES = 16 << 20;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function readHeader(text: string, line: number): LinesCsvColumns {
  let names: string[];
  try {
    const rows = parseCsvSync(text.replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][];
    names = rows[0] ?? [];
  } catch (e) {
    throw new LinesCsvHeaderError(`line ${line}: unreadable header: ${(e as Error).message}`);
  }
  const cols = { count: names.length } as LinesCsvColumns;
  for (const c of LINES_CSV_COLUMNS) cols[c] = -1;
  names.forEach((raw, i) => {
    const name = raw.trim().toLowerCase() as ColumnName;
    if (!(LINES_CSV_COLUMNS as readonly string[]).includes(name)) return;
    if (cols[name] !== -1) throw new LinesCsvHeaderError(`line ${line}: column ${name} appears twice in the header`);
    cols[name] = i;
  });
  const missing = (["order_id", "product_id"] as const).filter((c) => cols[c] === -1);
  if (missing.length)
    throw new LinesCsvHeaderError(
      `line ${line}: header must name ${missing.join(" and ")} (found: ${names.map((n) => n.trim()).join(",") || "nothing"})`,
    );
  return cols;
}

/**
 * Push-based CSV scanner: feed byte chunks, get one onRow call per well-formed row (right column
 * count, fields trimmed of spaces). Calls onHeader once, before any row.
 */
export class LinesCsvScanner {
  columns: LinesCsvColumns | null = null;
  private carry: Uint8Array | null = null;
  private lineNo = 1;
  private fieldStart = new Int32Array(8);
  private fieldEnd = new Int32Array(8);
  private scratch = new Uint8Array(256);
  private readonly row: RowView;

  constructor(
    private readonly onRow: (row: RowView) => void,
    private readonly onIssue: (issue: ParseIssue) => void,
    private readonly onHeader?: (columns: LinesCsvColumns) => void,
  ) {
    this.row = { line: 0, buf: this.scratch, start: this.fieldStart, end: this.fieldEnd };
  }

  push(chunk: Uint8Array): void {
    let buf = chunk;
    if (this.carry) {
      buf = new Uint8Array(this.carry.length + chunk.length);
      buf.set(this.carry);
      buf.set(chunk, this.carry.length);
      this.carry = null;
    }
    let pos = 0;
    const len = buf.length;
    let start = this.fieldStart;
    let end = this.fieldEnd;
    while (pos < len) {
      if (this.columns) {
        // Fast path: one pass over the line's bytes finds the commas and the newline; a quote
        // sends the whole record to csv-parse instead.
        const cols = this.columns.count;
        let k = 0;
        let i = pos;
        let quoted = false;
        start[0] = pos;
        for (; i < len; i++) {
          const c = buf[i];
          if (c > COMMA) continue; // digits and letters: most bytes
          if (c === COMMA) {
            if (k + 1 < cols) {
              end[k] = i;
              start[k + 1] = i + 1;
            }
            k++;
          } else if (c === NL) break;
          else if (c === QUOTE) {
            quoted = true;
            break;
          }
        }
        if (!quoted) {
          if (i === len) break; // incomplete line: wait for the next chunk
          let e = i;
          if (e > pos && buf[e - 1] === CR) e--;
          if (e > pos) this.fastRow(buf, e, k, this.lineNo);
          this.lineNo++;
          pos = i + 1;
          continue;
        }
      }
      // Quoted record (may span lines) or the header: complete it, then csv-parse it.
      const recEnd = this.quotedRecordEnd(buf, pos);
      if (recEnd < 0) break;
      let textEnd = recEnd;
      if (textEnd > pos && buf[textEnd - 1] === CR) textEnd--;
      const text = decoder.decode(buf.subarray(pos, textEnd));
      const line = this.lineNo;
      for (let i = pos; i < recEnd; i++) if (buf[i] === NL) this.lineNo++;
      this.lineNo++;
      pos = recEnd + 1;
      if (!this.columns) {
        if (text.trim() === "") continue; // blank lines before the header
        this.columns = readHeader(text, line);
        this.growFields(this.columns.count);
        start = this.fieldStart;
        end = this.fieldEnd;
        this.onHeader?.(this.columns);
      } else this.quotedRow(text, line);
    }
    if (pos < len) {
      if (len - pos > MAX_RECORD_BYTES)
        throw new Error(`line ${this.lineNo}: record longer than ${MAX_RECORD_BYTES} bytes`);
      this.carry = buf.slice(pos);
    }
  }

  /** Lines read so far (complete ones; after end(), every line of the input). */
  get linesRead(): number {
    return this.lineNo - 1;
  }

  /** Call after the last chunk. */
  end(): void {
    if (this.carry && this.carry.length) {
      this.push(Uint8Array.of(NL));
      if (this.carry) {
        this.onIssue({ line: this.lineNo, message: "unterminated quoted field at end of file" });
        this.carry = null;
      }
    }
    if (!this.columns)
      throw new LinesCsvHeaderError("the file is empty: a header with order_id,product_id is required");
  }

  /** Index of the newline ending the record that starts at pos (quotes respected), or -1. */
  private quotedRecordEnd(buf: Uint8Array, pos: number): number {
    let inQuotes = false;
    for (let i = pos; i < buf.length; i++) {
      const c = buf[i];
      if (c === QUOTE) inQuotes = !inQuotes;
      else if (c === NL && !inQuotes) return i;
    }
    return -1;
  }

  private growFields(n: number): void {
    if (n + 1 > this.fieldStart.length) {
      this.fieldStart = new Int32Array(n + 1);
      this.fieldEnd = new Int32Array(n + 1);
      this.row.start = this.fieldStart;
      this.row.end = this.fieldEnd;
    }
  }

  /** A complete unquoted line ending at e, whose k commas push() has already located. */
  private fastRow(buf: Uint8Array, e: number, k: number, line: number): void {
    const cols = this.columns!.count;
    const start = this.fieldStart;
    const end = this.fieldEnd;
    if (k + 1 !== cols) {
      this.onIssue({ line, message: `expected ${cols} columns, found ${k + 1}` });
      return;
    }
    end[k] = e;
    for (let f = 0; f < cols; f++) {
      let a = start[f];
      let b = end[f];
      while (a < b && (buf[a] === 32 || buf[a] === 9)) a++;
      while (b > a && (buf[b - 1] === 32 || buf[b - 1] === 9)) b--;
      start[f] = a;
      end[f] = b;
    }
    this.row.buf = buf;
    this.row.line = line;
    this.onRow(this.row);
  }

  private quotedRow(text: string, line: number): void {
    if (text.trim() === "") return;
    let fields: string[];
    try {
      const rows = parseCsvSync(text, { relax_column_count: true }) as string[][];
      if (rows.length !== 1) throw new Error(`expected one record, found ${rows.length}`);
      fields = rows[0];
    } catch (e) {
      this.onIssue({ line, message: `unreadable row: ${(e as Error).message}` });
      return;
    }
    const cols = this.columns!.count;
    if (fields.length !== cols) {
      this.onIssue({ line, message: `expected ${cols} columns, found ${fields.length}` });
      return;
    }
    let need = 0;
    for (const f of fields) need += f.length * 3;
    if (need > this.scratch.length) this.scratch = new Uint8Array(need * 2);
    let off = 0;
    for (let f = 0; f < cols; f++) {
      const value = fields[f].replace(/^[ \t]+|[ \t]+$/g, ""); // as the fast path: spaces and tabs
      const { written } = encoder.encodeInto(value, this.scratch.subarray(off));
      this.fieldStart[f] = off;
      this.fieldEnd[f] = off + written;
      off += written;
    }
    this.row.buf = this.scratch;
    this.row.line = line;
    this.onRow(this.row);
  }
}

async function feed(
  input: LinesCsvInput,
  scanner: LinesCsvScanner,
  ready?: () => Promise<void> | undefined,
): Promise<void> {
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
    const wait = ready?.();
    if (wait) await wait;
    scanner.push(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
  }
  scanner.end();
}

function text(row: RowView, col: number): string {
  return col < 0 ? "" : decoder.decode(row.buf.subarray(row.start[col], row.end[col]));
}

/** Positive whole number from bytes, or -1. */
function parseQuantity(buf: Uint8Array, s: number, e: number): number {
  if (s === e || e - s > 9) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v > 0 ? v : -1;
}

/** Shared row checks; returns the quantity, or -1 after reporting an issue. */
function checkRow(row: RowView, cols: LinesCsvColumns, onIssue: (i: ParseIssue) => void): number {
  const o = cols.order_id;
  const p = cols.product_id;
  if (row.start[o] === row.end[o]) {
    onIssue({ line: row.line, message: "empty order_id" });
    return -1;
  }
  if (row.start[p] === row.end[p]) {
    onIssue({ line: row.line, message: "empty product_id" });
    return -1;
  }
  const q = cols.quantity;
  if (q < 0) return 1;
  const quantity = parseQuantity(row.buf, row.start[q], row.end[q]);
  if (quantity < 0) onIssue({ line: row.line, message: `quantity "${text(row, q)}" is not a positive whole number` });
  return quantity;
}

function parseTime(row: RowView, col: number, onIssue: (i: ParseIssue) => void): number {
  if (col < 0 || row.start[col] === row.end[col]) return Number.NaN;
  const value = text(row, col);
  const t = Date.parse(value);
  if (Number.isNaN(t)) onIssue({ line: row.line, message: `created_at "${value}" is not a date` });
  return t;
}

/** 53-bit fingerprint of an id (two independent 32-bit hashes), used to detect reopened orders. */
function fingerprint(buf: Uint8Array, s: number, e: number): number {
  let h2 = 0x9747b28c;
  for (let i = s; i < e; i++) h2 = Math.imul(h2 ^ buf[i], 0x5bd1e995) ^ (h2 >>> 13);
  return hashBytes(buf, s, e) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

class FingerprintSet {
  private table = new Float64Array(1 << 16);
  private used = 0;
  /** Adds fp; returns false when it was already there. */
  add(fp: number): boolean {
    const key = fp + 1;
    let mask = this.table.length - 1;
    let slot = (fp >>> 0) & mask;
    for (;;) {
      const k = this.table[slot];
      if (k === 0) break;
      if (k === key) return false;
      slot = (slot + 1) & mask;
    }
    this.table[slot] = key;
    if (++this.used * 2 > this.table.length) {
      const old = this.table;
      this.table = new Float64Array(old.length * 2);
      mask = this.table.length - 1;
      for (const k of old) {
        if (k === 0) continue;
        let s = ((k - 1) >>> 0) & mask;
        while (this.table[s] !== 0) s = (s + 1) & mask;
        this.table[s] = k;
      }
    }
    return true;
  }
}

/** One order as a basket of dense ids; the object and its arrays are reused between calls. */
export interface StreamedBasket {
  items: Int32Array;
  quantities: Float64Array;
  length: number;
  /** dense customer id, -1 when absent or not requested */
  customer: number;
  /** ms since epoch, NaN when absent or not requested */
  createdAt: number;
  /** line of the order's first row */
  line: number;
}

export interface BasketStreamOptions {
  /** interns product ids (shared with the caller, who maps ids back to names) */
  products: Interner;
  /** when given, customer ids are interned here and reported per basket */
  customers?: Interner;
  /** parse created_at (costs a Date.parse per order) */
  wantTime?: boolean;
  /** "sorted", "adjacent" (default) or "all"; see the file comment */
  grouping?: BasketGrouping;
  onBasket: (basket: StreamedBasket) => void;
  onIssue?: (issue: ParseIssue) => void;
  /** awaited (when it returns a promise) before each input chunk: backpressure from the consumer */
  ready?: () => Promise<void> | undefined;
}

export interface BasketStreamSummary {
  orders: number;
  rows: number;
  issues: number;
  columns: LinesCsvColumns;
  /** lines of the input, header included */
  lines: number;
  /** "sorted" grouping: 1 when order ids ascend, −1 when they descend, 0 with fewer than two orders */
  direction: number;
}

/** Streams a lines CSV as baskets of dense product ids (see the file comment). */
export async function streamLineBaskets(
  input: LinesCsvInput,
  options: BasketStreamOptions,
): Promise<BasketStreamSummary> {
  const { products, customers, onBasket } = options;
  const wantTime = options.wantTime ?? false;
  let issues = 0;
  const onIssue = (i: ParseIssue) => {
    issues++;
    options.onIssue?.(i);
  };
  let rows = 0;
  let orders = 0;
  const basket: StreamedBasket = {
    items: new Int32Array(64),
    quantities: new Float64Array(64),
    length: 0,
    customer: -1,
    createdAt: Number.NaN,
    line: 0,
  };
  const pushItem = (product: number, quantity: number) => {
    if (basket.length === basket.items.length) {
      const items = new Int32Array(basket.length * 2);
      items.set(basket.items);
      basket.items = items;
      const q = new Float64Array(basket.length * 2);
      q.set(basket.quantities);
      basket.quantities = q;
    }
    basket.items[basket.length] = product;
    basket.quantities[basket.length] = quantity;
    basket.length++;
  };
  let cols!: LinesCsvColumns;
  const orderHeader = (row: RowView) => {
    basket.customer =
      customers && cols.customer_id >= 0 && row.start[cols.customer_id] < row.end[cols.customer_id]
        ? customers.idOfBytes(row.buf, row.start[cols.customer_id], row.end[cols.customer_id])
        : -1;
    basket.createdAt = wantTime ? parseTime(row, cols.created_at, onIssue) : Number.NaN;
    basket.line = row.line;
  };

  let onRow: (row: RowView) => void;
  let finish: () => void;
  let direction = 0;
  const grouping = options.grouping ?? "adjacent";
  if (grouping !== "all") {
    const closed = grouping === "adjacent" ? new FingerprintSet() : null;
    let current = new Uint8Array(64);
    let currentLen = -1;
    let currentFp = 0;
    const flush = () => {
      if (currentLen < 0) return;
      orders++;
      onBasket(basket);
      closed?.add(currentFp);
    };
    onRow = (row) => {
      const quantity = checkRow(row, cols, onIssue);
      if (quantity < 0) return;
      rows++;
      const buf = row.buf;
      const os = row.start[cols.order_id];
      const oe = row.end[cols.order_id];
      const olen = oe - os;
      let same = olen === currentLen;
      for (let i = 0; same && i < olen; i++) same = current[i] === buf[os + i];
      if (!same) {
        if (closed) {
          currentFp = fingerprint(buf, os, oe);
          if (!closed.add(currentFp)) throw new NonAdjacentOrderError(row.line, text(row, cols.order_id), "repeated");
        } else if (currentLen >= 0) {
          const step = -compareIds(current, currentLen, buf, os, oe);
          if (direction === 0) direction = step;
          else if (step !== direction) throw new NonAdjacentOrderError(row.line, text(row, cols.order_id), "unsorted");
        }
        flush();
        if (olen > current.length) current = new Uint8Array(olen * 2);
        current.set(buf.subarray(os, oe));
        currentLen = olen;
        basket.length = 0;
        orderHeader(row);
      }
      pushItem(products.idOfBytes(buf, row.start[cols.product_id], row.end[cols.product_id]), quantity);
    };
    finish = flush;
  } else {
    interface Held {
      items: number[];
      quantities: number[];
      customer: number;
      createdAt: number;
      line: number;
    }
    const held = new Map<string, Held>();
    onRow = (row) => {
      const quantity = checkRow(row, cols, onIssue);
      if (quantity < 0) return;
      rows++;
      const id = text(row, cols.order_id);
      let h = held.get(id);
      if (!h) {
        orderHeader(row);
        h = { items: [], quantities: [], customer: basket.customer, createdAt: basket.createdAt, line: row.line };
        held.set(id, h);
      }
      h.items.push(products.idOfBytes(row.buf, row.start[cols.product_id], row.end[cols.product_id]));
      h.quantities.push(quantity);
    };
    finish = () => {
      for (const h of held.values()) {
        basket.length = 0;
        for (let i = 0; i < h.items.length; i++) pushItem(h.items[i], h.quantities[i]);
        basket.customer = h.customer;
        basket.createdAt = h.createdAt;
        basket.line = h.line;
        orders++;
        onBasket(basket);
      }
      held.clear();
    };
  }
  const scanner = new LinesCsvScanner(
    (row) => onRow(row),
    onIssue,
    (c) => (cols = c),
  );
  await feed(input, scanner, options.ready);
  finish();
  return { orders, rows, issues, columns: cols, lines: scanner.linesRead, direction };
}

/** Money "12.5", "12.50", "-3" → cents, or null. */
function parseCents(value: string): number | null {
  if (!/^-?\d+(\.\d{1,2})?$/.test(value)) return null;
  return Math.round(Number(value) * 100);
}

/**
 * Reads a lines CSV as ImportedOrders (orders in first-seen order, lines in file order).
 * Groups by order id over the whole file, so memory grows with the number of orders.
 */
export async function* parseLinesCsvOrders(
  input: LinesCsvInput,
  onIssue?: (i: ParseIssue) => void,
): AsyncGenerator<ImportedOrder> {
  const report = onIssue ?? (() => {});
  const orders = new Map<string, ImportedOrder>();
  let cols!: LinesCsvColumns;
  const scanner = new LinesCsvScanner(
    (row) => {
      const quantity = checkRow(row, cols, report);
      if (quantity < 0) return;
      let price: number | undefined;
      if (cols.price >= 0 && row.start[cols.price] < row.end[cols.price]) {
        const raw = text(row, cols.price);
        const cents = parseCents(raw);
        if (cents === null) {
          report({ line: row.line, message: `price "${raw}" is not an amount` });
          return;
        }
        price = cents;
      }
      const id = text(row, cols.order_id);
      let order = orders.get(id);
      if (!order) {
        order = { id, lines: [] };
        const customer = text(row, cols.customer_id);
        if (customer) order.customerId = customer;
        const t = parseTime(row, cols.created_at, report);
        if (!Number.isNaN(t)) order.createdAt = t;
        orders.set(id, order);
      }
      const line: ImportedOrderLine = { productId: text(row, cols.product_id), quantity };
      const variant = text(row, cols.variant_id);
      if (variant) line.variantId = variant;
      if (price !== undefined) line.price = price;
      order.lines.push(line);
    },
    report,
    (c) => (cols = c),
  );
  await feed(input, scanner);
  yield* orders.values();
}
