// Shopify sessions, cached in memory for a few seconds in front of the Prisma session storage.
// Every app proxy request loads the shop's offline session; at storefront traffic that lookup
// would be the most frequent query of the app. Writes and deletes through the storage (and
// `forgetShopSessions` after app/uninstalled) drop the cached entries at once.
// On PostgreSQL the other processes drop theirs too (app/lib/cluster-bus.server.ts).
import type { Session } from "@shopify/shopify-app-remix/server";
import { broadcast, clusterBus } from "./cluster-bus.server";

export interface SessionStore {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}

const TTL_MS = 15_000;
const cache = new Map<string, { session: Session | undefined; at: number }>();

function dropShopSessions(shop: string): void {
  for (const [id, entry] of cache) if (entry.session?.shop === shop || id.includes(shop)) cache.delete(id);
}

function dropSession(id: string): void {
  cache.delete(id);
  broadcast("session", id);
}

export function forgetShopSessions(shop: string): void {
  dropShopSessions(shop);
  broadcast("sessions", shop);
}

clusterBus.on("session", (id) => cache.delete(id));
clusterBus.on("sessions", dropShopSessions);
clusterBus.onReset(() => cache.clear());

export class CachedSessionStorage implements SessionStore {
  constructor(private readonly inner: SessionStore) {}

  async storeSession(session: Session): Promise<boolean> {
    cache.delete(session.id);
    const stored = await this.inner.storeSession(session);
    dropSession(session.id);
    return stored;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.session;
    const session = await this.inner.loadSession(id);
    if (cache.size > 10_000) cache.clear();
    cache.set(id, { session, at: Date.now() });
    return session;
  }

  async deleteSession(id: string): Promise<boolean> {
    cache.delete(id);
    const deleted = await this.inner.deleteSession(id);
    dropSession(id);
    return deleted;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    for (const id of ids) cache.delete(id);
    const deleted = await this.inner.deleteSessions(ids);
    for (const id of ids) dropSession(id);
    return deleted;
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }
}
