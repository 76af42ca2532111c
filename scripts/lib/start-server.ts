// Starts the built app (npm run build) over HTTP; shared by `npm start` and `npm run demo`.
import { createServer, type Server } from "node:http";
import type { ServerHooks } from "../../app/server/hooks.server";
import { createHttpServer, serverHooks } from "../../app/server/http.server";

export interface StartOptions {
  port: number;
  host?: string;
  demo: boolean;
  buildDir?: string;
  /** quiet: no banner (tests) */
  quiet?: boolean;
}

export async function startServer(
  options: StartOptions,
): Promise<{ server: Server; url: string; hooks: ServerHooks; close: () => Promise<void> }> {
  const { listener, build } = await createHttpServer({
    buildDir: options.buildDir,
    before: options.demo ? (express, build) => serverHooks(build).mountDemoRoutes(express) : undefined,
  });
  const hooks = serverHooks(build);
  // First of all: what a previous process left half-done (a kill, a crash) is taken up again —
  // on SQLite, served by this one process. On PostgreSQL other processes may be working: the queue
  // retries what a dead worker held, and the sweep what a dead web process was processing.
  const recovered = hooks.singleProcess()
    ? await hooks.recoverInterruptedWork()
    : { miningShops: [], deliveries: 0, imports: 0 };
  if (!options.quiet && (recovered.miningShops.length || recovered.deliveries || recovered.imports)) {
    console.log(
      `Recovered after an interrupted run: ${recovered.miningShops.length} mining run(s) to redo, ${recovered.deliveries} webhook deliveries to retry, ${recovered.imports} import(s) to resume.`,
    );
  }
  if (options.demo) {
    const summary = await hooks.prepareDemo();
    if (!options.quiet) {
      console.log(
        `Demo shop ${summary.shop}: ${summary.products} products, ${summary.orders} orders (${summary.seededMs} ms), ` +
          `${summary.recommendations} recommendations${summary.minedMs === null ? " (already mined)" : ` mined, with the customers' follow-ups, in ${summary.minedMs} ms`}` +
          `${summary.trafficOrders ? `, ${summary.trafficOrders} orders from four weeks of simulated storefront traffic` : ""}.`,
      );
    }
  }
  const stopJobs = hooks.startBackgroundJobs({ remine: recovered.miningShops });
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<Server>((resolve) => {
    const s = createServer(listener).listen(options.port, host, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const url = `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
  return {
    server,
    url,
    hooks,
    close: () =>
      new Promise<void>((resolve) => {
        stopJobs();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
