// Deterministic assignment of visitors: the same visitor always lands in the same holdout state and
// the same experiment arm, on the server and in the widget alike, with no stored state.
// Hash: 32-bit FNV-1a over the UTF-8 bytes of `salt:visitorId`, finished with murmur3's fmix32
// (FNV-1a alone mixes its last bytes poorly, so ids differing in one trailing digit would cluster).

/**
 * 32-bit FNV-1a of a string's UTF-8 bytes, an unsigned integer. The bytes are encoded here rather
 * than by TextEncoder, so the checkout's discount function (QuickJS, no TextEncoder) computes the
 * same arm as the server; a lone surrogate is encoded as U+FFFD, as TextEncoder does.
 */
export function fnv1a32(input: string): number {
  let h = 0x811c9dc5;
  const byte = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  };
  for (let i = 0; i < input.length; i++) {
    let c = input.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < input.length) {
      const d = input.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) byte(c);
    else if (c < 0x800) {
      byte(0xc0 | (c >> 6));
      byte(0x80 | (c & 63));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 63));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    }
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The bucketing hash: fmix32(FNV-1a(input)), an unsigned 32-bit integer. */
export function hash32(input: string): number {
  return fmix32(fnv1a32(input));
}

/** Maps a visitor to a stable number in [0, 1) for a given salt (experiment id, "holdout:<shop>", …). */
export function bucket(visitorId: string, salt: string): number {
  return hash32(`${salt}:${visitorId}`) / 4294967296;
}

/** True when the visitor belongs to the shop's control group (sees no offers), holdoutPercent 0..100. */
export function isInHoldout(visitorId: string, shop: string, holdoutPercent: number): boolean {
  const p = Math.min(100, Math.max(0, holdoutPercent)) / 100;
  return bucket(visitorId, `holdout:${shop}`) < p;
}

export interface WeightedVariant {
  key: string;
  weight: number;
}

/**
 * The experiment arm of a visitor, chosen with probability proportional to each variant's weight;
 * null when no weight. `salt`: the experiment's secret (Experiment.salt), mixed into the hash when
 * its arms differ in what a shopper pays, so that nobody without it can tell which visitor id lands
 * in which arm; without one the hash is public.
 */
export function assignVariant(
  visitorId: string,
  experimentId: string,
  variants: readonly WeightedVariant[],
  salt?: string | null,
): string | null {
  const usable = variants.filter((v) => v.weight > 0);
  const total = usable.reduce((s, v) => s + v.weight, 0);
  if (total <= 0) return null;
  // Sort by key so that the order variants come back from the database cannot move visitors.
  const sorted = [...usable].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const x = bucket(visitorId, salt ? `experiment:${experimentId}:${salt}` : `experiment:${experimentId}`) * total;
  let acc = 0;
  for (const v of sorted) {
    acc += v.weight;
    if (x < acc) return v.key;
  }
  return sorted[sorted.length - 1].key;
}

export interface Assignment {
  holdout: boolean;
  /** experiment arm, or null when not in an experiment (and always null in the holdout) */
  variant: string | null;
}

/** Holdout first (the shop-wide control sees nothing), then the experiment arm if one is running. */
export function assignVisitor(
  visitorId: string,
  shop: string,
  holdoutPercent: number,
  experiment?: { id: string; variants: readonly WeightedVariant[]; salt?: string | null } | null,
): Assignment {
  if (isInHoldout(visitorId, shop, holdoutPercent)) return { holdout: true, variant: null };
  return {
    holdout: false,
    variant: experiment ? assignVariant(visitorId, experiment.id, experiment.variants, experiment.salt) : null,
  };
}
