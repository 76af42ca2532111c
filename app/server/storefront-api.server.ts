// The storefront API (app proxy: GET /proxy/offers, POST /proxy/events) served by the same route
// modules' loader and action, called directly rather than through Remix's router. These two
// endpoints answer every product and cart page view of every shop: resource routes with no UI,
// for which route matching, data-request handling and document machinery are pure overhead
// (measured: ~60 % more requests per second this way; see README "Performance"). Authentication,
// validation and behaviour are the route modules' own, unchanged, and the integration tests call
// those same functions.
import type { ServerBuild } from "@remix-run/node";
import type { Express, Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ServerHooks } from "./hooks.server";

type RouteFunction = (args: {
  request: Request;
  params: Record<string, string>;
  context: Record<string, unknown>;
}) => Promise<Response>;

/** The Fetch API request for an Express one; `body`: the body when it was already read (as text). */
export function toFetchRequest(req: ExpressRequest, body?: string): Request {
  const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  if (hasBody && body !== undefined) return new Request(url, { method: req.method, headers, body });
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

export async function send(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  // A body-less answer goes out at once, before any work queued behind it (setImmediate) runs.
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

function handler(fn: RouteFunction | undefined, name: string) {
  if (!fn) throw new Error(`the server build has no ${name}`);
  return async (req: ExpressRequest, res: ExpressResponse) => {
    let response: Response;
    try {
      response = await fn({ request: toFetchRequest(req), params: {}, context: {} });
    } catch (thrown) {
      if (!(thrown instanceof Response)) {
        console.error(`[storefront] ${name}:`, thrown);
        response = Response.json({ error: "internal error" }, { status: 500 });
      } else response = thrown;
    }
    await send(res, response);
  };
}

export function mountStorefrontApi(app: Express, build: ServerBuild): void {
  const offers = build.routes["routes/proxy.offers"]?.module as { loader?: RouteFunction } | undefined;
  const events = build.routes["routes/proxy.events"]?.module as { action?: RouteFunction } | undefined;
  app.get("/proxy/offers", handler(offers?.loader, "routes/proxy.offers loader"));
  app.post("/proxy/events", handler(events?.action, "routes/proxy.events action"));
}

const OFFERS_PATH = "/proxy/offers";

/**
 * GET /proxy/offers straight from node:http, in front of Express: the same function the route
 * module's loader calls (offersAnswer: signature, validation, selection), without Express's
 * middleware stack and without building Fetch API Request and Response objects — together most of
 * this endpoint's cost per request (see README "Figures"). Returns false for any other request.
 */
export function directStorefrontApi(hooks: Pick<ServerHooks, "offersAnswer">) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = req.url ?? "";
    if (req.method !== "GET" || !(path === OFFERS_PATH || path.startsWith(`${OFFERS_PATH}?`))) return false;
    hooks.offersAnswer(new URL(path, "http://localhost")).then(
      (answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      },
      (error: unknown) => {
        console.error("[storefront] offers:", error);
        res.writeHead(500, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
        res.end(JSON.stringify({ error: "internal error" }));
      },
    );
    return true;
  };
}
