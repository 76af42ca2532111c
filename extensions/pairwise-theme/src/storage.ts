// Visitor id, declined products and what the last answers said, kept in localStorage. Storage can be missing or throw
// (privacy modes, full quota): every access is guarded and falls back to memory.

import { assignVariant, isInHoldout } from "../../../app/domain/experiments/bucketing";
import type { StorefrontFacts, WidgetPlacement } from "../../../app/lib/storefront-contract";

export type KV = Pick<Storage, "getItem" | "setItem">;

export const VISITOR_KEY = "pairwise:vid";
/**
 * Set once this browser keeps Pairwise's memory in localStorage. The blocks' inline boot reads
 * localStorage before a frame shows the blocks only when it is set: a first access opens the origin's
 * storage, which took about 11 ms of that task in Lighthouse's fresh profile (boot.ts).
 */
export const MEMORY_COOKIE = "pairwise_mem=1";
export const hasMemory = (cookie: string): boolean => `; ${cookie};`.includes(`; ${MEMORY_COOKIE};`);
/**
 * The core's URL (its asset_url, which changes with each version of the extension) as last asked
 * for in this browser: a view that finds it there has the core in the browser's cache, most likely,
 * and the blocks' boot loads it at the first frame instead of after the first paint (boot.ts).
 */
export const CORE_KEY = "pairwise:core";
export const DECLINED_KEY = "pairwise:declined";
export const MAX_DECLINES = 100;

function read(s: KV | null, key: string): string | null {
  try {
    return s ? s.getItem(key) : null;
  } catch {
    return null;
  }
}

function write(s: KV | null, key: string, value: string): void {
  try {
    s?.setItem(key, value);
  } catch {
    /* storage full or disabled: the value lives for this page view only */
  }
}

/** Whether the core at `src` was asked for in this browser before (CORE_KEY). */
export const coreKept = (s: KV | null, src: string): boolean => !!src && read(s, CORE_KEY) === src;

/** Keeps `src` as the core's URL last asked for (CORE_KEY). */
export const keepCore = (s: KV | null, src: string): void => write(s, CORE_KEY, src);

/** The stored visitor id, or a new one from `uuid` (stored when possible). */
export function visitorId(s: KV | null, uuid: () => string): string {
  const v = read(s, VISITOR_KEY);
  if (v && /^[\w-]{8,64}$/.test(v)) return v;
  const id = uuid();
  write(s, VISITOR_KEY, id);
  return id;
}

/** The stored list of strings under `key`, newest last ([] when missing or not a list). */
function list(s: KV | null, key: string): string[] {
  try {
    const l: unknown = JSON.parse(read(s, key) || "[]");
    return Array.isArray(l) ? l.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** Product ids this visitor declined, newest last. */
export const declined = (s: KV | null): string[] => list(s, DECLINED_KEY).slice(-MAX_DECLINES);

/** Remembers a decline; only the newest MAX_DECLINES are kept. */
export function rememberDecline(s: KV | null, productId: string): string[] {
  const list = declined(s).filter((x) => x !== productId);
  list.push(productId);
  const kept = list.slice(-MAX_DECLINES);
  write(s, DECLINED_KEY, JSON.stringify(kept));
  return kept;
}

export const HOLDOUT_KEY = "pairwise:holdout";
export const EMPTY_KEY = "pairwise:empty";
export const MAX_EMPTY = 50;

/** A block's key in EMPTY_KEY: its mode, offer type and product (product-page blocks only). */
export const blockKey = (ds: DOMStringMap): string | null =>
  ds.context === "product" && ds.productId ? `${ds.mode}:${ds.offerType || ""}:${ds.productId}` : null;

/**
 * True when the last answers said this block will show nothing: the visitor is in the holdout
 * (any block), or this block had nothing to offer for this product. Read before a frame shows the block,
 * so such a block reserves no space (see boot.ts).
 */
export function knownEmpty(s: KV | null, key: string | null): boolean {
  const v = read(s, VISITOR_KEY);
  return (!!v && read(s, HOLDOUT_KEY) === v) || (!!key && list(s, EMPTY_KEY).includes(key));
}

/** Adds (on) or removes `item` in the list under `key`, keeping the newest MAX_EMPTY. */
const mark = (s: KV | null, key: string, item: string, on: boolean) =>
  write(s, key, JSON.stringify([...list(s, key).filter((x) => x !== item), ...(on ? [item] : [])].slice(-MAX_EMPTY)));

/**
 * Records what an answer said for a block (null: not a product-page block): empty or not, and the
 * list layout when the answer asked for one (the newest MAX_EMPTY of each are kept).
 */
export function noteAnswer(
  s: KV | null,
  vid: string,
  key: string | null,
  holdout: boolean,
  empty: boolean,
  layout?: string,
): void {
  write(s, HOLDOUT_KEY, holdout ? vid : "");
  if (key && !holdout) {
    mark(s, EMPTY_KEY, key, empty);
    if (!empty) {
      mark(s, LAYOUT_KEY, `${key}=list`, layout === "list");
      mark(s, LAYOUT_KEY, `${key}=grid`, layout === "grid");
    }
  }
}

export const LAYOUT_KEY = "pairwise:layout";

/** The layout the last answer for this block asked for ("" when none is known). */
export function knownLayout(s: KV | null, key: string | null): string {
  const l = key ? list(s, LAYOUT_KEY) : [];
  return l.includes(`${key}=list`) ? "list" : l.includes(`${key}=grid`) ? "grid" : "";
}

/**
 * What a block shows, decided from the facts the block printed (StorefrontFacts: what the app
 * wrote) and the visitor id, as the server decides it (domain/experiments/bucketing.ts): null when
 * it shows nothing (the visitor is in the holdout, the placement or the visitor's arm of a
 * placement experiment shows nothing), else its layout ("" when the facts do not change it).
 */
export function decide(f: StorefrontFacts | null, shop: string, vid: string, context: string): string | null {
  if (!f) return "";
  if (shop && isInHoldout(vid, shop, f.h)) return null;
  const p = f.l?.[context as WidgetPlacement];
  let hide = !!p?.hide;
  let layout: string = p?.layout || "";
  for (const [id, placement, variants] of f.x || [])
    if (placement === context) {
      const key = assignVariant(
        vid,
        id,
        variants.map(([k, weight]) => ({ key: k, weight })),
      );
      const v = variants.find((x) => x[0] === key);
      if (v?.[2]) layout = v[2];
      if (v?.[3]) hide = true;
    }
  return hide ? null : layout;
}
