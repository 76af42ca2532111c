// `npm run demo`: the local demo shop. Migrates a SQLite database, seeds a realistic shop,
// mines its recommendations and serves the app on PORT (default 3000). No Shopify account needed.
import { execFileSync } from "node:child_process";

if (process.env.NODE_ENV === "production") {
  console.error("The local demo refuses to run with NODE_ENV=production: it signs requests with a public demo secret.");
  process.exit(1);
}
process.env.PAIRWISE_DEMO = "1";
process.env.NODE_ENV ??= "development";
process.env.DATABASE_URL ??= "file:./prisma/demo.sqlite";
const port = Number(process.env.PORT || 3000);
process.env.SHOPIFY_APP_URL ??= `http://localhost:${port}`;

execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"], env: process.env });

const { startServer } = await import("./lib/start-server");
const { url } = await startServer({ port, host: process.env.HOST ?? "127.0.0.1", demo: true });
console.log(`
Pairwise demo shop is running.
  Admin (dashboard, offers, insights):  ${url}/app
  Storefront preview (product page):    ${url}/storefront
  Health:                               ${url}/healthz
Press Ctrl+C to stop.`);
