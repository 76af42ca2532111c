// The local demo's stand-ins for Shopify, mounted in front of Remix only when PAIRWISE_DEMO=1
// (app/lib/config.server.ts refuses that with NODE_ENV=production). They play Shopify's part and
// nothing else: the app's own routes authenticate every request exactly as in production.
//  - Admin: App Bridge would hand each request a session token from Shopify admin; here a token
//    signed with the demo secret is attached to every /app request, and the library validates it
//    and loads the demo shop's offline session from storage. Because the token is attached to any
//    request that reaches /app, a page on another site could otherwise post a form to the demo
//    admin (create an offer, change settings): state-changing requests from another origin are
//    refused before anything is signed (crossOrigin below). The storefront's checkout likewise.
//  - Storefront: Shopify's app proxy forwards /apps/pairwise/* to the app's /proxy/* with a signed
//    query; here the same signature is computed with the demo secret.
//  - The online store itself: a Dawn-like preview (/storefront) with the theme app extension's
//    blocks, Shopify's Ajax Cart API and a checkout that sends the signed orders/create webhook
//    (app/demo/storefront/).
import type { Express, NextFunction, Request, Response } from "express";
import { signAppProxyParams } from "./app-proxy-signature.server";
import { appConfig, DEMO_SHOP } from "../lib/config.server";
import { mintSessionToken } from "./session-token.server";
import { DEMO_CUSTOMER_COOKIE, mountStorefront } from "./storefront/routes.server";

export { DEMO_CUSTOMER_COOKIE };

function cookie(req: Request, name: string): string | null {
  const match = (req.headers.cookie ?? "").split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a state-changing request comes from a page of another site. Browsers send
 * Sec-Fetch-Site on every request (same-origin | same-site | cross-site | none) and Origin on every
 * POST; a request with neither is not from a browser page (curl, a test), which no other site can
 * make on a visitor's behalf.
 */
export function crossOrigin(req: Pick<Request, "method" | "headers" | "protocol" | "get">): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  const site = req.headers["sec-fetch-site"];
  if (typeof site === "string" && site !== "same-origin" && site !== "none") return true;
  const origin = req.headers.origin;
  if (typeof origin !== "string") return false;
  return origin !== `${req.protocol}://${req.get("host")}`;
}

const ADMIN_PATH = /^\/app(\/|$)/;
const STOREFRONT_WRITES = /^\/(storefront|cart)(\/|$)/;

export function mountDemoRoutes(app: Express, extra?: (app: Express) => void): void {
  const config = appConfig();
  if (!config.demo) throw new Error("mountDemoRoutes is for the local demo only");

  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((ADMIN_PATH.test(req.path) || STOREFRONT_WRITES.test(req.path)) && crossOrigin(req)) {
      res.status(403).type("text/plain").send("Refused: a request to the demo shop from another site.");
      return;
    }
    next();
  });
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (ADMIN_PATH.test(req.path)) {
        const token = await mintSessionToken({ shop: DEMO_SHOP, apiKey: config.apiKey, apiSecret: config.apiSecret });
        req.headers.authorization = `Bearer ${token}`;
      } else if (req.path.startsWith("/apps/pairwise/")) {
        const query = new URL(req.originalUrl, "http://demo.local").searchParams;
        const signed = signAppProxyParams(query, {
          shop: DEMO_SHOP,
          secret: config.apiSecret,
          loggedInCustomerId: cookie(req, DEMO_CUSTOMER_COOKIE),
        });
        const url = `/proxy/${req.path.slice("/apps/pairwise/".length)}?${signed.toString()}`;
        // the answer depends on the logged-in customer (the preview's switcher): the browser
        // must not serve one customer's cached offers to another
        res.setHeader("Vary", "Cookie");
        // Shopify's app proxy tells the app the shopper's address in X-Forwarded-For.
        req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
        req.url = url;
        req.originalUrl = url;
      }
      next();
    } catch (error) {
      next(error);
    }
  });
  app.get("/", (_req, res) => res.redirect("/app"));
  mountStorefront(app);
  extra?.(app);
}
