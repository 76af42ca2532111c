import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { ImportedOrder } from "../../../app/domain/types";
import { CATALOG } from "../../../app/demo/catalog";
import { DEFAULT_NOW, HISTORY_DAYS, createRng, generateDemoShop, type DemoShopData } from "../../../app/demo/generate";
import {
  DECOYS,
  NEW_ARRIVAL_LOOKALIKES,
  UPSELL_LADDERS,
  complementPairs,
  resolveGroundTruth,
  upsellPairs,
} from "../../../app/demo/ground-truth";

const DAY = 86_400_000;
// The shop every assertion below is made on; DEMO_TEST_SEED checks that they hold for other seeds.
const SEED = process.env.DEMO_TEST_SEED ?? 42;

function hash(data: DemoShopData): string {
  return createHash("sha256").update(JSON.stringify(data)).digest("hex");
}

/** product id → indexes of the orders that contain it */
function ordersByProduct(orders: ImportedOrder[]): Map<string, Set<number>> {
  const sets = new Map<string, Set<number>>();
  orders.forEach((o, i) => {
    for (const l of o.lines) {
      if (!l.productId) continue;
      let s = sets.get(l.productId);
      if (!s) sets.set(l.productId, (s = new Set()));
      s.add(i);
    }
  });
  return sets;
}

function lift(
  sets: Map<string, Set<number>>,
  n: number,
  a: string,
  b: string,
): { both: number; lift: number; countA: number } {
  const sa = sets.get(a) ?? new Set<number>();
  const sb = sets.get(b) ?? new Set<number>();
  let both = 0;
  for (const x of sa) if (sb.has(x)) both++;
  return { both, countA: sa.size, lift: sa.size && sb.size ? (both * n) / (sa.size * sb.size) : 0 };
}

describe("demo shop generator", () => {
  let shop: DemoShopData;
  let sets: Map<string, Set<number>>;
  let idOf: Map<string, string>;

  beforeAll(() => {
    shop = generateDemoShop({ seed: SEED });
    sets = ordersByProduct(shop.orders);
    idOf = new Map(shop.products.map((p) => [p.handle, p.id]));
  });

  it("gives byte-identical shops for the same seed and different ones for another seed", () => {
    const a = generateDemoShop({ seed: "demo", orders: 6000 });
    const b = generateDemoShop({ seed: "demo", orders: 6000 });
    const c = generateDemoShop({ seed: "other", orders: 6000 });
    expect(hash(a)).toBe(hash(b));
    expect(hash(c)).not.toBe(hash(a));
    // the catalog's ids and handles do not depend on the seed, so ground truth keys are stable
    expect(c.products.map((p) => `${p.id}:${p.handle}`)).toEqual(a.products.map((p) => `${p.id}:${p.handle}`));
    expect(c.orders.map((o) => o.createdAt)).not.toEqual(a.orders.map((o) => o.createdAt));
  });

  it("the seeded random generator repeats itself and stays in [0, 1)", () => {
    const r1 = createRng(7);
    const r2 = createRng(7);
    const xs = Array.from({ length: 1000 }, () => r1.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => r2.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it("generates 40 000 orders in well under two seconds of CPU", () => {
    // CPU time, not wall time: the budget holds on a busy CI machine too
    const before = process.cpuUsage();
    generateDemoShop({ seed: 99 });
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(2000);
  });

  it("has a catalog of ~300 products with Shopify-like ids, variants, margins of 30–70 % and some stock-outs", () => {
    const { products } = shop;
    expect(products.length).toBeGreaterThanOrEqual(250);
    expect(products.length).toBeLessThanOrEqual(350);
    expect(new Set(products.map((p) => p.handle)).size).toBe(products.length);
    expect(products[0].id).toBe("8000000001");
    const variants = products.flatMap((p) => p.variants);
    expect(variants[0].id).toBe("9000000001");
    expect(new Set(variants.map((v) => v.id)).size).toBe(variants.length);
    for (const p of products) {
      expect(p.id).toMatch(/^\d+$/);
      expect(p.handle).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.imageUrl).toBe(`/demo-images/${p.handle}.svg`);
      expect(p.productType).not.toBe("");
      expect(p.tags.length).toBeGreaterThan(0);
      expect(p.collections.length).toBeGreaterThan(0);
    }
    expect(new Set(products.map((p) => p.tags.at(-1))).size).toBeGreaterThanOrEqual(6); // departments
    expect(products.filter((p) => p.variants.length > 1).length).toBeGreaterThan(20);
    for (const v of variants) {
      if (v.cost == null) continue;
      const margin = 1 - v.cost / v.price;
      expect(margin).toBeGreaterThanOrEqual(0.29);
      expect(margin).toBeLessThanOrEqual(0.71);
    }
    const outOfStock = variants.filter((v) => v.inventoryQuantity === 0);
    const low = variants.filter(
      (v) => v.inventoryQuantity != null && v.inventoryQuantity > 0 && v.inventoryQuantity <= 2,
    );
    expect(outOfStock.length).toBeGreaterThan(0);
    expect(outOfStock.every((v) => !v.availableForSale)).toBe(true);
    expect(low.length).toBeGreaterThan(0);
  });

  it("has 40 000 orders with sequential ids, sorted in time, over ~18 months ending before the given date", () => {
    const { orders, customers } = shop;
    expect(orders).toHaveLength(40_000);
    expect(customers).toHaveLength(8_000);
    expect(orders[0].id).toBe("5000000001");
    expect(orders[0].lines[0].id).toBe("1100000001");
    expect(customers[0].id).toBe("7000000001");
    const unsorted = orders.findIndex((o, i) => i > 0 && o.createdAt! < orders[i - 1].createdAt!);
    expect(unsorted).toBe(-1);
    expect(orders.every((o, i) => o.id === String(5_000_000_001 + i))).toBe(true);
    expect(orders[0].createdAt!).toBeGreaterThanOrEqual(DEFAULT_NOW - HISTORY_DAYS * DAY);
    expect(orders[0].createdAt!).toBeLessThan(DEFAULT_NOW - HISTORY_DAYS * DAY + 2 * DAY);
    expect(orders.at(-1)!.createdAt!).toBeLessThan(DEFAULT_NOW);
    expect(orders.at(-1)!.createdAt!).toBeGreaterThan(DEFAULT_NOW - 2 * DAY);
  });

  it("ends the history at the date passed in", () => {
    const now = Date.UTC(2025, 0, 1);
    const s = generateDemoShop({ seed: 1, now, orders: 2000 });
    expect(s.orders.at(-1)!.createdAt!).toBeLessThan(now);
    expect(s.orders[0].createdAt!).toBeGreaterThanOrEqual(now - HISTORY_DAYS * DAY);
    expect(s.customers).toHaveLength(400);
  });

  it("has order totals that add up: subtotal = Σ price × qty − discounts, shipping under $75", () => {
    for (const o of shop.orders.slice(0, 3000)) {
      const gross = o.lines.reduce((s, l) => s + l.price! * l.quantity, 0);
      const discounts = o.lines.reduce((s, l) => s + (l.discount ?? 0), 0);
      expect(o.totalDiscounts).toBe(discounts);
      expect(o.subtotal).toBe(gross - discounts);
      expect(o.totalPrice! - o.subtotal!).toBe(o.subtotal! >= 7500 ? 0 : 695);
      for (const l of o.lines) expect(l.refundedQuantity!).toBeLessThanOrEqual(l.quantity);
    }
  });

  it("has realistic baskets, refunds, guests and repeat buyers", () => {
    const { orders } = shop;
    const lines = orders.reduce((s, o) => s + o.lines.length, 0);
    const meanBasket = lines / orders.length;
    expect(meanBasket).toBeGreaterThan(2.2);
    expect(meanBasket).toBeLessThan(2.8);
    const single = orders.filter((o) => o.lines.length === 1).length / orders.length;
    expect(single).toBeGreaterThan(0.2);
    expect(single).toBeLessThan(0.45);

    const refunded =
      orders.reduce((s, o) => s + o.lines.filter((l) => (l.refundedQuantity ?? 0) > 0).length, 0) / lines;
    expect(refunded).toBeGreaterThan(0.05);
    expect(refunded).toBeLessThan(0.08);
    // shoes are refunded far more than coffee beans (sizing)
    const refundShare = (handle: string) => {
      const pid = idOf.get(handle)!;
      const ls = orders.flatMap((o) => o.lines.filter((l) => l.productId === pid));
      return ls.filter((l) => (l.refundedQuantity ?? 0) > 0).length / ls.length;
    };
    expect(refundShare("stride-daily-trainer-running-shoes")).toBeGreaterThan(
      2 * refundShare("house-espresso-blend-beans-1-kg"),
    );

    const guests = orders.filter((o) => !o.customerId).length / orders.length;
    expect(guests).toBeGreaterThan(0.03);
    expect(guests).toBeLessThan(0.08);

    const perCustomer = new Map<string, number>();
    for (const o of orders) if (o.customerId) perCustomer.set(o.customerId, (perCustomer.get(o.customerId) ?? 0) + 1);
    const counts = [...perCustomer.values()].sort((a, b) => b - a);
    expect(counts.length).toBeGreaterThan(4000);
    const repeat = counts.filter((c) => c > 1).length / counts.length;
    expect(repeat).toBeGreaterThan(0.4);
    expect(repeat).toBeLessThan(0.85);
    // Pareto-like: the top fifth of buyers place most of the orders
    const top = counts.slice(0, Math.ceil(counts.length / 5)).reduce((s, c) => s + c, 0);
    expect(top / counts.reduce((s, c) => s + c, 0)).toBeGreaterThan(0.55);
  });

  it("peaks around Black Friday and in December, and sells camping in summer", () => {
    const perDay = new Map<string, number>();
    const campingIds = new Set(shop.products.filter((p) => p.tags.includes("camping")).map((p) => p.id));
    const camping = { summer: 0, summerAll: 0, winter: 0, winterAll: 0 };
    for (const o of shop.orders) {
      const d = new Date(o.createdAt!);
      const key = d.toISOString().slice(0, 10);
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
      const m = d.getUTCMonth();
      const hasCamping = o.lines.some((l) => campingIds.has(l.productId!));
      if (m >= 5 && m <= 7) {
        camping.summerAll++;
        if (hasCamping) camping.summer++;
      } else if (m === 0 || m === 1) {
        camping.winterAll++;
        if (hasCamping) camping.winter++;
      }
    }
    const avg = (prefix: string) => {
      const days = [...perDay].filter(([k]) => k.startsWith(prefix));
      return days.reduce((s, [, v]) => s + v, 0) / days.length;
    };
    const blackFriday2025 = perDay.get("2025-11-28")!;
    expect(blackFriday2025).toBeGreaterThan(2.2 * avg("2025-10"));
    expect(avg("2025-12")).toBeGreaterThan(1.2 * avg("2026-02"));
    expect(camping.summer / camping.summerAll).toBeGreaterThan(2 * (camping.winter / camping.winterAll));
  });

  it("puts every planted complement pair in orders together far more often than chance (lift ≥ 3)", () => {
    const n = shop.orders.length;
    const pairs = complementPairs();
    expect(pairs.length).toBeGreaterThan(40);
    for (const p of pairs) {
      const r = lift(sets, n, idOf.get(p.antecedent)!, idOf.get(p.consequent)!);
      expect(r.countA, p.antecedent).toBeGreaterThan(100);
      expect(r.lift, `${p.antecedent} → ${p.consequent}`).toBeGreaterThanOrEqual(3);
      // confidence tracks the planted probability (plus the chance of buying it anyway)
      expect(r.both / r.countA, `${p.antecedent} → ${p.consequent}`).toBeGreaterThan(p.probability * 0.6);
    }
  });

  it("adds the decoys to a fixed share of orders, independently of what else is bought (lift ≈ 1)", () => {
    const n = shop.orders.length;
    const anchors = [...new Set(complementPairs().map((p) => p.antecedent))];
    for (const d of DECOYS) {
      const id = idOf.get(d.handle)!;
      const share = sets.get(id)!.size / n;
      expect(share).toBeGreaterThan(d.orderShare - 0.02);
      expect(share).toBeLessThan(d.orderShare + 0.02);
      for (const a of anchors) {
        // orders with both, against what independence predicts (within 4.5 binomial sigmas)
        const r = lift(sets, n, idOf.get(a)!, id);
        const expected = r.countA * share;
        const sigma = Math.sqrt(expected * (1 - share));
        expect(Math.abs(r.both - expected), `${a} with ${d.handle}`).toBeLessThan(4.5 * sigma);
        if (r.countA >= 500) expect(Math.abs(r.lift - 1), `${a} with ${d.handle}`).toBeLessThan(0.4);
      }
    }
    // the bestseller is in ~a quarter of all orders: a naive "bought together" count loves it
    expect(sets.get(idOf.get("everyday-insulated-water-bottle")!)!.size / n).toBeGreaterThan(0.2);
  });

  it("separates a lift-based recommender from a count-based one: decoys top the raw counts, planted complements top lift", () => {
    const n = shop.orders.length;
    const gt = resolveGroundTruth(shop.products);
    const decoys = new Set(gt.decoys.map((d) => d.productId));
    const anchors = [...new Set(gt.complements.map((c) => c.antecedent))];
    let decoyInNaiveTop3 = 0;
    for (const a of anchors) {
      const planted = new Set(gt.complements.filter((c) => c.antecedent === a).map((c) => c.consequent));
      const together = new Map<string, number>();
      for (const i of sets.get(a)!) {
        for (const l of shop.orders[i].lines)
          if (l.productId !== a) together.set(l.productId!, (together.get(l.productId!) ?? 0) + 1);
      }
      const byCount = [...together].sort((x, y) => y[1] - x[1]).map(([b]) => b);
      const byLift = [...together]
        .filter(([, c]) => c >= 10)
        .map(([b, c]) => [b, (c * n) / (sets.get(a)!.size * sets.get(b)!.size)] as const)
        .sort((x, y) => y[1] - x[1])
        .map(([b]) => b);
      if (byCount.slice(0, 3).some((b) => decoys.has(b))) decoyInNaiveTop3++;
      expect(planted.has(byLift[0]), `best lift for ${a}`).toBe(true);
      expect(
        byLift.slice(0, 5).some((b) => decoys.has(b)),
        `decoy in lift top 5 for ${a}`,
      ).toBe(false);
    }
    expect(decoyInNaiveTop3).toBeGreaterThan(anchors.length / 2);
  });

  it("never sells the new arrivals, which share type and tags with a sold look-alike", () => {
    for (const [handle, lookalike] of Object.entries(NEW_ARRIVAL_LOOKALIKES)) {
      const p = shop.products.find((x) => x.handle === handle)!;
      const l = shop.products.find((x) => x.handle === lookalike)!;
      expect(sets.has(p.id), handle).toBe(false);
      expect(sets.get(l.id)!.size, lookalike).toBeGreaterThan(50);
      expect(p.productType).toBe(l.productType);
      expect(p.tags.filter((t) => l.tags.includes(t)).length).toBeGreaterThanOrEqual(2);
    }
  });

  it("brings camera buyers back for a lens 10–40 days later, rarely in the same order", () => {
    const cameras = new Set(
      ["aperture-x10-mirrorless-camera", "aperture-x20-mirrorless-camera", "aperture-x30-pro-mirrorless-camera"].map(
        (h) => idOf.get(h)!,
      ),
    );
    const lens = idOf.get("aperture-50mm-f-1-8-prime-lens")!;
    const history = new Map<string, { at: number; camera: boolean; lens: boolean }[]>();
    let sameOrder = 0;
    for (const o of shop.orders) {
      if (!o.customerId) continue;
      const camera = o.lines.some((l) => cameras.has(l.productId!));
      const hasLens = o.lines.some((l) => l.productId === lens);
      if (camera && hasLens) sameOrder++;
      const h = history.get(o.customerId) ?? [];
      h.push({ at: o.createdAt!, camera, lens: hasLens });
      history.set(o.customerId, h);
    }
    let buyers = 0;
    let cameBack = 0;
    for (const h of history.values()) {
      const first = h.find((x) => x.camera);
      if (!first || first.at > DEFAULT_NOW - 45 * DAY) continue;
      buyers++;
      if (h.some((x) => x.lens && x.at - first.at >= 9 * DAY && x.at - first.at <= 55 * DAY)) cameBack++;
    }
    expect(buyers).toBeGreaterThan(300);
    expect(cameBack / buyers).toBeGreaterThan(0.2);
    expect(sameOrder).toBeLessThan(cameBack / 2);
  });

  it("has coffee beans re-bought by the same customer about every month", () => {
    const beans = idOf.get("house-espresso-blend-beans-1-kg")!;
    const last = new Map<string, number>();
    const gaps: number[] = [];
    for (const o of shop.orders) {
      if (!o.customerId || !o.lines.some((l) => l.productId === beans)) continue;
      const prev = last.get(o.customerId);
      if (prev !== undefined) gaps.push((o.createdAt! - prev) / DAY);
      last.set(o.customerId, o.createdAt!);
    }
    gaps.sort((a, b) => a - b);
    expect(gaps.length).toBeGreaterThan(500);
    const median = gaps[Math.floor(gaps.length / 2)];
    expect(median).toBeGreaterThan(20);
    expect(median).toBeLessThan(45);
  });

  it("has upsell ladders of the same product type, each step 20–40 % dearer, separate from complements", () => {
    const byHandle = new Map(shop.products.map((p) => [p.handle, p]));
    for (const ladder of UPSELL_LADDERS) {
      for (let i = 1; i < ladder.length; i++) {
        const lower = byHandle.get(ladder[i - 1])!;
        const upper = byHandle.get(ladder[i])!;
        expect(upper.productType).toBe(lower.productType);
        const step = upper.variants[0].price / lower.variants[0].price - 1;
        expect(step, `${lower.handle} → ${upper.handle}`).toBeGreaterThanOrEqual(0.2);
        expect(step, `${lower.handle} → ${upper.handle}`).toBeLessThanOrEqual(0.4);
      }
    }
    const sameLadder = new Set(upsellPairs().flatMap((u) => [`${u.from}|${u.to}`, `${u.to}|${u.from}`]));
    for (const c of complementPairs()) expect(sameLadder.has(`${c.antecedent}|${c.consequent}`)).toBe(false);
  });

  it("resolves the whole ground truth to product ids of the generated shop", () => {
    const gt = resolveGroundTruth(shop.products);
    expect(gt.complements.length).toBe(complementPairs().length);
    expect(gt.decoys.map((d) => d.productId)).toEqual(DECOYS.map((d) => idOf.get(d.handle)));
    expect(gt.newArrivals.length).toBe(Object.keys(NEW_ARRIVAL_LOOKALIKES).length);
    expect(gt.consumables).toContain(idOf.get("house-espresso-blend-beans-1-kg"));
    expect(gt.sequential.length).toBeGreaterThan(0);
    expect(() => resolveGroundTruth([])).toThrow(/not in the catalog/);
    expect(CATALOG.length).toBe(shop.products.length);
  });
});
