// Shopify's own order export (admin → Orders → Export, "CSV for Excel, Numbers or other
// spreadsheet programs") → ImportedOrder, streamed: one order in memory at a time.
//
// Format: one row per line item; the rows of one order are consecutive and share `Name`
// (#1001). The first row of an order carries the order-level fields (Email, Financial Status,
// Created at, totals, Id, …); the following rows carry only the `Lineitem …` fields.
//
// Product identity: the export has NO product or variant id. A line's product is
//   - its `Lineitem sku` when present (productId = variantId = the SKU, as the merchant wrote it;
//     it joins Variant.sku in the catalog), otherwise
//   - its `Lineitem name`, normalised (trimmed, lower-cased, spaces collapsed), with Shopify's
//     " - <variant title>" suffix split off: "Linen Shirt - Blue / M" → productId "linen shirt",
//     variantId "linen shirt - blue / m". A product title that itself contains " - " is split the
//     same way every time, so it still maps to one product.
// Customer: the export has no customer id; `Email` is hashed (sha256, first 16 hex digits,
// prefixed "em_") so that repeat buyers are recognised without keeping the address.
// Order id: the `Id` column (Shopify's numeric order id) when present, otherwise `Name`.
// Money "12.50" → 1250 cents. Times "2024-01-15 10:23:45 -0500" → epoch ms.
// Malformed rows (bad quantity, unreadable CSV record, missing Name) are reported through
// `onIssue` with their 1-based line number in the file and skipped; the import goes on.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { parse, type CsvError } from "csv-parse";
import type { ImportedOrder, ImportedOrderLine, ParseIssue } from "../../domain/types";
import { moneyToCents } from "../shopify-ids";

/** A stream, or any (async) iterable of text or byte chunks (an array of strings in tests). */
export type CsvInput = NodeJS.ReadableStream | AsyncIterable<string | Buffer> | Iterable<string | Buffer>;

const REQUIRED = ["name", "lineitem quantity", "lineitem name"] as const;

/** sha256 of the trimmed, lower-cased address, first 16 hex digits, prefixed "em_". */
export function hashEmail(email: string): string {
  return `em_${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 16)}`;
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

/** Shopify export timestamps ("2024-01-15 10:23:45 -0500", ISO 8601, "… UTC") → epoch ms, or null. */
export function parseShopifyTime(value: string | undefined): number | null {
  const s = (value ?? "").trim();
  if (!s) return null;
  const m = TIME.exec(s);
  if (!m) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : t;
  }
  const [, y, mo, d, h = "00", mi = "00", sec = "00", zone] = m;
  let offsetMin = 0;
  if (zone && !/^(Z|UTC)$/i.test(zone)) {
    const z = zone.replace(":", "");
    offsetMin = (z[0] === "-" ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  }
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  return Number.isNaN(utc) ? null : utc - offsetMin * 60_000;
}

/** "Linen Shirt - Blue / M" → { product: "linen shirt", variant: "linen shirt - blue / m" }. */
export function productKeyFromName(name: string): { product: string; variant: string } {
  const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();
  const at = name.lastIndexOf(" - ");
  const product = norm(at > 0 ? name.slice(0, at) : name);
  const variantTitle = at > 0 ? norm(name.slice(at + 3)) : "";
  return { product, variant: variantTitle ? `${product} - ${variantTitle}` : product };
}

/** "Note Attributes" cell: "key: value" per line → record. */
function parseNoteAttributes(cell: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const line of cell.split(/\r?\n/)) {
    const at = line.indexOf(":");
    if (at <= 0) continue;
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return Object.keys(out).length ? out : undefined;
}

function isReadable(input: unknown): input is Readable {
  return input instanceof Readable;
}

interface CsvRecord {
  record: string[];
  raw: string;
}

/**
 * Streams a Shopify orders export and yields one ImportedOrder per order, in file order.
 * Memory holds one order, whatever the file size.
 */
export async function* parseShopifyOrdersCsv(
  input: CsvInput,
  onIssue?: (i: ParseIssue) => void,
): AsyncGenerator<ImportedOrder> {
  const report = onIssue ?? (() => undefined);
  // Line numbers are counted from each record's raw text (csv-parse's own `info` would cost the
  // parser half its speed). Records the parser skips as unreadable are queued by on_skip, which
  // runs synchronously ahead of this loop, with the number of records emitted before them.
  const skipped: { after: number; raw: string; message: string }[] = [];
  const parser = parse({
    bom: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: false, // empty lines arrive as [""] records, so that they are counted
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      if (err) skipped.push({ after: parser.info.records, raw: raw ?? "", message: err.message });
      return undefined;
    },
  });
  const source = isReadable(input) ? input : Readable.from(input as AsyncIterable<string | Buffer>);
  source.on("error", (err) => parser.destroy(err));
  source.pipe(parser);

  let nextLine = 1; // the line where the next record starts
  let consumed = 0; // records taken from the parser
  let lastReported = 0;
  const newlines = (raw: string) => {
    // csv-parse leaves the "\n" of a "\r\n" record delimiter out of `raw`.
    let n = raw.endsWith("\r") ? 1 : 0;
    for (let i = raw.indexOf("\n"); i !== -1; i = raw.indexOf("\n", i + 1)) n++;
    return n;
  };
  const flushSkipped = () => {
    while (skipped.length && skipped[0].after <= consumed) {
      const s = skipped.shift()!;
      // One report per broken record (an unclosed quote is reported again at the end of input).
      if (nextLine !== lastReported) report({ line: nextLine, message: `unreadable CSV record: ${s.message}` });
      lastReported = nextLine;
      nextLine += newlines(s.raw);
    }
  };

  let col: Map<string, number> | null = null;
  const label = new Map<string, string>(); // column names as the file writes them, for messages
  let current: ImportedOrder | null = null;
  let currentName = "";

  for await (const rec of parser as AsyncIterable<CsvRecord>) {
    flushSkipped();
    consumed++;
    const cells = rec.record;
    const line = nextLine;
    nextLine += newlines(rec.raw);
    if (cells.length === 1 && cells[0] === "") continue; // an empty line
    if (!col) {
      col = new Map(cells.map((h, i) => [h.trim().toLowerCase(), i]));
      for (const h of cells) label.set(h.trim().toLowerCase(), h.trim());
      const missing = REQUIRED.filter((h) => !col!.has(h));
      if (missing.length) {
        report({
          line,
          message: `not a Shopify orders export: missing column(s) ${missing.map((m) => JSON.stringify(m)).join(", ")}`,
        });
        parser.destroy();
        return;
      }
      continue;
    }
    const get = (name: string): string => {
      const i = col!.get(name);
      return i === undefined ? "" : (cells[i] ?? "").trim();
    };
    const money = (name: string): number | undefined => {
      const v = get(name);
      if (!v) return undefined;
      const c = moneyToCents(v);
      if (c === null) {
        report({ line, message: `${label.get(name) ?? name}: "${v}" is not an amount` });
        return undefined;
      }
      return c;
    };

    const name = get("name");
    if (!name) {
      report({ line, message: "row has no order Name" });
      continue;
    }
    if (name !== currentName) {
      if (current) yield current;
      current = { id: name, name, lines: [] };
      currentName = name;
    }
    const order = current!;

    // Order-level fields: taken from the first row of the order that has them.
    const id = get("id");
    if (id && order.id === order.name) order.id = id;
    const email = get("email");
    if (email && order.customerId === undefined) order.customerId = hashEmail(email);
    const created = get("created at");
    if (created && order.createdAt === undefined) {
      const t = parseShopifyTime(created);
      if (t === null) report({ line, message: `Created at: "${created}" is not a date` });
      else order.createdAt = t;
    }
    const cancelled = get("cancelled at");
    if (cancelled && order.cancelledAt == null) order.cancelledAt = parseShopifyTime(cancelled);
    const currency = get("currency");
    if (currency && !order.currency) order.currency = currency;
    if (order.subtotal === undefined) order.subtotal = money("subtotal");
    if (order.totalPrice === undefined) order.totalPrice = money("total");
    if (order.totalDiscounts === undefined) order.totalDiscounts = money("discount amount");
    const notes = get("note attributes");
    if (notes && !order.attributes) order.attributes = parseNoteAttributes(notes);

    const lineName = get("lineitem name");
    const qtyCell = get("lineitem quantity");
    if (!lineName && !qtyCell) continue; // an order row without a line (rare, e.g. edited orders)
    const quantity = Number(qtyCell);
    if (!/^\d+$/.test(qtyCell) || quantity <= 0) {
      report({ line, message: `Lineitem quantity: "${qtyCell}" is not a positive whole number; line skipped` });
      continue;
    }
    const sku = get("lineitem sku") || null;
    const key = sku ? { product: sku, variant: sku } : productKeyFromName(lineName);
    if (!key.product) {
      report({ line, message: "line item has neither SKU nor name; line skipped" });
      continue;
    }
    const l: ImportedOrderLine = {
      productId: key.product,
      variantId: key.variant,
      title: lineName,
      sku,
      quantity,
    };
    const price = money("lineitem price");
    if (price !== undefined) l.price = price;
    const discount = money("lineitem discount");
    if (discount !== undefined) l.discount = discount;
    order.lines.push(l);
  }
  flushSkipped();
  if (current) yield current;
}
