// Visitor id and declined products, kept in localStorage. Storage can be missing or throw
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

/** Product ids this visitor declined, newest last. */
export function declined(s: KV | null): string[] {
  try {
    const list: unknown = JSON.parse(read(s, DECLINED_KEY) || "[]");
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === "string").slice(-MAX_DECLINES) : [];
  } catch {
    return [];
  }
}

/** Remembers a decline; only the newest MAX_DECLINES are kept. */
export function rememberDecline(s: KV | null, productId: string): string[] {
  const list = declined(s).filter((x) => x !== productId);
  list.push(productId);
  const kept = list.slice(-MAX_DECLINES);
  write(s, DECLINED_KEY, JSON.stringify(kept));
  return kept;
}
