// A tiny Liquid subset, enough to render the theme app extension's real block files the way
// Shopify renders them (liquidjs is not installed, and the preview must not fork the markup).
// Supported: {{ output | filters }}, whitespace control ({%- -%}), comment, schema (dropped),
// liquid (one statement a line), assign, capture, if/elsif/else with ==, !=, <, >, contains, and/or,
// for over a range (a..b), render 'snippet', key: value. Filters: the ones the blocks use (t,
// escape, json, append, strip, strip_newlines, times, plus, round, default, asset_url) and
// preload_tag, which earlier blocks used (`bench:pagespeed --before <ref>` renders those).
// Anything else throws, so a block using more Liquid fails loudly instead of rendering wrong.
import { escapeHtml } from "./html";

export type Scope = Record<string, unknown>;

export interface LiquidEnv {
  /** locale JSON of the extension (locales/en.default.json) */
  translations: Record<string, unknown>;
  /** snippet source by name (snippets/<name>.liquid) */
  snippet: (name: string) => string;
  /** globals visible everywhere, snippets included (shop, routes, template, product, block) */
  globals: Scope;
  /** URL of a file in the extension's assets folder (Shopify: its CDN URL) */
  assetUrl: (file: string) => string;
}

type Node =
  | { k: "text"; v: string }
  | { k: "out"; expr: string }
  | { k: "assign"; name: string; expr: string }
  | { k: "capture"; name: string; body: Node[] }
  | { k: "if"; branches: { cond: string; body: Node[] }[]; otherwise: Node[] }
  | { k: "for"; name: string; range: string; body: Node[] }
  | { k: "render"; name: string; args: string };

interface Token {
  type: "text" | "tag" | "out";
  v: string;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\{%(-?)\s*([\s\S]*?)\s*(-?)%\}|\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    let text = src.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, "");
    if (m[1] === "-" || m[4] === "-") text = text.replace(/\s+$/, "");
    if (text) out.push({ type: "text", v: text });
    last = re.lastIndex;
    if (m[2] !== undefined) {
      const tag = m[2];
      trimNext = m[3] === "-";
      const name = tag.split(/\s/)[0];
      if (name === "comment" || name === "schema" || name === "raw") {
        const end = new RegExp(`\\{%-?\\s*end${name}\\s*(-?)%\\}`, "g");
        end.lastIndex = last;
        const e = end.exec(src);
        if (!e) throw new Error(`Liquid: unclosed ${name}`);
        if (name === "raw") out.push({ type: "text", v: src.slice(last, e.index) });
        last = end.lastIndex;
        re.lastIndex = last;
        trimNext = e[1] === "-";
        continue;
      }
      if (name === "liquid") {
        for (const line of tag.slice("liquid".length).split("\n"))
          if (line.trim()) out.push({ type: "tag", v: line.trim() });
        continue;
      }
      out.push({ type: "tag", v: tag });
    } else {
      out.push({ type: "out", v: m[5] });
      trimNext = m[6] === "-";
    }
  }
  let tail = src.slice(last);
  if (trimNext) tail = tail.replace(/^\s+/, "");
  if (tail) out.push({ type: "text", v: tail });
  return out;
}

function parse(tokens: Token[], pos: { i: number }, stop: string[]): { nodes: Node[]; end: string } {
  const nodes: Node[] = [];
  while (pos.i < tokens.length) {
    const t = tokens[pos.i++];
    if (t.type === "text") nodes.push({ k: "text", v: t.v });
    else if (t.type === "out") nodes.push({ k: "out", expr: t.v });
    else {
      const [name, ...rest] = t.v.split(/\s+/);
      const arg = rest.join(" ");
      if (stop.includes(name)) {
        pos.i--;
        return { nodes, end: name };
      }
      if (name === "assign") {
        const m = /^([\w.]+)\s*=\s*([\s\S]+)$/.exec(arg);
        if (!m) throw new Error(`Liquid: bad assign "${arg}"`);
        nodes.push({ k: "assign", name: m[1], expr: m[2] });
      } else if (name === "echo") nodes.push({ k: "out", expr: arg });
      else if (name === "capture") {
        const body = parse(tokens, pos, ["endcapture"]);
        pos.i++;
        nodes.push({ k: "capture", name: arg.trim(), body: body.nodes });
      } else if (name === "if" || name === "unless") {
        const branches: { cond: string; body: Node[] }[] = [];
        let otherwise: Node[] = [];
        let cond = name === "unless" ? `__not__ ${arg}` : arg;
        for (;;) {
          const part = parse(tokens, pos, ["elsif", "else", "endif", "endunless"]);
          const tag = tokens[pos.i++];
          if (!tag) throw new Error("Liquid: unclosed if");
          branches.push({ cond, body: part.nodes });
          if (part.end === "elsif") cond = tag.v.slice("elsif".length).trim();
          else if (part.end === "else") {
            otherwise = parse(tokens, pos, ["endif", "endunless"]).nodes;
            pos.i++;
            break;
          } else break;
        }
        nodes.push({ k: "if", branches, otherwise });
      } else if (name === "for") {
        const m = /^(\w+)\s+in\s+(\([^)]*\))$/.exec(arg.trim());
        if (!m) throw new Error(`Liquid: only ranges are supported in for ("${arg}")`);
        const body = parse(tokens, pos, ["endfor"]);
        pos.i++;
        nodes.push({ k: "for", name: m[1], range: m[2], body: body.nodes });
      } else if (name === "render") {
        const m = /^['"]([\w-]+)['"]\s*,?\s*([\s\S]*)$/.exec(arg);
        if (!m) throw new Error(`Liquid: bad render "${arg}"`);
        nodes.push({ k: "render", name: m[1], args: m[2] });
      } else throw new Error(`Liquid: unsupported tag "${name}"`);
    }
  }
  if (stop.length) throw new Error(`Liquid: missing ${stop.join("/")}`);
  return { nodes, end: "" };
}

/** Splits on `sep` outside quotes. */
function split(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  let q = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === q) q = "";
    } else if (c === "'" || c === '"') q = c;
    else if (s.startsWith(sep, i)) {
      out.push(cur);
      cur = "";
      i += sep.length - 1;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out.map((x) => x.trim());
}

const BLANK = Symbol("blank");

function lookup(path: string, scope: Scope): unknown {
  let v: unknown = scope;
  for (const key of path.split(".")) {
    if (v == null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function literal(expr: string, scope: Scope): unknown {
  const e = expr.trim();
  if (/^'[^']*'$|^"[^"]*"$/.test(e)) return e.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(e)) return Number(e);
  if (e === "true") return true;
  if (e === "false") return false;
  if (e === "nil" || e === "null") return null;
  if (e === "blank" || e === "empty") return BLANK;
  if (/^[\w.]+$/.test(e)) return lookup(e, scope);
  throw new Error(`Liquid: unsupported expression "${e}"`);
}

const isBlank = (v: unknown): boolean => v == null || v === false || v === "" || (Array.isArray(v) && v.length === 0);

function str(v: unknown): string {
  if (v == null || v === BLANK) return "";
  if (Array.isArray(v)) return v.map(str).join("");
  return String(v);
}

function translate(env: LiquidEnv, key: string, named: Record<string, unknown>): string {
  const v = lookup(key, env.translations as Scope);
  if (typeof v !== "string") return `translation missing: en.${key}`;
  return v.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => str(named[name]));
}

function evaluate(expr: string, scope: Scope, env: LiquidEnv): unknown {
  const [head, ...filters] = split(expr, "|");
  let v = literal(head, scope);
  for (const f of filters) {
    const m = /^(\w+)\s*(?::\s*([\s\S]*))?$/.exec(f);
    if (!m) throw new Error(`Liquid: bad filter "${f}"`);
    const args: unknown[] = [];
    const named: Record<string, unknown> = {};
    for (const a of m[2] ? split(m[2], ",") : []) {
      const kv = /^(\w+)\s*:\s*([\s\S]+)$/.exec(a);
      if (kv) named[kv[1]] = literal(kv[2], scope);
      else args.push(literal(a, scope));
    }
    const n = Number(str(v)) || 0;
    switch (m[1]) {
      case "t":
        v = translate(env, str(v), named);
        break;
      case "escape":
        v = escapeHtml(str(v));
        break;
      case "json":
        v = JSON.stringify(v === BLANK ? "" : (v ?? null));
        break;
      case "append":
        v = str(v) + str(args[0]);
        break;
      case "strip":
        v = str(v).trim();
        break;
      case "strip_newlines":
        v = str(v).replace(/\r?\n/g, "");
        break;
      case "times":
        v = n * Number(args[0]);
        break;
      case "plus":
        v = n + Number(args[0]);
        break;
      case "round":
        v = Math.round(n);
        break;
      case "default":
        v = isBlank(v) ? args[0] : v;
        break;
      case "asset_url":
        v = env.assetUrl(str(v));
        break;
      case "preload_tag":
        // <link rel="preload"> for the URL, with the named arguments as attributes (Shopify also sends it as a Link header)
        v = `<link href="${escapeHtml(str(v))}" rel="preload"${Object.entries(named)
          .map(([k, a]) => ` ${k}="${escapeHtml(str(a))}"`)
          .join("")}>`;
        break;
      default:
        throw new Error(`Liquid: unsupported filter "${m[1]}"`);
    }
  }
  return v;
}

function condition(cond: string, scope: Scope, env: LiquidEnv): boolean {
  if (cond.startsWith("__not__ ")) return !condition(cond.slice(8), scope, env);
  // Liquid evaluates and/or right to left without precedence
  const ors = split(cond, " or ");
  if (ors.length > 1) return ors.some((c) => condition(c, scope, env));
  const ands = split(cond, " and ");
  if (ands.length > 1) return ands.every((c) => condition(c, scope, env));
  const m = /^(.+?)\s*(==|!=|>=|<=|>|<|\scontains\s)\s*(.+)$/.exec(cond);
  if (!m) {
    const v = evaluate(cond, scope, env);
    return v !== false && v != null && v !== BLANK;
  }
  const a = evaluate(m[1], scope, env);
  const b = evaluate(m[3], scope, env);
  // contains: a substring of a string, or an element of an array
  if (m[2].trim() === "contains") return Array.isArray(a) ? a.includes(b) : typeof a === "string" && a.includes(str(b));
  const eq = a === BLANK ? isBlank(b) : b === BLANK ? isBlank(a) : a === b;
  switch (m[2]) {
    case "==":
      return eq;
    case "!=":
      return !eq;
    case ">":
      return Number(a) > Number(b);
    case "<":
      return Number(a) < Number(b);
    case ">=":
      return Number(a) >= Number(b);
    default:
      return Number(a) <= Number(b);
  }
}

function run(nodes: Node[], scope: Scope, env: LiquidEnv): string {
  let out = "";
  for (const node of nodes) {
    switch (node.k) {
      case "text":
        out += node.v;
        break;
      case "out":
        out += str(evaluate(node.expr, scope, env));
        break;
      case "assign":
        scope[node.name] = evaluate(node.expr, scope, env);
        break;
      case "capture":
        scope[node.name] = run(node.body, scope, env);
        break;
      case "if": {
        const branch = node.branches.find((b) => condition(b.cond, scope, env));
        out += run(branch ? branch.body : node.otherwise, scope, env);
        break;
      }
      case "for": {
        const m = /^\(\s*(.+?)\s*\.\.\s*(.+?)\s*\)$/.exec(node.range);
        if (!m) throw new Error(`Liquid: bad range ${node.range}`);
        const from = Number(evaluate(m[1], scope, env));
        const to = Number(evaluate(m[2], scope, env));
        for (let i = from; i <= to && i - from < 1000; i++) out += run(node.body, { ...scope, [node.name]: i }, env);
        break;
      }
      case "render": {
        // render: an isolated scope (globals and the passed arguments only), as in Shopify
        const inner: Scope = { ...env.globals };
        for (const a of node.args ? split(node.args, ",") : []) {
          const kv = /^(\w+)\s*:\s*([\s\S]+)$/.exec(a);
          if (kv) inner[kv[1]] = evaluate(kv[2], scope, env);
        }
        out += renderLiquid(env.snippet(node.name), inner, env);
        break;
      }
    }
  }
  return out;
}

/** Renders a Liquid source with `scope` (on top of the environment's globals). */
export function renderLiquid(source: string, scope: Scope, env: LiquidEnv): string {
  const nodes = parse(tokenize(source), { i: 0 }, []).nodes;
  return run(nodes, { ...env.globals, ...scope }, env);
}
