import { parse, type Node } from "acorn";
import { simple } from "acorn-walk";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ENTRIES, SIZE_LIMIT, buildBlocks, buildWidget } from "../../../scripts/build-widget";

const EXTENSION = resolve("extensions/pairwise-theme");

/** A block's boot (a data block, src/boot.ts) and the stub that runs it (src/boot-stub.ts). */
const BOOT = /<script type="text\/x-pairwise" data-src="[^"]*">([\s\S]*?)<\/script><script>([\s\S]*?)<\/script>/;

/** The names a script reads that it does not declare anywhere (minified code declares few, all short). */
function freeNames(code: string): string[] {
  const declared = new Set<string>();
  const read = new Set<string>();
  const ast = parse(code, { ecmaVersion: 2020, sourceType: "script" });
  const bind = (p: Node | null | undefined): void => {
    if (!p) return;
    const n = p as Node & {
      name?: string;
      elements?: Node[];
      properties?: Node[];
      value?: Node;
      left?: Node;
      argument?: Node;
    };
    if (n.type === "Identifier") declared.add(n.name!);
    else if (n.type === "ArrayPattern") n.elements!.forEach(bind);
    else if (n.type === "ObjectPattern") n.properties!.forEach((q) => bind((q as { value?: Node }).value ?? q));
    else if (n.type === "AssignmentPattern") bind(n.left);
    else if (n.type === "RestElement") bind(n.argument);
  };
  const fn = (n: Node) => {
    const f = n as Node & { id?: Node | null; params: Node[] };
    bind(f.id);
    f.params.forEach(bind);
  };
  simple(ast, {
    VariableDeclarator: (n) => bind(n.id),
    FunctionDeclaration: fn,
    FunctionExpression: fn,
    ArrowFunctionExpression: fn,
    CatchClause: (n) => bind(n.param),
    Identifier: (n) => void read.add(n.name),
  });
  return [...read].filter((n) => !declared.has(n)).sort();
}

describe("the committed storefront widget", () => {
  it("is exactly what a fresh build of src/ produces (run npm run build:widget after editing src/)", async () => {
    const fresh = await buildWidget();
    expect(Object.keys(fresh).sort()).toEqual(readdirSync(join(EXTENSION, "assets")).sort());
    for (const [file, code] of Object.entries(fresh))
      expect(readFileSync(join(EXTENSION, "assets", file), "utf8") === code, `assets/${file} is stale`).toBe(true);
    for (const [file, text] of Object.entries(await buildBlocks()))
      expect(readFileSync(join(EXTENSION, "blocks", file), "utf8") === text, `blocks/${file} is stale`).toBe(true);
  });

  it("keeps every file a block loads under Shopify's 10 000 B (raw, as Shopify CLI measures)", () => {
    for (const file of readdirSync(join(EXTENSION, "assets")))
      expect(readFileSync(join(EXTENSION, "assets", file)).length, file).toBeLessThan(SIZE_LIMIT);
  });

  it("asks V8 to compile each file whole at load, but not the inline boot (its later copies stay pre-parsed)", async () => {
    // Without the hint, lazy compilation at first call made the blocks' setup a 15 ms task in
    // Lighthouse's traces (README "Lazy compilation was the longest task"). V8 reads it only as a
    // file's first line.
    for (const [file, code] of Object.entries(await buildWidget()))
      expect(code.startsWith("//# allFunctionsCalledOnLoad\n"), file).toBe(true);
    const text = readFileSync(join(EXTENSION, "blocks", "you-may-also-like.liquid"), "utf8");
    const [, boot, stub] = BOOT.exec(text)!;
    expect(boot).not.toContain("allFunctionsCalledOnLoad");
    expect(stub).not.toContain("allFunctionsCalledOnLoad");
  });

  it("is an ES2020 script that runs on its own (no module syntax, nothing newer than ES2020)", async () => {
    // ES2020 (optional chaining, ??) runs in every browser Shopify's themes support; what came
    // later (logical assignment, class fields, top-level await…) must not reach the storefront.
    for (const [file, code] of Object.entries(await buildWidget())) {
      expect(() => parse(code, { ecmaVersion: 2020, sourceType: "script" }), file).not.toThrow();
      expect(() => parse("a ||= b", { ecmaVersion: 2020 })).toThrow(); // the check can fail
    }
  });

  it("loads each part from the URL its blocks print, and every app block prints the styles inline, no stylesheet", () => {
    const files = readdirSync(join(EXTENSION, "blocks"));
    const blocks = files.map((f) => readFileSync(join(EXTENSION, "blocks", f), "utf8"));
    for (const file of Object.keys(ENTRIES).filter((f) => f !== "pairwise.js")) {
      const name = file.replace(/^pairwise-|\.js$/g, "");
      expect(
        blocks.some((b) => b.includes(`data-part-${name}="{{ '${file}' | asset_url }}"`)),
        file,
      ).toBe(true);
    }
    blocks.forEach((b, i) => {
      // the cart embed prints none: it is hidden until the cart part places it, with the styles
      expect(/<style>\.pw\{/.test(b), files[i]).toBe(files[i] !== "cart-offers.liquid");
      expect(b).not.toMatch(/"stylesheet"/);
      // no schema "javascript" (Shopify loads it deferred in <head>: it would run before the first
      // paint); the inline boot right after the block loads the core after it
      expect(b).not.toMatch(/"javascript"/);
      // (the cart embed's is its own loader: embed-boot.ts, its empty <style>'s load handler)
      expect(b).toMatch(
        /<\/section>\n\{%- comment -%\}pairwise:(embed-)?boot\{%- endcomment -%\}\n<(script type="text\/x-pairwise"|style) data-src="\{\{ 'pairwise\.js' \| asset_url \}\}"/,
      );
      // nor a preload of it: a request of ours that ends before the largest paint is on its path in
      // Lighthouse's simulation, at any priority
      expect(b).not.toMatch(/preload/);
    });
    const css = /<style>(\.pw\{[^<]*)<\/style>/.exec(blocks[files.indexOf("you-may-also-like.liquid")])![1];
    expect(readFileSync(join(EXTENSION, "assets", "pairwise-cart.js"), "utf8")).toContain(JSON.stringify(css));
  });

  it("boots with an inline ES2020 stub that loads no file while the page is parsed, and runs the boot, printed as a data block, in the next frame", async () => {
    const text = readFileSync(join(EXTENSION, "blocks", "you-may-also-like.liquid"), "utf8");
    const [, boot, stub] = BOOT.exec(text)!;
    for (const code of [boot, stub]) {
      expect(() => parse(code, { ecmaVersion: 2020, sourceType: "script" })).not.toThrow();
    }
    // the stub sends nothing (the boot asks for the product blocks' offers with the core, after the
    // first paint: test/e2e/storefront/pagespeed.test.ts)
    expect(stub).not.toContain("fetch(");
    // the stub, the only script of the block the parser runs: it asks for the next frame and runs
    // the boot then, which it finds as a data block the browser does not compile while parsing
    expect(stub).toContain("requestAnimationFrame");
    expect(stub).toContain("text/x-pairwise");
    expect(Buffer.byteLength(stub)).toBeLessThan(900);
    // the boot computes the visitor's holdout and experiment arms (the bucketing hash of
    // domain/experiments), reads localStorage only in a browser that keeps Pairwise's memory (its
    // cookie), and waits for a product block on screen and the first contentful paint, or the
    // page's load, then for the images on screen, and asks for the product blocks' offers with the
    // core: about 5.5 KB raw, 2.8 KB gzipped, printed by each app block (only the first copy is
    // compiled, in the next frame; gzip takes the second copy for almost nothing)
    expect(boot).toContain("2166136261");
    expect(boot).toContain("first-contentful-paint");
    expect(Buffer.byteLength(boot)).toBeLessThan(5600);
  });

  it("gives the cart embed (on every page of the shop) a small loader of its own, run after the parser's task, which hands the embed to an app block's boot when there is one", () => {
    for (const f of readdirSync(join(EXTENSION, "blocks"))) {
      const b = readFileSync(join(EXTENSION, "blocks", f), "utf8");
      expect(b.includes("pairwise:embed-boot"), f).toBe(f === "cart-offers.liquid");
      expect(b.includes("pairwise:boot{%"), f).toBe(f !== "cart-offers.liquid");
    }
    const text = readFileSync(join(EXTENSION, "blocks", "cart-offers.liquid"), "utf8");
    // no script of ours in the parser's task: the loader is the onload handler of an empty <style>
    // (a handler is compiled and run in a task of its own, queued once the style is parsed)
    expect(text).not.toMatch(/<script/);
    const [, value] = /<style data-src="[^"]*" onload="([^"]*)"><\/style>/.exec(text)!;
    const loader = value.replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    // as the browser compiles a handler: a function whose argument is the event
    expect(() => parse(`function onload(event){${loader}}`, { ecmaVersion: 2020, sourceType: "script" })).not.toThrow();
    expect(loader).toContain("event.currentTarget");
    expect(loader).toContain("PairwiseBootQ");
    // a handler looks a free name up on its element and its document before the window: each name
    // it does not declare is one that neither a <style> nor a document has (`addEventListener`
    // alone was the <style>'s, and the core never loaded)
    expect(freeNames(`function onload(event){${loader}}`)).toEqual([
      "Event",
      "PerformanceObserver",
      "Promise",
      "document",
      "innerHeight",
      "innerWidth",
      "localStorage",
      "setTimeout",
      "window",
    ]);
    // no bucketing code: it decides nothing before the first paint (the core decides the embed)
    expect(loader).not.toContain("2166136261");
    expect(Buffer.byteLength(loader)).toBeLessThan(1250);
  });
});
