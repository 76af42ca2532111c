// Lints the theme app extension with Shopify's Theme Check (the app-extension rule set, unchanged,
// as Shopify CLI applies it), and proves the lint can fail on a broken copy.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { themeCheckRun, type Offense } from "@shopify/theme-check-node";
import { afterAll, describe, expect, it } from "vitest";

const EXTENSION = resolve("extensions/pairwise-theme");
const ERROR = 0; // Severity.ERROR
const tmp: string[] = [];
afterAll(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

const describeOffense = (o: Offense) => `${o.check} ${o.uri.split("/").slice(-2).join("/")}: ${o.message}`;

function copyOfExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), "pairwise-theme-"));
  tmp.push(dir);
  cpSync(EXTENSION, dir, { recursive: true, filter: (src) => !src.includes(`${EXTENSION}/src`) });
  return dir;
}

describe("theme app extension lint", () => {
  it("reports no errors for the Pairwise extension", async () => {
    const { offenses } = await themeCheckRun(EXTENSION);
    const warnings = offenses.filter((o) => o.severity !== ERROR);
    if (warnings.length) console.info(`theme-check warnings:\n${warnings.map(describeOffense).join("\n")}`);
    expect(offenses.filter((o) => o.severity === ERROR).map(describeOffense)).toEqual([]);
  });

  it("fails on a broken block: missing schema and an unknown translation key", async () => {
    const dir = copyOfExtension();
    writeFileSync(join(dir, "blocks/broken.liquid"), `<div class="pw">{{ 'pairwise.no_such_key' | t }}</div>\n`);
    const { offenses } = await themeCheckRun(dir);
    const errors = offenses.filter((o) => o.severity === ERROR && o.uri.endsWith("broken.liquid")).map((o) => o.check);
    expect(errors).toEqual(expect.arrayContaining(["AppBlockMissingSchema", "TranslationKeyExists"]));
  });

  it("fails on a Liquid syntax error", async () => {
    const dir = copyOfExtension();
    const file = join(dir, "blocks/you-may-also-like.liquid");
    writeFileSync(file, readFileSync(file, "utf8").replace("{{ heading | escape }}", "{{ heading | escape }"));
    const { offenses } = await themeCheckRun(dir);
    expect(offenses.filter((o) => o.severity === ERROR).map((o) => o.check)).toContain("LiquidHTMLSyntaxError");
  });

  it("fails when a locale misses a key the blocks use or a block's schema JavaScript reaches 10 000 B", async () => {
    // no block declares a schema "javascript" file (the inline boot loads the core after the first
    // paint, test/unit/widget/build.test.ts); the rule still holds for one that would
    const dir = copyOfExtension();
    const en = JSON.parse(readFileSync(join(dir, "locales/en.default.schema.json"), "utf8"));
    delete en.blocks.bundle.name;
    writeFileSync(join(dir, "locales/en.default.schema.json"), JSON.stringify(en));
    writeFileSync(join(dir, "assets/pairwise.js"), "/*" + "x".repeat(10_000) + "*/");
    const block = join(dir, "blocks/you-may-also-like.liquid");
    writeFileSync(
      block,
      readFileSync(block, "utf8").replace(
        '"target": "section",',
        '"target": "section",\n  "javascript": "pairwise.js",',
      ),
    );
    const { offenses } = await themeCheckRun(dir);
    const errors = offenses.filter((o) => o.severity === ERROR).map((o) => o.check);
    expect(errors).toContain("AssetSizeAppBlockJavaScript");
    expect(errors).toContain("ValidSchemaTranslations");
  });
});
