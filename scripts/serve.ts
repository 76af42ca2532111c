export {};
// `npm start`: serves the production build (npm run build) for Shopify, on PORT.
// Apply migrations first with `npm run db:migrate`.
const { startServer } = await import("./lib/start-server");
const port = Number(process.env.PORT || 3000);
const { url } = await startServer({ port, host: process.env.HOST ?? "0.0.0.0", demo: false });
console.log(`Pairwise listening on ${url}`);
