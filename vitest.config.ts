import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Unit tests (pure domain) and integration tests (real loaders/actions on a real SQLite file)
// run here; browser tests live in test/e2e and run through the same runner against a built server.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx", "extensions/*/tests/**/*.test.tsx"],
    // Inlined: the checkout extension's tests import the official tester as source (its shopify
    // global mocks); graphql must be one module instance for @shopify/shopify-function-test-helpers
    // and the schema it is given.
    server: { deps: { inline: ["@shopify/ui-extensions-tester", "@shopify/shopify-function-test-helpers"] } },
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    // expect.poll waits 1 s by default: too short for a browser's round trips on a loaded machine
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 180_000,
    pool: "forks",
    reporters: ["default"],
  },
});
