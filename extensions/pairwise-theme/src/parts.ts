// The contract between the widget's small core (assets/pairwise.js, loaded by every block: finds
// the blocks, asks for offers, renders offer lists, tracks impressions) and the parts it loads
// only when they are needed (assets/pairwise-<name>.js): "actions" (add to cart, decline, option
// change: loaded when the page is idle after the first offers, or at the first interaction),
// "bundle" (the Frequently bought together block) and "cart" (the cart embed's drawer placement
// and the free-shipping bar). Every file stays under 10 000 B, Shopify's limit for app block
// JavaScript. Blocks print each part's URL (Liquid asset_url) as data-part-<name>; the core starts
// loading the bundle and cart parts together with the offers request, so the first offer is not
// later than with one big file. A part calls `window.PairwiseWidget.define(name, factory)` once;
// the factory receives the core's helpers (Api), so no code ships twice. Parts import only types
// from the core.
import type { NewEvent } from "./queue";
import type { AddLine } from "./request";
import type { KV } from "./storage";
import type { Strings } from "./text";
import type { OfferItem, OfferSlot, OffersQuery, Placement, ProxyOffersResponse } from "./types";

export interface Block {
  el: HTMLElement;
  mode: string; // bundle | slots | cart
  context: Placement;
  count: number;
  offerType: string; // any | cross_sell | upsell
  s: Strings;
  money: string;
  live: HTMLElement;
  mounted?: boolean;
  /** hidden before a frame showed it because the last answers said it would be empty (boot.ts) */
  guess?: boolean;
  /** the layout the answer asked for (grid | list), if any */
  layout?: string;
}

/** One rendered offer of a list, as the actions part needs it. */
export interface Row {
  b: Block;
  it: OfferItem;
  slot: Pick<OfferSlot, "slotId" | "offerId" | "discount">;
  base: NewEvent;
  li: HTMLElement;
  add: HTMLButtonElement;
  opt: HTMLElement;
  select: HTMLSelectElement | null;
  price: HTMLElement;
  variantId: string;
}

export interface Cart {
  total_price: number;
  item_count: number;
  items: Array<{ variant_id: number }>;
}

export type H = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean> | null,
  ...kids: Array<Node | string | null | false>
) => HTMLElementTagNameMap[K];

/** What the core hands to a part. */
export interface Api {
  h: H;
  blocks: Block[];
  t(s: Strings, key: string, vars?: Record<string, string>): string;
  /** registers a part's English fallbacks (text.ts) */
  addFallbacks(more: Strings): void;
  money(b: Block, cents: number): string;
  priceRow(b: Block, now: number, was: number | null): HTMLElement;
  image(it: OfferItem): HTMLElement;
  /** these three are forwarded to the actions part (loaded on demand) */
  watch(el: HTMLElement, e: NewEvent, key: string): void;
  track(e: NewEvent, once?: string): void;
  addToCart(b: Block, lines: AddLine[], title: string): Promise<boolean>;
  hide(b: Block): void;
  json<T>(url: string, init?: RequestInit): Promise<T>;
  root(): string;
  proxy(): string;
  vid: string;
  uuid(): string;
  /** the session's stored visitor id on the cart (sessionStorage); with `v`, stores it */
  ss(v?: string): string | null;
  ls: KV | null;
  render(b: Block, q: OffersQuery, cart?: Cart): Promise<void>;
  /** runs `fn` once the page has loaded */
  later(fn: () => void): void;
  /** the offers answers of this page view, by request URL */
  cache: Record<string, unknown>;
  /** forwarded to the cart part: puts the visitor id on the cart (once per session) */
  markCart(): void;
}

export interface ActionsPart {
  /** Queues an event (once per `once` key and page view); sent in batches and when the page is hidden. */
  track(e: NewEvent, once?: string): void;
  /** Counts an impression the first time at least half of `el` is visible on this page view. */
  watch(el: HTMLElement, e: NewEvent, key: string): void;
  addToCart(b: Block, lines: AddLine[], title: string): Promise<boolean>;
  add(r: Row): Promise<void>;
  decline(r: Row): void;
  /** puts the option picker into the row (offers with more than one variant) */
  picker(r: Row): void;
}

export interface BundlePart {
  /** `raw`: the app's answer as it arrived; the part validates its bundle (sanitizeBundle). */
  view(b: Block, raw: unknown, skip: Set<string>): Node[];
}

export interface CartPart {
  /** Moves the embed before its target; false when it must not show (no target, target on screen). */
  mount(b: Block): boolean;
  view(b: Block, r: ProxyOffersResponse, cart: Cart): Node[];
  /** Reads the cart, marks it, renders the cart blocks; the first call starts watching cart changes. */
  refresh(): void;
  markCart(): void;
}

export interface Parts {
  actions: ActionsPart;
  bundle: BundlePart;
  cart: CartPart;
}

export interface Registry {
  define<K extends keyof Parts>(name: K, factory: (api: Api) => Parts[K]): void;
}

export const GLOBAL = "PairwiseWidget";

/** What the blocks' inline boot script (boot.ts) offers the core, as window.PairwiseBoot. */
export interface Boot {
  /** the visitor id (made by the boot when the visitor has none, so both compute the same arms) */
  vid: string;
  /** records what an answer said for the block with this dataset (and the layout it asked for), for the next page view */
  note(ds: DOMStringMap, vid: string, holdout: boolean, empty: boolean, layout?: string): void;
  /** the offers requests the boot sent with the core, by URL (the product blocks'; a boot printed before them has none) */
  sent?: Record<string, Promise<Response>>;
}

/** Registers a part with the core that loaded it. */
export function definePart<K extends keyof Parts>(name: K, factory: (api: Api) => Parts[K]): void {
  (window as unknown as Record<string, Registry | undefined>)[GLOBAL]?.define(name, factory);
}
