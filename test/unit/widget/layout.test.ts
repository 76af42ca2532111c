// Shopify CLI refuses to deploy a theme app extension with files outside assets/, blocks/,
// locales/ and snippets/ (unless .shopifyignore excludes them) or with unsupported file types.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const EXT = resolve("extensions/pairwise-theme");
const ALLOWED: Record<string, RegExp> = {
  assets: /\.(jpg|jpeg|json|js|css|png|svg|wasm)$/,
  blocks: /\.liquid$/,
  locales: /\.json$/,
  snippets: /\.liquid$/,
};

describe("theme app extension layout", () => {
  it("ships only files Shopify accepts, with the widget's sources ignored", () => {
    const ignored = readFileSync(join(EXT, ".shopifyignore"), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    const shipped: string[] = [];
    for (const dir of readdirSync(EXT)) {
      if (!statSync(join(EXT, dir)).isDirectory()) continue;
      for (const file of readdirSync(join(EXT, dir))) {
        if (!ignored.includes(`${dir}/*`)) shipped.push(`${dir}/${file}`);
      }
    }
    const rejected = shipped.filter((p) => {
      const [dir, file] = p.split("/");
      return !ALLOWED[dir] || !ALLOWED[dir].test(file);
    });
    expect(rejected).toEqual([]);
    expect(shipped).toContain("assets/pairwise.js");
    expect(readdirSync(join(EXT, "src")).every((f) => /\.(ts|css)$/.test(f))).toBe(true);
  });
});
