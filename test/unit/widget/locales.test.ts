import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const LOCALES = resolve("extensions/pairwise-theme/locales");
const read = (f: string) => JSON.parse(readFileSync(join(LOCALES, f), "utf8")) as Record<string, unknown>;
const keys = (o: unknown, prefix = ""): string[] =>
  o && typeof o === "object" ? Object.entries(o).flatMap(([k, v]) => keys(v, `${prefix}${k}.`)) : [prefix.slice(0, -1)];
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("German storefront and editor texts", () => {
  it.each([
    ["en.default.json", "de.json"],
    ["en.default.schema.json", "de.schema.json"],
  ])("%s and %s have the same keys, all non-empty", (en, de) => {
    const a = read(en);
    const b = read(de);
    expect(keys(b).sort()).toEqual(keys(a).sort());
    for (const k of keys(b))
      expect(k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], b)).not.toBe("");
  });

  it("keeps the same placeholders in every translated storefront string", () => {
    const en = read("en.default.json").pairwise as Record<string, string>;
    const de = read("de.json").pairwise as Record<string, string>;
    for (const k of Object.keys(en)) expect(placeholders(de[k]), k).toEqual(placeholders(en[k]));
  });
});
