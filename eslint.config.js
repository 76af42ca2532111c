// Lint: typescript-eslint's recommended rules plus React hooks rules, over the whole project.
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "app/generated/",
      "app/graphql/generated/",
      "extensions/*/assets/",
      "extensions/*/dist/",
      ".cache/",
      "test-results/",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // The domain stays pure: no framework, database, Shopify or Node I/O imports.
    files: ["app/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@remix-run/*",
                "@prisma/*",
                "@shopify/*",
                "~/generated/*",
                "**/generated/**",
                "*.server",
                "**/*.server",
              ],
              message: "app/domain is pure TypeScript.",
            },
            { group: ["node:*", "fs", "path", "http", "child_process"], message: "app/domain does no I/O." },
            {
              group: ["~/lib/*", "~/services/*", "~/demo/*", "**/lib/*", "**/services/*", "**/demo/*"],
              message: "app/domain depends on nothing outside app/domain.",
            },
          ],
        },
      ],
    },
  },
  {
    // Production code depends on nothing of the local demo; the server build's entry module is the
    // one place the two meet (it hands the demo's hooks to the HTTP server).
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["app/demo/**", "app/entry.server.tsx", "app/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/demo/*", "**/demo/*"],
              allowTypeImports: true,
              message: "Production code does not depend on app/demo.",
            },
          ],
        },
      ],
    },
  },
);
