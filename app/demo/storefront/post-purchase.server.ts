// The preview's post-purchase page, between the checkout and the thank-you page:
//   GET  /storefront/post-purchase/:orderId            the page (a stand-in of Shopify's), running the
//                                                      extension's real built bundle in a small host
//   POST /storefront/post-purchase/:orderId/calculate  calculateChangeset, as Shopify answers it
//   POST /storefront/post-purchase/:orderId/apply      applyChangeset: verifies the app's changeset JWT
//                                                      as Shopify does, adds the line to the order and
//                                                      sends the signed orders/updated webhook
// The extension talks to the app's real /api/post-purchase/* endpoints with an input token signed
// with the demo secret, exactly as it would with Shopify's.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { jwtVerify, SignJWT } from "jose";
import db from "../../db.server";
import { appConfig, DEMO_SHOP } from "../../lib/config.server";
import { demoCheckoutToken, sendWebhook } from "./checkout.server";
import type { PlacedOrder } from "./pages.server";

export const POST_PURCHASE_BUNDLE = resolve("extensions/pairwise-post-purchase/dist/pairwise-post-purchase.js");
/** The page's stand-in host (app/demo/storefront/post-purchase-host.ts), built by npm run build. */
const HOST_SCRIPT = resolve(process.env.PAIRWISE_BUILD_DIR ?? "build", "demo/post-purchase-host.js");

const cents = (n: number) => (n / 100).toFixed(2);
const moneyBag = (amount: number, currency: string) => ({
  shopMoney: { amount: cents(amount), currencyCode: currency },
  presentmentMoney: { amount: cents(amount), currencyCode: currency },
});
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type StoredOrder = NonNullable<Awaited<ReturnType<typeof loadOrder>>>;

function loadOrder(orderId: string) {
  if (!/^\d{1,20}$/.test(orderId)) return Promise.resolve(null);
  return db.order.findUnique({
    where: { shop_shopifyId: { shop: DEMO_SHOP, shopifyId: orderId } },
    include: { lines: { orderBy: { id: "asc" } } },
  });
}

const thankYouUrl = (order: StoredOrder) => `/storefront/thank-you/${order.name.replace(/\D/g, "")}`;

/** The input data Shopify gives both extension points, with its token signed like Shopify's (HS256, the app secret). */
async function inputData(order: StoredOrder, secret: string) {
  const referenceId = demoCheckoutToken(order.shopifyId);
  const data = {
    extensionPoint: "Checkout::PostPurchase::ShouldRender",
    initialPurchase: {
      referenceId,
      ...(order.customerId ? { customerId: Number(order.customerId) } : {}),
      destinationCountryCode: "US",
      totalPriceSet: moneyBag(order.totalPrice, order.currency),
      lineItems: order.lines
        .filter((l) => l.productId && l.variantId)
        .map((l) => ({
          product: {
            id: Number(l.productId),
            title: l.title,
            variant: { id: Number(l.variantId), title: "", metafields: [] },
            metafields: [],
          },
          quantity: l.quantity,
          totalPriceSet: moneyBag(l.price * l.quantity - l.discount, order.currency),
        })),
    },
    locale: "en",
    shop: { id: 1, domain: DEMO_SHOP, metafields: [] },
    version: "unstable",
  };
  const token = await new SignJWT({ input_data: data })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("shopify")
    .setSubject(referenceId)
    .setIssuedAt()
    .sign(new TextEncoder().encode(secret));
  return { ...data, token };
}

/** The order as Shopify's REST webhook payload, from what the app stored, with `extra` lines appended. */
function orderWebhookPayload(
  order: StoredOrder,
  extra: {
    id: number;
    productId: string;
    variantId: string;
    title: string;
    quantity: number;
    price: number;
    discount: number;
  }[],
  now: Date,
) {
  const lines = [
    ...order.lines.map((l) => ({
      id: Number(l.shopifyId),
      product_id: l.productId ? Number(l.productId) : null,
      variant_id: l.variantId ? Number(l.variantId) : null,
      title: l.title,
      name: l.title,
      sku: l.sku,
      quantity: l.quantity,
      current_quantity: l.quantity,
      price: cents(l.price),
      total_discount: cents(l.discount),
      discount_allocations: l.discount ? [{ amount: cents(l.discount) }] : [],
      properties: l.offerId ? [{ name: "_pairwise", value: l.offerId }] : [],
    })),
    ...extra.map((l) => ({
      id: l.id,
      product_id: Number(l.productId),
      variant_id: Number(l.variantId),
      title: l.title,
      name: l.title,
      sku: null,
      quantity: l.quantity,
      current_quantity: l.quantity,
      price: cents(l.price),
      total_discount: cents(l.discount),
      discount_allocations: l.discount ? [{ amount: cents(l.discount) }] : [],
      properties: [],
    })),
  ];
  const added = extra.reduce((s, l) => s + l.price * l.quantity - l.discount, 0);
  return {
    id: Number(order.shopifyId),
    admin_graphql_api_id: `gid://shopify/Order/${order.shopifyId}`,
    checkout_token: demoCheckoutToken(order.shopifyId),
    name: order.name,
    created_at: order.createdAt.toISOString(),
    updated_at: now.toISOString(),
    cancelled_at: null,
    currency: order.currency,
    financial_status: "paid",
    subtotal_price: cents(order.subtotal + added),
    total_discounts: cents(order.totalDiscounts + extra.reduce((s, l) => s + l.discount, 0)),
    total_price: cents(order.totalPrice + added),
    note_attributes: order.visitorId ? [{ name: "_pairwise_visitor", value: order.visitorId }] : [],
    customer: order.customerId ? { id: Number(order.customerId) } : null,
    line_items: lines,
    refunds: [],
  };
}

interface AddVariant {
  type: "add_variant";
  variantId: number;
  quantity: number;
  discount?: { value: number; valueType: "percentage" | "fixed_amount"; title?: string };
}

/** Unit price and the line's discount for an add_variant change (a fixed amount is per unit, as the extension shows it). */
async function pricedChange(change: AddVariant) {
  const variant = await db.variant.findUnique({
    where: { shop_shopifyId: { shop: DEMO_SHOP, shopifyId: String(change.variantId) } },
    include: { product: true },
  });
  if (!variant) return null;
  const gross = variant.price * change.quantity;
  const d = change.discount;
  const discount = !d
    ? 0
    : d.valueType === "percentage"
      ? Math.round((gross * Math.min(100, d.value)) / 100)
      : Math.min(gross, Math.round(d.value * 100) * change.quantity);
  return { variant, gross, discount, net: gross - discount };
}

const isAddVariant = (c: unknown): c is AddVariant =>
  !!c &&
  typeof c === "object" &&
  (c as AddVariant).type === "add_variant" &&
  Number.isInteger((c as AddVariant).variantId) &&
  Number.isInteger((c as AddVariant).quantity) &&
  (c as AddVariant).quantity > 0;

const unprocessed = (code: string, message: string) => ({
  status: "unprocessed",
  errors: [{ code, message }],
  changesetApplicationsRemaining: 0,
});

/** Changesets already applied (jti): Shopify applies each once. */
const appliedJtis = new Set<string>();
let hostScript: string | null = null;

export function mountPostPurchase(app: Express, placed: Map<string, PlacedOrder>): void {
  const json = express.json({ limit: "16kb" });
  const wrap =
    (fn: (req: Request, res: Response) => Promise<unknown>) => (req: Request, res: Response, next: NextFunction) => {
      fn(req, res).catch(next);
    };

  app.get("/storefront/post-purchase-assets/extension.js", (_req, res) => {
    if (!existsSync(POST_PURCHASE_BUNDLE))
      return res
        .status(404)
        .type("text/plain")
        .send("Run npm run build first: the post-purchase extension is not built.");
    res.type("text/javascript").set("Cache-Control", "no-cache").send(readFileSync(POST_PURCHASE_BUNDLE, "utf8"));
  });
  app.get("/storefront/post-purchase-assets/host.js", (_req, res) => {
    if (!existsSync(HOST_SCRIPT))
      return res.status(404).type("text/plain").send("Run npm run build first: the post-purchase host is not built.");
    res
      .type("text/javascript")
      .set("Cache-Control", "no-cache")
      .send((hostScript ??= readFileSync(HOST_SCRIPT, "utf8")));
  });

  app.get(
    "/storefront/post-purchase/:order",
    wrap(async (req, res) => {
      const order = await loadOrder(req.params.order);
      if (!order)
        return res
          .status(404)
          .type("html")
          .send(
            `<!doctype html><title>Not found</title><p>No such order. <a href="/storefront">Continue shopping</a></p>`,
          );
      const base = `/storefront/post-purchase/${order.shopifyId}`;
      const config = {
        inputData: await inputData(order, appConfig().apiSecret),
        bundleUrl: "/storefront/post-purchase-assets/extension.js",
        calculateUrl: `${base}/calculate`,
        applyUrl: `${base}/apply`,
        doneUrl: thankYouUrl(order),
      };
      res
        .type("html")
        .set("Cache-Control", "no-store")
        .send(postPurchasePage(order.name, JSON.stringify(config).replace(/</g, "\\u003c")));
    }),
  );

  app.post(
    "/storefront/post-purchase/:order/calculate",
    json,
    wrap(async (req, res) => {
      const order = await loadOrder(req.params.order);
      const changes = (req.body as { changeset?: { changes?: unknown[] } })?.changeset?.changes;
      if (!order || !Array.isArray(changes) || !changes.every(isAddVariant))
        return res.json(unprocessed("invalid_request", "unsupported changeset"));
      let added = 0;
      for (const c of changes) {
        const priced = await pricedChange(c);
        if (!priced) return res.json(unprocessed("invalid_request", "unknown variant"));
        added += priced.net;
      }
      res.json({
        status: "processed",
        errors: [],
        calculatedPurchase: {
          subtotalPriceSet: moneyBag(order.subtotal + added, order.currency),
          totalPriceSet: moneyBag(order.totalPrice + added, order.currency),
          addedTaxLines: [],
          updatedLineItems: [],
          addedShippingLines: [],
          totalOutstandingSet: moneyBag(added, order.currency),
        },
      });
    }),
  );

  app.post(
    "/storefront/post-purchase/:order/apply",
    json,
    wrap(async (req, res) => {
      const config = appConfig();
      const order = await loadOrder(req.params.order);
      const token = (req.body as { token?: unknown })?.token;
      if (!order || typeof token !== "string") return res.json(unprocessed("invalid_request", "no changeset token"));
      // What Shopify checks: HS256 with the app secret, issued by this app, for this purchase, once.
      let claims: { jti?: string; iat?: number; changes?: unknown };
      try {
        claims = (
          await jwtVerify(token, new TextEncoder().encode(config.apiSecret), {
            algorithms: ["HS256"],
            issuer: config.apiKey,
            subject: demoCheckoutToken(order.shopifyId),
          })
        ).payload as typeof claims;
      } catch {
        return res.json(unprocessed("invalid_request", "the changeset signature is not valid"));
      }
      if (!claims.jti || typeof claims.iat !== "number")
        return res.json(unprocessed("invalid_request", "jti and iat are required"));
      if (claims.iat * 1000 < order.createdAt.getTime() - 1000)
        return res.json(unprocessed("invalid_request", "changeset signed before the purchase"));
      if (appliedJtis.has(claims.jti))
        return res.json(unprocessed("changeset_already_applied", "this changeset was already applied"));
      const changes = Array.isArray(claims.changes) ? claims.changes : [];
      if (changes.length === 0 || !changes.every(isAddVariant))
        return res.json(unprocessed("invalid_request", "unsupported changeset"));
      const extra = [];
      for (const c of changes) {
        const priced = await pricedChange(c);
        if (!priced) return res.json(unprocessed("invalid_request", "unknown variant"));
        extra.push({
          id: Date.now() * 1000 + extra.length,
          productId: priced.variant.product.shopifyId,
          variantId: priced.variant.shopifyId,
          title: priced.variant.product.title,
          quantity: c.quantity,
          price: priced.variant.price,
          discount: priced.discount,
        });
      }
      appliedJtis.add(claims.jti);
      const now = new Date();
      const body = JSON.stringify(orderWebhookPayload(order, extra, now));
      const sent = await sendWebhook(
        `${req.protocol}://${req.get("host")}`,
        "orders/updated",
        body,
        config.apiSecret,
        now,
      );
      if (!sent.ok) return res.json(unprocessed("server_error", `the app answered orders/updated with ${sent.status}`));
      const shown = placed.get(order.name.replace(/\D/g, ""));
      if (shown) {
        for (const l of extra)
          shown.lines.push({
            title: l.title,
            quantity: l.quantity,
            linePrice: l.price * l.quantity - l.discount,
            offered: true,
            productId: String(l.productId),
            variantId: String(l.variantId),
            price: l.price,
          });
        shown.total += extra.reduce((s, l) => s + l.price * l.quantity - l.discount, 0);
      }
      res.json({ status: "processed", errors: [], changesetApplicationsRemaining: 1 });
    }),
  );
}

function postPurchasePage(orderName: string, config: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Order ${esc(orderName)} – one more thing</title>
<style>
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fafafa}
header{background:#fff;border-bottom:1px solid #e3e3e3;padding:14px 24px;display:flex;justify-content:space-between;align-items:center}
header strong{font-size:18px}.pp-note{color:#6d7175;font-size:13px}
main{max-width:980px;margin:32px auto;padding:0 20px}
#pp-root:empty::before{content:"Loading your offer…";color:#6d7175}
.pp-callout{background:#f0f5ff;border:1px solid #c9dcff;border-radius:8px;padding:14px 18px;margin-bottom:20px;text-align:center}
.pp-callout h2{margin:0 0 4px;font-size:20px}
.pp-layout{display:grid;grid-template-columns:minmax(0,1fr) 24px minmax(0,340px);align-items:start}
@media (max-width:720px){.pp-layout{grid-template-columns:1fr}}
.pp-image{width:100%;max-width:520px;border-radius:8px;background:#fff;border:1px solid #e3e3e3}
.pp-block-stack{display:flex;flex-direction:column;gap:10px}.pp-spacing-tight{gap:6px}.pp-spacing-loose{gap:18px}
.pp-heading{margin:0;font-size:24px;line-height:1.2}
.pp-text-block{margin:0}.pp-subdued{color:#6d7175}.pp-emphasized{font-weight:600}.pp-success{color:#007f5f}.pp-critical{color:#d72c0d}
.pp-size-large{font-size:22px}.pp-size-small{font-size:13px}
.pp-select{display:flex;flex-direction:column;gap:4px;font-size:13px;color:#6d7175}
.pp-select select{font:inherit;font-size:15px;padding:10px;border:1px solid #c9cccf;border-radius:6px;color:#1a1a1a;background:#fff}
hr{border:0;border-top:1px solid #e3e3e3;width:100%;margin:4px 0}
.pp-button{font:inherit;font-weight:600;padding:14px;border-radius:6px;border:0;background:#1773b0;color:#fff;cursor:pointer}
.pp-button[disabled]{opacity:.6;cursor:default}.pp-button[aria-busy=true]::after{content:" …"}
.pp-button-subdued{background:transparent;color:#1773b0;border:1px solid #c9cccf}
</style></head><body>
<header><strong>Pairwise Demo Outfitters</strong><span class="pp-note">Order ${esc(orderName)} is confirmed · Preview of Shopify's post-purchase page</span></header>
<main><div id="pp-root" aria-live="polite"></div></main>
<script type="application/json" id="pp-config">${config}</script>
<script src="/storefront/post-purchase-assets/host.js" defer></script>
</body></html>`;
}
