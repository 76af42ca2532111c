// Deterministic demo shop: catalog, customers and ~18 months of orders from a seed. Pure: no I/O,
// no clock (the history ends at `now`, passed in), all randomness from a seeded PRNG. The same
// options always give the same shop, byte for byte.
//
// How an order is made (see ground-truth.ts for what this plants):
//  1. Its time: a day drawn with weekly and yearly seasonality (Black Friday / December peaks,
//     summer for camping, January for running) on a slowly growing trend, then an hour of the day.
//  2. Its customer: 5 % guests; otherwise a customer drawn by a Pareto-like activity weight, or a
//     customer whose consumable re-order (beans every ~30 days, stakes, memory cards ...) or
//     sequential purchase (camera, then a lens 10–40 days later) falls due.
//  3. Its lines: a main item from a department (the customer's favourite half of the time, else
//     the season's mix), its planted complements with their probabilities, a few noise items
//     (same department or anywhere), and the decoys, each independently of all the rest.
//  4. Discount codes on some orders, refunds per line (higher for shoes and apparel), a few
//     cancellations.
import type { CatalogProduct, CatalogVariant, ImportedOrder, ImportedOrderLine } from "../domain/types";
import { CATALOG, DEPARTMENTS, DEPARTMENT_TITLES, type Department, type ProductTemplate } from "./catalog";
import {
  DECOYS,
  PLANTED_COMPLEMENTS,
  SEQUENTIAL_PAIRS,
  type PlantedComplement,
  type SequentialPair,
} from "./ground-truth";

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (sfc32 seeded through cyrb128): fast, 32-bit, good enough for simulation.
// ---------------------------------------------------------------------------------------------

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [0, n) */
  int(n: number): number;
  /** true with probability p */
  chance(p: number): boolean;
}

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export function createRng(seed: number | string): Rng {
  let [a, b, c, d] = cyrb128(`pairwise-demo:${seed}`);
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
  };
}

/** Draws indexes in proportion to fixed weights (cumulative table + binary search). */
class WeightedPicker {
  private readonly cumulative: Float64Array;
  constructor(
    private readonly items: readonly number[],
    weights: readonly number[],
  ) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += Math.max(0, w);
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new Error("WeightedPicker needs a positive weight");
  }
  pick(rng: Rng): number {
    const c = this.cumulative;
    const x = rng.next() * c[c.length - 1];
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

// ---------------------------------------------------------------------------------------------
// Public shapes and constants
// ---------------------------------------------------------------------------------------------

export const DEMO_SHOP = {
  domain: "pairwise-demo.myshopify.com",
  name: "Pairwise Demo Outfitters",
  currency: "USD",
  moneyFormat: "${{amount}}",
} as const;

/** The history ends here unless told otherwise: 2026-11-01T00:00:00Z. */
export const DEFAULT_NOW = Date.UTC(2026, 10, 1);
export const DEFAULT_ORDERS = 40_000;
export const DEFAULT_CUSTOMERS = 8_000;
export const HISTORY_DAYS = 548; // ~18 months

export const ID_BASE = {
  product: 8_000_000_001,
  variant: 9_000_000_001,
  order: 5_000_000_001,
  customer: 7_000_000_001,
  lineItem: 1_100_000_001,
  collection: 4_000_000_001,
} as const;

export interface DemoCustomer {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  /** milliseconds since epoch */
  createdAt: number;
}

export interface DemoCollection {
  id: string;
  handle: string;
  title: string;
}

export interface DemoShopData {
  shop: { domain: string; name: string; currency: string; moneyFormat: string };
  collections: DemoCollection[];
  products: CatalogProduct[];
  customers: DemoCustomer[];
  orders: ImportedOrder[];
}

export interface GenerateOptions {
  seed: number | string;
  /** end of the history, ms since epoch or Date (default 2026-11-01T00:00:00Z) */
  now?: number | Date;
  /** number of orders (default 40 000) */
  orders?: number;
  /** number of customers (default 8 000, or orders / 5 when fewer orders are asked for) */
  customers?: number;
}

/** The SKU of a demo variant (the catalog shape has no SKU; lines and the seed use this). */
export function demoSku(variantId: string): string {
  return `PW-${variantId.slice(-5)}`;
}

/** A demo product's own generated image (storefront/images.server.ts). */
export function demoImageUrl(handle: string): string {
  return `/demo-images/${handle}.svg`;
}

const DAY = 86_400_000;
const GUEST_SHARE = 0.05;
const FAVOURITE_DEPARTMENT_SHARE = 0.5;
const NOISE_MEAN_LINES = 0.9;
const NOISE_SAME_DEPARTMENT = 0.5;
const DISCOUNT_CODE_SHARE = 0.12;
const CANCELLED_SHARE = 0.006;
const DEFAULT_REFUND_RATE = 0.055;
const FREE_SHIPPING_FROM = 7500;
const SHIPPING = 695;
/** follow-ups (re-orders, sequential purchases) missed by more than this are dropped */
const FOLLOW_UP_GRACE = 14 * DAY;

// ---------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------

interface BuiltCatalog {
  collections: DemoCollection[];
  products: CatalogProduct[];
}

function buildCatalog(rng: Rng): BuiltCatalog {
  const collections: DemoCollection[] = [];
  const collectionId = new Map<string, string>();
  const addCollection = (handle: string, title: string) => {
    const id = String(ID_BASE.collection + collections.length);
    collections.push({ id, handle, title });
    collectionId.set(handle, id);
  };
  for (const d of DEPARTMENTS) addCollection(d, DEPARTMENT_TITLES[d]);
  addCollection("best-sellers", "Best Sellers");
  addCollection("new-arrivals", "New Arrivals");
  addCollection("gifts-under-50", "Gifts under $50");

  let variantSeq = ID_BASE.variant;
  const products = CATALOG.map((t, i): CatalogProduct => {
    const margin = 0.3 + rng.next() * 0.4;
    const values = t.option?.values ?? ["Default Title"];
    const variants = values.map((title, k): CatalogVariant => {
      const price = t.price + (t.option?.priceDeltas?.[k] ?? 0);
      let inventoryQuantity: number | null;
      if (t.giftCard) inventoryQuantity = null;
      else {
        const r = rng.next();
        if (r < 0.03) inventoryQuantity = 0;
        else if (r < 0.08) inventoryQuantity = 1 + rng.int(2);
        else inventoryQuantity = 5 + rng.int(t.price > 30_000 ? 30 : 150);
      }
      const onSale = !t.giftCard && rng.chance(0.08);
      return {
        id: String(variantSeq++),
        title,
        price,
        compareAtPrice: onSale ? Math.round((price * 1.25) / 100) * 100 - 1 : null,
        cost: t.giftCard ? null : Math.round(price * (1 - margin)),
        inventoryQuantity,
        inventoryTracked: !t.giftCard,
        availableForSale: inventoryQuantity === null || inventoryQuantity > 0,
      };
    });
    const inCollections = [collectionId.get(t.department)!];
    if (t.popularity >= 6) inCollections.push(collectionId.get("best-sellers")!);
    if (t.newArrival) inCollections.push(collectionId.get("new-arrivals")!);
    if (t.price < 5000 && !t.newArrival) inCollections.push(collectionId.get("gifts-under-50")!);
    return {
      id: String(ID_BASE.product + i),
      title: t.title,
      handle: t.handle,
      productType: t.productType,
      vendor: t.vendor,
      tags: [...t.tags, t.department],
      collections: inCollections,
      status: "ACTIVE",
      imageUrl: demoImageUrl(t.handle),
      variants,
    };
  });
  return { collections, products };
}

// ---------------------------------------------------------------------------------------------
// Seasonality
// ---------------------------------------------------------------------------------------------

const WEEKDAY = [1.0, 1.15, 1.1, 1.05, 1.0, 0.92, 0.85]; // Sun..Sat
const HOUR = [
  2, 1.2, 0.8, 0.6, 0.5, 0.6, 1, 1.6, 2.2, 2.6, 2.8, 3, 3.2, 3.2, 3, 3, 3.2, 3.6, 4, 4.4, 4.6, 4.2, 3.4, 2.6,
];

function blackFriday(year: number): number {
  const nov1 = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - nov1 + 7) % 7);
  return Date.UTC(year, 10, firstThursday + 21 + 1);
}

function dayWeight(dayStart: number, trend: number): number {
  const d = new Date(dayStart);
  const month = d.getUTCMonth();
  const date = d.getUTCDate();
  let w = trend * WEEKDAY[d.getUTCDay()];
  const bf = blackFriday(d.getUTCFullYear());
  if (dayStart >= bf && dayStart <= bf + 3 * DAY) w *= 3.2;
  else if (dayStart >= bf - 7 * DAY && dayStart < bf) w *= 1.3;
  else if (month === 11) w *= date <= 18 ? 1.7 : date <= 24 ? 1.1 : 0.8;
  else if (month === 0 || month === 1) w *= 0.85;
  else if (month >= 5 && month <= 7) w *= 1.1;
  return w;
}

const DEPARTMENT_BASE: Record<Department, number> = {
  camping: 1.1,
  photography: 0.9,
  coffee: 1.1,
  running: 1,
  "home-office": 0.9,
  kitchen: 1,
  essentials: 0,
};

function departmentSeason(dep: Department, month: number): number {
  switch (dep) {
    case "camping":
      return month >= 5 && month <= 7 ? 2.4 : month === 4 || month === 8 ? 1.4 : month >= 10 || month <= 1 ? 0.4 : 0.9;
    case "running":
      return month === 0 ? 1.8 : month >= 2 && month <= 4 ? 1.3 : month === 11 ? 0.8 : 1;
    case "photography":
      return month >= 10 ? 1.6 : 1;
    case "coffee":
      return month >= 10 ? 1.4 : month <= 1 ? 1.2 : 0.9;
    case "home-office":
      return month === 0 || month === 8 ? 1.4 : 1;
    case "kitchen":
      return month >= 10 ? 1.5 : 1;
    default:
      return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

const FIRST_NAMES = [
  "Ava",
  "Liam",
  "Mia",
  "Noah",
  "Emma",
  "Lucas",
  "Olivia",
  "Ethan",
  "Sofia",
  "Mateo",
  "Chloe",
  "Leo",
  "Grace",
  "Omar",
  "Hana",
  "Jonas",
  "Priya",
  "Diego",
  "Nora",
  "Kenji",
  "Amara",
  "Felix",
  "Zoe",
  "Ravi",
  "Lena",
  "Samuel",
  "Ines",
  "Theo",
  "Maya",
  "Elias",
  "Aisha",
  "Jack",
  "Clara",
  "Yusuf",
  "Elena",
  "Hugo",
];
const LAST_NAMES = [
  "Smith",
  "Garcia",
  "Chen",
  "Müller",
  "Okafor",
  "Rossi",
  "Nguyen",
  "Kowalski",
  "Silva",
  "Johansson",
  "Patel",
  "Dubois",
  "Tanaka",
  "Murphy",
  "Novak",
  "Haddad",
  "Kim",
  "Larsen",
  "Moreau",
  "Schmidt",
  "Brown",
  "Alvarez",
  "Ibrahim",
  "Walsh",
  "Costa",
  "Becker",
  "Sato",
  "Fischer",
  "Lopez",
  "Andersen",
];

function asciiSlug(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

// ---------------------------------------------------------------------------------------------
// Follow-up purchases (a min-heap by due time)
// ---------------------------------------------------------------------------------------------

interface FollowUp {
  due: number;
  seq: number;
  customer: number;
  product: number;
}

class FollowUpQueue {
  private readonly heap: FollowUp[] = [];
  private seq = 0;
  push(due: number, customer: number, product: number): void {
    const h = this.heap;
    h.push({ due, seq: this.seq++, customer, product });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }
  peek(): FollowUp | undefined {
    return this.heap[0];
  }
  pop(): FollowUp | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
  private less(a: FollowUp, b: FollowUp): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

export function generateDemoShop(options: GenerateOptions): DemoShopData {
  const rng = createRng(options.seed);
  const now =
    options.now === undefined ? DEFAULT_NOW : typeof options.now === "number" ? options.now : options.now.getTime();
  const orderCount = Math.max(0, Math.floor(options.orders ?? DEFAULT_ORDERS));
  const customerCount = Math.max(
    1,
    Math.floor(options.customers ?? Math.min(DEFAULT_CUSTOMERS, Math.max(50, Math.round(orderCount / 5)))),
  );

  const { collections, products } = buildCatalog(rng);
  const templates: readonly ProductTemplate[] = CATALOG;
  const indexOf = new Map(templates.map((t, i) => [t.handle, i]));
  const idx = (handle: string): number => {
    const i = indexOf.get(handle);
    if (i === undefined) throw new Error(`Unknown demo product "${handle}"`);
    return i;
  };

  // Planted structure, by product index.
  const complementsOf = new Map<number, { to: number[]; picker: WeightedPicker; probability: number }[]>();
  PLANTED_COMPLEMENTS.forEach((rule: PlantedComplement) => {
    const to = rule.to.map(idx);
    const entry = {
      to,
      picker: new WeightedPicker(to, rule.toWeights ?? to.map(() => 1)),
      probability: rule.probability,
    };
    for (const from of rule.from.map(idx)) {
      const list = complementsOf.get(from) ?? [];
      list.push(entry);
      complementsOf.set(from, list);
    }
  });
  const sequelsOf = new Map<number, SequentialPair[]>();
  SEQUENTIAL_PAIRS.forEach((s) => {
    for (const from of s.from.map(idx)) sequelsOf.set(from, [...(sequelsOf.get(from) ?? []), s]);
  });
  const decoys = DECOYS.map((d) => ({ index: idx(d.handle), share: d.orderShare }));

  // Pickers: main item per department, noise anywhere.
  const sellable = templates
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => t.popularity > 0 && t.department !== "essentials");
  const byDepartment = new Map<Department, WeightedPicker>();
  for (const d of DEPARTMENTS) {
    const members = sellable.filter(({ t }) => t.department === d);
    if (members.length > 0)
      byDepartment.set(
        d,
        new WeightedPicker(
          members.map((m) => m.i),
          members.map((m) => m.t.popularity),
        ),
      );
  }
  const anywhere = new WeightedPicker(
    sellable.map((m) => m.i),
    sellable.map((m) => m.t.popularity * DEPARTMENT_BASE[m.t.department]),
  );
  const shoppingDepartments = DEPARTMENTS.filter((d) => d !== "essentials");
  const departmentIndex = shoppingDepartments.map((_, i) => i);
  const seasonPickers = Array.from(
    { length: 12 },
    (_, month) =>
      new WeightedPicker(
        departmentIndex,
        shoppingDepartments.map((d) => DEPARTMENT_BASE[d] * departmentSeason(d, month)),
      ),
  );
  const variantPickers = products.map((p, i) => {
    const n = p.variants.length;
    const t = templates[i];
    // middle sizes sell more; the smallest gift card most
    const weights = p.variants.map((_, k) =>
      t.giftCard ? ([5, 3, 1][k] ?? 1) : n > 2 ? 1 + Math.min(k, n - 1 - k) : 1,
    );
    return new WeightedPicker(
      p.variants.map((_, k) => k),
      weights,
    );
  });

  // Customers: Pareto-like activity, a favourite department.
  const customerWeights: number[] = [];
  const favourite: number[] = [];
  const basePicker = new WeightedPicker(
    departmentIndex,
    shoppingDepartments.map((d) => DEPARTMENT_BASE[d]),
  );
  const names: { first: string; last: string }[] = [];
  for (let c = 0; c < customerCount; c++) {
    const u = rng.next();
    customerWeights.push(Math.min(150, Math.pow(1 - u, -1 / 1.1)));
    favourite.push(basePicker.pick(rng));
    names.push({ first: FIRST_NAMES[rng.int(FIRST_NAMES.length)], last: LAST_NAMES[rng.int(LAST_NAMES.length)] });
  }
  const customerPicker = new WeightedPicker(
    customerWeights.map((_, i) => i),
    customerWeights,
  );

  // Order times: a day by weight, then an hour, sorted.
  const start = now - HISTORY_DAYS * DAY;
  const days = Array.from({ length: HISTORY_DAYS }, (_, d) => d);
  const dayPicker = new WeightedPicker(
    days,
    days.map((d) => dayWeight(start + d * DAY, 0.8 + (0.4 * d) / HISTORY_DAYS)),
  );
  const hourPicker = new WeightedPicker(
    HOUR.map((_, h) => h),
    HOUR,
  );
  const times = new Float64Array(orderCount);
  for (let i = 0; i < orderCount; i++) {
    const day = dayPicker.pick(rng);
    const hour = hourPicker.pick(rng);
    times[i] = start + day * DAY + hour * 3_600_000 + rng.int(3_600_000);
  }
  times.sort();

  const queue = new FollowUpQueue();
  const orders: ImportedOrder[] = [];
  const firstOrderAt = new Array<number>(customerCount).fill(-1);
  let lineSeq = ID_BASE.lineItem;

  const quantityFor = (i: number): number => {
    const t = templates[i];
    if (t.consumable) {
      const r = rng.next();
      return r < 0.6 ? 1 : Math.min(t.consumable.maxQuantity, r < 0.85 ? 2 : 3);
    }
    if (t.price < 5000 && rng.chance(0.08)) return 2;
    return 1;
  };

  for (let o = 0; o < orderCount; o++) {
    const t = times[o];
    while (queue.peek() && queue.peek()!.due < t - FOLLOW_UP_GRACE) queue.pop();

    const items: number[] = [];
    const add = (i: number): void => {
      if (!items.includes(i)) items.push(i);
    };
    const main: number[] = [];
    let customer: number;
    let anchor: number;
    let followUp = false;

    const due = queue.peek();
    if (due && due.due <= t) {
      queue.pop();
      followUp = true;
      customer = due.customer;
      anchor = due.product;
      add(anchor);
      if (rng.chance(0.2)) add(byDepartment.get(templates[anchor].department)!.pick(rng));
    } else {
      customer = rng.chance(GUEST_SHARE) ? -1 : customerPicker.pick(rng);
      const month = new Date(t).getUTCMonth();
      // a customer shops their favourite department, less so out of its season
      const fav = customer >= 0 ? favourite[customer] : -1;
      const favChance =
        fav >= 0 ? FAVOURITE_DEPARTMENT_SHARE * Math.min(1, departmentSeason(shoppingDepartments[fav], month)) : 0;
      const depIndex = rng.chance(favChance) ? fav : seasonPickers[month].pick(rng);
      const department = shoppingDepartments[depIndex];
      anchor = byDepartment.get(department)!.pick(rng);
      main.push(anchor);
      // noise: a geometric number of other items, from the same department or anywhere
      while (rng.chance(NOISE_MEAN_LINES / (1 + NOISE_MEAN_LINES))) {
        main.push(rng.chance(NOISE_SAME_DEPARTMENT) ? byDepartment.get(department)!.pick(rng) : anywhere.pick(rng));
      }
      for (const i of main) add(i);
      // every item bought for itself brings its planted complements (complements bring none)
      for (const i of main) {
        for (const rule of complementsOf.get(i) ?? []) {
          if (rng.chance(rule.probability)) add(rule.picker.pick(rng));
        }
      }
    }
    for (const d of decoys) if (rng.chance(d.share)) add(d.index);

    // Follow-ups for known customers: consumables re-bought, sequential purchases.
    if (customer >= 0) {
      for (const i of items) {
        const c = templates[i].consumable;
        if (c && rng.chance(c.reorderProbability)) {
          queue.push(t + Math.round(c.intervalDays * (0.75 + 0.5 * rng.next()) * DAY), customer, i);
        }
      }
      for (const i of new Set(main)) {
        for (const s of sequelsOf.get(i) ?? []) {
          if (rng.chance(s.probability)) {
            const to = idx(s.to[rng.int(s.to.length)]);
            queue.push(t + Math.round((s.minDays + rng.next() * (s.maxDays - s.minDays)) * DAY), customer, to);
          }
        }
      }
      if (firstOrderAt[customer] < 0) firstOrderAt[customer] = t;
    }

    const discounted = !followUp && rng.chance(DISCOUNT_CODE_SHARE);
    const cancelled = rng.chance(CANCELLED_SHARE);
    let gross = 0;
    let totalDiscounts = 0;
    const lines: ImportedOrderLine[] = items.map((i) => {
      const product = products[i];
      const variant = product.variants[variantPickers[i].pick(rng)];
      const template = templates[i];
      const quantity = template.giftCard ? 1 : quantityFor(i);
      const discount = discounted && !template.giftCard ? Math.round(variant.price * quantity * 0.1) : 0;
      const refunded = cancelled || rng.chance(template.refundRate ?? DEFAULT_REFUND_RATE);
      gross += variant.price * quantity;
      totalDiscounts += discount;
      return {
        id: String(lineSeq++),
        productId: product.id,
        variantId: variant.id,
        title: product.title,
        sku: demoSku(variant.id),
        quantity,
        price: variant.price,
        discount,
        refundedQuantity: refunded ? (quantity > 1 && !cancelled && rng.chance(0.5) ? 1 : quantity) : 0,
      };
    });
    const subtotal = gross - totalDiscounts;
    orders.push({
      id: String(ID_BASE.order + o),
      name: `#${1001 + o}`,
      customerId: customer >= 0 ? String(ID_BASE.customer + customer) : null,
      createdAt: t,
      cancelledAt: cancelled ? t + (1 + rng.int(47)) * 3_600_000 : null,
      currency: DEMO_SHOP.currency,
      subtotal,
      totalDiscounts,
      totalPrice: subtotal + (subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING),
      lines,
    });
  }

  const customers: DemoCustomer[] = names.map((n, c) => {
    const id = String(ID_BASE.customer + c);
    return {
      id,
      firstName: n.first,
      lastName: n.last,
      email: `${asciiSlug(n.first)}.${asciiSlug(n.last)}.${id.slice(-5)}@example.com`,
      // accounts are opened at the first order; the others some time before the history starts
      createdAt: firstOrderAt[c] >= 0 ? firstOrderAt[c] - 60_000 : start - (1 + (c % 300)) * DAY,
    };
  });

  return { shop: { ...DEMO_SHOP }, collections, products, customers, orders };
}
