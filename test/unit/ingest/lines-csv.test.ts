import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Interner } from "../../../app/domain/mining/interner";
import type { ImportedOrder, ParseIssue } from "../../../app/domain/types";
import {
  LinesCsvHeaderError,
  NonAdjacentOrderError,
  parseLinesCsvOrders,
  streamLineBaskets,
  type BasketGrouping,
  type StreamedBasket,
} from "../../../scripts/lib/lines-csv";
import { mineShards } from "../../../scripts/lib/mine-shards";
import { mineOrdersFile } from "../../../scripts/lib/read-orders";

const FIXTURES = join(__dirname, "../../fixtures/lines");
const fixture = (name: string) => join(FIXTURES, name);

interface Collected {
  baskets: { items: [string, number][]; customer: string | null; createdAt: number; line: number }[];
  issues: ParseIssue[];
}

async function collectBaskets(
  input: AsyncIterable<string | Uint8Array> | NodeJS.ReadableStream,
  grouping: BasketGrouping = "adjacent",
): Promise<Collected> {
  const products = new Interner();
  const customers = new Interner();
  const out: Collected = { baskets: [], issues: [] };
  await streamLineBaskets(input, {
    products,
    customers,
    wantTime: true,
    grouping,
    onIssue: (i) => out.issues.push(i),
    onBasket: (b: StreamedBasket) =>
      out.baskets.push({
        items: Array.from(b.items.subarray(0, b.length), (id, k) => [products.name(id), b.quantities[k]]),
        customer: b.customer >= 0 ? customers.name(b.customer) : null,
        createdAt: b.createdAt,
        line: b.line,
      }),
  });
  return out;
}

async function* chunks(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let prev = 0;
  for (const c of [...new Set(cuts)].sort((a, b) => a - b)) {
    yield bytes.subarray(prev, c);
    prev = c;
  }
  yield bytes.subarray(prev);
}

describe("lines CSV: basket stream", () => {
  it("reads columns in any order, quoted commas and quotes, unicode, CRLF, a BOM and a line break inside quotes", async () => {
    const { baskets } = await collectBaskets(createReadStream(fixture("mixed.csv")));
    expect(baskets.map((b) => b.items)).toEqual([
      [
        ["camera-x100", 1],
        ["sd-card, 64 GB", 2],
      ],
      [
        ['téléobjectif "zoom"', 1],
        ["camera-x100", 1],
      ],
      [
        ["strap\r\nblack", 1],
        ["カメラ用バッグ", 3],
      ],
      [["sd-card", 1]],
      [["camera-x100", 1]],
    ]);
    expect(baskets[0]).toMatchObject({ customer: "c1", createdAt: Date.UTC(2025, 2, 1, 10), line: 2 });
    expect(baskets[2].line).toBe(11);
    expect(baskets[3].createdAt).toBeNaN();
  });

  it("reports malformed rows with their 1-based line numbers and keeps reading", async () => {
    const { issues } = await collectBaskets(createReadStream(fixture("mixed.csv")));
    expect(issues.map((i) => i.line)).toEqual([7, 8, 9, 10, 14, 15]);
    expect(issues[0].message).toBe("expected 7 columns, found 4");
    expect(issues[1].message).toBe("empty product_id");
    expect(issues[2].message).toMatch(/quantity "two"/);
    expect(issues[3].message).toBe("empty order_id");
    expect(issues[4].message).toMatch(/quantity "0"/);
    expect(issues[5].message).toMatch(/created_at "not a date"/);
  });

  it("gives the same baskets and issues however the input is split into chunks", async () => {
    const bytes = new Uint8Array(await readFile(fixture("mixed.csv")));
    const whole = await collectBaskets(chunks(bytes, []));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }), async (cuts) => {
        expect(await collectBaskets(chunks(bytes, cuts))).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  it("ignores unknown columns, however many", async () => {
    const extra = Array.from({ length: 12 }, (_, i) => `note_${i}`);
    const { baskets, issues } = await collectBaskets(
      (async function* () {
        yield `${extra.join(",")},product_id,order_id\n`;
        yield `${extra.map(() => "x").join(",")},p1,o1\n${extra.map(() => "y").join(",")},p2,o1\n`;
      })(),
    );
    expect(issues).toEqual([]);
    expect(baskets.map((b) => b.items)).toEqual([
      [
        ["p1", 1],
        ["p2", 1],
      ],
    ]);
  });

  it("reads any ids written by a standard CSV writer: commas, quotes, line breaks, unicode (property)", async () => {
    const id = fc
      .oneof(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/),
        fc.string({
          unit: fc.constantFrom("a", "é", "漢", ",", '"', "\n", "\r\n", " x", "\t", "😀"),
          minLength: 1,
          maxLength: 6,
        }),
      )
      .filter((v) => v.replace(/^[ \t]+|[ \t]+$/g, "") !== "");
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(id, fc.array(fc.tuple(id, fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 4 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (orders, crlf, cuts) => {
          // fields are trimmed of spaces and tabs; distinct order ids keep each order's rows adjacent
          const trim = (v: string) => v.replace(/^[ \t]+|[ \t]+$/g, "");
          const unique = [...new Map(orders.map(([o, lines]) => [trim(o), lines])).entries()];
          const eol = crlf ? "\r\n" : "\n";
          const text =
            "order_id,product_id,quantity" +
            eol +
            unique.flatMap(([o, lines]) => lines.map(([p, q]) => `${quote(o)},${quote(p)},${q}`)).join(eol) +
            eol;
          const bytes = new TextEncoder().encode(text);
          const got = await collectBaskets(
            chunks(
              bytes,
              cuts.map((c) => c % (bytes.length + 1)),
            ),
          );
          expect(got.issues).toEqual([]);
          expect(got.baskets.map((b) => b.items)).toEqual(
            unique.map(([, lines]) => lines.map(([p, q]) => [trim(p), q])),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reads string chunks and a last line without a newline", async () => {
    const { baskets } = await collectBaskets(
      (async function* () {
        yield "order_id,product_id\n1,a\n1,";
        yield "b\n2,a";
      })(),
    );
    expect(baskets.map((b) => b.items)).toEqual([
      [
        ["a", 1],
        ["b", 1],
      ],
      [["a", 1]],
    ]);
  });

  it("reports an unterminated quoted field at the end of the file", async () => {
    const { baskets, issues } = await collectBaskets(
      (async function* () {
        yield 'order_id,product_id\n1,a\n2,"b\n';
      })(),
    );
    expect(baskets).toHaveLength(1);
    expect(issues).toEqual([{ line: 3, message: "unterminated quoted field at end of file" }]);
  });

  it("detects rows of one order that are not adjacent; grouping all orders reads them correctly", async () => {
    await expect(collectBaskets(createReadStream(fixture("non-adjacent.csv")))).rejects.toMatchObject({
      reason: "repeated",
      line: 6,
      orderId: "1",
    });
    const { baskets } = await collectBaskets(createReadStream(fixture("non-adjacent.csv")), "all");
    expect(baskets.map((b) => b.items)).toEqual([
      [
        ["a", 1],
        ["b", 1],
        ["c", 1],
      ],
      [
        ["a", 2],
        ["c", 1],
        ["a", 1],
      ],
      [
        ["b", 1],
        ["a", 1],
      ],
    ]);
  });

  it("streams sorted order ids (ascending numerically, or descending) and flags an id out of sequence", async () => {
    const csv = (ids: string[]) =>
      (async function* () {
        yield "order_id,product_id\n" + ids.map((id) => `${id},p\n${id},q\n`).join("");
      })();
    expect((await collectBaskets(csv(["9", "10", "11", "100"]), "sorted")).baskets).toHaveLength(4);
    expect((await collectBaskets(csv(["#1003", "#1002", "#1001"]), "sorted")).baskets).toHaveLength(3);
    const unsorted = collectBaskets(csv(["1", "3", "2"]), "sorted");
    await expect(unsorted).rejects.toThrow(NonAdjacentOrderError);
    await expect(unsorted).rejects.toMatchObject({ reason: "unsorted", line: 6, orderId: "2" });
    // the same file is fine when only adjacency is required
    expect((await collectBaskets(csv(["1", "3", "2"]), "adjacent")).baskets).toHaveLength(3);
  });

  it("rejects a header without order_id and product_id, and an empty file", async () => {
    await expect(collectBaskets(createReadStream(fixture("bad-header.csv")))).rejects.toThrow(
      new LinesCsvHeaderError("line 1: header must name order_id and product_id (found: order,product)"),
    );
    await expect(collectBaskets(createReadStream(fixture("empty.csv")))).rejects.toThrow(LinesCsvHeaderError);
  });
});

describe("lines CSV: mining a file", () => {
  it("streams sorted files in one pass and falls back to adjacency for unsorted ones, with the same rules", async () => {
    const sorted = await mineOrdersFile(fixture("shop.csv"), "lines-csv", { minCount: 1, alpha: null });
    expect(sorted.grouping).toBe("sorted");
    const shuffled = await mineOrdersFile(fixture("shop-unsorted.csv"), "lines-csv", { minCount: 1, alpha: null });
    expect(shuffled.grouping).toBe("adjacent");
    const key = (r: { antecedent: string; consequent: string }) => r.antecedent + ">" + r.consequent;
    expect(shuffled.rules.map(key).sort()).toEqual(sorted.rules.map(key).sort());
    expect(shuffled.orders).toBe(sorted.orders);
  });

  it("counts the same in a worker thread as in the calling thread", async () => {
    const [local, worker] = await Promise.all([
      mineOrdersFile(fixture("shop.csv"), "lines-csv", { minCount: 1, alpha: null, worker: false }),
      mineOrdersFile(fixture("shop.csv"), "lines-csv", { minCount: 1, alpha: null, worker: true }),
    ]);
    expect(worker.rules).toEqual(local.rules);
    expect(worker.rules.length).toBeGreaterThan(10);
  });

  it("mines non-adjacent rows exactly like the same orders written adjacently", async () => {
    const result = await mineOrdersFile(fixture("non-adjacent.csv"), "lines-csv", { minCount: 1, alpha: null });
    expect(result.grouping).toBe("all");
    expect(result.orders).toBe(3);
    const ab = result.rules.find((r) => r.antecedent === "a" && r.consequent === "b")!;
    expect(ab).toMatchObject({ count: 2, confidence: 2 / 3, attachRate: 2 / 5 });
    const ac = result.rules.find((r) => r.antecedent === "a" && r.consequent === "c")!;
    expect(ac).toMatchObject({ count: 2, attachRate: 2 / 5 });
  });
});

describe("lines CSV: ImportedOrder reader", () => {
  it("yields orders with lines, variants, cents, customers and times, and reports bad prices", async () => {
    const issues: ParseIssue[] = [];
    const orders: ImportedOrder[] = [];
    for await (const o of parseLinesCsvOrders(createReadStream(fixture("mixed.csv")), (i) => issues.push(i)))
      orders.push(o);
    expect(orders.map((o) => o.id)).toEqual(["1001", "1002", "1005", "1007"]);
    expect(orders[0]).toEqual({
      id: "1001",
      customerId: "c1",
      createdAt: Date.UTC(2025, 2, 1, 10),
      lines: [
        { productId: "camera-x100", variantId: "v1", quantity: 1, price: 49900 },
        { productId: "sd-card, 64 GB", variantId: "v2", quantity: 2, price: 1990 },
      ],
    });
    expect(orders[1].lines[0].price).toBe(24950);
    expect(issues.map((i) => i.line)).toEqual([7, 8, 9, 10, 14, 15, 16]);
    expect(issues[6].message).toBe('price "4.999" is not an amount');
  });

  it("groups rows of an order that are not adjacent", async () => {
    const orders: ImportedOrder[] = [];
    for await (const o of parseLinesCsvOrders(createReadStream(fixture("non-adjacent.csv")))) orders.push(o);
    expect(orders.map((o) => [o.id, o.lines.map((l) => l.productId)])).toEqual([
      ["1", ["a", "b", "c"]],
      ["2", ["a", "c", "a"]],
      ["3", ["b", "a"]],
    ]);
  });
});

describe("lines CSV: mining a file on several threads", () => {
  it("gives the rules, orders and issue lines of one thread, and falls back when order ids are not sorted (property)", async () => {
    const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "pairwise-shards-"));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.array(fc.record({ p: fc.nat(12), q: fc.integer({ min: 1, max: 300 }) }), { minLength: 1, maxLength: 6 }),
            {
              minLength: 1,
              maxLength: 300,
            },
          ),
          fc.boolean(),
          fc.integer({ min: 2, max: 4 }),
          fc.boolean(),
          async (orders, shuffle, shards, badRow) => {
            const ids = orders.map((_, i) => 1000 + i);
            if (shuffle) ids.reverse().splice(0, 0, ids.pop()!); // not sorted
            let csv = "order_id,product_id,quantity\n";
            orders.forEach((o, i) => {
              for (const l of o) csv += `${ids[i]},${5000 + l.p},${l.q}\n`;
              if (badRow && i === orders.length >> 1) csv += `${ids[i]},,1\n`;
            });
            const file = join(dir, "orders.csv");
            await writeFile(file, csv);
            const options = { minCount: 1, alpha: null };
            const one = await mineOrdersFile(file, "lines-csv", { ...options, shards: 0, worker: false });
            const many = await mineOrdersFile(file, "lines-csv", { ...options, shards });
            expect(many.orders).toBe(orders.length);
            expect(many.rules).toEqual(one.rules);
            expect(many.issues).toEqual(one.issues);
            if (!shuffle && orders.length >= shards * 4) {
              // sorted: really read on `shards` threads, not through the fallback
              const direct = await mineShards(file, shards, options, 1000);
              expect(direct?.shards).toBe(shards);
              expect(direct?.rules).toEqual(one.rules);
            }
          },
        ),
        { numRuns: 8 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
