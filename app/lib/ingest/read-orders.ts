// One entry point per input format: read orders (ImportedOrder) or mine them (baskets straight
// into the co-occurrence counter). Used by the mine CLI and by import jobs.

import { createReadStream } from "node:fs";
import { access, constants } from "node:fs/promises";
import { CooccurrenceCounter } from "~/domain/mining/cooccurrence";
import { Interner } from "~/domain/mining/interner";
import { mineRules, type MiningOptions, type MiningResult } from "~/domain/mining/rules";
import { SequenceCollector, type SequenceOptions, type SequenceResult } from "~/domain/mining/sequences";
import type { ImportedOrder, ParseIssue } from "~/domain/types";
import { parseBulkOrdersJsonl } from "./bulk-jsonl";
import { NonAdjacentOrderError, parseLinesCsvOrders, streamLineBaskets } from "./lines-csv";
import { parseShopifyOrdersCsv } from "./shopify-csv";

export const ORDER_FORMATS = ["lines-csv", "shopify-csv", "bulk-jsonl"] as const;
export type OrderFormat = (typeof ORDER_FORMATS)[number];

export function isOrderFormat(value: string): value is OrderFormat {
  return (ORDER_FORMATS as readonly string[]).includes(value);
}

const READ_CHUNK = 1 << 20;

function open(path: string) {
  return createReadStream(path, { highWaterMark: READ_CHUNK });
}

/** Streams the orders of a file in any supported format. */
export function readOrders(path: string, format: OrderFormat, onIssue?: (i: ParseIssue) => void): AsyncGenerator<ImportedOrder> {
  switch (format) {
    case "lines-csv":
      return parseLinesCsvOrders(open(path), onIssue);
    case "shopify-csv":
      return parseShopifyOrdersCsv(open(path), onIssue);
    case "bulk-jsonl":
      return parseBulkOrdersJsonl(open(path), onIssue);
  }
}

export interface MineFileOptions extends MiningOptions {
  /** also mine sequential patterns and replenishment (needs customer_id and created_at) */
  sequences?: SequenceOptions;
}

export interface MineFileResult extends MiningResult {
  issues: ParseIssue[];
  /** "adjacent" when the file's order rows were adjacent (one streaming pass), else "all" */
  grouping?: "adjacent" | "all";
  sequences?: SequenceResult;
}

/** Issues kept for the report; further ones are only counted. */
const MAX_KEPT_ISSUES = 1000;

/**
 * Mines a file end to end. Lines CSV goes through the fast basket stream (one pass when each
 * order's rows are adjacent, a second grouping pass otherwise); the other formats through their
 * ImportedOrder parsers. Cancelled orders are skipped; a line's units are its quantity minus
 * refunded quantity (fully refunded lines drop out); lines without a product are ignored.
 */
export async function mineOrdersFile(path: string, format: OrderFormat, options: MineFileOptions = {}): Promise<MineFileResult & { issueCount: number }> {
  await access(path, constants.R_OK);
  const attempt = async (grouping: "adjacent" | "all") => {
    const products = new Interner();
    const customers = new Interner();
    const counter = new CooccurrenceCounter(1 << 20);
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
          counter.addBasket(b.items, b.quantities, b.length);
          sequences?.addOrder(b.customer, b.createdAt, b.items, b.length);
        },
      });
    } else {
      const items: number[] = [];
      const quantities: number[] = [];
      for await (const order of readOrders(path, format, onIssue)) {
        if (order.cancelledAt) continue;
        items.length = 0;
        quantities.length = 0;
        for (const line of order.lines) {
          if (!line.productId) continue;
          const units = line.quantity - (line.refundedQuantity ?? 0);
          if (!(units > 0)) continue;
          items.push(products.idOf(line.productId));
          quantities.push(units);
        }
        counter.addBasket(items, quantities, items.length);
        if (sequences && order.customerId) sequences.addOrder(customers.idOf(order.customerId), order.createdAt, items, items.length);
      }
    }
    const nameOf = (id: number) => products.name(id);
    const mined: MineFileResult & { issueCount: number } = { ...mineRules(counter, nameOf, options), issues, issueCount, grouping };
    if (sequences) mined.sequences = sequences.mine(nameOf, options.sequences);
    return mined;
  };
  try {
    return await attempt("adjacent");
  } catch (e) {
    if (e instanceof NonAdjacentOrderError) return attempt("all");
    throw e;
  }
}
