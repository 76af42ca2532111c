// Cache invalidation across processes. Each process caches what storefront requests need (the shop
// snapshot, visitors, sessions); a write in one process must drop the copies in the others.
// On PostgreSQL every process LISTENs on one channel and a change is sent with pg_notify
// (delivered to every listening connection, typically within milliseconds); each message names a
// topic ("shop", "visitors", "session", …) and a key. SQLite runs one process: nothing to send.
// A listener that loses its connection reconnects and then drops everything it caches (it may have
// missed messages meanwhile); the caches' own TTLs bound staleness in any case.
import { randomUUID } from "node:crypto";
import pg from "pg";

export const CLUSTER_CHANNEL = "pairwise_cache";
/** pg_notify payloads are limited to 8000 bytes */
const MAX_PAYLOAD = 7_000;

export type ClusterHandler = (key: string) => void;

interface Message {
  /** the sending bus */
  o: string;
  /** topic */
  t: string;
  /** key */
  k: string;
}

export class ClusterBus {
  readonly id = randomUUID();
  private readonly handlers = new Map<string, Set<ClusterHandler>>();
  private readonly resets = new Set<() => void>();
  private listener: pg.Client | null = null;
  private publisher: pg.Pool | null = null;
  private url: string | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  /** Runs `handler(key)` when another process sends `topic`. */
  on(topic: string, handler: ClusterHandler): void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
  }

  /** Runs `reset` after a reconnect (messages may have been missed): drop the whole cache. */
  onReset(reset: () => void): void {
    this.resets.add(reset);
  }

  get started(): boolean {
    return this.url !== null;
  }

  /** Connects to PostgreSQL at `url` and listens. */
  async start(url: string): Promise<void> {
    this.url = url;
    this.stopped = false;
    this.publisher = new pg.Pool({ connectionString: url, max: 2, application_name: "pairwise-bus" });
    this.publisher.on("error", () => {});
    await this.listen();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url!, application_name: "pairwise-bus" });
    client.on("notification", (n) => this.deliver(n.payload));
    client.on("error", () => this.reconnect(client));
    client.on("end", () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${CLUSTER_CHANNEL}`);
    this.listener = client;
  }

  private reconnect(client: pg.Client): void {
    if (this.stopped || this.listener !== client || this.retryTimer) return;
    this.listener = null;
    const attempt = (delay: number) => {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.listen().then(
          () => this.resets.forEach((reset) => reset()),
          () => attempt(Math.min(delay * 2, 30_000)),
        );
      }, delay);
      this.retryTimer.unref();
    };
    attempt(500);
  }

  private deliver(payload: string | undefined): void {
    if (!payload) return;
    let message: Message;
    try {
      message = JSON.parse(payload) as Message;
    } catch {
      return;
    }
    if (message.o === this.id) return;
    for (const handler of this.handlers.get(message.t) ?? []) {
      try {
        handler(message.k);
      } catch (error) {
        console.error(`[bus] ${message.t}:`, error instanceof Error ? error.message : error);
      }
    }
  }

  /** Sends `topic`/`key` to every other process; resolves once PostgreSQL has it (never rejects). */
  async publish(topic: string, key: string): Promise<void> {
    if (!this.publisher) return;
    const payload = JSON.stringify({ o: this.id, t: topic, k: key.slice(0, MAX_PAYLOAD) } satisfies Message);
    try {
      await this.publisher.query("SELECT pg_notify($1, $2)", [CLUSTER_CHANNEL, payload]);
    } catch (error) {
      console.error(`[bus] sending ${topic} failed:`, error instanceof Error ? error.message : error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const listener = this.listener;
    this.listener = null;
    this.url = null;
    await listener?.end().catch(() => {});
    await this.publisher?.end().catch(() => {});
    this.publisher = null;
  }
}

/** This process's bus; started by the web and worker processes on PostgreSQL (app/services/jobs.server.ts). */
export const clusterBus = new ClusterBus();

/** Tells the other processes (fire and forget: callers are synchronous cache drops). */
export function broadcast(topic: string, key: string): void {
  if (clusterBus.started) void clusterBus.publish(topic, key);
}
