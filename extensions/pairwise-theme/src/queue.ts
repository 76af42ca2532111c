// Batches tracking events and hands them to a transport (sendBeacon in the browser).
// Clock, timer, id source and transport are injected so batching is tested without a browser.
import { chunks, eventsBody } from "./request";
import type { PairwiseEvent } from "./types";

export interface QueueDeps {
  send(body: string): void;
  now(): number;
  uuid(): string;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export type NewEvent = Omit<PairwiseEvent, "id" | "at">;

export class EventQueue {
  private pending: PairwiseEvent[] = [];
  private seen = new Set<string>();
  private timer: unknown = null;

  constructor(
    private visitorId: string,
    private deps: QueueDeps,
    private delayMs = 3000,
  ) {}

  /**
   * Queues an event. With `onceKey`, the event is queued only the first time that key is seen
   * (one impression per slot and item per page view). Returns whether it was queued.
   */
  track(e: NewEvent, onceKey?: string): boolean {
    if (onceKey) {
      if (this.seen.has(onceKey)) return false;
      this.seen.add(onceKey);
    }
    this.pending.push({ id: this.deps.uuid(), at: this.deps.now(), ...e });
    if (this.pending.length >= 50) this.flush();
    else if (this.timer === null) this.timer = this.deps.setTimer(() => this.flush(), this.delayMs);
    return true;
  }

  /** Sends everything queued, at most 50 events per request. */
  flush(): void {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    for (const part of chunks(batch)) {
      try {
        this.deps.send(eventsBody(this.visitorId, part));
      } catch {
        /* tracking must never break the page */
      }
    }
  }

  get size(): number {
    return this.pending.length;
  }
}
