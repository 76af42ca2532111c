// The HTTP server: static assets of the Remix build, the storefront API (storefront-api.server.ts),
// then Remix itself. In the local demo it also mounts the demo pieces
// (app/demo/demo-routes.server.ts) in front.
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type Express } from "express";
import type { RequestListener } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

import type { ServerHooks } from "./hooks.server";
import { loadContext } from "./load-context";
import { directStorefrontApi, mountStorefrontApi } from "./storefront-api.server";
import { mountWebhooks } from "./webhooks-api.server";
import { buildDirectory, nodeEnv } from "../lib/config.server";

export interface HttpServerOptions {
  buildDir?: string;
  /** middleware mounted before Remix (the demo's) */
  before?: (app: Express, build: ServerBuild) => void | Promise<void>;
}

const API_PATHS = /^\/(proxy|apps|api|webhooks|app|auth|healthz)(\/|$)/;
export async function loadBuild(buildDir = buildDirectory()): Promise<ServerBuild> {
  const file = resolve(buildDir, "server/index.js");
  return (await import(pathToFileURL(file).href)) as ServerBuild;
}

export function serverHooks(build: ServerBuild): ServerHooks {
  return (build.entry.module as { serverHooks?: ServerHooks }).serverHooks as ServerHooks;
}

/**
 * The Express app (static files, storefront API, webhooks, Remix) and `listener`, the node:http
 * request listener to serve: the storefront's offers endpoint directly, everything else through Express.
 */
export async function createHttpServer(
  options: HttpServerOptions = {},
): Promise<{ app: Express; build: ServerBuild; listener: RequestListener }> {
  const buildDir = options.buildDir ?? buildDirectory();
  const build = await loadBuild(buildDir);
  const app = express();
  app.disable("x-powered-by");
  app.use("/assets", express.static(resolve(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  // Other public files: looked up only for paths that can be files, never on the API hot paths
  // (a static lookup is a filesystem call on the thread pool the Shopify library's crypto uses).
  const publicFiles = express.static(resolve(buildDir, "client"), { maxAge: "1h" });
  app.use((req, res, next) => (API_PATHS.test(req.path) ? next() : publicFiles(req, res, next)));
  if (options.before) await options.before(app, build);
  mountStorefrontApi(app, build);
  mountWebhooks(app, build);
  app.all("*", createRequestHandler({ build, mode: nodeEnv(), getLoadContext: loadContext }));
  const direct = directStorefrontApi(serverHooks(build));
  const listener: RequestListener = (req, res) => {
    if (!direct(req, res)) app(req, res);
  };
  return { app, build, listener };
}
