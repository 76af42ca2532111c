// The preview storefront's Express routes (local demo only, mounted by mountDemoRoutes):
//   /storefront, /storefront/products/:handle, /storefront/cart, checkout, post-purchase and thank-you pages,
//   the emulated Ajax Cart API (/cart.js, /cart/add.js, /cart/change.js, /cart/update.js,
//   /cart/clear.js), Shopify's own paths redirected into the preview (/products/:handle, /cart),
//   the extension's assets and the demo product images.
import { gzipSync } from "node:zlib";
import { storefrontLocale } from "./locale.server";
import { themeText } from "./theme-text";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import db from "../../db.server";
import { appConfig, DEMO_SHOP } from "../../lib/config.server";
import { storefrontFacts } from "../../services/storefront/storefront-facts.server";
import { CATALOG, DEPARTMENTS, type Department } from "../catalog";
import {
  addItems,
  cartJson,
  CartError,
  changeLine,
  clearCart,
  getCart,
  lineJson,
  resetCart,
  updateCart,
  type AddItem,
  type CartState,
} from "./cart.server";
import { extensionAsset } from "./blocks.server";
import { storeCatalog, type StoreCatalog } from "./catalog.server";
import { afterPaymentUrl, checkoutTotals, placeOrder } from "./checkout.server";
import { applyCheckoutDiscounts } from "./checkout-totals.server";
import { checkoutFrame, checkoutHostScript, mintDemoCheckoutToken, thankYouFrame } from "./checkout-extension.server";
import { mountPostPurchase } from "./post-purchase.server";
import { departmentSvg, productSvg } from "./images.server";
import {
  cartPage,
  checkoutPage,
  checkoutSummary,
  homePage,
  notFoundPage,
  productPage,
  thankYouPage,
  type DemoCustomerChoice,
  type PageChrome,
  type PlacedOrder,
} from "./pages.server";

export const CART_COOKIE = "cart";
export const DEMO_CUSTOMER_COOKIE = "pairwise_demo_customer";

function cookie(req: Request, name: string): string | null {
  const match = (req.headers.cookie ?? "").split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

function cartOf(req: Request, res: Response): CartState {
  const token = cookie(req, CART_COOKIE);
  const cart = getCart(token);
  if (cart.token !== token)
    res.cookie(CART_COOKIE, cart.token, { path: "/", sameSite: "lax", maxAge: 14 * 86_400_000 });
  return cart;
}

const wrap =
  (fn: (req: Request, res: Response) => Promise<unknown>) => (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch((error: unknown) => {
      if (error instanceof CartError) res.status(error.status).json(error.body());
      else next(error);
    });
  };

/**
 * A few returning customers for the preview's switcher, each owning a product that the shop
 * offers with another one (its "anchor" page), so switching shows "don't offer what they already
 * own". Products the shop's customers re-buy (replenishment) are offered again on purpose, so the
 * owned product is one the mined data does not see re-bought. Key products of the catalog first.
 */
const SHOWCASE_CUSTOMERS = 3;

async function loadCustomers(catalog: StoreCatalog): Promise<DemoCustomerChoice[]> {
  const replenished = new Set(
    (
      await db.recommendation.findMany({
        where: { shop: DEMO_SHOP, kind: "sequential", source: "replenishment" },
        select: { productId: true },
      })
    ).map((r) => r.productId),
  );
  const pairs = await db.recommendation.findMany({
    where: { shop: DEMO_SHOP, kind: "cross_sell", rank: { lte: 2 }, recommendedProductId: { notIn: [...replenished] } },
    select: { productId: true, recommendedProductId: true },
    orderBy: [{ productId: "asc" }, { rank: "asc" }],
    take: 60,
  });
  // one pass: which returning customers (fewest orders first) own each candidate product
  const candidates = [...new Set(pairs.map((p) => p.recommendedProductId))];
  const [lines, customers] = await Promise.all([
    db.orderLine.findMany({
      where: {
        shop: DEMO_SHOP,
        productId: { in: candidates },
        order: { customerId: { not: null }, cancelledAt: null },
      },
      select: { productId: true, order: { select: { customerId: true } } },
      take: 50_000,
    }),
    db.customer.findMany({
      where: { shop: DEMO_SHOP, ordersCount: { gte: 1, lte: 3 }, redactedAt: null },
      select: { shopifyId: true, ordersCount: true },
    }),
  ]);
  const ordersOf = new Map(customers.map((c) => [c.shopifyId, c.ordersCount]));
  const owners = new Map<string, string[]>();
  for (const l of lines) {
    const c = l.order.customerId!;
    if (!ordersOf.has(c)) continue;
    const list = owners.get(l.productId!) ?? [];
    list.push(c);
    owners.set(l.productId!, list);
  }
  const chosen: DemoCustomerChoice[] = [];
  const usedAnchors = new Set<string>();
  for (const pair of pairs) {
    if (chosen.length >= SHOWCASE_CUSTOMERS) break;
    const anchor = catalog.products.find((p) => p.id === pair.productId);
    const product = catalog.products.find((p) => p.id === pair.recommendedProductId);
    if (!anchor || !product || usedAnchors.has(anchor.id)) continue;
    const id = (owners.get(product.id) ?? [])
      .filter((c) => !chosen.some((x) => x.id === c))
      .sort((a, b) => ordersOf.get(a)! - ordersOf.get(b)! || a.localeCompare(b))[0];
    if (!id) continue;
    const bought = await db.orderLine.findMany({
      where: { shop: DEMO_SHOP, order: { customerId: id }, productId: { not: null } },
      select: { productId: true },
      take: 50,
    });
    const owned = [product.id, ...bought.map((l) => l.productId!)].filter((x, i, all) => all.indexOf(x) === i);
    const count = ordersOf.get(id)!;
    usedAnchors.add(anchor.id);
    chosen.push({
      id,
      label: `Customer …${id.slice(-4)} · ${count} ${count === 1 ? "order" : "orders"}`,
      owns: owned.flatMap((x) => catalog.products.find((p) => p.id === x)?.title ?? []).slice(0, 3),
      anchor: anchor.handle,
    });
  }
  return chosen;
}

let customersCache: Promise<DemoCustomerChoice[]> | null = null;

function demoCustomers(catalog: StoreCatalog): Promise<DemoCustomerChoice[]> {
  customersCache ??= loadCustomers(catalog).catch(() => {
    customersCache = null;
    return [];
  });
  return customersCache;
}

async function chrome(req: Request, res: Response, shopCatalog: StoreCatalog): Promise<PageChrome> {
  const locale = storefrontLocale(req, res);
  // Prices follow the shop's money format in every storefront language, as Liquid's `money` filter
  // and the widget (which reads the same format from the app proxy's answer) write them.
  const catalog = shopCatalog;
  const cart = cartJson(cartOf(req, res), catalog);
  return {
    locale,
    catalog,
    cartCount: cart.item_count,
    customers: await demoCustomers(catalog),
    customerId: cookie(req, DEMO_CUSTOMER_COOKIE),
    path: req.originalUrl,
    // ?pairwise=off: the same page as a shop without the app (no blocks, no embed, no assets)
    pairwise: req.query.pairwise !== "off",
    shopDomain: DEMO_SHOP,
    // the blocks read what the app writes into its app-data metafields, as in a real shop (where a
    // change reaches them once written: the page never waits for the facts of a reloaded snapshot)
    facts: await storefrontFacts(DEMO_SHOP, { stale: true }).catch(() => null),
  };
}

/**
 * Sends a page or an asset compressed, as Shopify serves storefront pages and theme assets (a
 * page's size on the wire decides its download time in Lighthouse's throttled model).
 */
const compressed = (res: Response, body: string): Response =>
  res.req.acceptsEncodings("gzip")
    ? res.set({ "Content-Encoding": "gzip", Vary: "Accept-Encoding" }).send(gzipSync(body))
    : res.send(body);

const html = (res: Response, body: string, status = 200) =>
  compressed(res.status(status).type("html").set("Cache-Control", "no-store"), body);

/** Orders placed in this preview, for the thank-you page (newest 200). */
const placed = new Map<string, PlacedOrder>();

const PRODUCT_BY_HANDLE = new Map(CATALOG.map((t) => [t.handle, t]));

export function mountStorefront(app: Express): void {
  const json = express.json({ limit: "100kb" });
  const form = express.urlencoded({ extended: true, limit: "100kb" });
  const body = [json, form];

  app.get("/demo-images/:file", (req, res, next) => {
    const m = /^([\w-]+)\.svg$/.exec(req.params.file);
    const product = m ? PRODUCT_BY_HANDLE.get(m[1]) : undefined;
    if (!m || (!product && !DEPARTMENTS.includes(m[1] as Department))) return next();
    res
      .type("image/svg+xml")
      .set("Cache-Control", "public, max-age=3600")
      .send(product ? productSvg(product) : departmentSvg(m[1] as Department));
  });
  app.get("/storefront/assets/:file", (req, res, next) => {
    const file = req.params.file;
    const body = extensionAsset(file);
    if (body === null) return next();
    compressed(res.type(file.endsWith(".js") ? "text/javascript" : "text/css").set("Cache-Control", "no-cache"), body);
  });

  // --- Ajax Cart API -------------------------------------------------------------------------
  app.get(
    ["/cart.js", "/cart.json"],
    wrap(async (req, res) => res.json(cartJson(cartOf(req, res), await storeCatalog()))),
  );
  app.post(
    "/cart/add.js",
    body,
    wrap(async (req, res) => {
      const catalog = await storeCatalog();
      const cart = cartOf(req, res);
      const b = (req.body ?? {}) as { items?: AddItem[] } & AddItem;
      const single = !Array.isArray(b.items);
      const lines = addItems(cart, catalog, single ? [b] : b.items!);
      const items = lines.map((l) => lineJson(l, catalog));
      res.json(single ? items[0] : { items });
    }),
  );
  app.post(
    "/cart/change.js",
    body,
    wrap(async (req, res) => {
      const cart = cartOf(req, res);
      changeLine(cart, (req.body ?? {}) as Parameters<typeof changeLine>[1]);
      res.json(cartJson(cart, await storeCatalog()));
    }),
  );
  app.post(
    "/cart/update.js",
    body,
    wrap(async (req, res) => {
      const cart = cartOf(req, res);
      updateCart(cart, (req.body ?? {}) as Parameters<typeof updateCart>[1]);
      res.json(cartJson(cart, await storeCatalog()));
    }),
  );
  app.post(
    "/cart/clear.js",
    wrap(async (req, res) => {
      const cart = cartOf(req, res);
      clearCart(cart);
      res.json(cartJson(cart, await storeCatalog()));
    }),
  );
  // the product form without JavaScript, and Shopify's storefront paths
  app.post(
    "/cart/add",
    body,
    wrap(async (req, res) => {
      const b = (req.body ?? {}) as AddItem;
      addItems(cartOf(req, res), await storeCatalog(), [b]);
      res.redirect(303, "/storefront/cart");
    }),
  );
  app.get("/cart", (_req, res) => res.redirect("/storefront/cart"));
  app.get("/products/:handle", (req, res) => {
    const q = req.originalUrl.indexOf("?");
    res.redirect(
      `/storefront/products/${encodeURIComponent(req.params.handle)}${q >= 0 ? req.originalUrl.slice(q) : ""}`,
    );
  });

  // --- Pages ---------------------------------------------------------------------------------
  app.get(
    "/storefront",
    wrap(async (req, res) => {
      const catalog = await storeCatalog();
      const d =
        typeof req.query.department === "string" && DEPARTMENTS.includes(req.query.department as Department)
          ? (req.query.department as Department)
          : null;
      html(res, homePage(await chrome(req, res, catalog), d));
    }),
  );
  app.get(
    "/storefront/products/:handle",
    wrap(async (req, res) => {
      const catalog = await storeCatalog();
      const product = catalog.byHandle.get(req.params.handle);
      const page = await chrome(req, res, catalog);
      if (!product) return html(res, notFoundPage(page), 404);
      html(res, productPage(page, product, typeof req.query.variant === "string" ? req.query.variant : null));
    }),
  );
  app.get(
    "/storefront/cart",
    wrap(async (req, res) => {
      const catalog = await storeCatalog();
      html(res, cartPage(await chrome(req, res, catalog), cartJson(cartOf(req, res), catalog)));
    }),
  );
  app.post(
    "/storefront/cart/change",
    form,
    wrap(async (req, res) => {
      try {
        changeLine(cartOf(req, res), (req.body ?? {}) as Parameters<typeof changeLine>[1]);
      } catch (error) {
        if (!(error instanceof CartError)) throw error;
      }
      res.redirect(303, "/storefront/cart");
    }),
  );
  // --- Checkout: the checkout extension's real bundle in a stand-in host ----------------------
  app.get("/storefront/checkout-host.js", (_req, res, next) => {
    const code = checkoutHostScript();
    if (!code) return next();
    res.type("text/javascript").set("Cache-Control", "no-cache").send(code);
  });
  app.post(
    "/storefront/checkout/session-token",
    wrap(async (req, res) => {
      res
        .type("text/plain")
        .set("Cache-Control", "no-store")
        .send(await mintDemoCheckoutToken(cookie(req, DEMO_CUSTOMER_COOKIE)));
    }),
  );
  app.get(
    "/storefront/checkout",
    wrap(async (req, res) => {
      const catalog = await storeCatalog();
      const cart = await applyCheckoutDiscounts(cartJson(cartOf(req, res), catalog));
      if (!cart.items.length) return res.redirect(303, "/storefront/cart");
      html(
        res,
        checkoutPage(
          await chrome(req, res, catalog),
          cart,
          checkoutTotals(cart),
          checkoutFrame(cart, `${req.protocol}://${req.get("host")}`, storefrontLocale(req)),
        ),
      );
    }),
  );
  app.get(
    "/storefront/checkout/summary",
    wrap(async (req, res) => {
      const catalog = await storeCatalog();
      const cart = await applyCheckoutDiscounts(cartJson(cartOf(req, res), catalog));
      html(
        res,
        checkoutSummary(cart, checkoutTotals(cart), catalog.shop.moneyFormat, themeText(storefrontLocale(req))),
      );
    }),
  );
  app.post(
    "/storefront/checkout",
    wrap(async (req, res) => {
      const catalog = await storeCatalog();
      const state = cartOf(req, res);
      const cart = await applyCheckoutDiscounts(cartJson(state, catalog));
      if (!cart.items.length) return res.redirect(303, "/storefront/cart");
      const order = await placeOrder(cart, {
        origin: `${req.protocol}://${req.get("host")}`,
        secret: appConfig().apiSecret,
        customerId: cookie(req, DEMO_CUSTOMER_COOKIE),
      });
      resetCart(state);
      const key = order.name.replace(/\D/g, "");
      placed.set(key, order);
      if (placed.size > 200) placed.delete(placed.keys().next().value!);
      res.redirect(303, afterPaymentUrl(order.id));
    }),
  );
  app.get(
    "/storefront/thank-you/:order",
    wrap(async (req, res) => {
      const catalog = await storeCatalog();
      const order = placed.get(req.params.order);
      const page = await chrome(req, res, catalog);
      if (!order) return html(res, notFoundPage(page), 404);
      html(
        res,
        thankYouPage(
          page,
          order,
          thankYouFrame(order, `${req.protocol}://${req.get("host")}`, catalog.shop.currency, storefrontLocale(req)),
        ),
      );
    }),
  );
  app.post(
    "/storefront/customer",
    form,
    wrap(async (req, res) => {
      const b = (req.body ?? {}) as { customer?: string; back?: string };
      const customers = await demoCustomers(await storeCatalog());
      const chosen = customers.find((c) => c.id === b.customer);
      if (chosen) res.cookie(DEMO_CUSTOMER_COOKIE, chosen.id, { path: "/", sameSite: "lax" });
      else res.clearCookie(DEMO_CUSTOMER_COOKIE, { path: "/" });
      const back = typeof b.back === "string" && /^\/storefront(\/|\?|$)/.test(b.back) ? b.back : "/storefront";
      res.redirect(303, back);
    }),
  );
  mountPostPurchase(app, placed);
  app.get(
    "/storefront/*",
    wrap(async (req, res) => html(res, notFoundPage(await chrome(req, res, await storeCatalog())), 404)),
  );
}
