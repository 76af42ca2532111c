// Reads keys together: the keys asked for during one turn of the event loop (or within
// `windowMs` of the batch's first key), per group (a shop), are read by one call of `load` (in
// chunks of `maxBatch`), and a key being read is read once however many callers wait for it. On the storefront's hot path a Prisma query costs about a
// millisecond of CPU for compiling it whatever it reads, so twenty visitors or products first
// seen at once cost one query instead of twenty.
// `context`: what the first caller of a batch passed (e.g. the moment it reads as of).
export type BatchLoad<V, C> = (group: string, keys: string[], context: C) => Promise<Map<string, V>>;

interface Waiting<V> {
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

export interface BatchLoader<V, C> {
  /** The value of `key` (`fallback` when `load` returns none for it). */
  load(group: string, key: string, context: C): Promise<V>;
  /** Whether `key` is being read. */
  loading(group: string, key: string): boolean;
  /**
   * Reads under way of the group (or of one key) are not shared with later callers: what they
   * return may predate a change; later callers read again.
   */
  forget(group: string, key?: string): void;
}

export function batchLoader<V, C = undefined>(
  load: BatchLoad<V, C>,
  fallback: (key: string, context: C) => V,
  { maxBatch = 200, windowMs = 0 }: { maxBatch?: number; windowMs?: number } = {},
): BatchLoader<V, C> {
  const pending = new Map<string, Map<string, Waiting<V>[]>>();
  const inFlight = new Map<string, Promise<V>>();
  const id = (group: string, key: string) => `${group}\u0000${key}`;

  function flush(group: string, context: C): void {
    const batch = pending.get(group);
    pending.delete(group);
    if (!batch) return;
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += maxBatch) {
      const chunk = keys.slice(i, i + maxBatch);
      load(group, chunk, context).then(
        (values) =>
          chunk.forEach((key) => batch.get(key)!.forEach((w) => w.resolve(values.get(key) ?? fallback(key, context)))),
        (error: unknown) => chunk.forEach((key) => batch.get(key)!.forEach((w) => w.reject(error))),
      );
    }
  }

  return {
    load(group, key, context) {
      const k = id(group, key);
      let promise = inFlight.get(k);
      if (promise) return promise;
      promise = new Promise<V>((resolve, reject) => {
        let batch = pending.get(group);
        if (!batch) {
          pending.set(group, (batch = new Map()));
          if (windowMs > 0) setTimeout(() => flush(group, context), windowMs);
          else setImmediate(() => flush(group, context));
        }
        const waiting = batch.get(key);
        if (waiting) waiting.push({ resolve, reject });
        else batch.set(key, [{ resolve, reject }]);
      });
      inFlight.set(k, promise);
      const done = () => {
        if (inFlight.get(k) === promise) inFlight.delete(k);
      };
      promise.then(done, done);
      return promise;
    },
    loading: (group, key) => inFlight.has(id(group, key)),
    forget(group, key) {
      if (key !== undefined) inFlight.delete(id(group, key));
      else for (const k of inFlight.keys()) if (k.startsWith(`${group}\u0000`)) inFlight.delete(k);
    },
  };
}
