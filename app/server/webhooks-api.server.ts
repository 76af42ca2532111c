// POST /webhooks served by the route module's action from Express, with the body bounded before
// Remix or the route sees it: a declared Content-Length above the limit is answered 413 without
// reading a byte, and a body that streams past the limit (chunked, or lying about its length) is
// answered 413 the moment it does, and the connection closed. Nothing larger than the limit is
// ever held in memory. The route checks the same limit again (its integration tests call it directly).
import type { ServerBuild } from "@remix-run/node";
import type { Express, NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { MAX_WEBHOOK_BODY_BYTES } from "../lib/limits";
import { send, toFetchRequest } from "./storefront-api.server";

type RouteFunction = (args: {
  request: Request;
  params: Record<string, string>;
  context: Record<string, unknown>;
}) => Promise<Response>;

/** Bytes of an oversized body read (and dropped) after answering 413, so the client sees the answer. */
const LINGER_BYTES = 16 * 1024 * 1024;
const LINGER_MS = 2_000;

function refuse(req: ExpressRequest, res: ExpressResponse, limit: number): void {
  // Whatever the client still sends is dropped unread, for a short while (a client still writing
  // would otherwise see a reset instead of the answer), then the connection is closed.
  let dropped = 0;
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) req.socket.destroy();
  });
  setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  res.status(413).set({ "Content-Type": "text/plain; charset=utf-8" }).end(`body larger than ${limit} bytes`);
}

/** Reads the request body into memory up to `limit` bytes, or answers 413. */
export function boundedBody(limit: number) {
  return (req: ExpressRequest & { rawBody?: Buffer }, res: ExpressResponse, next: NextFunction) => {
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > limit) return refuse(req, res, limit);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        return refuse(req, res, limit);
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (refused) return;
      req.rawBody = Buffer.concat(chunks);
      next();
    });
    req.on("error", (error) => {
      if (!refused) next(error);
    });
  };
}

export function mountWebhooks(app: Express, build: ServerBuild): void {
  const action = (build.routes["routes/webhooks"]?.module as { action?: RouteFunction } | undefined)?.action;
  if (!action) throw new Error("the server build has no routes/webhooks action");
  app.post(
    "/webhooks",
    boundedBody(MAX_WEBHOOK_BODY_BYTES),
    async (req: ExpressRequest & { rawBody?: Buffer }, res: ExpressResponse) => {
      let response: Response;
      try {
        response = await action({
          request: toFetchRequest(req, (req.rawBody ?? Buffer.alloc(0)).toString("utf8")),
          params: {},
          context: {},
        });
      } catch (thrown) {
        if (!(thrown instanceof Response)) {
          console.error("[webhooks]", thrown);
          response = new Response("internal error", { status: 500 });
        } else response = thrown;
      }
      await send(res, response);
    },
  );
}
