import { createReadStream, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ImportedOrder, ParseIssue } from "../../../app/domain/types";
import {
  hashEmail,
  parseShopifyOrdersCsv,
  parseShopifyTime,
  productKeyFromName,
} from "../../../app/lib/ingest/shopify-csv";
import { moneyToCents } from "../../../app/lib/shopify-ids";

const FIXTURE = "test/fixtures/shopify/orders_export.csv";

async function collect(input: Parameters<typeof parseShopifyOrdersCsv>[0]) {
  const issues: ParseIssue[] = [];
  const orders: ImportedOrder[] = [];
  for await (const o of parseShopifyOrdersCsv(input, (i) => issues.push(i))) orders.push(o);
  return { orders, issues };
}

describe("Shopify orders export CSV", () => {
  it("groups the rows of each order and reads the order fields from its first row", async () => {
    const { orders } = await collect(createReadStream(FIXTURE));
    expect(orders.map((o) => o.name)).toEqual(["#1001", "#1002", "#1003", "#1004"]);
    const first = orders[0];
    expect(first).toMatchObject({
      id: "5512345678901",
      currency: "USD",
      subtotal: 5750,
      totalDiscounts: 250,
      totalPrice: 6250,
      createdAt: Date.UTC(2026, 2, 1, 15, 15, 0),
      attributes: { _pairwise_visitor: "v_8f2c", "gift wrap": "yes" },
    });
    expect(first.cancelledAt ?? null).toBeNull();
    expect(first.lines).toEqual([
      {
        productId: "MUG-WHT",
        variantId: "MUG-WHT",
        title: "Ceramic Mug",
        sku: "MUG-WHT",
        quantity: 2,
        price: 1250,
        discount: 250,
      },
      {
        productId: "linen apron",
        variantId: "linen apron - natural / m",
        title: "Linen Apron - Natural / M",
        sku: null,
        quantity: 1,
        price: 3400,
        discount: 0,
      },
    ]);
  });

  it("never keeps the e-mail address, but recognises the same customer across orders", async () => {
    const { orders } = await collect(createReadStream(FIXTURE));
    const raw = readFileSync(FIXTURE, "utf8");
    expect(raw).toContain("Ada.Lovelace@Example.com");
    expect(JSON.stringify(orders)).not.toMatch(/@/);
    expect(orders[0].customerId).toBe(hashEmail("ada.lovelace@example.com"));
    expect(orders[0].customerId).toMatch(/^em_[0-9a-f]{16}$/);
    expect(orders[3].customerId).toBe(orders[0].customerId);
    expect(orders[2].customerId).not.toBe(orders[0].customerId);
    expect(orders[1].customerId).toBeUndefined();
  });

  it("reads unicode names, thousands separators, time zones and cancellations", async () => {
    const { orders } = await collect(createReadStream(FIXTURE));
    expect(orders[1]).toMatchObject({
      id: "5512345678902",
      currency: "EUR",
      subtotal: 125000,
      cancelledAt: Date.UTC(2026, 2, 4, 7, 30),
      lines: [{ productId: "café crème filter", variantId: "café crème filter - 250 g", quantity: 1, price: 125000 }],
    });
  });

  it("identifies products without SKU by their normalised name, variants split off", async () => {
    const { orders } = await collect(createReadStream(FIXTURE));
    expect(orders[2].lines.map((l) => [l.productId, l.variantId])).toEqual([
      ["linen apron", "linen apron - natural / l"],
      ["linen apron", "linen apron - sand / m"],
    ]);
    expect(productKeyFromName("T-Shirt")).toEqual({ product: "t-shirt", variant: "t-shirt" });
  });

  it("reports malformed rows with their line number in the file and keeps importing", async () => {
    const { orders, issues } = await collect(createReadStream(FIXTURE));
    // Line 2–4 is one record (the Notes cell spans lines), so #1003's rows are lines 7–9.
    expect(issues).toEqual([
      { line: 7, message: expect.stringContaining('Lineitem quantity: "two"') },
      { line: 8, message: expect.stringContaining('Lineitem discount: "abc"') },
    ]);
    expect(orders).toHaveLength(4);
  });

  it("gives the same result however the bytes are chunked (multi-byte characters split)", async () => {
    const bytes = readFileSync(FIXTURE);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    }
    expect(await collect(chunks())).toEqual(await collect(createReadStream(FIXTURE)));
  });

  it("streams: the first orders come out before a large file has been read", async () => {
    const header = readFileSync(FIXTURE, "utf8").split("\n")[0] + "\n";
    const columns = header.split(",").length;
    let pulled = 0;
    const total = 200_000;
    async function* bigFile() {
      yield header;
      for (let i = 0; i < total; i++) {
        pulled++;
        const cells = new Array(columns).fill("");
        cells[0] = `#${i}`;
        cells[16] = "1";
        cells[17] = `Product ${i % 50}`;
        yield cells.join(",") + "\n";
      }
    }
    const seen: string[] = [];
    for await (const o of parseShopifyOrdersCsv(bigFile())) {
      seen.push(o.name!);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(["#0", "#1", "#2"]);
    expect(pulled).toBeLessThan(total / 10);
  });

  it("refuses a file that is not an orders export, saying which columns are missing", async () => {
    const { orders, issues } = await collect(["Handle,Title,Variant SKU\nmug,Mug,MUG-1\n"]);
    expect(orders).toEqual([]);
    expect(issues).toEqual([
      { line: 1, message: expect.stringMatching(/missing column\(s\) "name", "lineitem quantity", "lineitem name"/) },
    ]);
  });

  it("counts lines across Windows line endings, blank lines and cells spanning lines", async () => {
    const csv =
      'Name,Lineitem quantity,Lineitem name,Notes\r\n#1,1,Mug,"two\r\nlines"\r\n\r\n#2,x,Mug,\r\n#3,1,Mug,"a\nb\nc"\r\n#4,0,Mug,\r\n';
    const { orders, issues } = await collect([csv]);
    expect(issues.map((i) => i.line)).toEqual([5, 9]);
    expect(orders.map((o) => o.name)).toEqual(["#1", "#2", "#3", "#4"]);
  });

  it("reports an unreadable CSV record at the line where it starts", async () => {
    const csv = 'Name,Lineitem quantity,Lineitem name\n#1,1,Mug\n#2,1,"Broken"quote\n';
    const { orders, issues } = await collect([csv]);
    expect(orders.map((o) => o.name)).toEqual(["#1"]);
    expect(issues).toEqual([{ line: 3, message: expect.stringContaining("unreadable CSV record") }]);
  });
});

describe("Shopify values", () => {
  it("turns money strings into cents without float drift", () => {
    expect(moneyToCents("12.50")).toBe(1250);
    expect(moneyToCents("12.5")).toBe(1250);
    expect(moneyToCents("12")).toBe(1200);
    expect(moneyToCents("0.29")).toBe(29);
    expect(moneyToCents("1,234.56")).toBe(123456);
    expect(moneyToCents("-3.00")).toBe(-300);
    expect(moneyToCents("19.995")).toBe(2000);
    expect(moneyToCents(4.35)).toBe(435);
    expect(moneyToCents("")).toBeNull();
    expect(moneyToCents("abc")).toBeNull();
    expect(moneyToCents(".")).toBeNull();
  });

  it("reads Shopify's export timestamps with their offsets", () => {
    expect(parseShopifyTime("2026-03-01 10:15:00 -0500")).toBe(Date.UTC(2026, 2, 1, 15, 15));
    expect(parseShopifyTime("2026-03-01T10:15:00+05:30")).toBe(Date.UTC(2026, 2, 1, 4, 45));
    expect(parseShopifyTime("2026-03-01 10:15:00 UTC")).toBe(Date.UTC(2026, 2, 1, 10, 15));
    expect(parseShopifyTime("")).toBeNull();
    expect(parseShopifyTime("yesterday")).toBeNull();
  });
});
