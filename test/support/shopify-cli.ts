// Shopify CLI (`@shopify/cli`, pinned in devDependencies) run the way a merchant's developer runs
// it: `shopify app build` on a copy of the app. The copy leaves out Function extensions (their
// Wasm build downloads javy, which cannot work offline) and nothing else, so extensions added later
// are built too. Each extension's type is read from its shopify.extension.toml.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");
const CLI = join(ROOT, "node_modules/@shopify/cli/bin/run.js");

/** The `type` values in an extension's shopify.extension.toml (top level or per [[extensions]]). */
export function extensionTypes(toml: string): string[] {
  return [...toml.matchAll(/^\s*type\s*=\s*["']([^"']+)["']/gm)].map((m) => m[1]);
}

/** The extension folders the offline build can handle: every one except Functions. */
export function buildableExtensions(extensionsDir = join(ROOT, "extensions")): { name: string; types: string[] }[] {
  return readdirSync(extensionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(extensionsDir, d.name, "shopify.extension.toml")))
    .map((d) => ({
      name: d.name,
      types: extensionTypes(readFileSync(join(extensionsDir, d.name, "shopify.extension.toml"), "utf8")),
    }))
    .filter((e) => e.types.length > 0 && !e.types.includes("function"));
}

/** A copy of the app (configuration, package.json, buildable extensions) sharing the repo's node_modules. */
export function copyOfApp(): { dir: string; extensions: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "pairwise-cli-"));
  for (const f of readdirSync(ROOT))
    if (/^shopify\..*\.toml$/.test(f) || f === "package.json") cpSync(join(ROOT, f), join(dir, f));
  const extensions = buildableExtensions().map((e) => e.name);
  for (const name of extensions)
    cpSync(join(ROOT, "extensions", name), join(dir, "extensions", name), {
      recursive: true,
      filter: (src) => !/[/\\](node_modules|dist)([/\\]|$)/.test(src.slice(ROOT.length)),
    });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir, extensions };
}

export interface BuildResult {
  code: number;
  output: string;
  /** the CLI's [error] and [warning] reports, and error boxes */
  problems: string[];
}

/** `shopify app build --path DIR --skip-dependencies-installation`, offline, no analytics. */
export function appBuild(dir: string): Promise<BuildResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, "app", "build", "--path", dir, "--skip-dependencies-installation"],
      {
        cwd: dir,
        timeout: 240_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, SHOPIFY_CLI_NO_ANALYTICS: "1", COLUMNS: "200", NO_COLOR: "1", FORCE_COLOR: "0" },
      },
      (error, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
        const lines = output.split("\n");
        const problems: string[] = [];
        lines.forEach((line, i) => {
          if (/\[(error|warning)\]/i.test(line) || /[─╭]\s*(error|warning)\s*─/i.test(line))
            problems.push(
              lines
                .slice(i, i + 6)
                .map((l) => l.replace(/^\s*[\w-]+\s*│\s?/, "").trim())
                .filter(Boolean)
                .join(" / "),
            );
        });
        const code = error
          ? typeof (error as { code?: unknown }).code === "number"
            ? (error as { code: number }).code
            : 1
          : 0;
        done({ code, output, problems });
      },
    );
  });
}
