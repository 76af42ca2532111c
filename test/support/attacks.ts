// Attacks on the app's figures, replayable against the route modules in-process or against a
// running server over HTTP, so that the integration suite and the fault runs replay the same thing.
//
// The event flood, as first reproduced against the demo: load one product page, take an offered
// item's tracking token from /proxy/offers, then POST 200 batches of 50 `add` events to
// /proxy/events, each batch under a new visitor id. Before hardening, all 10 000 were accepted and
// the offer's acceptance rate went from 1.5 % to 60 %.
import { randomUUID } from "node:crypto";
import { readJsonBody } from "./routes";
import { appProxyRequest, routeArgs, TEST_API_SECRET } from "./shopify";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface ProxyAnswer {
  status: number;
  body: Json;
}

/** The two storefront endpoints as an attacker reaches them: through Shopify's app proxy. */
export interface Storefront {
  offers(query: Record<string, string>): Promise<ProxyAnswer>;
  events(body: string): Promise<ProxyAnswer>;
}

export interface StorefrontOptions {
  shop: string;
  /** the app secret the app proxy signs with (the tests' by default) */
  secret?: string;
  /** the client address Shopify's app proxy reports in X-Forwarded-For */
  address?: string;
}

async function answer(response: Response): Promise<ProxyAnswer> {
  return { status: response.status, body: await readJsonBody(response) };
}

function signed(path: string, o: StorefrontOptions, init: { query?: Record<string, string>; body?: string }): Request {
  const request = appProxyRequest(path, {
    shop: o.shop,
    secret: o.secret ?? TEST_API_SECRET,
    query: init.query,
    body: init.body,
  });
  const headers = new Headers(request.headers);
  headers.set("X-Forwarded-For", o.address ?? "203.0.113.66");
  return new Request(request.url, { method: request.method, headers, body: init.body });
}

/** Calls the real route modules (loader of proxy.offers, action of proxy.events) in this process. */
export function routeStorefront(o: StorefrontOptions): Storefront {
  const run = async (fn: () => Promise<Response>) => {
    try {
      return await answer(await fn());
    } catch (thrown) {
      if (thrown instanceof Response) return answer(thrown);
      return { status: 500, body: { error: String(thrown) } };
    }
  };
  return {
    offers: async (query) => {
      const { loader } = await import("../../app/routes/proxy.offers");
      return run(() => loader(routeArgs(signed("/proxy/offers", o, { query }))));
    },
    events: async (body) => {
      const { action } = await import("../../app/routes/proxy.events");
      return run(() => action(routeArgs(signed("/proxy/events", o, { body }))));
    },
  };
}

/** Sends the same signed requests to a running server (`npm start` or the demo) at `baseUrl`. */
export function httpStorefront(baseUrl: string, o: StorefrontOptions): Storefront {
  const send = async (request: Request) => {
    const url = new URL(request.url);
    const response = await fetch(`${baseUrl}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body: request.method === "GET" ? undefined : await request.text(),
    });
    return answer(response);
  };
  return {
    offers: (query) => send(signed("/proxy/offers", o, { query })),
    events: (body) => send(signed("/proxy/events", o, { body })),
  };
}

export interface EventFloodOptions {
  /** the product page the attacker loads */
  productId: string;
  /** the visitor id the attacker presents when taking the token */
  visitorId?: string;
  batches?: number;
  perBatch?: number;
  type?: "impression" | "click" | "add" | "decline";
  /** a new visitor id for every batch (the reproduced attack), or always the token's visitor */
  rotateVisitor?: boolean;
}

export interface AttackReport {
  /** the offer whose item's token was replayed (null: automatic recommendations) */
  offerId: string | null;
  productId: string;
  token: string;
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** HTTP status → number of batches answered with it */
  statuses: Record<number, number>;
  ms: number;
}

/** Replays the event flood; throws when the product page offers nothing to take a token from. */
export async function eventFloodAttack(storefront: Storefront, options: EventFloodOptions): Promise<AttackReport> {
  const batches = options.batches ?? 200;
  const perBatch = options.perBatch ?? 50;
  const type = options.type ?? "add";
  const tokenVisitor = options.visitorId ?? `attacker-${randomUUID().slice(0, 8)}`;
  const page = await storefront.offers({ context: "product", product_id: options.productId, visitor_id: tokenVisitor });
  const slot = (page.body.slots ?? []).find((s: Json) => s.items?.length);
  if (page.status !== 200 || !slot)
    throw new Error(`no offer to attack on product ${options.productId}: ${page.status} ${JSON.stringify(page.body)}`);
  const item = slot.items[0];
  const report: AttackReport = {
    offerId: slot.offerId,
    productId: item.productId,
    token: item.token,
    sent: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    statuses: {},
    ms: 0,
  };
  const started = performance.now();
  for (let b = 0; b < batches; b++) {
    const visitorId = options.rotateVisitor === false ? tokenVisitor : `attacker-${b}-${randomUUID().slice(0, 8)}`;
    const events = Array.from({ length: perBatch }, () => ({
      id: randomUUID(),
      type,
      offerId: slot.offerId,
      productId: item.productId,
      placement: "product",
      token: item.token,
      at: Date.now(),
    }));
    const result = await storefront.events(JSON.stringify({ visitorId, events }));
    report.sent += perBatch;
    report.statuses[result.status] = (report.statuses[result.status] ?? 0) + 1;
    if (result.status === 200) {
      report.accepted += result.body.accepted ?? 0;
      report.duplicates += result.body.duplicates ?? 0;
      report.rejected += result.body.rejected?.length ?? 0;
    }
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}

/**
 * The patient variant: a fresh visitor id and a fresh token for every forged add (one offers
 * request each), from one address. Tokens are then genuine; what stops it is the per-address limit.
 */
export async function freshTokenAttack(
  storefront: Storefront,
  options: { productId: string; visitors: number },
): Promise<AttackReport> {
  const report: AttackReport = {
    offerId: null,
    productId: options.productId,
    token: "",
    sent: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    statuses: {},
    ms: 0,
  };
  const started = performance.now();
  for (let v = 0; v < options.visitors; v++) {
    const visitorId = `patient-${v}-${randomUUID().slice(0, 8)}`;
    const page = await storefront.offers({ context: "product", product_id: options.productId, visitor_id: visitorId });
    const slot = (page.body.slots ?? []).find((s: Json) => s.items?.length);
    if (!slot) continue;
    const item = slot.items[0];
    report.offerId = slot.offerId;
    report.token = item.token;
    const base = {
      offerId: slot.offerId,
      productId: item.productId,
      placement: "product",
      token: item.token,
      at: Date.now(),
    };
    const result = await storefront.events(
      JSON.stringify({
        visitorId,
        events: [
          { id: randomUUID(), type: "impression", ...base },
          { id: randomUUID(), type: "add", ...base },
        ],
      }),
    );
    report.sent += 2;
    report.statuses[result.status] = (report.statuses[result.status] ?? 0) + 1;
    if (result.status === 200) {
      report.accepted += result.body.accepted ?? 0;
      report.duplicates += result.body.duplicates ?? 0;
      report.rejected += result.body.rejected?.length ?? 0;
    }
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}
