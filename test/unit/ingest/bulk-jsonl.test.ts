import { createReadStream, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CatalogProduct, ImportedOrder, ParseIssue } from "../../../app/domain/types";
import { parseBulkCatalogJsonl, parseBulkOrdersJsonl } from "../../../app/lib/ingest/bulk-jsonl";
import { gidType, legacyId, toGid } from "../../../app/lib/shopify-ids";

const ORDERS = "test/fixtures/shopify/orders_bulk.jsonl";
const CATALOG = "test/fixtures/shopify/catalog_bulk.jsonl";

async function orders(input: Parameters<typeof parseBulkOrdersJsonl>[0]) {
  const issues: ParseIssue[] = [];
  const out: ImportedOrder[] = [];
  for await (const o of parseBulkOrdersJsonl(input, (i) => issues.push(i))) out.push(o);
  return { orders: out, issues };
}

describe("bulk operation JSONL: orders", () => {
  it("nests line items under their order and uses numeric ids everywhere", async () => {
    const { orders: list, issues } = await orders(createReadStream(ORDERS));
    expect(issues).toEqual([]);
    expect(list.map((o) => o.id)).toEqual(["5512345678901", "5512345678902", "5512345678903"]);
    expect(list[1].lastRefundAt).toBeNull(); // an empty refunds list: no refund (a fact, not an unknown)
    expect(list[0]).toEqual({
      id: "5512345678901",
      name: "#1001",
      customerId: "7001",
      createdAt: Date.UTC(2026, 2, 1, 15, 15),
      cancelledAt: null,
      lastRefundAt: Date.UTC(2026, 2, 6, 10, 0), // the date of its refund, from the order's refunds list
      currency: "USD",
      subtotal: 5750,
      totalDiscounts: 250,
      totalPrice: 6250,
      attributes: { _pairwise_visitor: "v_8f2c" },
      // what follow-up attribution reads (tracking.server.ts)
      landingPages: ["https://shop.example/products/mug?utm_source=mail"],
      discountCodes: ["SPRING5"],
      lines: [
        {
          id: "13001",
          productId: "8001",
          variantId: "9001",
          title: "Ceramic Mug",
          sku: "MUG-WHT",
          quantity: 2,
          price: 1250,
          discount: 250,
          refundedQuantity: 0,
        },
        {
          id: "13002",
          productId: "8002",
          variantId: "9002",
          title: "Linen Apron",
          sku: "APR-NAT-M",
          quantity: 1,
          price: 3400,
          discount: 0,
          refundedQuantity: 1,
          properties: { _pairwise: "offer_abc" },
        },
      ],
    });
  });

  it("keeps custom lines without a product, guest orders and cancellations", async () => {
    const { orders: list } = await orders(createReadStream(ORDERS));
    expect(list[1]).toMatchObject({ customerId: null, currency: "EUR", cancelledAt: Date.UTC(2026, 2, 4, 7, 30) });
    expect(list[1].lines).toEqual([
      expect.objectContaining({ productId: null, variantId: null, title: "Gift wrapping", quantity: 1 }),
    ]);
  });

  it("reports lines that are not JSON and children of another order, with their line numbers", async () => {
    const text = readFileSync(ORDERS, "utf8");
    const stray = JSON.stringify({
      id: "gid://shopify/LineItem/1",
      quantity: 1,
      __parentId: "gid://shopify/Order/5512345678901",
    });
    const { orders: list, issues } = await orders([text, "{not json\n", stray + "\n"]);
    expect(list).toHaveLength(3);
    expect(list[0].lines).toHaveLength(2);
    expect(issues).toEqual([
      { line: 8, message: expect.stringContaining("not a JSON object") },
      { line: 9, message: expect.stringContaining("not the order being read") },
    ]);
  });

  it("reads refunds written as RefundLineItem children or inline, never beyond the quantity", async () => {
    const order = {
      id: "gid://shopify/Order/1",
      name: "#1",
      createdAt: "2026-01-01T00:00:00Z",
      totalPriceSet: { shopMoney: { amount: "10.00" } },
      refunds: [
        { refundLineItems: { edges: [{ node: { quantity: 5, lineItem: { id: "gid://shopify/LineItem/2" } } }] } },
      ],
    };
    const line = (id: number, quantity: number) => ({
      id: `gid://shopify/LineItem/${id}`,
      quantity,
      product: { id: "gid://shopify/Product/9" },
      __parentId: "gid://shopify/Order/1",
    });
    const refundChild = {
      id: "gid://shopify/RefundLineItem/7",
      quantity: 1,
      lineItem: { id: "gid://shopify/LineItem/3" },
      __parentId: "gid://shopify/Order/1",
    };
    const { orders: list } = await orders([
      [order, line(2, 2), line(3, 4), refundChild].map((o) => JSON.stringify(o)).join("\n"),
    ]);
    expect(list[0].lines.map((l) => [l.id, l.refundedQuantity])).toEqual([
      ["2", 2],
      ["3", 1],
    ]);
  });

  it("streams: the first order comes out before a large export has been read", async () => {
    let pulled = 0;
    const total = 100_000;
    async function* big() {
      for (let i = 1; i <= total; i++) {
        pulled++;
        yield (
          JSON.stringify({ id: `gid://shopify/Order/${i}`, name: `#${i}` }) +
          "\n" +
          JSON.stringify({ id: `gid://shopify/LineItem/${i}`, quantity: 1, __parentId: `gid://shopify/Order/${i}` }) +
          "\n"
        );
      }
    }
    const first: string[] = [];
    for await (const o of parseBulkOrdersJsonl(big())) {
      first.push(o.id);
      if (first.length === 2) break;
    }
    expect(first).toEqual(["1", "2"]);
    expect(pulled).toBeLessThan(total / 10);
  });
});

describe("bulk operation JSONL: catalog", () => {
  async function catalog(): Promise<CatalogProduct[]> {
    const out: CatalogProduct[] = [];
    for await (const p of parseBulkCatalogJsonl(createReadStream(CATALOG))) out.push(p);
    return out;
  }

  it("nests variants and collection membership under their product, with cost and stock", async () => {
    const [mug] = await catalog();
    expect(mug).toEqual({
      id: "8001",
      title: "Ceramic Mug",
      handle: "ceramic-mug",
      productType: "Kitchen",
      vendor: "Pairwise Demo",
      tags: ["ceramic", "gift"],
      collections: ["4001", "4002"],
      status: "ACTIVE",
      imageUrl: "https://cdn.shopify.com/s/files/1/0000/0001/files/mug.jpg?v=1",
      variants: [
        {
          id: "9001",
          title: "White",
          sku: "MUG-WHT",
          price: 1250,
          compareAtPrice: 1500,
          cost: 410,
          inventoryQuantity: 40,
          inventoryTracked: true,
          availableForSale: true,
        },
        {
          id: "9003",
          title: "Black",
          sku: "MUG-BLK",
          price: 1250,
          compareAtPrice: null,
          cost: 410,
          inventoryQuantity: 0,
          inventoryTracked: true,
          availableForSale: false,
        },
      ],
    });
  });

  it("treats untracked stock, missing cost and unlisted products as such", async () => {
    const [, apron, secret] = await catalog();
    expect(apron).toMatchObject({ status: "DRAFT", imageUrl: null, collections: [] });
    expect(apron.variants[0]).toMatchObject({ cost: null, inventoryQuantity: null, inventoryTracked: false });
    expect(secret.status).toBe("DRAFT");
  });
});

describe("Shopify ids", () => {
  it("turns global ids into the numeric ids stored everywhere, and back", () => {
    expect(legacyId("gid://shopify/Product/123")).toBe("123");
    expect(legacyId("gid://shopify/ProductVariant/9?x=1")).toBe("9");
    expect(legacyId(5512345678901)).toBe("5512345678901");
    expect(legacyId("42")).toBe("42");
    expect(legacyId(null)).toBeNull();
    expect(gidType("gid://shopify/LineItem/1")).toBe("LineItem");
    expect(gidType("1")).toBeNull();
    expect(toGid("BulkOperation", "77")).toBe("gid://shopify/BulkOperation/77");
    expect(toGid("BulkOperation", "gid://shopify/BulkOperation/77")).toBe("gid://shopify/BulkOperation/77");
  });
});
