// Printed inline right after every block (the blocks' generated region "pairwise:boot"), as a
// data block (`<script type="text/x-pairwise">`) that boot-stub.ts, printed after it, runs, instead
// of a schema "javascript" file, which Shopify loads as a deferred script in <head>: a deferred
// script is downloaded while the page loads and runs before its first paint, so Lighthouse counts
// its request and its evaluation into the Largest Contentful Paint. This script
// 1. decides, before a frame shows the block, whether it reserves space and in which layout,
//    from what the block printed (Liquid hides a block the app knows has nothing for this product;
//    data-facts: the app's StorefrontFacts) and the visitor id (made here on a first view):
//    a visitor in the holdout, or whose arm of a placement experiment (or the placement) shows
//    nothing, gets no box; the arm's layout (else the one the last answer asked for) replaces the
//    block's setting; a block whose last answer was empty for this product is hidden too. So an
//    empty block never leaves an invisible box above the fold, and the box reserved is the one the
//    offers fill (storage.ts);
// 2. once per page, loads the core (assets/pairwise.js) after the first frame that follows the
//    parsed document, once the page's first contentful paint is out and the images on screen then
//    still coming have come: at once when a product page's block is on screen then, else after
//    the page's load event (below). A page's largest paint is most often its first contentful one
//    or an image on screen (not always: a background image, text or a video poster that comes
//    later, or a wait that ran out), so no request or script of ours comes before it then. The
//    product blocks' offers are asked for right after the core's request, while it loads (load,
//    below); the core asks for the cart's. No block preloads the core: Lighthouse's simulation
//    puts a request of ours that ended before the largest paint on its path, whatever its
//    priority, and the core's evaluation, too short to stay in its graph, cannot take it off.
//    On a later view, whose boot finds the core's URL as an earlier view kept it (storage.ts,
//    CORE_KEY: the same version, most likely in the browser's cache), the core is loaded and the
//    offers are asked for at that first frame instead: a script from the cache takes no network
//    time, and the offers come as soon as they did when the core loaded with the page. Lighthouse
//    measures first views only (it clears the cache and the storage first); bench:pagespeed times
//    a later view's largest paint, with the widget and without it, in real time.
//    The core reports each answer through `PairwiseBoot.note` (parts.ts, Boot), which keeps that
//    memory; a page without this script (a theme loading the core itself) reserves as before.
// Each app block prints this script and its stub (a block cannot know whether another one came
// before it; the cart embed prints embed-boot.ts instead), but only one copy runs, once. While the
// page is parsed, the parser's tasks (where Lighthouse multiplies each millisecond by four;
// bench:pagespeed measures it) run only the stubs: this script runs in the next frame, after its
// layout and before it paints, when a block is on screen in that frame (else in a task of its own
// right after it; boot-stub.ts), and there sets up window.PairwiseBoot, reads the memory (the
// cookie, a synchronous call to the browser) and decides the blocks. Done
// while parsing, that work (2.7-4.5 ms traced for the first copy, then 1.3-1.8 ms with the memory
// read in the animation callback, 0.6-0.7 ms with no element used) came before the page's own
// later scripts, in the task that ran them.
import { GLOBAL, type Boot } from "./parts";
import type { StorefrontFacts } from "./types";
import { afterImages, afterPaint, insertCore, keepMemory, onScreen } from "./loader";
import { offersUrl, productQuery, TIMEOUT_MS } from "./request";
import {
  blockKey,
  coreKept,
  decide,
  hasMemory,
  knownEmpty,
  knownLayout,
  noteAnswer,
  visitorId,
  type KV,
} from "./storage";

/** what comes right after a block and carries the core's URL (data-src): the block's boot, the embed's <style> */
type Next = HTMLElement | null;
type W = Window & {
  PairwiseBoot?: Boot & { b(s: Next): void };
  /** 0 until the boot is set up (boot-stub.ts); then hands it what follows a block: its boot script, the embed's <style> */
  PairwiseBootQ?: 0 | ((s: Next) => void);
} & Record<string, unknown>;
const w = window as unknown as W;
const d = document;

// Run by the first block's stub (boot-stub.ts) in the next frame before it paints (or right after
// that frame when no block is on screen in it), or when the core reads PairwiseBoot sooner, as a
// script inserted into <head>.
if (!w.PairwiseBootQ) {
  const boot = start();
  Object.defineProperty(w, "PairwiseBoot", { value: boot, configurable: true });
  w.PairwiseBootQ = boot.b;
  // each block's boot (and the cart embed's loader, a <style>) comes right after its block; a block
  // the core has set up already (the embed, when a theme's quick-add dialog brings a block after the
  // embed's loader added the core) is left to the core
  d.querySelectorAll<HTMLElement>("[data-pairwise-block]:not([data-pw-ready])+[data-src]").forEach(boot.b);
  void boot.vid; // decides them now, before a frame shows them
}

function start(): NonNullable<W["PairwiseBoot"]> {
  // localStorage (null when disabled: every block reserves its space, as before). Before the first
  // paint, only in a browser that keeps Pairwise's memory (its cookie): a first view has nothing
  // there to read, and does not open it then; it keeps the visitor id made here, and sets the
  // cookie, when the core is asked for (load).
  let ls: KV | null = null;
  let vid = "";
  // the blocks found by the setup, decided together right after it; a block handed over later is
  // decided at once
  const pending: (() => void)[] = [];
  let read = false;
  const decideAll = () => {
    if (!read) {
      read = true;
      try {
        if (hasMemory(d.cookie)) ls = localStorage;
      } catch {
        /* no memory */
      }
      vid = visitorId(ls, () =>
        crypto.randomUUID ? crypto.randomUUID() : crypto.getRandomValues(new Uint32Array(4)).join("-"),
      );
    }
    // each block on its own, as when each decided in its own script: one that throws stays as printed
    for (const f of pending.splice(0))
      try {
        f();
      } catch {
        /* the block's own settings */
      }
  };
  // The core loads after the first frame that follows the parsed document: if a product page's
  // block is on screen then (read in that frame's animation callback, where the frame lays the
  // page out anyway), at once; otherwise (the cart page, whose largest paint is a cart line's
  // image, and the drawer's embed, off screen) after the page's load event. Then it waits for the
  // first contentful paint to be out (its entry comes when the frame is presented, after the tasks
  // that follow the animation callback; a page can load before it paints), then for the images on
  // screen still coming (the product's image, often the largest paint; lazy ones start late).
  // Each wait at most SETTLE_MS: the page's own images and scripts (what its largest paint waits
  // for) have the network and the CPU to themselves. A core an earlier view asked for (in the
  // cache) is loaded at that first frame.
  let src: string | null = null; // "" once the core is in
  const blocks: HTMLElement[] = [];
  const shown: HTMLElement[] = [];
  const sent: Record<string, Promise<Response>> = {};
  // for each block decided: whether another visitor id decides it the same way
  const same: ((id: string) => boolean)[] = [];
  const load = () => {
    if (!src) return;
    decideAll();
    const s = keepMemory(src);
    // An id kept without the cookie (from before it, or after it expired) is the visitor's. It is
    // the one this view asks with when it decides this view's boxes as the id made here did;
    // otherwise this view keeps the made id, so that the arms it shows are the arms it reports,
    // and the next one (the cookie now set) reads the kept id before a frame shows its blocks.
    if (!ls && (ls = s)) {
      const kept = visitorId(s, () => vid);
      if (same.every((f) => f(kept))) vid = kept;
    }
    insertCore(src);
    src = "";
    // The product blocks' offers are asked for now, right after the core, not by the core once it
    // has loaded and set the blocks up: the answer no longer waits for the core's request and its
    // evaluation (README, "The offers asked for with the core"). The core takes these requests by
    // their URLs, built from the same query (a core already on the page has sent its own). Its own
    // request has the same timeout; a browser without AbortSignal.timeout (before 2022) leaves the
    // asking to it. In a task of its own (building and sending the request took 3-4 ms), before
    // the page's tasks where the browser has a scheduler: at a normal priority it came after them.
    const ask = () => {
      for (const el of blocks) {
        const q = productQuery(el);
        const url = !w[GLOBAL] && q && offersUrl(el.dataset.proxy, q, vid);
        if (url && !sent[url])
          try {
            // caught here too: unseen (the core did not load), a failure is not an error of the page
            (sent[url] = fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })).catch(() => 0);
          } catch {
            /* the core asks */
          }
      }
    };
    const sch = w.scheduler as { postTask?: (f: () => void, o: { priority: string }) => unknown } | undefined;
    if (sch?.postTask) sch.postTask(ask, { priority: "user-blocking" });
    else setTimeout(ask);
  };
  // once the first contentful paint is out, then the images on screen
  const settle = () => afterPaint(() => afterImages(load, () => !src));
  const boot: NonNullable<W["PairwiseBoot"]> = {
    // read by the core when it starts (after the first paint, or earlier when a theme loads it itself)
    get vid() {
      decideAll();
      return vid;
    },
    note: (ds, vid, holdout, empty, layout) => noteAnswer(ls, vid, blockKey(ds), holdout, empty, layout),
    sent,
    b: (s) => {
      const el = s?.previousElementSibling as HTMLElement | null;
      const ds = el?.dataset;
      if (ds?.pairwiseBlock !== undefined) {
        let facts: StorefrontFacts | null = null;
        try {
          facts = JSON.parse(ds.facts || "null") as StorefrontFacts | null;
        } catch {
          /* no facts: the block's own settings */
        }
        const decideFor = (id: string) => decide(facts, ds.shop || "", id, ds.context || "");
        blocks.push(el!);
        pending.push(() => {
          const layout = decideFor(vid);
          same.push((id) => decideFor(id) === layout);
          const key = blockKey(ds);
          if (layout === null || knownEmpty(ls, key)) el!.hidden = true;
          else shown.push(el!);
          const to = layout || knownLayout(ls, key);
          const cl = el!.classList;
          // only a block with a layout (grid | list) changes it; the skeleton's rows fit both
          if (to && (cl.contains("pw--grid") || cl.contains("pw--list"))) {
            cl.remove("pw--grid", "pw--list");
            cl.add("pw--" + to);
          }
        });
        // at once after the setup, or when the core is already on the page (a theme that loads it
        // itself): it reads whether a block is hidden when it sets the block up
        if (read || w[GLOBAL]) decideAll();
      }
      // the core is in (a theme's quick-add dialog, a section rendered again): it sets the new block up
      if (src === "") return insertCore(src);
      if (!s || src !== null) return;
      src = s.dataset.src!;
      const go = () =>
        requestAnimationFrame(() => {
          decideAll(); // (already done: its callback came first)
          // the core in the browser's cache (asked for by an earlier view): at once
          if (coreKept(ls, src!)) load();
          else if (d.readyState === "complete" || shown.some((el) => el.dataset.context === "product" && onScreen(el)))
            settle();
          else addEventListener("load", settle);
        });
      if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", go);
      else go();
    },
  };
  return boot;
}
