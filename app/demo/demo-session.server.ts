// The demo shop's offline session, stored through the library's own session storage, so that
// admin requests in the demo authenticate through Shopify's normal session-token path.
import { Session } from "@shopify/shopify-app-remix/server";

interface SessionStore {
  loadSession(id: string): Promise<Session | undefined>;
  storeSession(session: Session): Promise<boolean>;
}

export async function ensureOfflineSession(storage: SessionStore, shop: string, scopes: string[]): Promise<void> {
  const id = `offline_${shop}`;
  const existing = await storage.loadSession(id);
  if (existing?.accessToken) return;
  await storage.storeSession(
    new Session({
      id,
      shop,
      state: "",
      isOnline: false,
      scope: scopes.join(","),
      accessToken: "demo-offline-access-token",
    }),
  );
}
