// The demo's part of the server build's hooks (see app/entry.server.tsx): preparing the demo shop
// and mounting the demo's pages in front of Remix. Only the local demo calls them.
import { mountDemoRoutes } from "./demo-routes.server";
import { prepareDemo } from "./prepare.server";

export const demoHooks = { prepareDemo, mountDemoRoutes };
