// Lint: typescript-eslint's recommended rules plus React hooks rules, over the whole project.
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "app/generated/",
      "extensions/*/assets/",
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
            { group: ["@remix-run/*", "@prisma/*", "@shopify/*", "~/generated/*", "**/generated/**", "*.server", "**/*.server"], message: "app/domain is pure TypeScript." },
            { group: ["node:*", "fs", "path", "http", "child_process"], message: "app/domain does no I/O." },
            { group: ["~/lib/*", "~/services/*", "~/demo/*", "**/lib/*", "**/services/*", "**/demo/*"], message: "app/domain depends on nothing outside app/domain." },
          ],
        },
      ],
    },
  },
);
