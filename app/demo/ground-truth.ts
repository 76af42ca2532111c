// What the demo shop's order history was built to contain, so that recommendation quality can be
// measured against it. The generator (app/demo/generate.ts) plants exactly these structures, so
// the two cannot drift apart. Everything is keyed by product handle; `resolveGroundTruth` maps
// handles to the Shopify-style product ids of a generated shop.
//
// - Complements are DIRECTED, main item → accessory: when an order's main item is in `from`, one
//   product of `to` is added with `probability`. Co-occurrence (and so lift) is symmetric, but
//   confidence is high only in the planted direction (tent → stakes, not stakes → tent).
// - Sequential pairs: a customer who bought `from` comes back for `to` 10–40 days later; they are
//   never in the same order, so basket mining must not find them and sequence mining should.
// - Upsell ladders: the same need at rising price (+20–40 % a step), cheapest first. Products in
//   a ladder are substitutes: they must never be offered as a cross-sell of each other.
// - Decoys: added to a fixed share of all orders independently of everything else (lift ≈ 1).
//   A naive "most frequently bought with" recommender suggests them everywhere.
// - New arrivals: never sold; each resembles a sold product (same type and tags), so a content-
//   based fallback should recommend for it what is recommended for its look-alike.
import { CATALOG, RANGE_ALTERNATIVES } from "./catalog";

export interface PlantedComplement {
  from: string[];
  to: string[];
  /** probability that an order whose main item is in `from` also gets one product of `to` */
  probability: number;
  /** relative weights of the `to` products (default: equal) */
  toWeights?: number[];
}

export const PLANTED_COMPLEMENTS: readonly PlantedComplement[] = [
  // camping
  {
    from: ["trailhead-2-person-tent", "trailhead-4-person-tent"],
    to: ["summit-3-season-sleeping-bag", "summit-4-season-down-sleeping-bag"],
    probability: 0.5,
    toWeights: [2, 1],
  },
  {
    from: ["trailhead-2-person-tent", "trailhead-4-person-tent"],
    to: ["aluminum-tent-stakes-10-pack"],
    probability: 0.45,
  },
  { from: ["campfire-two-burner-stove"], to: ["isobutane-fuel-canister-230-g"], probability: 0.6 },
  { from: ["beacon-400-headlamp"], to: ["aaa-batteries-12-pack"], probability: 0.4 },
  // photography
  {
    from: ["aperture-x10-mirrorless-camera", "aperture-x20-mirrorless-camera", "aperture-x30-pro-mirrorless-camera"],
    to: ["proshot-sd-card-64-gb", "proshot-sd-card-128-gb", "proshot-sd-card-256-gb"],
    probability: 0.65,
    toWeights: [3, 3, 2],
  },
  {
    from: ["aperture-x10-mirrorless-camera", "aperture-x20-mirrorless-camera", "aperture-x30-pro-mirrorless-camera"],
    to: ["urban-camera-sling-bag"],
    probability: 0.4,
  },
  { from: ["steady-carbon-travel-tripod"], to: ["steady-bluetooth-remote-shutter"], probability: 0.35 },
  // coffee
  {
    from: ["crema-home-espresso-machine", "crema-pro-espresso-machine", "crema-barista-espresso-machine"],
    to: ["house-espresso-blend-beans-1-kg", "single-origin-ethiopia-beans-500-g"],
    probability: 0.6,
    toWeights: [3, 1],
  },
  {
    from: ["crema-home-espresso-machine", "crema-pro-espresso-machine", "crema-barista-espresso-machine"],
    to: ["stainless-steel-espresso-tamper-58-mm"],
    probability: 0.45,
  },
  {
    from: ["crema-home-espresso-machine", "crema-pro-espresso-machine", "crema-barista-espresso-machine"],
    to: ["milk-frothing-pitcher-600-ml"],
    probability: 0.3,
  },
  { from: ["glass-pour-over-dripper"], to: ["paper-coffee-filters-100-pack"], probability: 0.55 },
  // running
  {
    from: ["stride-daily-trainer-running-shoes", "stride-tempo-running-shoes", "stride-carbon-racer-running-shoes"],
    to: ["cushioned-running-socks-3-pack"],
    probability: 0.5,
  },
  {
    from: ["stride-daily-trainer-running-shoes", "stride-tempo-running-shoes", "stride-carbon-racer-running-shoes"],
    to: ["energy-gel-12-pack"],
    probability: 0.2,
  },
  { from: ["pace-gps-running-watch"], to: ["pace-chest-heart-rate-strap"], probability: 0.35 },
  // home office
  {
    from: ["deskwise-aluminum-laptop-stand", "deskwise-adjustable-laptop-stand"],
    to: ["keyline-wireless-keyboard", "keyline-mechanical-keyboard"],
    probability: 0.45,
    toWeights: [2, 1],
  },
  {
    from: ["deskwise-aluminum-laptop-stand", "deskwise-adjustable-laptop-stand"],
    to: ["keyline-ergonomic-wireless-mouse"],
    probability: 0.35,
  },
  { from: ["nimbus-13-laptop-8-gb", "nimbus-13-laptop-16-gb"], to: ["felt-laptop-sleeve-13-inch"], probability: 0.45 },
  { from: ["nimbus-13-laptop-8-gb", "nimbus-13-laptop-16-gb"], to: ["deskwise-usb-c-hub-7-in-1"], probability: 0.35 },
  { from: ["clearview-27-inch-4k-monitor"], to: ["deskwise-gas-spring-monitor-arm"], probability: 0.3 },
  // kitchen
  {
    from: ["forge-8-inch-chefs-knife", "forge-damascus-8-inch-chefs-knife"],
    to: ["end-grain-walnut-cutting-board"],
    probability: 0.45,
  },
  {
    from: ["forge-8-inch-chefs-knife", "forge-damascus-8-inch-chefs-knife"],
    to: ["forge-whetstone-sharpener-1000-6000"],
    probability: 0.3,
  },
  { from: ["hearth-10-inch-cast-iron-skillet"], to: ["hearth-cast-iron-seasoning-oil"], probability: 0.4 },
];

export interface SequentialPair {
  from: string[];
  to: string[];
  probability: number;
  minDays: number;
  maxDays: number;
}

export const SEQUENTIAL_PAIRS: readonly SequentialPair[] = [
  {
    from: ["aperture-x10-mirrorless-camera", "aperture-x20-mirrorless-camera", "aperture-x30-pro-mirrorless-camera"],
    to: ["aperture-50mm-f-1-8-prime-lens"],
    probability: 0.35,
    minDays: 10,
    maxDays: 40,
  },
  {
    from: ["stride-daily-trainer-running-shoes", "stride-tempo-running-shoes"],
    to: ["pace-gps-running-watch"],
    probability: 0.12,
    minDays: 14,
    maxDays: 45,
  },
];

/** Cheapest first; each step costs 20–40 % more than the one before. */
export const UPSELL_LADDERS: readonly (readonly string[])[] = [
  ["trailhead-2-person-tent", "trailhead-4-person-tent"],
  ["summit-3-season-sleeping-bag", "summit-4-season-down-sleeping-bag"],
  ["aperture-x10-mirrorless-camera", "aperture-x20-mirrorless-camera", "aperture-x30-pro-mirrorless-camera"],
  ["proshot-sd-card-64-gb", "proshot-sd-card-128-gb", "proshot-sd-card-256-gb"],
  ["crema-home-espresso-machine", "crema-pro-espresso-machine", "crema-barista-espresso-machine"],
  ["stride-daily-trainer-running-shoes", "stride-tempo-running-shoes", "stride-carbon-racer-running-shoes"],
  ["nimbus-13-laptop-8-gb", "nimbus-13-laptop-16-gb"],
  ["deskwise-aluminum-laptop-stand", "deskwise-adjustable-laptop-stand"],
  ["keyline-wireless-keyboard", "keyline-mechanical-keyboard"],
  ["forge-8-inch-chefs-knife", "forge-damascus-8-inch-chefs-knife"],
];

export interface Decoy {
  handle: string;
  /** share of all orders it is added to, independently of their content */
  orderShare: number;
}

export const DECOYS: readonly Decoy[] = [
  { handle: "everyday-insulated-water-bottle", orderShare: 0.25 },
  { handle: "recycled-canvas-tote-bag", orderShare: 0.1 },
  { handle: "pairwise-gift-card", orderShare: 0.07 },
];

/** New arrivals (never sold) and the sold product each one resembles. */
export const NEW_ARRIVAL_LOOKALIKES: Readonly<Record<string, string>> = {
  "trailhead-3-person-ultralight-tent": "trailhead-2-person-tent",
  "summit-ultralight-quilt": "summit-3-season-sleeping-bag",
  "aperture-x10-vlogging-kit": "aperture-x10-mirrorless-camera",
  "proshot-sd-card-512-gb": "proshot-sd-card-256-gb",
  "crema-compact-espresso-machine": "crema-home-espresso-machine",
  "colombia-huila-beans-500-g": "single-origin-ethiopia-beans-500-g",
  "stride-trail-running-shoes": "stride-daily-trainer-running-shoes",
  "merino-running-socks-2-pack": "cushioned-running-socks-3-pack",
  "deskwise-bamboo-laptop-stand": "deskwise-aluminum-laptop-stand",
  "keyline-low-profile-keyboard": "keyline-wireless-keyboard",
  "forge-santoku-knife-7-inch": "forge-8-inch-chefs-knife",
  "hearth-12-inch-cast-iron-skillet": "hearth-10-inch-cast-iron-skillet",
};

export interface ComplementPair {
  antecedent: string;
  consequent: string;
  /** probability that an order led by the antecedent contains the consequent */
  probability: number;
}

/** Every planted complement as a directed product pair (main item → accessory). */
export function complementPairs(): ComplementPair[] {
  const out: ComplementPair[] = [];
  for (const rule of PLANTED_COMPLEMENTS) {
    const weights = rule.toWeights ?? rule.to.map(() => 1);
    const total = weights.reduce((a, b) => a + b, 0);
    for (const antecedent of rule.from) {
      rule.to.forEach((consequent, i) => {
        out.push({ antecedent, consequent, probability: (rule.probability * weights[i]) / total });
      });
    }
  }
  return out;
}

/** Every planted sequence as a directed pair (first purchase → later purchase). */
export function sequentialPairs(): { antecedent: string; consequent: string; minDays: number; maxDays: number }[] {
  return SEQUENTIAL_PAIRS.flatMap((s) =>
    s.from.flatMap((antecedent) =>
      s.to.map((consequent) => ({ antecedent, consequent, minDays: s.minDays, maxDays: s.maxDays })),
    ),
  );
}

/** Every ordered pair (cheaper → dearer) within the ladders: the true upsells. */
export function upsellPairs(): { from: string; to: string }[] {
  return UPSELL_LADDERS.flatMap((ladder) =>
    ladder.flatMap((from, i) => ladder.slice(i + 1).map((to) => ({ from, to }))),
  );
}

/**
 * Sets of substitutes (alternatives a shopper chooses between): every upsell ladder, each new
 * arrival with the product it resembles, and each range noun's two vendors' versions.
 */
export function substituteGroups(): string[][] {
  const ladders = UPSELL_LADDERS.map((l) => [...l]);
  const lookalikes = Object.entries(NEW_ARRIVAL_LOOKALIKES).map(([n, l]) => [n, l]);
  return [...ladders, ...lookalikes, ...RANGE_ALTERNATIVES.map((g) => [...g])];
}

/** Handles of products that are consumables (re-bought by the same customer). */
export function consumableHandles(): string[] {
  return CATALOG.filter((t) => t.consumable).map((t) => t.handle);
}

export interface ResolvedGroundTruth {
  complements: { antecedent: string; consequent: string; probability: number }[];
  sequential: { antecedent: string; consequent: string; minDays: number; maxDays: number }[];
  upsells: { from: string; to: string }[];
  ladders: string[][];
  /** sets of substitutes (substituteGroups) */
  substitutes: string[][];
  decoys: { productId: string; orderShare: number }[];
  newArrivals: { productId: string; lookalike: string }[];
  consumables: string[];
}

/** The ground truth in product ids of a generated shop (products carry the catalog handles). */
export function resolveGroundTruth(products: readonly { id: string; handle: string }[]): ResolvedGroundTruth {
  const idOf = new Map(products.map((x) => [x.handle, x.id]));
  const id = (handle: string): string => {
    const v = idOf.get(handle);
    if (!v) throw new Error(`Ground truth names "${handle}", which is not in the catalog`);
    return v;
  };
  return {
    complements: complementPairs().map((c) => ({ ...c, antecedent: id(c.antecedent), consequent: id(c.consequent) })),
    sequential: sequentialPairs().map((s) => ({ ...s, antecedent: id(s.antecedent), consequent: id(s.consequent) })),
    upsells: upsellPairs().map((u) => ({ from: id(u.from), to: id(u.to) })),
    ladders: UPSELL_LADDERS.map((l) => l.map(id)),
    substitutes: substituteGroups().map((g) => g.map(id)),
    decoys: DECOYS.map((d) => ({ productId: id(d.handle), orderShare: d.orderShare })),
    newArrivals: Object.entries(NEW_ARRIVAL_LOOKALIKES).map(([n, l]) => ({ productId: id(n), lookalike: id(l) })),
    consumables: consumableHandles().map(id),
  };
}
