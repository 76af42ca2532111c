// Makes the local demo shop ready: schema applied (by the caller), shop data seeded, the offline
// session stored through the library's session storage.
import db from "../db.server";
import { DEMO_SHOP } from "../lib/config.server";
import { appConfig } from "../lib/config.server";
import { sessionStorage } from "../shopify.server";
import { ensureOfflineSession } from "./demo-session.server";

export interface DemoSummary {
  shop: string;
  products: number;
  orders: number;
  recommendations: number;
}

export async function prepareDemo(): Promise<DemoSummary> {
  const config = appConfig();
  await ensureOfflineSession(sessionStorage, DEMO_SHOP, config.scopes);
  await db.shop.upsert({
    where: { domain: DEMO_SHOP },
    create: { domain: DEMO_SHOP, name: "Pairwise Demo Outfitters", scopes: config.scopes.join(","), allOrdersAccess: true },
    update: {},
  });
  const [products, orders, recommendations] = await Promise.all([
    db.product.count({ where: { shop: DEMO_SHOP } }),
    db.order.count({ where: { shop: DEMO_SHOP } }),
    db.recommendation.count({ where: { shop: DEMO_SHOP } }),
  ]);
  return { shop: DEMO_SHOP, products, orders, recommendations };
}
