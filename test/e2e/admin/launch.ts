// The admin e2e tests use the shared Chromium and demo-server helpers under these names.
export { launchBrowser as launchAdminBrowser, newPage as newAdminPage } from "../../support/browser";

/** The demo server of test/support/server.ts (PAIRWISE_BUILD_DIR, when set, chooses the build). */
export async function startAdminDemo({
  orders = 0,
  experiment = false,
}: { orders?: number; experiment?: boolean } = {}) {
  const { startDemoServer } = await import("../../support/server");
  return startDemoServer({ orders, experiment });
}
