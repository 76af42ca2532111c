import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { demoHooks } from "./demo/hooks.server";
import { appHooks, type ServerHooks } from "./server/hooks.server";
import { addDocumentResponseHeaders } from "./shopify.server";
import { localeCookieHeader } from "./i18n/locale.server";

export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  // a `?locale=` from Shopify (or the demo's switch) is remembered for the requests that follow
  const localeCookie = localeCookieHeader(request);
  if (localeCookie) responseHeaders.append("Set-Cookie", localeCookie);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html");
        resolve(
          new Response(createReadableStreamFromReadable(body), {
            headers: responseHeaders,
            status: responseStatusCode,
          }),
        );
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * Server errors are logged with their stack; a request for a path no route serves (a 404) and a
 * request the client aborted are not errors of the app and are not logged.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status === 404) return;
  console.error(error);
};

// Reached by the HTTP server (app/server/http.server.ts) through the server build's entry module,
// so that background jobs and the demo share this build's one database client. The entry module is
// where the production app and the demo meet: nothing else outside app/demo imports it.
export const serverHooks: ServerHooks = { ...appHooks, ...demoHooks };

/** Data requests (client navigation to a URL with `?locale=`) remember the locale as documents do. */
export function handleDataRequest(response: Response, { request }: { request: Request }): Response {
  const localeCookie = localeCookieHeader(request);
  if (localeCookie) response.headers.append("Set-Cookie", localeCookie);
  return response;
}
