// Visitor id, declined products and what the last answers said, kept in localStorage. Storage can be missing or throw
// (privacy modes, full quota): every access is guarded and falls back to memory.

export type KV = Pick<Storage, "getItem" | "setItem">;

export const VISITOR_KEY = "pairwise:vid";
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
 * (any block), or this block had nothing to offer for this product. Read before the block is first painted,
 * so such a block reserves no space (see boot.ts).
 */
export function knownEmpty(s: KV | null, key: string | null): boolean {
  const v = read(s, VISITOR_KEY);
  return (!!v && read(s, HOLDOUT_KEY) === v) || (!!key && list(s, EMPTY_KEY).includes(key));
}

/** Records what an answer said for a block (null: not a product-page block); the newest MAX_EMPTY empty blocks are kept. */
export function noteAnswer(s: KV | null, vid: string, key: string | null, holdout: boolean, empty: boolean): void {
  write(s, HOLDOUT_KEY, holdout ? vid : "");
  if (key && !holdout)
    write(
      s,
      EMPTY_KEY,
      JSON.stringify([...list(s, EMPTY_KEY).filter((x) => x !== key), ...(empty ? [key] : [])].slice(-MAX_EMPTY)),
    );
}
