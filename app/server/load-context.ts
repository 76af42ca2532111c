// What the HTTP server hands every loader and action besides the request (Remix's load context).
import type { Request as ExpressRequest } from "express";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** the address of the connection the request came in on (a proxy's, when one stands in front) */
    socketAddress?: string | null;
  }
}

export function loadContext(req: ExpressRequest): { socketAddress: string | null } {
  return { socketAddress: req.socket.remoteAddress ?? null };
}
