// The demo shop's product templates: a fixed catalog of ~300 products in six departments plus a
// few "essentials" that sell with everything. The list (and therefore the order of Shopify-like
// ids the generator assigns) does not depend on the seed; prices are fixed here, while costs and
// inventory are drawn from the seed by the generator. Pure data, no I/O.

export type Department = "camping" | "photography" | "coffee" | "running" | "home-office" | "kitchen" | "essentials";

export const DEPARTMENTS: readonly Department[] = [
  "camping",
  "photography",
  "coffee",
  "running",
  "home-office",
  "kitchen",
  "essentials",
];

export const DEPARTMENT_TITLES: Record<Department, string> = {
  camping: "Camping & Hiking",
  photography: "Photography",
  coffee: "Coffee",
  running: "Running",
  "home-office": "Home Office",
  kitchen: "Kitchen",
  essentials: "Everyday Essentials",
};

export interface ProductOption {
  name: string;
  values: string[];
  /** cents added to the product's base price, one per value (default 0) */
  priceDeltas?: number[];
}

export interface ProductTemplate {
  handle: string;
  title: string;
  department: Department;
  productType: string;
  vendor: string;
  tags: string[];
  /** base unit price, cents */
  price: number;
  option?: ProductOption;
  /** relative weight of being bought for itself (main item or noise); 0 = never (new arrivals, decoys) */
  popularity: number;
  /** probability that a sold line is refunded (default 0.05) */
  refundRate?: number;
  /** re-bought by the same customer every ~intervalDays with this probability after each purchase */
  consumable?: { intervalDays: number; reorderProbability: number; maxQuantity: number };
  /** listed recently: no order ever contains it, but it has type, tags and vendor (content fallback) */
  newArrival?: boolean;
  /** the gift card: no cost, no inventory tracking */
  giftCard?: boolean;
}

const SIZES_SHOES: ProductOption = { name: "Size", values: ["US 7", "US 8", "US 9", "US 10", "US 11", "US 12"] };
const SIZES_APPAREL: ProductOption = { name: "Size", values: ["S", "M", "L", "XL"] };
const SOCK_SIZES: ProductOption = { name: "Size", values: ["S/M", "L/XL"] };

function usd(dollars: number): number {
  return Math.round(dollars * 100);
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/["'’]/g, "")
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

type Extra = Partial<
  Omit<ProductTemplate, "handle" | "title" | "department" | "productType" | "vendor" | "price" | "tags">
>;

function p(
  department: Department,
  title: string,
  productType: string,
  vendor: string,
  dollars: number,
  tags: string[],
  extra: Extra = {},
): ProductTemplate {
  return {
    handle: slugify(title),
    title,
    department,
    productType,
    vendor,
    tags,
    price: usd(dollars),
    popularity: extra.popularity ?? 3,
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Hand-written products: upsell ladders, their complements, consumables, decoys, new arrivals.
// Handles here are referenced by app/demo/ground-truth.ts.
// ---------------------------------------------------------------------------------------------

const KEY_PRODUCTS: ProductTemplate[] = [
  // Camping
  p("camping", "Trailhead 2-Person Tent", "Tents", "Trailhead", 199, ["tent", "backpacking", "3-season"], {
    popularity: 10,
    option: { name: "Color", values: ["Forest Green", "Sand"] },
  }),
  p("camping", "Trailhead 4-Person Tent", "Tents", "Trailhead", 259, ["tent", "family", "3-season"], {
    popularity: 6,
    option: { name: "Color", values: ["Forest Green", "Sand"] },
  }),
  p(
    "camping",
    "Summit 3-Season Sleeping Bag",
    "Sleeping Bags",
    "Summit Gear",
    89,
    ["sleeping-bag", "synthetic", "3-season"],
    {
      popularity: 6,
      option: { name: "Length", values: ["Regular", "Long"], priceDeltas: [0, 1000] },
    },
  ),
  p(
    "camping",
    "Summit 4-Season Down Sleeping Bag",
    "Sleeping Bags",
    "Summit Gear",
    119,
    ["sleeping-bag", "down", "winter"],
    {
      popularity: 3,
      option: { name: "Length", values: ["Regular", "Long"], priceDeltas: [0, 1200] },
    },
  ),
  p("camping", "Aluminum Tent Stakes 10-Pack", "Tent Accessories", "Trailhead", 14.99, ["stakes", "tent-accessory"], {
    popularity: 4,
    consumable: { intervalDays: 150, reorderProbability: 0.25, maxQuantity: 2 },
  }),
  p("camping", "Campfire Two-Burner Stove", "Camp Kitchen", "Campfire Co", 129, ["stove", "camp-cooking"], {
    popularity: 5,
  }),
  p("camping", "Isobutane Fuel Canister 230 g", "Camp Kitchen", "Campfire Co", 7.99, ["fuel", "camp-cooking"], {
    popularity: 3,
    consumable: { intervalDays: 60, reorderProbability: 0.35, maxQuantity: 4 },
  }),
  p("camping", "Beacon 400 Headlamp", "Lighting", "Beacon", 39, ["headlamp", "lighting"], { popularity: 6 }),
  p("camping", "AAA Batteries 12-Pack", "Batteries", "Beacon", 11.99, ["batteries", "power"], {
    popularity: 2,
    consumable: { intervalDays: 90, reorderProbability: 0.2, maxQuantity: 2 },
  }),
  p(
    "camping",
    "Trailhead 3-Person Ultralight Tent",
    "Tents",
    "Trailhead",
    329,
    ["tent", "backpacking", "ultralight", "new-arrival"],
    {
      popularity: 0,
      newArrival: true,
      option: { name: "Color", values: ["Forest Green", "Slate"] },
    },
  ),
  p(
    "camping",
    "Summit Ultralight Quilt",
    "Sleeping Bags",
    "Summit Gear",
    159,
    ["sleeping-bag", "down", "ultralight", "new-arrival"],
    {
      popularity: 0,
      newArrival: true,
    },
  ),

  // Photography
  p("photography", "Aperture X10 Mirrorless Camera", "Cameras", "Aperture", 899, ["camera", "mirrorless"], {
    popularity: 9,
    refundRate: 0.08,
  }),
  p("photography", "Aperture X20 Mirrorless Camera", "Cameras", "Aperture", 1149, ["camera", "mirrorless", "4k"], {
    popularity: 5,
    refundRate: 0.08,
  }),
  p(
    "photography",
    "Aperture X30 Pro Mirrorless Camera",
    "Cameras",
    "Aperture",
    1499,
    ["camera", "mirrorless", "4k", "pro"],
    {
      popularity: 2,
      refundRate: 0.09,
    },
  ),
  p("photography", "ProShot SD Card 64 GB", "Memory Cards", "ProShot", 24, ["memory-card", "sd"], {
    popularity: 5,
    consumable: { intervalDays: 120, reorderProbability: 0.3, maxQuantity: 3 },
  }),
  p("photography", "ProShot SD Card 128 GB", "Memory Cards", "ProShot", 32, ["memory-card", "sd"], {
    popularity: 4,
    consumable: { intervalDays: 120, reorderProbability: 0.3, maxQuantity: 3 },
  }),
  p("photography", "ProShot SD Card 256 GB", "Memory Cards", "ProShot", 42, ["memory-card", "sd"], {
    popularity: 2,
    consumable: { intervalDays: 120, reorderProbability: 0.3, maxQuantity: 2 },
  }),
  p("photography", "Urban Camera Sling Bag", "Camera Bags", "Urban Carry", 69, ["camera-bag", "bag"], {
    popularity: 4,
    option: { name: "Color", values: ["Black", "Olive", "Grey"] },
  }),
  p("photography", "Aperture 50mm f/1.8 Prime Lens", "Lenses", "Aperture", 249, ["lens", "prime"], {
    popularity: 4,
    refundRate: 0.07,
  }),
  p("photography", "Steady Carbon Travel Tripod", "Tripods", "Steady", 189, ["tripod", "carbon"], { popularity: 4 }),
  p(
    "photography",
    "Steady Bluetooth Remote Shutter",
    "Camera Accessories",
    "Steady",
    29,
    ["remote", "camera-accessory"],
    {
      popularity: 2,
    },
  ),
  p(
    "photography",
    "Aperture X10 Vlogging Kit",
    "Cameras",
    "Aperture",
    1049,
    ["camera", "mirrorless", "vlogging", "new-arrival"],
    {
      popularity: 0,
      newArrival: true,
    },
  ),
  p("photography", "ProShot SD Card 512 GB", "Memory Cards", "ProShot", 69, ["memory-card", "sd", "new-arrival"], {
    popularity: 0,
    newArrival: true,
  }),

  // Coffee
  p("coffee", "Crema Home Espresso Machine", "Espresso Machines", "Crema", 449, ["espresso", "machine"], {
    popularity: 8,
    refundRate: 0.07,
  }),
  p("coffee", "Crema Pro Espresso Machine", "Espresso Machines", "Crema", 579, ["espresso", "machine", "dual-boiler"], {
    popularity: 4,
    refundRate: 0.07,
  }),
  p(
    "coffee",
    "Crema Barista Espresso Machine",
    "Espresso Machines",
    "Crema",
    749,
    ["espresso", "machine", "dual-boiler", "pro"],
    {
      popularity: 2,
      refundRate: 0.08,
    },
  ),
  p("coffee", "House Espresso Blend Beans 1 kg", "Coffee Beans", "Roastery 41", 24, ["beans", "espresso", "blend"], {
    popularity: 5,
    refundRate: 0.02,
    consumable: { intervalDays: 30, reorderProbability: 0.55, maxQuantity: 3 },
    option: { name: "Grind", values: ["Whole Bean", "Espresso Grind"] },
  }),
  p(
    "coffee",
    "Single Origin Ethiopia Beans 500 g",
    "Coffee Beans",
    "Roastery 41",
    19,
    ["beans", "single-origin", "light-roast"],
    {
      popularity: 3,
      refundRate: 0.02,
      consumable: { intervalDays: 28, reorderProbability: 0.45, maxQuantity: 2 },
      option: { name: "Grind", values: ["Whole Bean", "Filter Grind"] },
    },
  ),
  p("coffee", "Stainless Steel Espresso Tamper 58 mm", "Espresso Tools", "Crema", 34, ["tamper", "espresso-tool"], {
    popularity: 3,
  }),
  p("coffee", "Milk Frothing Pitcher 600 ml", "Espresso Tools", "Crema", 22, ["milk-jug", "espresso-tool"], {
    popularity: 3,
  }),
  p("coffee", "Glass Pour-Over Dripper", "Brewers", "Slow Pour", 29, ["pour-over", "brewer"], { popularity: 5 }),
  p("coffee", "Paper Coffee Filters 100-Pack", "Filters", "Slow Pour", 7.5, ["filters", "pour-over"], {
    popularity: 3,
    consumable: { intervalDays: 45, reorderProbability: 0.4, maxQuantity: 3 },
  }),
  p(
    "coffee",
    "Crema Compact Espresso Machine",
    "Espresso Machines",
    "Crema",
    349,
    ["espresso", "machine", "compact", "new-arrival"],
    {
      popularity: 0,
      newArrival: true,
    },
  ),
  p(
    "coffee",
    "Colombia Huila Beans 500 g",
    "Coffee Beans",
    "Roastery 41",
    21,
    ["beans", "single-origin", "medium-roast", "new-arrival"],
    {
      popularity: 0,
      newArrival: true,
    },
  ),

  // Running
  p(
    "running",
    "Stride Daily Trainer Running Shoes",
    "Running Shoes",
    "Stride",
    120,
    ["running-shoes", "road", "daily"],
    {
      popularity: 9,
      refundRate: 0.16,
      option: SIZES_SHOES,
    },
  ),
  p("running", "Stride Tempo Running Shoes", "Running Shoes", "Stride", 150, ["running-shoes", "road", "tempo"], {
    popularity: 5,
    refundRate: 0.16,
    option: SIZES_SHOES,
  }),
  p(
    "running",
    "Stride Carbon Racer Running Shoes",
    "Running Shoes",
    "Stride",
    199,
    ["running-shoes", "road", "racing", "carbon"],
    {
      popularity: 2,
      refundRate: 0.18,
      option: SIZES_SHOES,
    },
  ),
  p("running", "Cushioned Running Socks 3-Pack", "Running Socks", "Stride", 18, ["socks", "running-apparel"], {
    popularity: 5,
    refundRate: 0.04,
    option: SOCK_SIZES,
    consumable: { intervalDays: 120, reorderProbability: 0.2, maxQuantity: 3 },
  }),
  p("running", "Pace GPS Running Watch", "Running Watches", "Pace", 299, ["gps-watch", "wearable"], {
    popularity: 5,
    refundRate: 0.08,
  }),
  p("running", "Pace Chest Heart Rate Strap", "Running Watches", "Pace", 59, ["heart-rate", "wearable"], {
    popularity: 2,
  }),
  p("running", "Energy Gel 12-Pack", "Running Nutrition", "Fuel Lab", 24, ["gels", "nutrition"], {
    popularity: 3,
    refundRate: 0.01,
    consumable: { intervalDays: 21, reorderProbability: 0.35, maxQuantity: 3 },
  }),
  p(
    "running",
    "Stride Trail Running Shoes",
    "Running Shoes",
    "Stride",
    165,
    ["running-shoes", "trail", "new-arrival"],
    {
      popularity: 0,
      newArrival: true,
      option: SIZES_SHOES,
    },
  ),
  p(
    "running",
    "Merino Running Socks 2-Pack",
    "Running Socks",
    "Stride",
    22,
    ["socks", "running-apparel", "merino", "new-arrival"],
    {
      popularity: 0,
      newArrival: true,
      option: SOCK_SIZES,
    },
  ),

  // Home office
  p("home-office", "Nimbus 13 Laptop 8 GB", "Laptops", "Nimbus", 799, ["laptop", "ultrabook"], {
    popularity: 6,
    refundRate: 0.07,
  }),
  p("home-office", "Nimbus 13 Laptop 16 GB", "Laptops", "Nimbus", 999, ["laptop", "ultrabook"], {
    popularity: 4,
    refundRate: 0.07,
  }),
  p("home-office", "Felt Laptop Sleeve 13 inch", "Laptop Sleeves", "Deskwise", 35, ["laptop-sleeve", "bag"], {
    popularity: 3,
    option: { name: "Color", values: ["Charcoal", "Camel"] },
  }),
  p("home-office", "Deskwise USB-C Hub 7-in-1", "Computer Accessories", "Deskwise", 49, ["usb-c", "hub"], {
    popularity: 4,
  }),
  p("home-office", "Deskwise Aluminum Laptop Stand", "Laptop Stands", "Deskwise", 39, ["laptop-stand", "ergonomic"], {
    popularity: 8,
  }),
  p(
    "home-office",
    "Deskwise Adjustable Laptop Stand",
    "Laptop Stands",
    "Deskwise",
    49,
    ["laptop-stand", "ergonomic", "adjustable"],
    {
      popularity: 5,
    },
  ),
  p("home-office", "Keyline Wireless Keyboard", "Keyboards", "Keyline", 59, ["keyboard", "wireless"], {
    popularity: 5,
  }),
  p("home-office", "Keyline Mechanical Keyboard", "Keyboards", "Keyline", 79, ["keyboard", "mechanical"], {
    popularity: 3,
    option: { name: "Switches", values: ["Brown", "Red"] },
  }),
  p("home-office", "Keyline Ergonomic Wireless Mouse", "Mice", "Keyline", 45, ["mouse", "wireless", "ergonomic"], {
    popularity: 4,
  }),
  p("home-office", "ClearView 27 inch 4K Monitor", "Monitors", "ClearView", 379, ["monitor", "4k"], {
    popularity: 5,
    refundRate: 0.07,
  }),
  p("home-office", "Deskwise Gas Spring Monitor Arm", "Monitor Mounts", "Deskwise", 89, ["monitor-arm", "ergonomic"], {
    popularity: 2,
  }),
  p(
    "home-office",
    "Deskwise Bamboo Laptop Stand",
    "Laptop Stands",
    "Deskwise",
    55,
    ["laptop-stand", "ergonomic", "bamboo", "new-arrival"],
    {
      popularity: 0,
      newArrival: true,
    },
  ),
  p(
    "home-office",
    "Keyline Low-Profile Keyboard",
    "Keyboards",
    "Keyline",
    69,
    ["keyboard", "wireless", "low-profile", "new-arrival"],
    {
      popularity: 0,
      newArrival: true,
    },
  ),

  // Kitchen
  p("kitchen", "Forge 8 inch Chef's Knife", "Kitchen Knives", "Forge", 79, ["knife", "chef-knife"], { popularity: 8 }),
  p(
    "kitchen",
    "Forge Damascus 8 inch Chef's Knife",
    "Kitchen Knives",
    "Forge",
    99,
    ["knife", "chef-knife", "damascus"],
    { popularity: 4 },
  ),
  p("kitchen", "End-Grain Walnut Cutting Board", "Cutting Boards", "Grove", 65, ["cutting-board", "walnut"], {
    popularity: 4,
  }),
  p("kitchen", "Forge Whetstone Sharpener 1000/6000", "Knife Care", "Forge", 39, ["sharpener", "knife-care"], {
    popularity: 2,
  }),
  p("kitchen", "Hearth 10 inch Cast Iron Skillet", "Cookware", "Hearth", 45, ["cast-iron", "skillet"], {
    popularity: 7,
  }),
  p("kitchen", "Hearth Cast Iron Seasoning Oil", "Cookware Care", "Hearth", 12, ["seasoning", "cast-iron-care"], {
    popularity: 2,
    consumable: { intervalDays: 90, reorderProbability: 0.25, maxQuantity: 2 },
  }),
  p("kitchen", "Forge Santoku Knife 7 inch", "Kitchen Knives", "Forge", 85, ["knife", "santoku", "new-arrival"], {
    popularity: 0,
    newArrival: true,
  }),
  p("kitchen", "Hearth 12 inch Cast Iron Skillet", "Cookware", "Hearth", 59, ["cast-iron", "skillet", "new-arrival"], {
    popularity: 0,
    newArrival: true,
  }),

  // Essentials: sold with everything, complements of nothing.
  p(
    "essentials",
    "Everyday Insulated Water Bottle",
    "Water Bottles",
    "Pairwise Goods",
    29,
    ["bestseller", "hydration"],
    {
      popularity: 0,
      option: { name: "Color", values: ["Black", "White", "Sage", "Coral"] },
      refundRate: 0.02,
    },
  ),
  p("essentials", "Pairwise Gift Card", "Gift Cards", "Pairwise Goods", 25, ["gift-card"], {
    popularity: 0,
    giftCard: true,
    refundRate: 0,
    option: { name: "Denomination", values: ["$25", "$50", "$100"], priceDeltas: [0, 2500, 7500] },
  }),
  p("essentials", "Recycled Canvas Tote Bag", "Bags", "Pairwise Goods", 15, ["tote", "bestseller"], {
    popularity: 0,
    refundRate: 0.02,
  }),
];

// ---------------------------------------------------------------------------------------------
// Range products: each noun is sold by two vendors at two price points. They are the "long tail"
// that every real shop has, bought for themselves or as noise next to other products.
// ---------------------------------------------------------------------------------------------

type Noun = [noun: string, productType: string, dollars: number, tags: string[], option?: ProductOption];

const RANGE: Record<
  Exclude<Department, "essentials">,
  { vendors: [string, string]; suffixes: [string, string]; nouns: Noun[] }
> = {
  camping: {
    vendors: ["Northbound", "Ridgeline"],
    suffixes: ["", "Lite"],
    nouns: [
      ["Folding Camp Chair", "Camp Furniture", 49, ["chair", "furniture"]],
      ["Camp Table", "Camp Furniture", 69, ["table", "furniture"]],
      ["LED Lantern", "Lighting", 29, ["lantern", "lighting"]],
      ["Titanium Cookset", "Camp Kitchen", 59, ["cookset", "camp-cooking"]],
      ["Nylon Hammock", "Hammocks", 45, ["hammock"]],
      ["Trekking Poles", "Hiking Gear", 79, ["poles", "hiking"]],
      ["Dry Bag 20 L", "Bags", 25, ["dry-bag", "waterproof"]],
      ["Inflatable Sleeping Pad", "Sleeping Pads", 69, ["sleeping-pad"]],
      ["First Aid Kit", "Safety", 32, ["first-aid", "safety"]],
      ["Water Filter", "Water Treatment", 39, ["water-filter"]],
      ["Enamel Camp Mug", "Camp Kitchen", 14, ["mug", "camp-cooking"]],
      ["Daypack 28 L", "Backpacks", 89, ["backpack", "hiking"]],
      ["Trekking Backpack 55 L", "Backpacks", 169, ["backpack", "backpacking"]],
      ["Rain Shell Jacket", "Outerwear", 139, ["jacket", "waterproof"], SIZES_APPAREL],
      ["Fleece Midlayer", "Outerwear", 69, ["fleece", "layering"], SIZES_APPAREL],
      ["Camp Pillow", "Sleeping Pads", 24, ["pillow", "sleep"]],
      ["Multi-Tool", "Tools", 49, ["multi-tool", "tools"]],
      ["Bear Canister", "Food Storage", 79, ["bear-canister", "food-storage"]],
      ["Compass", "Navigation", 19, ["compass", "navigation"]],
    ],
  },
  photography: {
    vendors: ["Lumen", "Framecraft"],
    suffixes: ["", "Plus"],
    nouns: [
      ["Lens Cleaning Kit", "Camera Accessories", 19, ["cleaning", "camera-accessory"]],
      ["UV Filter 58 mm", "Filters", 29, ["filter", "lens-accessory"]],
      ["Circular Polarizer 67 mm", "Filters", 59, ["filter", "lens-accessory"]],
      ["LED Video Light", "Lighting", 79, ["video-light", "lighting"]],
      ["Camera Strap", "Camera Accessories", 25, ["strap", "camera-accessory"]],
      ["Spare Camera Battery", "Camera Accessories", 45, ["battery", "power"]],
      ["Dual Battery Charger", "Camera Accessories", 35, ["charger", "power"]],
      ["Photo Backpack 25 L", "Camera Bags", 129, ["camera-bag", "backpack"]],
      ["Mini Tabletop Tripod", "Tripods", 29, ["tripod", "mini"]],
      ["Shotgun Microphone", "Audio", 99, ["microphone", "audio", "video"]],
      ["Lavalier Microphone", "Audio", 49, ["microphone", "audio"]],
      ["Reflector 5-in-1", "Lighting", 35, ["reflector", "lighting"]],
      ["Softbox Lighting Kit", "Lighting", 119, ["softbox", "lighting", "studio"]],
      ["Card Reader USB-C", "Memory Cards", 22, ["card-reader", "usb-c"]],
      ["Lens Hood 58 mm", "Camera Accessories", 15, ["lens-hood", "lens-accessory"]],
      ["Gimbal Stabilizer", "Stabilizers", 149, ["gimbal", "video"]],
      ["Photo Printer Paper 50 Sheets", "Printing", 24, ["paper", "printing"]],
      ["Backdrop Stand", "Studio", 89, ["backdrop", "studio"]],
      ["ND Filter Set", "Filters", 69, ["filter", "nd", "lens-accessory"]],
    ],
  },
  coffee: {
    vendors: ["Kettle & Co", "Morning Ritual"],
    suffixes: ["", "Deluxe"],
    nouns: [
      ["Conical Burr Grinder", "Grinders", 149, ["grinder", "burr"]],
      ["Hand Grinder", "Grinders", 69, ["grinder", "manual"]],
      ["Gooseneck Kettle", "Kettles", 59, ["kettle", "pour-over"]],
      ["French Press 1 L", "Brewers", 35, ["french-press", "brewer"]],
      ["AeroPress-Style Brewer", "Brewers", 39, ["immersion", "brewer"]],
      ["Cold Brew Jar", "Brewers", 29, ["cold-brew", "brewer"]],
      ["Coffee Scale with Timer", "Espresso Tools", 45, ["scale", "espresso-tool"]],
      ["Ceramic Latte Cups Set of 2", "Cups", 32, ["cups", "ceramic"]],
      ["Double-Wall Glass Mugs", "Cups", 26, ["cups", "glass"]],
      ["Travel Tumbler", "Cups", 28, ["tumbler", "travel"]],
      ["Knock Box", "Espresso Tools", 25, ["knock-box", "espresso-tool"]],
      ["Descaling Tablets", "Machine Care", 15, ["descaler", "machine-care"]],
      ["Coffee Canister Airtight", "Storage", 24, ["canister", "storage"]],
      ["Moka Pot 6-Cup", "Brewers", 39, ["moka", "brewer"]],
      ["Chemex-Style Carafe", "Brewers", 49, ["carafe", "pour-over"]],
      ["Espresso Distribution Tool", "Espresso Tools", 29, ["distributor", "espresso-tool"]],
      ["Barista Apron", "Apparel", 39, ["apron", "barista"]],
      ["Decaf Blend Beans 500 g", "Coffee Beans", 18, ["beans", "decaf"]],
    ],
  },
  running: {
    vendors: ["Velo", "Fleetfoot"],
    suffixes: ["", "Pro"],
    nouns: [
      ["Running Shorts", "Running Apparel", 39, ["shorts", "running-apparel"], SIZES_APPAREL],
      ["Running Tights", "Running Apparel", 59, ["tights", "running-apparel"], SIZES_APPAREL],
      ["Technical Running Tee", "Running Apparel", 35, ["tee", "running-apparel"], SIZES_APPAREL],
      ["Running Cap", "Running Apparel", 25, ["cap", "running-apparel"]],
      ["Hydration Vest", "Hydration", 99, ["hydration-vest", "trail"]],
      ["Running Belt", "Accessories", 22, ["belt", "storage"]],
      ["Reflective Vest", "Safety", 19, ["reflective", "safety"]],
      ["Foam Roller", "Recovery", 35, ["foam-roller", "recovery"]],
      ["Massage Gun", "Recovery", 149, ["massage", "recovery"]],
      ["Compression Sleeves", "Recovery", 29, ["compression", "recovery"], SOCK_SIZES],
      ["Armband Phone Holder", "Accessories", 19, ["armband", "phone"]],
      ["Wireless Sport Earbuds", "Audio", 89, ["earbuds", "audio"]],
      ["Windbreaker Jacket", "Running Apparel", 79, ["jacket", "running-apparel"], SIZES_APPAREL],
      ["Electrolyte Tablets", "Running Nutrition", 12, ["electrolytes", "nutrition"]],
      ["Running Gloves", "Running Apparel", 24, ["gloves", "running-apparel"], SOCK_SIZES],
      ["Soft Flask 500 ml", "Hydration", 25, ["flask", "hydration"]],
      ["Resistance Bands Set", "Training", 29, ["bands", "training"]],
      ["Yoga Mat", "Training", 45, ["mat", "training"]],
    ],
  },
  "home-office": {
    vendors: ["Workbench", "Studio Nine"],
    suffixes: ["", "Max"],
    nouns: [
      ["Ergonomic Office Chair", "Office Chairs", 299, ["chair", "ergonomic"]],
      ["Standing Desk Frame", "Desks", 399, ["standing-desk", "ergonomic"]],
      ["Desk Mat XL", "Desk Accessories", 29, ["desk-mat"]],
      ["LED Desk Lamp", "Lighting", 59, ["lamp", "lighting"]],
      ["Cable Management Tray", "Desk Accessories", 25, ["cables", "organization"]],
      ["HD Webcam", "Webcams", 79, ["webcam", "video-call"]],
      ["USB Condenser Microphone", "Audio", 99, ["microphone", "audio", "video-call"]],
      ["Noise-Cancelling Headset", "Audio", 149, ["headset", "audio", "video-call"]],
      ["Footrest", "Ergonomics", 39, ["footrest", "ergonomic"]],
      ["Wrist Rest", "Ergonomics", 19, ["wrist-rest", "ergonomic"]],
      ["Desk Organizer", "Desk Accessories", 32, ["organizer", "organization"]],
      ["Notebook A5 Dotted", "Stationery", 16, ["notebook", "stationery"]],
      ["Wireless Charging Pad", "Power", 35, ["charger", "power"]],
      ["Surge Protector 8-Outlet", "Power", 29, ["power-strip", "power"]],
      ["Portable SSD 1 TB", "Storage", 109, ["ssd", "storage"]],
      ["Document Scanner", "Scanners", 229, ["scanner"]],
      ["Whiteboard 60 x 90 cm", "Stationery", 49, ["whiteboard", "stationery"]],
      ["Pen Set", "Stationery", 18, ["pens", "stationery"]],
    ],
  },
  kitchen: {
    vendors: ["Pantry Lane", "Copperleaf"],
    suffixes: ["", "Signature"],
    nouns: [
      ["Stainless Mixing Bowls Set", "Bakeware", 39, ["bowls", "baking"]],
      ["Dutch Oven 5.5 qt", "Cookware", 119, ["dutch-oven", "enamel"]],
      ["Nonstick Frying Pan 11 inch", "Cookware", 49, ["frying-pan", "nonstick"]],
      ["Stand Mixer", "Appliances", 349, ["mixer", "baking"]],
      ["Immersion Blender", "Appliances", 59, ["blender", "appliance"]],
      ["Digital Kitchen Scale", "Kitchen Tools", 25, ["scale", "baking"]],
      ["Silicone Spatula Set", "Kitchen Tools", 19, ["spatula", "utensils"]],
      ["Wooden Spoon Set", "Kitchen Tools", 22, ["spoons", "utensils"]],
      ["Sheet Pan Set", "Bakeware", 35, ["sheet-pan", "baking"]],
      ["Glass Storage Containers", "Storage", 45, ["containers", "storage"]],
      ["Salad Spinner", "Kitchen Tools", 29, ["salad", "prep"]],
      ["Instant-Read Thermometer", "Kitchen Tools", 29, ["thermometer", "prep"]],
      ["Linen Apron", "Textiles", 32, ["apron", "textiles"]],
      ["Tea Towels Set of 3", "Textiles", 18, ["towels", "textiles"]],
      ["Pepper Mill", "Kitchen Tools", 35, ["pepper-mill", "seasoning"]],
      ["Mandoline Slicer", "Kitchen Tools", 39, ["mandoline", "prep"]],
      ["Knife Block", "Knife Care", 59, ["knife-block", "storage"]],
      ["Rice Cooker", "Appliances", 89, ["rice-cooker", "appliance"]],
    ],
  },
};

/** Deterministic pseudo-popularity for range products: a long tail between 0.6 and 3.6. */
function rangePopularity(index: number): number {
  return 0.6 + ((index * 37 + 11) % 31) / 10;
}

/** Range products, and per noun the handles of its two vendors' versions (alternatives to each other). */
function rangeProducts(): { products: ProductTemplate[]; alternatives: string[][] } {
  const out: ProductTemplate[] = [];
  const alternatives: string[][] = [];
  let n = 0;
  for (const department of DEPARTMENTS) {
    if (department === "essentials") continue;
    const spec = RANGE[department];
    for (const [noun, productType, dollars, tags, option] of spec.nouns) {
      const group: string[] = [];
      alternatives.push(group);
      for (let k = 0; k < 2; k++) {
        const title = [spec.vendors[k], noun, spec.suffixes[k]].filter(Boolean).join(" ");
        const factor = k === 0 ? 1 : 1.25 + (n % 5) * 0.05;
        out.push(
          p(department, title, productType, spec.vendors[k], Math.round(dollars * factor) - 0.01, tags, {
            popularity: rangePopularity(n) * (k === 0 ? 1 : 0.6),
            option,
            refundRate: productType.includes("Apparel") || productType === "Outerwear" ? 0.1 : undefined,
          }),
        );
        group.push(out[out.length - 1].handle);
        n++;
      }
    }
  }
  return { products: out, alternatives };
}

const RANGE_BUILT = rangeProducts();

/** The whole catalog, in id order (the generator numbers products and variants in this order). */
export const CATALOG: readonly ProductTemplate[] = Object.freeze([...KEY_PRODUCTS, ...RANGE_BUILT.products]);

/** The range's alternatives: one noun from two vendors (ground truth of substitutes, with the upsell ladders). */
export const RANGE_ALTERNATIVES: readonly (readonly string[])[] = RANGE_BUILT.alternatives;

export function templateByHandle(handle: string): ProductTemplate {
  const t = CATALOG.find((x) => x.handle === handle);
  if (!t) throw new Error(`No demo product with handle "${handle}"`);
  return t;
}
