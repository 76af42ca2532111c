// Browsers ask for /favicon.ico on their own: answer it with the app's icon (the same SVG the
// document links), so no request falls through to "no route matches" and the error log.
import icon from "../assets/favicon.svg?raw";

export const loader = () =>
  new Response(icon, { headers: { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" } });
