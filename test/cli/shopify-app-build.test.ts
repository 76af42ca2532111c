// Shopify's own build accepts the app: `shopify app build` (Shopify CLI 3.94.3, offline) on a copy of
// the app without its Function extensions prints no error and no warning for our extensions or our
// configuration, and ends with "pairwise built!". The same build on a copy with a block file over
// Shopify's size limit reports it (the check can fail).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appBuild, buildableExtensions, copyOfApp, extensionTypes } from "../support/shopify-cli";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("shopify app build", () => {
  it("builds every extension except Functions without an error or a warning", async () => {
    const { dir, extensions } = copyOfApp();
    dirs.push(dir);
    expect(extensions).toContain("pairwise-theme");
    const result = await appBuild(dir);
    expect(result.problems, result.output).toEqual([]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/pairwise built!/);
  }, 300_000);

  it("reports a block's schema JavaScript over 10 000 B as an error", async () => {
    // no block declares a schema "javascript" file (the inline boot loads the core after the first
    // paint); the control gives one block one, too large
    const { dir } = copyOfApp();
    dirs.push(dir);
    writeFileSync(join(dir, "extensions/pairwise-theme/assets/pairwise.js"), "/*" + "x".repeat(10_100) + "*/");
    const block = join(dir, "extensions/pairwise-theme/blocks/you-may-also-like.liquid");
    writeFileSync(
      block,
      readFileSync(block, "utf8").replace(
        '"target": "section",',
        '"target": "section",\n  "javascript": "pairwise.js",',
      ),
    );
    const result = await appBuild(dir);
    expect(result.problems.join("\n")).toMatch(/AssetSizeAppBlockJavaScript/);
  }, 300_000);

  it("leaves out Function extensions, read from each shopify.extension.toml, and keeps the others", () => {
    expect(extensionTypes('api_version = "2026-07"\n\n[[extensions]]\nname = "x"\ntype = "function"\n')).toEqual([
      "function",
    ]);
    expect(extensionTypes('name = "t"\ntype = "theme"\n')).toEqual(["theme"]);
    const root = join(tmpdir(), `pairwise-ext-${process.pid}`);
    dirs.push(root);
    for (const [name, toml] of [
      ["discount", '[[extensions]]\ntype = "function"\nhandle = "d"\n'],
      ["checkout", '[[extensions]]\ntype = "ui_extension"\nhandle = "c"\n'],
      ["theme", 'type = "theme"\n'],
    ]) {
      mkdirSync(join(root, name), { recursive: true });
      writeFileSync(join(root, name, "shopify.extension.toml"), toml);
    }
    mkdirSync(join(root, "not-an-extension"), { recursive: true });
    expect(
      buildableExtensions(root)
        .map((e) => e.name)
        .sort(),
    ).toEqual(["checkout", "theme"]);
  });
});
